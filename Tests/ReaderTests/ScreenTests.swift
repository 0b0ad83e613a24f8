import Testing
@testable import ReaderUI
import Library
import TestSupport
import ReaderTestSupport
import Foundation

/// Screens drawn into the in-memory grid: text and styles asserted without a terminal.
@Suite struct ScreenTests {
    static let longBody = (1...200).map { "Paragraph \($0) of the harbour story, with enough words to wrap." }.joined(separator: "\n\n")
    static let corpus = Catalog(documents: [
        ("news/ferry.txt", "By Ottilie Brandt\n\nFerry service resumes after storm\n\n" + longBody),
        ("news/market.md", "---\ntitle: Market day returns\n---\nStalls are back.\n"),
        ("news/evil.txt", "Terminal tricks\n\nRed \u{1B}[31malert\u{1B}]0;owned\u{07} and \u{202E}reversed text.\n"),
    ])

    func state(_ rows: Int = 24, _ columns: Int = 80) -> AppState {
        AppState(catalog: Self.corpus, size: Size(rows: rows, columns: columns))
    }

    @Test func listShowsTitlesAuthorsAndLengths() {
        let grid = Renderer.draw(state())
        #expect(grid.text(row: 0).contains("3 articles"))
        #expect(grid.text(row: 1).contains("Ferry service resumes after storm"))
        #expect(grid.text(row: 1).contains("Ottilie Brandt"))
        #expect(grid.text(row: 1).hasSuffix("words"))
        #expect(grid.text(row: 2).contains("Market day returns"))
        #expect(grid[1, 1].style == .selected)
        #expect(grid[2, 1].style == .bold)
        #expect(grid.text(row: 23).contains("1/3"))
        #expect(grid.text(row: 23).contains("? help"))
    }

    @Test func movingAndOpening() {
        var s = state()
        s.press([.char("j")])
        #expect(s.list.selection == 1)
        s.press([.char("G")])
        #expect(s.list.selection == 2)
        s.press([.char("g"), .enter])
        #expect(s.screen == .article)
        let grid = Renderer.draw(s)
        #expect(grid.text(row: 0).contains("Ferry service resumes after storm"))
        #expect(grid.style(of: "Ferry service") == .title)
        #expect(grid.text.contains("Paragraph 1 of the harbour story"))
        #expect(grid.text(row: 23).hasPrefix(" Ferry service resumes after storm"))
        #expect(grid.text(row: 23).contains("page 1/"))
        s.press([.char("q")])
        #expect(s.screen == .list)
        s.press([.char("q")])
        #expect(s.quitting)
    }

    /// Help opens and closes; what it lists is checked against the dispatch in `KeyTableTests`.
    @Test func helpOpensAndCloses() {
        var s = state(60, 100)
        s.press([.char("?")])
        #expect(s.screen == .help)
        #expect(Renderer.draw(s).text.contains("Everywhere"))
        s.press([.escape])
        #expect(s.screen == .list)
    }

    @Test func pagingKeys() {
        var s = state(24, 80)
        s.press([.enter])
        let pages = s.pageNumbers!.count
        #expect(pages > 5)
        s.press([.char(" ")])
        #expect(s.pageNumbers!.page == 1)
        s.press([.char("b")])
        #expect(s.pageNumbers!.page == 0)
        s.press([.char("G")])
        #expect(s.pageNumbers!.page == pages - 1)
        #expect(Renderer.draw(s).text(row: 23).contains("page \(pages)/\(pages)"))
        #expect(s.percentRead == 100)
        s.press([.char("3"), .char("g")])
        #expect(s.pageNumbers!.page == 2)
        s.press([.char(":"), .char("5"), .enter])
        #expect(s.pageNumbers!.page == 4)
        s.press([.char(":"), .char("x"), .enter])
        #expect(s.message?.kind == .error)
        #expect(s.pageNumbers!.page == 4)
        let top = s.topLine
        s.press([.char("j"), .char("j")])
        #expect(s.topLine == top + 2)
        s.press([.char("d")])
        #expect(s.topLine == top + 2 + s.geometry.textRows / 2)
        s.press([.char("g")])
        #expect(s.topLine == 0)
    }

    @Test func resizeKeepsTheFirstCharacterOnScreen() {
        var s = state(30, 100)
        s.press([.enter, .char(" "), .char(" "), .char("j")])
        let before = Renderer.draw(s)
        let offset = s.reading!.topOffset
        let firstWords = String(s.reading!.text.string(offset..<(offset + 40)).drop(while: \.isWhitespace).prefix(12))
        #expect(firstWords.count == 12)
        s.apply(.resize(Size(rows: 12, columns: 40)))
        let small = Renderer.draw(s)
        #expect(small.text.contains(firstWords))
        s.apply(.resize(Size(rows: 30, columns: 100)))
        #expect(Renderer.draw(s) == before)
    }

    @Test func everySizeDrawsWithoutCrashing() {
        for rows in [1, 2, 3, 4, 5, 8, 24] {
            for columns in [1, 2, 5, 11, 12, 20, 41, 200] {
                var s = state(rows, columns)
                let list = Renderer.draw(s)
                #expect(list.size == Size(rows: rows, columns: columns))
                s.press([.enter, .char(" "), .char("G"), .char("?")])
                _ = Renderer.draw(s)
                if rows < 3 || columns < 12 {
                    #expect(list.text.contains("T") || columns < 2)
                }
            }
        }
        #expect(Renderer.draw(state(5, 30)).text.contains("reader"))
        #expect(Renderer.draw(state(2, 30)).text.contains("Terminal too small"))
    }

    @Test func untrustedTextIsShownAsMarkers() {
        var s = state(24, 80)
        s.press([.char("G"), .enter])
        let grid = Renderer.draw(s)
        #expect(!grid.cells.contains { $0.text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x202E } })
        #expect(grid.text.contains("Red ^[[31malert^[]0;owned^G and <U+202E>reversed"))
        #expect(grid.style(of: "^[[31m") == .marker)
        #expect(grid.style(of: "<U+202E>") == .marker)
    }

    @Test func twoPageSpreadInWideWindows() {
        var s = AppState(catalog: Self.corpus, size: Size(rows: 30, columns: 200), settings: .init(spread: true))
        s.press([.enter])
        #expect(s.geometry.isSpread)
        let grid = Renderer.draw(s)
        #expect(grid.text(row: 29).contains("pages 1-2/"))
        s.press([.char(" ")])
        #expect(s.pageNumbers!.page == 2)
        s.press([.char("S")])
        #expect(!s.geometry.isSpread)
        s.apply(.resize(Size(rows: 30, columns: 120)))
        s.press([.char("S")])
        #expect(s.message != nil)   // too narrow for two pages: says so
    }

    @Test func measureIsCentredInWideWindows() {
        var s = state(24, 120)
        s.press([.enter])
        #expect(s.geometry.textWidth == 80)
        #expect(s.geometry.columnLefts == [20])
        let narrow = AppState(catalog: Self.corpus, size: Size(rows: 24, columns: 120), settings: .init(measure: 50))
        #expect(narrow.geometry.textWidth == 50)
    }

    @Test func resumesWhereTheReaderLeftOff() {
        var s = state(24, 80)
        s.press([.enter, .char(" "), .char(" ")])
        let effects = s.apply(.back)
        guard case .savePosition(let key, let position)? = effects.first else {
            Issue.record("no position saved")
            return
        }
        var again = AppState(catalog: Self.corpus, size: Size(rows: 24, columns: 80), savedPositions: [key: position])
        again.press([.enter])
        #expect(again.pageNumbers!.page == 2)
        #expect(again.message?.text.hasPrefix("Resumed at page 3/") == true)
    }

    /// The reducer reads no clock: the place it asks to save is timed where it is saved.
    @Test func positionsAreTimedWhenSavedNotInTheReducer() throws {
        var s = state(24, 80)
        s.press([.enter, .char(" ")])
        guard case .savePosition(_, let position)? = s.apply(.back).first else {
            Issue.record("no position saved")
            return
        }
        #expect(position.time == 0)
        let dir = TempFolder()
        defer { dir.remove() }
        let store = PositionStore(path: dir.file("positions.json"))
        var again = state(24, 80)
        let before = Date().timeIntervalSince1970
        runLoop(&again, Services(positions: store, bookmarks: nil), [.enter, .char(" "), .char("q")])
        let saved = try #require(try store.load().values.first)
        #expect(saved.time >= before.rounded(.down) && saved.time <= Date().timeIntervalSince1970 + 1)
    }

    @Test func runnerLoopWithScriptedTerminal() {
        let terminal = ScriptedTerminal(size: Size(rows: 20, columns: 70), keys: [.char("j"), .enter, .char("q")])
        var s = AppState(catalog: Self.corpus, size: terminal.size)
        Runner.loop(&s, terminal: terminal, services: .none, idleLimit: 1)
        #expect(terminal.frames.count == 4)
        #expect(terminal.lastFrame!.text(row: 2).contains("Market day returns"))
        #expect(terminal.lastFrame![2, 1].style == .selected)
        #expect(terminal.frames[2].text(row: 0).contains("Market day returns"))
    }
}
