import ArgumentParser
import Foundation
import Library
import ReaderUI

@main
struct ReaderCommand: ParsableCommand {
    static let version = "0.1.0"

    /// Like `ParsableCommand.main()`, but usage errors exit with 2 (as grep and most Unix tools
    /// do) rather than 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }

    static let configuration = CommandConfiguration(
        commandName: "reader",
        abstract: "Read a folder of articles in the terminal.",
        usage: """
            reader [PATH …] [--width N] [--spread] [--no-link-numbers] [--bookmarks FILE]
            reader <subcommand> [options]
            reader --print-config
            """,
        discussion: """
            With no PATH, reader opens the articles bundled with it (seeds/). PATH is a folder \
            (searched recursively for .txt, .md, .markdown, .html and .htm files) or files.

            Options when reading (the default command, 'open'):
              --width N         the widest text column in cells, 10 to 1000
                                (default: 80, or the settings file's width)
              --spread          two pages side by side in a wide window (S toggles)
              --no-link-numbers links drawn as their text alone, without [3]
              --bookmarks FILE  the bookmarks file (default: $READER_BOOKMARKS,
                                else $XDG_DATA_HOME/reader/bookmarks.json)
              --print-config    print the default settings file and exit

            Settings: $XDG_CONFIG_HOME/reader/config.toml (~/.config/reader/config.toml).
            """,
        version: version,
        subcommands: [Open.self, List.self, Search.self, People.self, Bookmarks.self, Text.self],
        defaultSubcommand: Open.self
    )
}

/// Options every subcommand that loads articles shares.
struct CorpusOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Folders or files to read (default: the bundled seeds/).", valueName: "PATH"))
    var paths: [String] = []

    /// The paths to load: those given, or the bundled seeds.
    func resolvedPaths() throws -> [String] {
        if !paths.isEmpty { return paths }
        guard let seeds = BundledSeeds.find() else {
            throw CLIError("no PATH given and the bundled seeds/ folder was not found; name a folder of articles")
        }
        return [seeds]
    }

    /// A first PATH that does not exist but is a subcommand misspelt (`reader lst`): a usage
    /// error naming the subcommand meant.
    func checkNotMisspeltCommand() throws {
        guard let first = paths.first, !FileManager.default.fileExists(atPath: first),
              let meant = Self.closest(first, among: ReaderCommand.configuration.subcommands.map { $0._commandName }) else { return }
        throw CLIError("\(first): no such file or folder (did you mean 'reader \(meant)'?)", code: 2)
    }

    /// The name within two edits of `word` (one for short words), the nearest first.
    static func closest(_ word: String, among names: [String]) -> String? {
        let w = Array(word.lowercased())
        func distance(_ b: [Character]) -> Int {
            var previous = Array(0...b.count)
            for (i, x) in w.enumerated() {
                var current = [i + 1] + Array(repeating: 0, count: b.count)
                for (j, y) in b.enumerated() {
                    current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
                }
                previous = current
            }
            return previous[b.count]
        }
        let scored = names.map { ($0, distance(Array($0))) }.filter { $0.1 > 0 && $0.1 <= (w.count <= 4 ? 1 : 2) }
        return scored.min { $0.1 < $1.1 }?.0
    }

    /// Loads the corpus; reports skipped files on standard error; fails when nothing loaded.
    func load() throws -> Corpus {
        try Launch.scanListing(resolvedPaths(), environment: ProcessInfo.processInfo.environment)
    }

    /// A corpus that loaded nothing is an error (its issues printed first).
    static func checked(_ corpus: Corpus, roots: [String]) throws -> Corpus {
        try Launch.checked(corpus, roots: roots)
    }

    /// Starts loading the way the reader does: the article list now, the indexes in the background.
    func startLoading(environment: [String: String]) throws -> CatalogLoader {
        try Launch.startLoading(resolvedPaths(), environment: environment)
    }

    /// Loads the corpus and everything known about it (people, the search index).
    /// Reads the indexes from the reader's cache when no file changed, and otherwise builds
    /// them and caches them for next time, as the reader does.
    func loadCatalog() throws -> Catalog {
        let catalog = try startLoading(environment: ProcessInfo.processInfo.environment).wait()
        // The list checked at the start may be the cache's: the folders as walked must have articles too.
        return Catalog(corpus: try Self.checked(catalog.corpus, roots: resolvedPaths()), people: catalog.people, search: catalog.search)
    }

    /// The same, running `analyze` on each article's text in the loading threads.
    func load<T: Sendable>(keepTexts: Bool = false,
                           analyze: @escaping @Sendable (Article, ArticleText) -> T) throws -> (corpus: Corpus, results: [T]) {
        let roots = try resolvedPaths()
        var options = LoadOptions()
        options.keepTexts = keepTexts
        let (corpus, results) = Corpus.load(roots, options: options, analyze: analyze)
        return (try Self.checked(corpus, roots: roots), results)
    }
}

/// Finds the `seeds/` folder bundled with reader: up from the current folder (anywhere in the
/// checkout), then up from the executable (`.build/debug/reader`).
enum BundledSeeds {
    static func find() -> String? {
        let fm = FileManager.default
        func search(from start: URL) -> URL? {
            var dir = start.standardizedFileURL
            for _ in 0..<12 {
                let seeds = dir.appendingPathComponent("seeds")
                var isDir: ObjCBool = false
                if fm.fileExists(atPath: dir.appendingPathComponent("Package.swift").path),
                   fm.fileExists(atPath: seeds.path, isDirectory: &isDir), isDir.boolValue {
                    return seeds
                }
                let parent = dir.deletingLastPathComponent()
                if parent.path == dir.path { break }
                dir = parent
            }
            return nil
        }
        let cwd = URL(fileURLWithPath: fm.currentDirectoryPath)
        let executable = URL(fileURLWithPath: (try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        guard let found = search(from: cwd) ?? search(from: executable.deletingLastPathComponent()) else { return nil }
        // Name it relative to the current folder when it is inside it.
        let base = cwd.standardizedFileURL.path
        let full = found.standardizedFileURL.path
        if full.hasPrefix(base + "/") { return String(full.dropFirst(base.count + 1)) }
        return full
    }
}
