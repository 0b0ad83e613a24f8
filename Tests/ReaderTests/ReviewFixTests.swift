import Foundation
import Testing
@testable import ReaderUI
import Library
import TestSupport
import ReaderTestSupport

/// Defects a review found on the screens: each drives the reader as a user would.
@Suite struct ReviewFixTests {
    static let body = (1...60).map { "Paragraph \($0): the lighthouse keeper of Vemork logged the weather twice a day." }
        .joined(separator: "\n\n")
    static let documents: [(path: String, text: String)] = [
        ("coast/lighthouse.txt", "Keeping the light at Vemork\n\n" + body),
        ("coast/harbour.txt", "Harbour dues rise again\n\nThe harbour board met on Friday."),
    ]
    static let size = Size(rows: 24, columns: 90)

    /// The list's read mark of the article at `row` of the list (rows from 1).
    static func mark(_ state: AppState, row: Int) -> String {
        String(Renderer.draw(state).text(row: row).prefix(6)).trimmingCharacters(in: .whitespaces)
    }

    /// Item 1: what the list showed in the session (to the bottom of the screen) is what it shows
    /// after a restart — a page and a bit read, and a one-page article read whole.
    @Test func readMarksAreTheSameAfterARestart() throws {
        let dir = TempFolder()
        let catalog = Catalog.files(Self.documents, in: dir)
        let positions = PositionStore(path: dir.file("positions.json"))
        let svc = Services(positions: positions, bookmarks: nil)
        var s = AppState(catalog: catalog, size: Self.size)
        let harbour = try #require(s.list.visible.firstIndex { catalog.corpus.articles[$0].relativePath.hasSuffix("harbour.txt") })
        let lighthouse = try #require(s.list.visible.firstIndex { catalog.corpus.articles[$0].relativePath.hasSuffix("lighthouse.txt") })
        runLoop(&s, svc, Array(repeating: Key.char("j"), count: lighthouse) + [.enter, .char(" "), .char("q")], size: Self.size)
        runLoop(&s, svc, [.char("g")] + Array(repeating: Key.char("j"), count: harbour) + [.enter, .char("q")], size: Self.size)
        let begun = Self.mark(s, row: 1 + lighthouse)
        #expect(begun.hasSuffix("%") && begun != "0%")
        #expect(Self.mark(s, row: 1 + harbour) == "✓")

        let again = AppState(catalog: catalog, size: Self.size, savedPositions: try positions.load())
        #expect(Self.mark(again, row: 1 + lighthouse) == begun)
        #expect(Self.mark(again, row: 1 + harbour) == "✓")
        // The file keeps what it kept, with the share seen added.
        let file = dir.readText("positions.json") ?? ""
        #expect(file.contains("\"offset\"") && file.contains("\"quote\"") && file.contains("\"time\"") && file.contains("\"read\""))
    }

    /// Item 1: a positions file from before `read` was kept still loads (the share is worked
    /// out from the place, as before), and an out-of-range `read` is not used.
    @Test func positionsWithoutTheShareSeenStillLoad() throws {
        let dir = TempFolder()
        dir.write("positions.json", #"{"version": 1, "positions": {"/a": {"offset": 5, "quote": "x", "time": 1}, "/b": {"offset": 5, "quote": "x", "time": 1, "read": 400}}}"#)
        let loaded = try PositionStore(path: dir.file("positions.json")).load()
        #expect(loaded["/a"]?.read == nil && loaded["/a"]?.offset == 5)
        #expect(loaded["/b"]?.read == nil && loaded["/b"]?.offset == 5)
    }

    /// Item 2: Ctrl-C in the note editor cancels the note (asking first when it changed), and
    /// never quits the reader.
    @Test func ctrlCInTheNoteEditorCancelsIt() {
        let dir = TempFolder()
        let svc = Services.bookmarks(in: dir)
        var s = AppState(catalog: Catalog.files(Self.documents, in: dir), size: Self.size)
        runLoop(&s, svc, [.enter, .char("m"), .ctrl("c")], size: Self.size)
        #expect(!s.quitting && s.noteEditing == nil && s.screen == .article && s.message?.text == "Cancelled")
        runLoop(&s, svc, [.char("m")] + typing("half a thought") + [.ctrl("c")], size: Self.size)
        #expect(!s.quitting && s.noteEditing?.editor.text == "half a thought")
        #expect(s.message?.text.contains("Ctrl-C) again throws it away") == true)
        runLoop(&s, svc, [.ctrl("c")], size: Self.size)
        #expect(!s.quitting && s.noteEditing == nil && s.bookmarks.isEmpty && s.message?.text == "Changes thrown away")
    }

    /// Item 3: `e` on the bookmarks screen puts the cursor at the end of the note.
    @Test func editingANoteStartsAtItsEnd() {
        let dir = TempFolder()
        let svc = Services.bookmarks(in: dir)
        var s = AppState(catalog: Catalog.files(Self.documents, in: dir), size: Self.size)
        svc.syncBookmarks(&s)
        runLoop(&s, svc, [.enter, .char("m")] + typing("first line") + [.ctrl("j")] + typing("second") + [.enter, .char("'"), .char("e")],
                size: Self.size)
        #expect(s.noteEditing.map { $0.editor.cursor == (1, 6) } == true)
        runLoop(&s, svc, typing("!") + [.enter], size: Self.size)
        #expect(s.bookmarks.map(\.note) == ["first line\nsecond!"])
    }

    /// Item 4: a bookmarks file that does not parse: `m` says so in a box that keeps the keys
    /// typed for the note from running as commands; the bookmarks screen names the file and its
    /// problem; the file is untouched.
    @Test func aBookmarksFileThatDoesNotParseIsSaidSo() throws {
        let dir = TempFolder()
        dir.write("bad.json", #"{"version": 1, "bookmarks": [{"id": "#)
        let (svc, _) = Services.open(environment: ["HOME": dir.path], bookmarksOption: dir.file("bad.json"))
        var s = AppState(catalog: Catalog.files(Self.documents, in: dir), size: Self.size)
        svc.syncBookmarks(&s)
        runLoop(&s, svc, [.enter], size: Self.size)
        let top = s.reading?.topOffset
        let t = runLoop(&s, svc, [.char("m")] + typing("see page two"), size: Self.size)
        #expect(s.reading?.topOffset == top && s.screen == .article)     // Space did not page
        let shown = try #require(t.lastFrame).text
        #expect(shown.contains("Cannot bookmark") && shown.contains("bad.json"))
        runLoop(&s, svc, [.escape, .char("'")], size: Self.size)
        #expect(s.screen == .bookmarks && !s.screenText.contains("Cannot bookmark"))
        let screen = s.screenText
        #expect(!screen.contains("No bookmarks yet"))
        let said = screen.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(said.contains("read-only this session: " + dir.file("bad.json") + " could not be read: does not parse as JSON"))
        #expect(dir.readText("bad.json") == #"{"version": 1, "bookmarks": [{"id": "#)
    }

    /// Item 5: at 40 columns (and down to 20) the list keeps its read marks.
    @Test func narrowListsKeepTheirReadMarks() {
        for columns in [40, 30, 20] {
            let size = Size(rows: 12, columns: columns)
            var s = AppState(catalog: Catalog(documents: Self.documents), size: size)
            s.press(.enter, .char("q"))
            let rows = (1...2).map { Renderer.draw(s).text(row: $0) }
            #expect(rows.contains { $0.contains("%") || $0.contains("✓") }, "\(columns): \(rows)")
            #expect(rows.contains { $0.contains("•") }, "\(columns): \(rows)")
        }
    }

    /// Item 6: a jump to a bookmark from the bookmarks screen is one Ctrl-O goes back from.
    @Test func ctrlOComesBackFromABookmark() {
        let dir = TempFolder()
        let svc = Services.bookmarks(in: dir)
        var s = AppState(catalog: Catalog.files(Self.documents, in: dir), size: Self.size)
        svc.syncBookmarks(&s)
        runLoop(&s, svc, [.enter, .char(" "), .char(" "), .char("m")] + typing("later") + [.enter, .char("g")], size: Self.size)
        let start = s.reading?.topOffset
        runLoop(&s, svc, [.char("'"), .enter], size: Self.size)
        #expect(s.reading?.topOffset != start)
        runLoop(&s, svc, [.ctrl("o")], size: Self.size)
        #expect(s.message?.text.hasPrefix("No earlier place") != true)
        #expect(s.screen == .article && s.reading?.topOffset == start)
    }

    /// Item 8: a bookmark of a file outside the folders open now says so in the list, before
    /// Enter is pressed.
    @Test func bookmarksOutsideTheOpenFoldersAreMarked() {
        let dir = TempFolder()
        let svc = Services.bookmarks(in: dir)
        var s = AppState(catalog: Catalog.files(Self.documents, in: dir), size: Self.size)
        svc.syncBookmarks(&s)
        runLoop(&s, svc, [.enter, .char("m")] + typing("elsewhere") + [.enter], size: Self.size)
        let other = TempFolder()
        var t = AppState(catalog: Catalog.files([("inland/farm.txt", "Farm prices\n\nWheat fell.")], in: other), size: Self.size)
        svc.syncBookmarks(&t)
        runLoop(&t, svc, [.char("'")], size: Self.size)
        #expect(t.screenText.contains("(not in the folders open now: "))
        runLoop(&t, svc, [.enter], size: Self.size)
        #expect(t.message?.text.hasPrefix("Not in the folders open now: ") == true)
    }

    /// Item 9: `S` in a window too narrow for two pages says why, turning them off as on.
    @Test func spreadInANarrowWindowSaysWhy() {
        var s = AppState(catalog: Catalog(documents: Self.documents), size: Self.size, settings: AppState.Settings(spread: true))
        s.press(.enter, .char("S"))
        #expect(!s.settings.spread)
        #expect(s.message?.text.contains("170 columns wide") == true)
        s.press(.char("S"))
        #expect(s.settings.spread && s.message?.text.contains("170 columns wide") == true)
        var wide = AppState(catalog: Catalog(documents: Self.documents), size: Size(rows: 24, columns: 200))
        wide.press(.enter, .char("S"))
        #expect(wide.settings.spread && wide.geometry.isSpread && wide.message == nil)
    }
}
