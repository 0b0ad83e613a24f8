import Foundation
import Testing
import TestSupport
import ReaderTestSupport
import Library
@testable import ReaderUI

/// Issue 12: the mouse. Reports decoded from the terminal's bytes, double clicks told by time,
/// and each event through the dispatch and the real loop as the in-memory terminal sends it.
struct MouseTests {
    static let catalog = Catalog(documents: (0..<30).map {
        ("a\(String(format: "%02d", $0)).txt", "Title \($0)\n\n" + String(repeating: "Vladimir Putin met Olaf Scholz in Berlin. ", count: 40) + "\n")
    })

    static func click(_ row: Int, _ column: Int, _ kind: MouseEvent.Kind = .click) -> Key { .mouse(MouseEvent(kind, row: row, column: column)) }

    @Test func sgrAndX10ReportsDecode() {
        #expect(MouseEvent.sgr("<0;5;3M") == MouseEvent(.click, row: 2, column: 4))
        #expect(MouseEvent.sgr("<64;10;1M") == MouseEvent(.wheelUp, row: 0, column: 9))
        #expect(MouseEvent.sgr("<65;10;1M") == MouseEvent(.wheelDown, row: 0, column: 9))
        #expect(MouseEvent.sgr("<16;5;3M") == MouseEvent(.click, row: 2, column: 4))   // with Ctrl
        #expect(MouseEvent.sgr("<0;5;3m") == nil)    // a release
        #expect(MouseEvent.sgr("<32;5;3M") == nil)   // a drag
        #expect(MouseEvent.sgr("<2;5;3M") == nil)    // the right button
        #expect(MouseEvent.sgr("<0;0;3M") == nil)
        #expect(MouseEvent.sgr("<0;x;3M") == nil)
        #expect(MouseEvent.report(button: 0, row: 1, column: 1) == MouseEvent(.click, row: 1, column: 1))
    }

    @Test func aSecondClickSoonOnTheSameCellIsADoubleClick() {
        var timer = ClickTimer()
        let e = MouseEvent(.click, row: 3, column: 7)
        #expect(timer.resolve(e, at: 1000).kind == .click)
        #expect(timer.resolve(e, at: 1300).kind == .doubleClick)
        #expect(timer.resolve(e, at: 1400).kind == .click)          // a third starts again
        #expect(timer.resolve(e, at: 2000).kind == .click)          // too late
        #expect(timer.resolve(MouseEvent(.click, row: 4, column: 7), at: 2100).kind == .click)   // elsewhere
    }

    @Test func clicksSelectAndOpenWheelScrolls() {
        var s = AppState(catalog: Self.catalog, size: Size(rows: 12, columns: 90))
        let services = Services(positions: nil, bookmarks: nil)
        runLoop(&s, services, [Self.click(3, 10)], size: s.size)
        #expect(s.list.selection == 2)
        runLoop(&s, services, [.mouse(MouseEvent(.wheelDown, row: 5, column: 5))], size: s.size)
        #expect(s.list.selection == 5)
        runLoop(&s, services, [.mouse(MouseEvent(.wheelUp, row: 5, column: 5))], size: s.size)
        #expect(s.list.selection == 2)
        // The header, the status line and rows past the end do nothing.
        runLoop(&s, services, [Self.click(0, 10), Self.click(11, 10)], size: s.size)
        #expect(s.list.selection == 2 && s.screen == .list)
        runLoop(&s, services, [Self.click(4, 10), Self.click(4, 10, .doubleClick)], size: s.size)
        #expect(s.screen == .article)
        #expect(s.reading?.index == 3)
        let top = s.topLine
        runLoop(&s, services, [.mouse(MouseEvent(.wheelDown, row: 5, column: 5))], size: s.size)
        #expect(s.topLine == top + 3)
        // Help scrolls too.
        runLoop(&s, services, ["h", .mouse(MouseEvent(.wheelDown, row: 5, column: 5))], size: s.size)
        #expect(s.screen == .help && s.help.top == 3)
    }

    /// Bookmarks take two rows each, with the selected one's note below them: a click picks the
    /// bookmark drawn there, the preview picks none.
    @Test func clicksOnTheBookmarksScreen() {
        let dir = TempFolder()
        defer { dir.remove() }
        let services = Services.bookmarks(in: dir)
        var s = AppState(catalog: Self.catalog, size: Size(rows: 24, columns: 90))
        services.syncBookmarks(&s)
        runLoop(&s, services, [.enter, "m"] + typing("first") + [.enter, "G", "m"] + typing("second") + [.enter, "'"], size: s.size)
        #expect(s.visibleBookmarks.map(\.note) == ["second", "first"])
        runLoop(&s, services, [Self.click(3, 5)], size: s.size)     // the second bookmark's first row
        #expect(s.bookmarkList.selection == 1)
        runLoop(&s, services, [Self.click(2, 5)], size: s.size)     // the first's second row
        #expect(s.bookmarkList.selection == 0)
        runLoop(&s, services, [Self.click(s.size.rows - 3, 5)], size: s.size)   // the preview
        #expect(s.bookmarkList.selection == 0 && s.screen == .bookmarks)
    }

    @Test func aClickOnANameSelectsIt() throws {
        var s = AppState(catalog: Self.catalog, size: Size(rows: 12, columns: 90))
        s.press(.enter)
        let grid = Renderer.draw(s)
        // A cell of a name in the text (below the header lines).
        var cell: (Int, Int)?
        for row in s.geometry.textTop..<(s.size.rows - 1) where cell == nil {
            for x in 0..<s.size.columns where grid[row, x].style == .person && grid[row, x].text == "O" { cell = (row, x); break }
        }
        let (row, column) = try #require(cell)
        s.press(Self.click(row, column + 2))
        let selected = try #require(s.reading?.selectedMention)
        #expect(s.people.people[s.reading!.mentions[selected].person].name == "Olaf Scholz")
        #expect(s.message?.text.hasPrefix("Olaf Scholz: ") == true)
        // A click on plain text selects nothing new.
        s.press(Self.click(s.geometry.textTop, 0))
        #expect(s.reading?.selectedMention == selected)
    }

    @Test func offInTheSettingsOrOverAPrompt() throws {
        let off = try SettingsFile.parse("mouse = false\n", path: "c")
        var s = AppState(catalog: Self.catalog, size: Size(rows: 12, columns: 90),
                         settings: AppState.Settings(keymap: off.keymap, mouse: off.mouse))
        #expect(KeyMap.action(for: Self.click(3, 3), in: s) == nil)
        s = AppState(catalog: Self.catalog, size: Size(rows: 12, columns: 90))
        s.press("/")
        #expect(KeyMap.action(for: Self.click(3, 3), in: s) == nil)
    }
}
