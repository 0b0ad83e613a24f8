import Foundation
import Testing
import Library
import TestSupport

/// Issue 12 in a real terminal: the settings file's keys and its problems, the list remembered
/// between runs, and the mouse (SGR 1006 reports typed into the pane as a terminal sends them:
/// a press then a release).
@Suite(.enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
struct SettingsEndToEndTests {
    static func home(config: String?) -> TempFolder {
        let home = TempFolder("reader-home")
        if let config { home.write(".config/reader/config.toml", config) }
        return home
    }

    /// A press and its release at a cell (row and column from 0).
    static func click(_ row: Int, _ column: Int) -> String { "\u{1B}[<0;\(column + 1);\(row + 1)M\u{1B}[<0;\(column + 1);\(row + 1)m" }

    /// Rebound and unbound keys, a colour, and the mouse off (left to the terminal).
    @Test func reboundKeysWorkHelpShowsThemAndTheMouseIsOff() throws {
        let t = try TmuxSession(arguments: [PackagePaths.seeds], columns: 100, rows: 40,
                                home: Self.home(config: "mouse = false\n[keys]\n\"x\" = \"quit\"\n[keys.list]\n\"J\" = \"line-down\"\n\"j\" = \"\"\n"
                                                  + "[colors]\nstatus = \"white on blue\"\n"))
        #expect(t.wait(for: "3 articles") != nil, "not started:\n\(t.lastScreen)")
        #expect(try t.tmux(["display-message", "-p", "-t", "T", "#{mouse_any_flag}"]).stdout == "0\n")
        // The status line in the colours set.
        #expect(t.captureWithAttributes().split(separator: "\n").last?.contains("37m\u{1B}[44m") == true)
        try t.send("j")
        try t.send("J")
        #expect(t.wait(for: " 2/3 ") != nil, "J did not move down (j unbound):\n\(t.lastScreen)")
        try t.send("?")
        // Polled until help is drawn whole (a capture may catch a frame half drawn).
        #expect(t.wait { $0.contains("reader — keys") && $0.contains("Q x ") } != nil, "help without x:\n\(t.lastScreen)")
        try t.send("Escape")
        #expect(t.wait(for: " 2/3 ") != nil)
        try t.send("x")
        #expect(t.wait(for: "[exit 0]") != nil, "x did not quit:\n\(t.lastScreen)")
    }

    @Test func aBadSettingsFileIsNamedWithItsLineAndDefaultsUsed() throws {
        let t = try TmuxSession(arguments: [PackagePaths.seeds], columns: 120,
                                home: Self.home(config: "width = 66\n\n[keys]\n\"x\" = \"quitt\"\n"))
        _ = try #require(t.wait(for: "config.toml: 1 problem; using the defaults (! shows it)"), "no problem shown:\n\(t.lastScreen)")
        try t.send("j")
        #expect(t.wait(for: " 2/3 ") != nil)
        try t.send("!")
        let report = try #require(t.wait(for: "line 4: x: no action named"), "not on the report:\n\(t.lastScreen)")
        #expect(report.contains("Settings file ~/.config/reader/config.toml: 1 problem"))
        try t.send("!")
        try t.send("q")
        #expect(t.wait(for: "[exit 0]") != nil)
    }

    @Test func theMouseSelectsOpensAndScrollsAndTheListIsRemembered() throws {
        let t = try TmuxSession(arguments: [PackagePaths.seeds], runs: 2)
        #expect(t.wait(for: "3 articles") != nil)
        #expect(try t.tmux(["display-message", "-p", "-t", "T", "#{mouse_any_flag} #{mouse_sgr_flag}"]).stdout == "1 1\n")
        try t.type(Self.click(3, 10))
        #expect(t.wait(for: " 3/3 ") != nil, "click did not select:\n\(t.lastScreen)")
        try t.type(Self.click(2, 10) + Self.click(2, 10))
        #expect(t.wait(for: "page 1/") != nil, "double click did not open:\n\(t.lastScreen)")
        try t.type("\u{1B}[<65;10;10M")
        // Scrolled by lines, the view may straddle two pages ("pages 1-2/7").
        #expect(t.wait { ($0.contains("page 1/") || $0.contains("pages 1-2/")) && !$0.contains(" 0%") } != nil,
                "the wheel did not scroll:\n\(t.lastScreen)")
        try t.send("q", "s", "s")       // back to the list; sorted by author
        #expect(t.wait(for: "Sorted by author") != nil)
        try t.send("C-l")   // the message gone, the status line shows the selected article
        let sorted = try #require(t.wait { $0.contains("by author") && !$0.contains("Sorted by") })
        let status = try #require(sorted.split(separator: "\n").last.map { String($0.prefix(40)) })
        #expect(status.contains("/3  "))
        try t.send("q")
        #expect(t.wait(for: "[run 1 exit 0]") != nil)
        // The next run (the same HOME): the same order, the same article selected.
        try t.next()
        let screen = try #require(t.wait { $0.contains("by author") && !$0.contains("[run 1") },
                                  "order not remembered:\n\(t.lastScreen)")
        #expect(screen.contains(status), "\(status) not selected:\n\(screen)")
    }
}
