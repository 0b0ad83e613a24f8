import Foundation
import Testing
import TestSupport
import ReaderTestSupport
import Library
@testable import ReaderUI

/// Defects found trying the reader as a demanding new user would (the "polish" pass): each as
/// it was met, on the in-memory screen.
struct FrontEndPolishTests {
    static let body = (1...60).map { "Paragraph \($0): the keeper Oswin Marchetti logged the weather twice a day." }.joined(separator: "\n\n")
    static let catalog = Catalog(documents: [
        ("a.txt", "Keeping the light\n\n" + body),
        ("b.txt", "Gulls return\n\nThe gulls came back to the harbour. Oswin Marchetti counted them.\n"),
        ("c.txt", "Quay repaired\n\nThe quay is mended.\n"),
    ])

    /// A state with one bookmark (note `note`) on the first article, on the bookmarks screen.
    static func withBookmark(size: Size, note: String = "Check the logbook") -> AppState {
        var s = AppState(catalog: catalog, size: size)
        s.press(.enter)
        let r = s.reading!
        let b = Bookmark.make(article: r.ref, text: r.text, range: 20..<30, note: note)
        s.send(.bookmarksChanged([b], BookmarkStatus()))
        s.press("'")
        return s
    }

    /// The bottom row, trimmed.
    static func status(_ s: AppState) -> String { s.row(s.size.rows - 1).trimmingCharacters(in: .whitespaces) }

    // MARK: The status line

    /// The status line was blank whenever its right part (the key hints, the page) was wider
    /// than the window: the bookmarks screen at 60 columns or less, the people panel at 51, the
    /// article at 20. Hints that do not fit are left out (the first ones first), the position
    /// stays, and the page is kept in the article.
    @Test func narrowStatusLinesKeepThePositionAndWhatFits() {
        var s = Self.withBookmark(size: Size(rows: 15, columns: 40))
        #expect(s.screen == .bookmarks)
        var status = Self.status(s)
        #expect(status.hasPrefix("1/1"), "\(status)")
        #expect(status.hasSuffix("q back"), "\(status)")
        s.send(.resize(Size(rows: 15, columns: 60)))
        status = Self.status(s)
        #expect(status.hasPrefix("1/1") && status.contains("q back"), "\(status)")

        var people = AppState(catalog: Self.catalog, size: Size(rows: 12, columns: 40))
        people.press("p")
        status = Self.status(people)
        #expect(status.hasPrefix("1/1") && status.hasSuffix("q back"), "\(status)")

        // After a resize the screen straddles two pages: "pages 31-32/56  57%" is 20 cells.
        var article = AppState(catalog: Self.catalog, size: Size(rows: 30, columns: 100))
        article.press(.enter, "3", "g", "j", "j", "j")
        article.send(.resize(Size(rows: 6, columns: 20)))
        status = Self.status(article)
        #expect(status.hasPrefix("pages ") && status.hasSuffix("%"), "\(status)")

        var list = AppState(catalog: Self.catalog, size: Size(rows: 3, columns: 12))
        status = Self.status(list)
        #expect(status.hasPrefix("1/3"), "\(status)")
        list.press("j")
        #expect(Self.status(list).hasPrefix("2/3"))
    }

    // MARK: The read-only alert

    /// `m` with read-only bookmarks shows a box that keeps the keys typed for the note from
    /// running as commands, but `q` closed it: a note starting with q ("quite important…") ran
    /// the rest as commands (u, i, t, e, Space…). Only Enter and Esc close it, as it says.
    @Test func theReadOnlyBoxIsClosedByEnterOrEscOnly() {
        var s = AppState(catalog: Self.catalog, size: Size(rows: 24, columns: 90))
        s.send(.bookmarksChanged([], BookmarkStatus(unsaved: 0, problem: "does not parse", readOnly: true, file: "/x/bookmarks.json")))
        s.press(.enter)
        let top = s.reading?.topOffset
        s.press(["m"] + typing("quite important page"))
        #expect(s.alert != nil)
        #expect(s.reading?.topOffset == top && s.screen == .article)
        #expect(s.noteEditing == nil)
        s.press(.escape)
        #expect(s.alert == nil)
    }

    // MARK: Hints as the keys are bound

    /// The status lines named their keys as written in the code: with `q` unbound and `x` bound
    /// to back in config.toml, the list still said "q quit" and the bookmarks "q back".
    @Test func statusHintsNameTheKeysAsBound() throws {
        var keymap = Keymap.standard
        keymap.unbind(.char("q"), in: nil)
        try keymap.bind(.char("x"), to: "back", in: nil)
        keymap.unbind(.char("?"), in: .list)
        var s = AppState(catalog: Self.catalog, size: Size(rows: 24, columns: 100), settings: AppState.Settings(keymap: keymap))
        var status = Self.status(s)
        #expect(status.hasSuffix("h help  x quit"), "\(status)")
        s.press("p")
        status = Self.status(s)
        #expect(status.hasSuffix("/ filter  x back") && !status.contains("q "), "\(status)")
        s.press("h")
        status = Self.status(s)
        #expect(status.hasPrefix("x or Esc: back   j k Space b: scroll"), "\(status)")
        var standard = AppState(catalog: Self.catalog, size: Size(rows: 24, columns: 100))
        #expect(Self.status(standard).hasSuffix("? help  q quit"))
        standard.press("'")
        #expect(Self.status(standard).hasSuffix("Enter go  e edit  t tags  d delete  u undo  / filter  q back"))
        standard.press("h")
        #expect(Self.status(standard).hasPrefix("q or Esc: back   j k Space b: scroll"))
    }

    /// "End of the article (q: back to the list)" was said whatever q went back to: opened from
    /// the bookmarks, q goes back to them.
    @Test func theEndOfAnArticleSaysWhereQGoesBack() {
        var s = Self.withBookmark(size: Size(rows: 24, columns: 100))
        s.press(.enter, "G", .pageDown)
        #expect(s.message?.text == "End of the article (q: back to the bookmarks)")
        s.press("q")
        #expect(s.screen == .bookmarks)
        var fromList = AppState(catalog: Self.catalog, size: Size(rows: 24, columns: 100))
        fromList.press(.enter, "G", .pageDown)
        #expect(fromList.message?.text == "End of the article (q: back to the list)")
    }
}
