import ArgumentParser
import Foundation
import Library
import ReaderUI

struct Open: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the reader (the default command).",
        discussion: """
            Keys: ? shows them all. The terminal must support cursor addressing; otherwise use 'reader list'. \
            Settings (keys, colours, width, sort, mouse) are read from $XDG_CONFIG_HOME/reader/config.toml \
            (~/.config/reader/config.toml); 'reader --print-config' prints the defaults.
            """
    )

    @OptionGroup var corpusOptions: CorpusOptions

    // Unconditional: `--width -3` is the value -3 (refused as not positive), not a missing value.
    @Option(parsing: .unconditional, help: ArgumentHelp("Widest text column in cells, 10 to 1000 (default: 80, or the settings file's width).",
                                                        valueName: "N"))
    var width: Int?

    @Flag(help: "Show two pages side by side when the window is wide enough (S toggles).")
    var spread = false

    @Flag(help: "Draw links as their text alone, without their number ([3]).")
    var noLinkNumbers = false

    @Option(help: ArgumentHelp("Bookmarks file (default: $READER_BOOKMARKS, else $XDG_DATA_HOME/reader/bookmarks.json).", valueName: "FILE"))
    var bookmarks: String?

    @Flag(help: "Print the default settings file (config.toml) and exit.")
    var printConfig = false

    func validate() throws {
        guard let width else { return }
        guard width > 0 else { throw ValidationError("--width \(width): the width must be a positive number of cells (10 to 1000)") }
        guard (10...1000).contains(width) else { throw ValidationError("--width \(width): the width must be from 10 to 1000 cells") }
    }

    func run() throws {
        if printConfig {
            CLI.output(SettingsFile.defaults())
            return
        }
        try CLI.run {
            try corpusOptions.checkNotMisspeltCommand()
            let environment = ProcessInfo.processInfo.environment
            let (user, problems) = SettingsFile.load(environment: environment)
            let settings = AppState.Settings(measure: width ?? user.width, spread: spread, keymap: user.keymap, mouse: user.mouse,
                                             numberLinks: !noLinkNumbers)
            let code = try Launch.open(corpusOptions.resolvedPaths(), settings: settings, environment: environment,
                                       bookmarks: bookmarks, startup: Startup(user, problems: problems))
            if code != 0 { throw ExitCode(code) }
        }
    }
}
