import ArgumentParser
import Foundation
import Library

struct Open: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the reader (the default command).",
        discussion: "Keys: ? shows them all. The terminal must support cursor addressing; otherwise use 'reader list'."
    )

    @OptionGroup var corpusOptions: CorpusOptions

    @Option(help: "Widest text column in cells (default 80).")
    var width: Int = 80

    @Flag(help: "Show two pages side by side when the window is wide enough (S toggles).")
    var spread = false

    @Option(help: ArgumentHelp("Bookmarks file (default: $READER_BOOKMARKS, else $XDG_DATA_HOME/reader/bookmarks.json).", valueName: "FILE"))
    var bookmarks: String?

    @Flag(help: .hidden)
    var benchmarkFirstScreen = false

    @Flag(help: .hidden)
    var benchmarkIndex = false

    func validate() throws {
        guard (10...1000).contains(width) else { throw ValidationError("--width must be between 10 and 1000") }
    }

    func run() throws {
        try CLI.run {
            let environment = ProcessInfo.processInfo.environment
            let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
            let settings = AppState.Settings(measure: width, spread: spread)
            if benchmarkFirstScreen || benchmarkIndex {
                // For `reader bench`: everything up to the first frame, drawn into memory; with
                // --benchmark-index, then also until the indexes are ready (and cached).
                let loader = try corpusOptions.startLoading(environment: environment)
                _ = Runner.run(loader: loader, terminal: ScriptedTerminal(size: Size(rows: 30, columns: 100)), settings: settings,
                               environment: environment, bookmarksOption: bookmarks, firstScreenOnly: true)
                if benchmarkIndex { _ = loader.wait() }
                return
            }
            do {
                // Check the terminal before loading anything: a clear error, exit 2, terminal untouched.
                try CursesTerminal.checkUsable()
                let loader = try corpusOptions.startLoading(environment: environment)
                let terminal = try CursesTerminal(noColor: noColor)
                let code = Runner.run(loader: loader, terminal: terminal, settings: settings, environment: environment,
                                      bookmarksOption: bookmarks)
                if code != 0 { throw ExitCode(code) }
            } catch let failure as CursesTerminal.Failure {
                throw CLIError(failure.description, code: 2)
            }
        }
    }
}
