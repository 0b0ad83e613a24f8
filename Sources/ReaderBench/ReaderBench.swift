import ArgumentParser
import Foundation
import Library
import ReaderUI

/// `reader-bench`: the developer executable. Benchmarks, the synthetic corpus, and the aids the
/// tests and benchmarks run as child processes; none of it is part of `reader`.
@main
struct ReaderBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reader-bench",
        abstract: "Developer tools for reader: benchmarks, a synthetic corpus, testing aids.",
        subcommands: [Bench.self, Generate.self, FirstScreen.self, BookmarksStress.self, KeysMarkdown.self, FilterTyping.self, MarkdownLayout.self, PeopleDetect.self, PeopleLink.self, PeopleDense.self],
        defaultSubcommand: Bench.self
    )
}

/// What the benchmarks time as a whole process: `reader`'s start up to the first frame, drawn
/// into memory; with `--wait-for-indexes`, then also until the indexes are ready (and cached).
struct FirstScreen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "first-screen",
        abstract: "Start the reader on DIR up to its first screen (drawn in memory, 100×30), then exit."
    )

    @Argument(help: ArgumentHelp("Folders or files to read.", valueName: "PATH"))
    var paths: [String]

    @Flag(help: "Then wait until the people and search indexes are ready and cached.")
    var waitForIndexes = false

    func run() throws {
        try CLI.run {
            try Launch.firstScreen(paths, settings: AppState.Settings(), environment: ProcessInfo.processInfo.environment,
                                   bookmarks: nil, waitForIndexes: waitForIndexes)
        }
    }
}

/// For the crash and concurrency tests: adds COUNT bookmarks one save at a time, printing each id
/// as soon as its save returned.
struct BookmarksStress: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bookmarks-stress", abstract: "Testing aid: add COUNT bookmarks to FILE, one save each."
    )

    @Option var count: Int = 100

    @Option var label: String = "stress"

    @Option(help: ArgumentHelp("The bookmarks file.", valueName: "FILE"))
    var bookmarks: String

    func run() throws {
        try CLI.run {
            let store = BookmarkStore(path: bookmarks)
            if case .unusable(let error) = store.load() { throw CLIError(error.description) }
            let text = ArticleText(String(repeating: "A line of text for stress testing the bookmarks file.\n", count: 40))
            let ref = ArticleRef(path: "stress.txt", root: "/nonexistent/stress", hash: ArticleRef.hash(of: text))
            for i in 0..<count {
                let start = (i * 7) % (text.count - 20)
                let b = Bookmark.make(article: ref, text: text, range: start..<(start + 12),
                                      note: "\(label) \(i)\nsecond line", tags: [label])
                do {
                    try store.add(b)
                } catch {
                    throw CLIError("\(error)")
                }
                CLI.output(b.id + "\n")
            }
        }
    }
}

/// The README's key table, made from the one key table (`KeyMap.table`): paste it between the
/// README's `<!-- keys:begin -->` and `<!-- keys:end -->` markers (a test checks they agree).
struct KeysMarkdown: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys-markdown", abstract: "Print the README's key table (Markdown), from the key table."
    )

    func run() throws {
        CLI.output(KeyMap.markdown())
    }
}
