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
