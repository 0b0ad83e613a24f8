import ArgumentParser
import Foundation
import Library
import ReaderUI

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

    @Flag(help: "Draw links as their text alone, without their number ([3]).")
    var noLinkNumbers = false

    @Option(help: ArgumentHelp("Bookmarks file (default: $READER_BOOKMARKS, else $XDG_DATA_HOME/reader/bookmarks.json).", valueName: "FILE"))
    var bookmarks: String?

    func validate() throws {
        guard (10...1000).contains(width) else { throw ValidationError("--width must be between 10 and 1000") }
    }

    func run() throws {
        try CLI.run {
            let environment = ProcessInfo.processInfo.environment
            let code = try Launch.open(corpusOptions.resolvedPaths(), settings: AppState.Settings(measure: width, spread: spread, numberLinks: !noLinkNumbers),
                                       environment: environment, bookmarks: bookmarks)
            if code != 0 { throw ExitCode(code) }
        }
    }
}
