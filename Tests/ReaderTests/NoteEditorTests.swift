import Testing
@testable import ReaderUI

@Suite struct NoteEditorTests {
    @Test func typingAndNewlines() {
        var e = NoteEditor()
        #expect(e.isEmpty)
        e.insert("Hello")
        e.insertNewline()
        e.insert("world")
        #expect(e.text == "Hello\nworld")
        #expect(e.cursor == (1, 5))
        e.moveHome()
        e.insertNewline()
        #expect(e.text == "Hello\n\nworld")
        #expect(e.cursor == (2, 0))
    }

    @Test func pasteWithLineBreaksAndTabs() {
        var e = NoteEditor(text: "start end")
        #expect(e.cursor == (0, 0))
        e.moveEnd()
        for _ in 0..<3 { e.moveLeft() }
        e.insert("one\r\ntwo\rthree\n\tfour ")
        #expect(e.text == "start one\ntwo\nthree\n    four end")
        #expect(e.cursor == (3, 9))
    }

    @Test func backspaceAndDeleteJoinLines() {
        var e = NoteEditor(text: "ab\ncd")
        e.moveDown()          // keeps column 0
        #expect(e.cursor == (1, 0))
        e.backspace()
        #expect(e.text == "abcd")
        #expect(e.cursor == (0, 2))
        e.backspace()
        #expect(e.text == "acd")
        e.moveEnd()
        e.deleteForward()     // nothing after the last character
        #expect(e.text == "acd")
        e.moveHome()
        e.insertNewline()
        e.moveUp()
        e.deleteForward()     // at the end of an empty line: joins the next
        #expect(e.text == "acd")
        #expect(e.cursor == (0, 0))
        e.deleteForward()
        #expect(e.text == "cd")
        var start = NoteEditor()
        start.backspace()
        start.deleteForward()
        #expect(start.text == "")
    }

    @Test func arrowsWrapAcrossLinesAndKeepTheColumn() {
        var e = NoteEditor(text: "a long first line\nab\nanother long line")
        e.moveRight()
        e.moveEnd()
        #expect(e.cursor == (0, 17))
        e.moveRight()
        #expect(e.cursor == (1, 0))
        e.moveLeft()
        #expect(e.cursor == (0, 17))
        for _ in 0..<3 { e.moveLeft() }
        #expect(e.cursor == (0, 14))
        e.moveDown()
        #expect(e.cursor == (1, 2))     // short line: its end
        e.moveDown()
        #expect(e.cursor == (2, 14))    // the column comes back
        e.moveUp()
        e.moveUp()
        #expect(e.cursor == (0, 14))
        e.moveUp()
        #expect(e.cursor == (0, 0))     // above the first line: its start
        e.moveDown(); e.moveDown(); e.moveDown()
        #expect(e.cursor == (2, 17))    // below the last line: its end
        e.moveLeft()
        e.moveUp()
        #expect(e.cursor == (1, 2))
    }

    @Test func wideAndCombiningCharactersCountAsOne() {
        var e = NoteEditor(text: "日本")
        e.moveEnd()
        #expect(e.cursor == (0, 2))
        let view = e.visibleLines(width: 10, height: 2)
        #expect(view.cursorColumn == 4)
        // A combining accent typed after a letter joins it.
        var f = NoteEditor(text: "")
        f.insert("e")
        f.insert("\u{301}")
        #expect(f.cursor == (0, 1))
        #expect(f.text == "e\u{301}")
        f.backspace()
        #expect(f.text == "")
    }

    @Test func softWrapAtSpacesAndCursorPlacement() {
        var e = NoteEditor(text: "the quick brown fox jumps")
        e.moveEnd()
        let v = e.visibleLines(width: 10, height: 5)
        #expect(v.lines == ["the quick ", "brown fox ", "jumps"])
        #expect(v.cursorRow == 2 && v.cursorColumn == 5)
        e.moveHome()
        for _ in 0..<10 { e.moveRight() }   // at "brown": the start of the second row
        let w = e.visibleLines(width: 10, height: 5)
        #expect(w.cursorRow == 1 && w.cursorColumn == 0)
        // A word longer than the box is cut.
        let long = NoteEditor(text: "abcdefghijklmnop")
        #expect(long.visibleLines(width: 6, height: 5).lines == ["abcdef", "ghijkl", "mnop"])
        // A line that exactly fills the row leaves a row for the cursor at its end.
        var full = NoteEditor(text: "abcdef")
        full.moveEnd()
        let f = full.visibleLines(width: 6, height: 5)
        #expect(f.lines == ["abcdef", ""])
        #expect(f.cursorRow == 1 && f.cursorColumn == 0)
        // Wide characters never straddle the edge.
        let wide = NoteEditor(text: "ab日本語")
        #expect(wide.visibleLines(width: 5, height: 5).lines == ["ab日", "本語"])
    }

    @Test func controlCharactersAreShownSafely() {
        var e = NoteEditor(text: "x\u{1B}[31my\u{202E}z\u{FEFF}")
        e.moveEnd()
        let v = e.visibleLines(width: 80, height: 1)
        #expect(v.lines == ["x^[[31my<U+202E>z<U+FEFF>"])
        #expect(v.cursorColumn == Sanitizer.width(v.lines[0]))
        #expect(e.text == "x\u{1B}[31my\u{202E}z\u{FEFF}")
    }

    @Test func scrollsToKeepTheCursorVisible() {
        var e = NoteEditor(text: (1...10).map { "line \($0)" }.joined(separator: "\n"))
        var v = e.visibleLines(width: 20, height: 3)
        #expect(v.lines == ["line 1", "line 2", "line 3"] && v.cursorRow == 0)
        for _ in 0..<5 { e.moveDown() }
        v = e.visibleLines(width: 20, height: 3)
        #expect(v.lines == ["line 4", "line 5", "line 6"] && v.cursorRow == 2)
        e.scrollToCursor(width: 20, height: 3)
        #expect(e.scrollTop == NoteEditor.Place(line: 3, start: 0))
        // Moving up inside the view does not scroll it.
        e.moveUp()
        e.scrollToCursor(width: 20, height: 3)
        v = e.visibleLines(width: 20, height: 3)
        #expect(v.lines == ["line 4", "line 5", "line 6"] && v.cursorRow == 1)
        // Above it, it scrolls by one.
        e.moveUp(); e.moveUp()
        e.scrollToCursor(width: 20, height: 3)
        v = e.visibleLines(width: 20, height: 3)
        #expect(v.lines == ["line 3", "line 4", "line 5"] && v.cursorRow == 0)
        // Deleting text never leaves the view past the end.
        var small = NoteEditor(text: "one")
        small.scrollToCursor(width: 20, height: 3)
        #expect(small.visibleLines(width: 20, height: 3).lines == ["one"])
        // Degenerate boxes do not crash.
        #expect(NoteEditor(text: "abc").visibleLines(width: 0, height: 0).lines.count == 1)
    }
}

import Library
