import ArgumentParser
import Foundation
import Library
import ReaderUI

/// `reader bookmarks …`: list, add, delete, export and import bookmarks without the terminal UI.
struct Bookmarks: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List, add, export and import bookmarks.",
        discussion: """
            Bookmarks live in one JSON file: --bookmarks FILE, else $READER_BOOKMARKS, else \
            $XDG_DATA_HOME/reader/bookmarks.json (~/.local/share/reader/bookmarks.json). \
            Offsets count Unicode scalars (code points) of the article's text. \
            Exit status: 0 done, 1 failed (the message names the file and the problem), 2 bad usage.
            """,
        subcommands: [BookmarksList.self, BookmarksAdd.self, BookmarksDelete.self, BookmarksExport.self,
                      BookmarksImport.self],
        defaultSubcommand: BookmarksList.self
    )
}

struct BookmarkFileOptions: ParsableArguments {
    @Option(name: .customLong("bookmarks"), help: ArgumentHelp("The bookmarks file to use.", valueName: "FILE"))
    var file: String?

    /// The store, loaded. A file that cannot be used stops a command that changes it (exit 1);
    /// one that only reads gets what could be read, with a warning.
    func open(forChanging: Bool) throws -> BookmarkStore {
        guard let path = BookmarkStore.path(option: file, environment: ProcessInfo.processInfo.environment) else {
            throw CLIError("no bookmarks file: HOME is not set; use --bookmarks FILE or READER_BOOKMARKS", code: 2)
        }
        let store = BookmarkStore(path: path)
        if case .unusable(let error) = store.load() {
            if forChanging { throw CLIError(error.description) }
            if store.bookmarks.isEmpty { throw CLIError(error.description) }
            CLI.warn(error.description)
        }
        for warning in store.warnings { CLI.warn("\(path): \(warning)") }
        return store
    }
}

struct BookmarksList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Print the bookmarks: id, changed, article, start-end, tags, quote, note (tab-separated).",
        discussion: "Notes and quotes are shown on one line; line breaks appear as ^J."
    )

    @OptionGroup var options: BookmarkFileOptions

    @Flag(help: "Print JSON: {\"bookmarks\":[…]} with the fields of the bookmarks file (plus \"anchor\" with --resolve).")
    var json = false

    @Flag(help: "Find each bookmark in its article file as it is now: exact, moved, fuzzy, detached or missing.")
    var resolve = false

    func run() throws {
        try CLI.run {
            let store = try options.open(forChanging: false)
            var anchors: [String: (status: String, range: Range<Int>?)] = [:]
            if resolve {
                var texts: [String: ArticleText?] = [:]
                for b in store.bookmarks {
                    let path = b.article.absolutePath
                    if texts[path] == nil { texts[path] = try? ArticleFile.text(path) }
                    if let text = texts[path] ?? nil {
                        let anchor = b.resolve(in: text)
                        anchors[b.id] = (anchor.status, anchor.range)
                    } else {
                        anchors[b.id] = ("missing", nil)
                    }
                }
            }
            if json {
                let items = store.bookmarks.map { b -> JSONValue in
                    guard let anchor = anchors[b.id], case .object(var fields) = b.json() else { return b.json() }
                    var a: [(String, JSONValue)] = [("status", .string(anchor.status))]
                    if let r = anchor.range { a += [("start", .int(r.lowerBound)), ("end", .int(r.upperBound))] }
                    fields.append(("anchor", .object(a)))
                    return .object(fields)
                }
                CLI.output(JSONValue.object([("bookmarks", .array(items))]).serialized(pretty: false) + "\n")
                return
            }
            var out = ""
            for b in store.bookmarks {
                var fields = [b.id, b.changed.shortDisplay, b.article.path, "\(b.range.lowerBound)-\(b.range.upperBound)"]
                if let anchor = anchors[b.id] {
                    fields.append(anchor.status + (anchor.range.map { " \($0.lowerBound)-\($0.upperBound)" } ?? ""))
                }
                fields += [b.tags.joined(separator: ","), b.quote.exact, b.note]
                out += fields.map { Sanitizer.clean($0).replacingTabs }.joined(separator: "\t") + "\n"
            }
            CLI.output(out)
        }
    }
}

struct BookmarksAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Bookmark a place in an article file; prints the new bookmark's id.",
        discussion: """
            Without --length the bookmark covers the rest of the sentence or line at OFFSET \
            (at most 80 characters). The quote is taken from the text.
            """
    )

    @Argument(help: ArgumentHelp("The article file.", valueName: "PATH"))
    var path: String

    @Option(name: .customLong("at"), parsing: .unconditional, help: ArgumentHelp("Where the place starts, in characters (Unicode scalars) from the start of the text.", valueName: "OFFSET"))
    var offset: Int

    @Option(help: ArgumentHelp("How many characters the place spans.", valueName: "N"))
    var length: Int?

    @Option(help: ArgumentHelp("The note (line breaks allowed).", valueName: "TEXT"))
    var note: String

    @Option(name: .customLong("tag"), help: ArgumentHelp("A tag (repeat for several).", valueName: "T"))
    var tags: [String] = []

    @Option(help: ArgumentHelp("The corpus folder the article belongs to (default: the file's folder).", valueName: "DIR"))
    var root: String?

    @OptionGroup var options: BookmarkFileOptions

    static let maxLength = 10_000

    func run() throws {
        try CLI.run {
            let article = try ArticleFile.read(path, root: root)
            let text = article.text
            guard offset >= 0 else { throw CLIError("\(path): --at \(offset): the offset must be 0 or more", code: 2) }
            guard offset <= text.count else {
                throw CLIError("\(path): --at \(offset) is past the end of the text (\(counted(text.count, "character")))", code: 2)
            }
            if let length {
                guard length >= 0, length <= text.count - offset else {
                    throw CLIError("\(path): --at \(offset) --length \(length) runs past the end of the text (\(counted(text.count, "character")))", code: 2)
                }
                guard length <= Self.maxLength else { throw CLIError("--length must be at most \(Self.maxLength)", code: 2) }
            }
            let range = length.map { offset..<(offset + $0) } ?? Bookmark.defaultRange(in: text, at: offset)
            let store = try options.open(forChanging: true)
            let bookmark = Bookmark.make(article: article.ref, text: text, range: range, note: note, tags: tags)
            try saving { () throws(StorageError) in try store.add(bookmark) }
            CLI.output(bookmark.id + "\n")
        }
    }
}

struct BookmarksDelete: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a bookmark by its id (or a unique beginning of it)."
    )

    @Argument(help: ArgumentHelp("The bookmark's id, as 'list' prints it.", valueName: "ID"))
    var id: String

    @OptionGroup var options: BookmarkFileOptions

    func run() throws {
        try CLI.run {
            let store = try options.open(forChanging: true)
            let found = store.bookmarks.filter { $0.id == id || (id.count >= 4 && $0.id.hasPrefix(id)) }
            guard found.count == 1 else {
                throw CLIError("\(store.path): " + (found.isEmpty ? "no bookmark with id \(id)" : "\(found.count) bookmarks start with \(id); give more of the id"))
            }
            try saving { () throws(StorageError) in try store.delete(id: found[0].id) }
        }
    }
}

struct BookmarksExport: ParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case markdown, json, w3c
    }

    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write all bookmarks to standard output.",
        discussion: """
            markdown: readable notes grouped by article. json: the bookmarks file format. \
            w3c: a W3C Web Annotation collection (JSON-LD) that other annotation tools read.
            """
    )

    @Option(help: "markdown, json or w3c.")
    var format: Format

    @OptionGroup var options: BookmarkFileOptions

    func run() throws {
        try CLI.run {
            let bookmarks = try options.open(forChanging: false).bookmarks
            switch format {
            case .markdown: CLI.output(BookmarkExchange.markdown(bookmarks))
            case .json: CLI.output(BookmarkExchange.json(bookmarks))
            case .w3c: CLI.output(BookmarkExchange.w3c(bookmarks))
            }
        }
    }
}

struct BookmarksImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Merge bookmarks from a file: reader's JSON or W3C Web Annotation JSON-LD.",
        discussion: "Bookmarks already present (the same id, or the same article, place and note) are not added twice."
    )

    @Argument(help: ArgumentHelp("The file to import.", valueName: "FILE"))
    var input: String

    @OptionGroup var options: BookmarkFileOptions

    func run() throws {
        try CLI.run {
            let bytes: [UInt8]
            do {
                guard let read = try AtomicFile.read(input) else { throw CLIError("\(input): no such file") }
                bytes = read
            } catch let error as StorageError {
                throw CLIError(error.description)
            }
            let parsed: (bookmarks: [Bookmark], warnings: [String])
            do {
                parsed = try BookmarkExchange.parse(bytes)
            } catch let error as BookmarkExchange.ImportError {
                throw CLIError("\(input): \(error.reason)")
            }
            for warning in parsed.warnings { CLI.warn("\(input): \(warning)") }
            let store = try options.open(forChanging: true)
            let result = try saving { () throws(StorageError) in try store.importBookmarks(parsed.bookmarks) }
            var summary = "imported \(result.added), updated \(result.updated), \(result.duplicates) already present"
            if result.deletedHere > 0 { summary += ", \(result.deletedHere) not restored (deleted here later)" }
            CLI.warn("\(input): " + summary)
        }
    }
}

/// Runs a store call, turning its error into a one-line failure (exit 1).
func saving<T>(_ body: () throws(StorageError) -> T) throws -> T {
    do {
        return try body()
    } catch {
        throw CLIError(error.description)
    }
}

/// An article file read for bookmarking: its text, and how bookmarks name it.
struct ArticleFile {
    var text: ArticleText
    var ref: ArticleRef

    /// The text of an article file, refusing what is not one (as loading a corpus does).
    static func text(_ path: String) throws -> ArticleText {
        switch FileScanner.read(RawPath(path), followLinks: true, maxBytes: LoadOptions().maxFileBytes) {
        case .failed(let problem):
            throw CLIError("\(path): \(problem)")
        case .bytes(let bytes, _):
            if let problem = Corpus.refusal(bytes) { throw CLIError("\(path): \(problem)") }
            return ArticleText(utf8: bytes)
        }
    }

    static func read(_ path: String, root: String? = nil) throws -> ArticleFile {
        let text = try text(path)
        // The folder's links are resolved (as for a corpus root), the file's name is kept.
        let name = RawPath(bytes: RawPath(path).lastComponent).display
        let given = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        let parent = ArticleRef.absolute(given.isEmpty ? "/" : given)
        let absolute = (parent == "/" ? "" : parent) + "/" + name
        let folder: String
        if let root {
            folder = ArticleRef.absolute(root)
            guard absolute.hasPrefix(folder == "/" ? "/" : folder + "/") else {
                throw CLIError("\(path): not inside --root \(root)", code: 2)
            }
        } else {
            let slash = absolute.lastIndex(of: "/")!
            folder = slash == absolute.startIndex ? "/" : String(absolute[..<slash])
        }
        let relative = String(absolute.dropFirst(folder == "/" ? 1 : folder.count + 1))
        let format = Article.Format(RawPath(path))
        let title = Metadata.extract(from: text, format: format, fileName: RawPath(bytes: RawPath(path).lastComponent).display).title
        return ArticleFile(text: text, ref: ArticleRef(path: relative, root: folder, hash: ArticleRef.hash(of: text), title: title))
    }
}
