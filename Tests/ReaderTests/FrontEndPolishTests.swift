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

    // MARK: Reading on into an article begun before

    /// `J` (or `Space` at the end) into an article begun before joined two messages: "End of
    /// “A”: next article, “B” (2/3; K: back to it) — Resumed at page 2/7, where you left off
    /// (g: first page)", and the line kept the last hint only, losing the list position and K.
    @Test func readingOnIntoABegunArticleKeepsItsPositionAndKeys() {
        let long = (1...40).map { "Line \($0) of a rather long report on the harbour works and the ferries." }.joined(separator: "\n\n")
        let catalog = Catalog(documents: [
            ("a.txt", "The harbour works at the north quay go on into the winter\n\nShort.\n"),
            ("b.txt", "A very long report on the ferries and the timetables of the islands\n\n" + long),
            ("c.txt", "Quay repaired\n\nThe quay is mended.\n"),
        ])
        var s = AppState(catalog: catalog, size: Size(rows: 12, columns: 100))
        s.press("j", .enter, .pageDown, .pageDown, "q", "k", .enter, "G", " ")
        #expect(s.reading?.index == 1)
        let said = s.message?.text ?? ""
        #expect(said.hasPrefix("End of “The harbour works at the north quay go on into the winter”: next article, "), "\(said)")
        #expect(said.contains("” (2/3, at page 3/"), "\(said)")
        #expect(said.hasSuffix(" where you left off; K: back to it, g: first page)"), "\(said)")
        let status = Self.status(s)
        #expect(status.contains("2/3, at page 3/") && status.hasSuffix("K: back to it, g: first page)"), "\(status)")
        // Not begun: as before.
        s.press("g", "q", "j", "j", .enter, "K", "K")
        #expect(s.message?.text == "Previous article: “The harbour works at the north quay go on into the winter” (1/3)")
    }

    // MARK: L in help

    /// Help says `L` lists the article's links in help and the skipped files too; there it did
    /// nothing at all.
    @Test func linksFromHelpOverAnArticle() {
        let catalog = Catalog(documents: [("a.md", "# Notes\n\nSee [the survey](https://example.org/survey) and [maps](https://example.org/maps).\n")])
        var s = AppState(catalog: catalog, size: Size(rows: 20, columns: 80))
        s.press(.enter, "h", "L")
        #expect(s.screen == .links)
        #expect(s.screenText.contains("https://example.org/survey"))
        s.press("q")
        #expect(s.screen == .article)
        s.press("q", "h", "L")
        #expect(s.screen == .help)
        #expect(s.message?.text == "No article is open: L in an article lists its links")
    }

    // MARK: Narrow windows

    /// The skipped-files page cut each line at the window's edge: at 40 columns the reason,
    /// after the path, was gone ("/tmp/x/fifo.txt: not a re…").
    @Test func skippedFilesAreWrappedNotCut() throws {
        let dir = TempFolder()
        defer { dir.remove() }
        dir.write("corpus/good.txt", "Good\n\nText.\n")
        dir.write("corpus/a-rather-long-folder-name/binary-file-with-a-long-name.txt", "bin\u{0}ary")
        let catalog = Catalog.load([dir.file("corpus")])
        var s = AppState(catalog: catalog, size: Size(rows: 15, columns: 40))
        s.press("!")
        let shown = s.screenText.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(shown.contains("name.txt: binary file (contains NUL bytes)"), "\(s.screenText)")
        #expect(!s.screenText.contains("…"), "\(s.screenText)")
        #expect(Self.status(s).hasPrefix("q or Esc: back ") && Self.status(s).hasSuffix(" 100%"), "\(Self.status(s))")
    }

    /// At 40 columns the note editor's hint lost "Esc cancel" ("Enter save  Ctrl-J new line
    /// Es…"), and after Esc on a changed note the status line was cut before saying what the
    /// next Esc does; the box says it. Its heading touched the border ("all…──┐").
    @Test func theNoteEditorSaysWhatEscDoesInANarrowWindow() {
        var s = AppState(catalog: Self.catalog, size: Size(rows: 15, columns: 40))
        s.press(.enter, "m")
        var box = s.screenText
        #expect(box.contains("Enter save  Esc cancel"), "\(box)")
        #expect(box.contains("Keeping the light ─"), "\(box)")
        s.press(typing("a note"))
        s.press(.escape)
        box = s.screenText
        #expect(box.contains("Esc again: throw away"), "\(box)")
        var narrow = AppState(catalog: Catalog(documents: [("a.txt", "A title long enough to be cut in the box\n\nText.\n")]),
                              size: Size(rows: 15, columns: 40))
        narrow.press(.enter, "m")
        #expect(narrow.screenText.contains("… ─┐") || narrow.screenText.contains("… ┐"), "\(narrow.screenText)")
    }

    /// The mentions page cut the context on the left mid-word with no `…` ("volt made Russian
    /// president Vladimir Putin"), unlike on the right.
    @Test func mentionsCutOnTheLeftShowIt() {
        let text = "Opening\n\n" + String(repeating: "Some words that come before the name here ", count: 4) + "and then Oswin Marchetti spoke.\n"
        let catalog = Catalog(documents: [("a.txt", text), ("b.txt", "More\n\nOswin Marchetti again.\n")])
        var s = AppState(catalog: catalog, size: Size(rows: 10, columns: 60))
        s.press("p", .enter)
        #expect(s.screen == .concordance)
        let rows = (1...2).map { s.row($0) }
        let line = rows.first { $0.contains("spoke") } ?? ""
        #expect(line.trimmingCharacters(in: .whitespaces).hasPrefix("…"), "\(rows)")
    }

    /// While the people are being found, the panel's filter said "(none matching “lind”)".
    @Test func thePeopleFilterSaysNothingMatchesOnlyOnceTheyAreFound() {
        let progress = Progress(total: 4)
        var s = AppState(catalog: Catalog(unindexed: Self.catalog.corpus), size: Size(rows: 12, columns: 100), indexing: progress)
        s.press("p", "/")
        s.press(typing("oswin"))
        #expect(!s.row(0).contains("none matching"), "\(s.row(0))")
        s.press(.enter)
        s.send(.indexesReady(ReadyCatalog(Self.catalog)))
        #expect(s.row(0).contains("(1 person matching “oswin”)"), "\(s.row(0))")
    }

    /// Widened, the mentions page kept the lines of context made for the narrower window
    /// (cut at about 40 columns on a 120-column screen): they are made again for the new width.
    @Test func mentionsAreMadeAgainForAWiderWindow() throws {
        let dir = TempFolder()
        defer { dir.remove() }
        let words = String(repeating: "the harbour and the quay and the ferries ", count: 6)
        let catalog = Catalog.files([("a.txt", "Opening\n\n" + words + "then Oswin Marchetti spoke " + words + "\n"),
                                     ("b.txt", "More\n\nOswin Marchetti again.\n")], in: dir)
        var s = AppState(catalog: catalog, size: Size(rows: 10, columns: 40))
        s.press("p", .enter)
        #expect(s.screen == .concordance)
        s.send(.resize(Size(rows: 10, columns: 120)))
        let row = try #require((1...2).map { s.row($0) }.first { $0.contains("ferries") }, "\(s.screenText)")
        let used = row.trimmingCharacters(in: .whitespaces).count
        #expect(used > 100, "\(row)")
    }

    /// A count typed before a motion showed nowhere: a stray digit made the next `j` move five
    /// lines with no warning. It shows on the status line until the motion.
    @Test func aCountBeingTypedShows() {
        var s = AppState(catalog: Self.catalog, size: Size(rows: 12, columns: 80))
        s.press(.enter, "1", "2")
        #expect(Self.status(s).hasSuffix("12  page 1/\(s.pageNumbers!.count)  \(s.percentRead)%"), "\(Self.status(s))")
        s.press("j")
        #expect(!Self.status(s).contains("12  "), "\(Self.status(s))")
        s.press("q", "2")
        #expect(Self.status(s).hasSuffix("2  ? help  q quit"), "\(Self.status(s))")
    }

    /// Messages named their keys as written in the code too: with Ctrl-O rebound to z, a jump
    /// from the mentions page still said "(] next, Ctrl-O back)".
    @Test func messageHintsNameTheKeysAsBound() throws {
        var keymap = Keymap.standard
        keymap.unbind(.ctrl("o"), in: nil)
        try keymap.bind(.char("z"), to: "jump-back", in: nil)
        var s = AppState(catalog: Self.catalog, size: Size(rows: 24, columns: 120), settings: AppState.Settings(keymap: keymap))
        s.press("p", .enter, .enter)
        #expect(s.screen == .article)
        #expect(s.message?.text.hasSuffix("(] next, z back)") == true, "\(s.message?.text ?? "")")
        var standard = AppState(catalog: Self.catalog, size: Size(rows: 24, columns: 120))
        standard.press("p", .enter, .enter)
        #expect(standard.message?.text.hasSuffix("(] next, Ctrl-O back)") == true, "\(standard.message?.text ?? "")")
    }
}
