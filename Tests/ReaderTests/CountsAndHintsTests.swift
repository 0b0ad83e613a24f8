import Foundation
import Testing
import TestSupport
import ReaderTestSupport
import Library
@testable import ReaderUI

/// Defects a review found (the "polish2" pass): counts in the wrong number, settings problems
/// that could not be read whole, texts naming fixed keys although keys can be rebound.
struct CountsAndHintsTests {
    // MARK: Counts

    /// The list said "1 words" for a one-word article.
    @Test func aOneWordArticleIsOneWord() throws {
        let catalog = Catalog(documents: [("one.txt", "Hello\n"), ("two.txt", "Harbour\n\nThe quay is mended.\n")])
        let one = try #require(catalog.corpus.articles.firstIndex { $0.path.hasSuffix("one.txt") })
        try #require(catalog.corpus.articles[one].words == 1)
        var s = AppState(catalog: catalog, size: Size(rows: 10, columns: 100))
        let screen = s.screenText
        #expect(!screen.contains("1 words"), "\(screen)")
        #expect(screen.contains(" 1 word\n") || screen.hasSuffix(" 1 word"), "\(screen)")
        s.press("j")
        #expect(s.screenText.contains(" 1 word"))
    }

    /// Every "N things" is in the number it is (the list header, the word lengths, the find
    /// count, skipped files, the people being found).
    @Test func countsAreInTheirNumber() {
        #expect(counted(0, "word") == "0 words")
        #expect(counted(1, "word") == "1 word")
        #expect(counted(2000, "word") == "2,000 words")
        #expect(counted(1, "match", "matches") == "1 match")
        #expect(counted(3, "match", "matches") == "3 matches")
        #expect(formatCount(0, "bookmark", "bookmarks") == "none")
        let s = AppState(catalog: Catalog(documents: [("one.txt", "Hello\n")]), size: Size(rows: 10, columns: 100))
        #expect(s.row(0).contains("reader  1 article") && !s.row(0).contains("1 articles"), "\(s.row(0))")
    }
}

extension CountsAndHintsTests {
    // MARK: Settings-file problems

    static let badSettings = """
        width = 3
        sort = "colour"
        mouse = "yes"
        [keys]
        "x" = "quitt"
        """

    /// Only the first problem of a settings file was shown, on the status line, cut at 100
    /// columns before "; using the defaults", and gone at the next key. Now the status line
    /// counts them, whole, and says where they are; the loading report (`!`) lists every one.
    @Test func everySettingsProblemCanBeRead() throws {
        var problems: [SettingsFile.Problem] = []
        do { _ = try SettingsFile.parse(Self.badSettings, path: "~/.config/reader/config.toml") } catch { problems = error.all }
        #expect(problems.map(\.line) == [1, 2, 3, 5])
        var s = AppState(catalog: Catalog(documents: [("a.txt", "Harbour\n\nThe quay is mended.\n")]), size: Size(rows: 30, columns: 100))
        _ = Startup(UserSettings(), problems: problems).begin(&s, environment: [:])
        let status = s.row(29)
        #expect(status.contains("config.toml: 4 problems; using the defaults (! lists them)"), "\(status)")
        s.press("!")
        let report = s.screenText
        #expect(report.contains("Settings file ~/.config/reader/config.toml: 4 problems, so the defaults are used"), "\(report)")
        for (line, words) in [(1, "width must be"), (2, "sort must be one of"), (3, "mouse must be true or false"), (5, "x: no action named \"quitt\"")] {
            #expect(report.contains("line \(line): \(words)"), "line \(line):\n\(report)")
        }
        // With `!` rebound, the status line names the key that shows them.
        var keymap = Keymap.standard
        keymap.unbind(.char("!"), in: nil)
        try keymap.bind(.char("E"), to: "skipped-files", in: nil)
        var rebound = AppState(catalog: Catalog(documents: [("a.txt", "Harbour\n")]), size: Size(rows: 30, columns: 100),
                               settings: AppState.Settings(keymap: keymap))
        _ = Startup(UserSettings(), problems: Array(problems.prefix(1))).begin(&rebound, environment: [:])
        #expect(rebound.row(29).contains("config.toml: 1 problem; using the defaults (E shows it)"), "\(rebound.row(29))")
    }
}

extension CountsAndHintsTests {
    // MARK: The README

    /// The README said of `N` that "the marks are not saved yet", long after they were
    /// (ReviewFixTests.readMarksSetByHandSurviveARestart): it says they are kept now.
    @Test func theReadmeSaysTheReadMarksAreSaved() throws {
        let readme = try String(contentsOfFile: PackagePaths.root + "/README.md", encoding: .utf8)
        let paragraph = try #require(readme.components(separatedBy: "\n\n").first { $0.contains("`N` marks one read or unread") })
        #expect(!paragraph.contains("not saved"), "\(paragraph)")
        #expect(paragraph.contains("saved") && paragraph.contains("positions file"), "\(paragraph)")
    }
}

extension CountsAndHintsTests {
    // MARK: Texts naming keys

    static let linked = Catalog(documents: [
        ("a.md", "# Harbour\n\nSee [the log](https://example.com/log) and the quay.\n"),
        ("b.txt", "Gulls return\n\nThe gulls came back.\n"),
    ])

    /// The list's "(Esc: all)", the sort message's "(s: …)", the links' "L lists them" and the
    /// note editor's hints named the standard keys even when config.toml had rebound them.
    @Test func textsNameTheKeysAsBound() throws {
        var keymap = Keymap.standard
        keymap.unbind(.escape, in: .list)
        try keymap.bind(.ctrl("x"), to: "clear-filter", in: .list)
        keymap.unbind(.char("s"), in: .list)
        try keymap.bind(.char("o"), to: "sort", in: .list)
        keymap.unbind(.char("L"), in: nil)
        try keymap.bind(.char("U"), to: "links", in: nil)
        keymap.unbind(.enter, in: .note)
        try keymap.bind(.ctrl("s"), to: "accept", in: .note)
        keymap.unbind(.escape, in: .note)
        keymap.unbind(.ctrl("g"), in: .note)
        try keymap.bind(.ctrl("q"), to: "cancel", in: .note)
        let size = Size(rows: 20, columns: 100)
        for (rebound, settings) in [(false, AppState.Settings()), (true, AppState.Settings(keymap: keymap))] {
            var s = AppState(catalog: Self.linked, size: size, settings: settings)
            s.press("/")
            s.press(typing("gulls"))
            s.press(.enter)
            #expect(s.row(0).contains(rebound ? "(Ctrl-X: all)" : "(Esc: all)"), "\(s.row(0))")
            s.press(rebound ? .ctrl("x") : .escape)
            s.press(rebound ? "o" : "s")
            #expect(s.message?.text.hasSuffix(rebound ? "(o: by author)" : "(s: by author)") == true, "\(s.message?.text ?? "")")
            s = AppState(catalog: Self.linked, size: size, settings: settings)
            s.press(.enter, "9", rebound ? "U" : "L")
            #expect(s.message?.text == "There is no link 9 (links 1-1; \(rebound ? "U" : "L") lists them)", "\(s.message?.text ?? "")")
            s.press("m")
            #expect(s.noteEditing != nil)
            #expect(s.screenText.contains(rebound ? "Ctrl-S save  Ctrl-J new line  Ctrl-Q cancel" : "Enter save  Ctrl-J new line  Esc cancel"),
                    "\(s.screenText)")
            s.press(typing("a note"))
            s.press(rebound ? .ctrl("q") : .escape)
            #expect(s.screenText.contains(rebound ? "Changed: Ctrl-Q again throws it away, Ctrl-S saves it" : "Changed: Esc again throws it away, Enter saves it"),
                    "\(s.screenText)")
            #expect(s.message?.text.hasPrefix(rebound ? "The note changed: Ctrl-Q (or Ctrl-C) again throws it away, Ctrl-S saves it"
                                              : "The note changed: Esc (or Ctrl-C) again throws it away, Enter saves it") == true, "\(s.message?.text ?? "")")
        }
    }
}
