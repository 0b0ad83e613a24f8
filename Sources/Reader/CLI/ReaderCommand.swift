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
        discussion: """
            With no PATH, reader opens the articles bundled with it (seeds/). PATH is a folder \
            (searched for .txt, .md and .html files, recursively) or files.
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
    func loadCatalog() throws -> Catalog {
        let builder = Catalog.Builder()
        let (corpus, analyses) = try load(analyze: builder.analyze)
        return builder.build(corpus, analyses)
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
