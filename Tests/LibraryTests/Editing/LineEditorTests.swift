import Testing
@testable import Library

/// The editing model every prompt and the note editor share.
@Suite struct LineEditorTests {
    /// Sequences typed one scalar at a time that merge into fewer characters than were typed
    /// (issue 16, item 1: the prompt's cursor counted typed characters and crashed).
    static let mergingInputs: [(name: String, typed: [String], text: String)] = [
        ("e + U+0301, then z", ["e", "\u{301}", "z"], "e\u{301}z"),
        ("flag as two regional indicators", ["\u{1F1EB}", "\u{1F1F7}"], "\u{1F1EB}\u{1F1F7}"),
        ("thumbs up + skin tone", ["\u{1F44D}", "\u{1F3FD}"], "\u{1F44D}\u{1F3FD}"),
        ("ZWJ pair", ["\u{1F468}", "\u{200D}", "\u{1F469}"], "\u{1F468}\u{200D}\u{1F469}"),
        ("Hangul jamo", ["\u{1100}", "\u{1161}", "\u{11A8}"], "\u{1100}\u{1161}\u{11A8}"),
        ("Devanagari ka + vowel sign i", ["\u{915}", "\u{93F}"], "\u{915}\u{93F}"),
    ]

    @Test(arguments: mergingInputs.map(\.name))
    func typingMergingScalarsKeepsTheCursorValid(_ name: String) {
        let input = Self.mergingInputs.first { $0.name == name }!
        var e = LineEditor()
        for s in input.typed {
            e.apply(.insert(s))
            #expect(e.isConsistent)
            #expect(e.cursor == e.count)
        }
        #expect(e.text.unicodeScalars.elementsEqual(input.text.unicodeScalars))
        // Typing on after it, moving and deleting stay inside the text.
        e.apply(.insert("x"))
        e.apply(.left); e.apply(.left)
        e.apply(.insert(input.typed.last!))
        e.apply(.backspace); e.apply(.backspace); e.apply(.delete)
        e.apply(.end); e.apply(.backspace)
        #expect(e.isConsistent)
    }

    @Test func insertingBeforeACombiningMarkOrInsideAFlagRunResegments() {
        var e = LineEditor(text: "\u{301}ab")
        e.apply(.home)
        e.apply(.insert("e"))                  // e + the mark that was first: one character
        #expect(e.isConsistent && e.count == 3 && e.cursor == 1)
        // Regional indicators pair up again after an insert at the front of a run.
        var f = LineEditor(text: "\u{1F1EB}\u{1F1F7}\u{1F1E9}")   // a flag and a lone indicator
        #expect(f.count == 2)
        f.apply(.home)
        f.apply(.insert("\u{1F1EA}"))
        #expect(f.isConsistent)
        #expect(f.count == 2 && f.cursor == 1)
        f.apply(.home)
        f.apply(.delete)
        #expect(f.isConsistent && f.count == 1)
    }

    @Test func wordsAndClear() {
        var e = LineEditor(text: "hello big world")
        e.apply(.wordLeft)
        #expect(e.cursor == 10)
        e.apply(.deleteWordBack)
        #expect(e.text == "hello world" && e.cursor == 6)
        e.apply(.wordRight)
        #expect(e.cursor == 11)
        e.apply(.insert("a\nb"))
        #expect(e.text == "hello worldab")
        e.apply(.clear)
        #expect(e.text == "" && e.cursor == 0)
    }

    /// Random keys and pastes (seeded): after every edit the characters are exactly the
    /// clusters of the text, the cursor stands in it, and the text is what the edit asked for.
    @Test func randomEditsKeepTheModelConsistent() {
        var rng = SplitMix64(seed: 16)
        let pieces = ["a", "e", " ", "\u{301}", "\u{308}", "\u{1F1EB}", "\u{1F1F7}", "\u{1F44D}", "\u{1F3FD}", "\u{200D}",
                      "\u{1F468}", "\u{1100}", "\u{1161}", "\u{11A8}", "\u{915}", "\u{94D}", "\u{93F}", "\r", "\n", "\r\n",
                      "\u{1B}", "\u{FEFF}", "日", "\u{E0001}"]
        for _ in 0..<200 {
            var e = LineEditor()
            for _ in 0..<60 {
                let before = e
                let edit = Self.randomEdit(&rng, pieces)
                e.apply(edit)
                #expect(e.isConsistent, "after \(edit) on \(before.text.unicodeScalars.map { String($0.value, radix: 16) })")
                let chars = before.characters, c = before.cursor
                switch edit {
                case .insert(let s):
                    let expected = String(chars[..<c]) + LineEditor.oneLine(s) + String(chars[c...])
                    #expect(e.text.unicodeScalars.elementsEqual(expected.unicodeScalars))
                case .backspace where c > 0:
                    #expect(e.text.unicodeScalars.elementsEqual((String(chars[..<(c - 1)]) + String(chars[c...])).unicodeScalars))
                case .delete where c < chars.count:
                    #expect(e.text.unicodeScalars.elementsEqual((String(chars[..<c]) + String(chars[(c + 1)...])).unicodeScalars))
                case .left, .right, .home, .end, .wordLeft, .wordRight:
                    #expect(e.characters == before.characters)
                default: break
                }
            }
        }
        for _ in 0..<100 {
            var n = NoteEditor()
            for _ in 0..<60 {
                n.apply(Self.randomEdit(&rng, pieces))
                #expect(n.isConsistent)
                _ = n.visibleLines(width: 7, height: 3)
            }
        }
    }

    static func randomEdit(_ rng: inout SplitMix64, _ pieces: [String]) -> Edit {
        switch rng.next() % 14 {
        case 0...5:
            let n = Int(rng.next() % 4) + 1
            return .insert((0..<n).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined())
        case 6: return .backspace
        case 7: return .delete
        case 8: return .left
        case 9: return .right
        case 10: return [.home, .end, .up, .down][Int(rng.next() % 4)]
        case 11: return [.wordLeft, .wordRight][Int(rng.next() % 2)]
        case 12: return .deleteWordBack
        default: return rng.next() % 8 == 0 ? .clear : .newline
        }
    }

    /// Issue 16, item 5: the window drawn for a prompt measures only what fits, whatever the
    /// text's length (the status line used to re-measure the whole text once per character).
    @Test func windowMeasuresOnlyWhatIsVisible() {
        var e = LineEditor()
        e.apply(.insert(String(repeating: "wörd 日本 ", count: 12_500)))   // 100 kB of UTF-8
        var measured = 0
        let atEnd = e.window(room: 70) { measured += 1; return LineEditor.width($0) }
        #expect(measured <= 72)
        #expect(atEnd.range.upperBound == e.count && atEnd.cursorColumn < 70)
        e.apply(.home)
        for _ in 0..<5 { e.apply(.right) }
        measured = 0
        let atStart = e.window(room: 70) { measured += 1; return LineEditor.width($0) }
        #expect(measured <= 72)
        #expect(atStart.range.lowerBound == 0 && atStart.cursorColumn == 5)
        let cells = e.characters[atStart.range].reduce(0) { $0 + LineEditor.width($1) }
        #expect(cells <= 70 && cells >= 69)
    }

    @Test func pastingIntoANoteIsLinear() {
        // 200 kB with line breaks, pasted at once: one pass (this took 53 s in the reader).
        var n = NoteEditor(text: "start")
        n.moveEnd()
        let paste = String(repeating: "a line of the paste, with ünïcode and 日本語\n", count: 4_000)
        n.insert(paste)
        #expect(n.isConsistent)
        #expect(n.cursor == (4_000, 0))
        #expect(n.text == "start" + paste)
    }

    /// The note's view wraps only the rows it shows; what it shows must be a window of the
    /// whole note wrapped at once, with the cursor in it, the box full when the note fills it,
    /// and moved no more than needed: it stays put while the cursor moves inside it.
    @Test func noteViewMatchesWrappingEverything() {
        var rng = SplitMix64(seed: 1616)
        let pieces = ["a", "bb ", "ccc ", " ", "日本", "e\u{301}", "\n", "\n\n", "word word word ", "\u{1B}", "xxxxxxxxxxxx"]
        for _ in 0..<60 {
            var e = NoteEditor()
            let width = Int(rng.next() % 12) + 1, height = Int(rng.next() % 5) + 1
            var previous: [String] = []
            for _ in 0..<80 {
                let move = rng.next() % 3 == 0
                let edit: Edit = move
                    ? [.left, .right, .up, .down, .home, .end, .backspace, .delete][Int(rng.next() % 8)]
                    : .insert(pieces[Int(rng.next() % UInt64(pieces.count))])
                e.apply(edit)
                e.scrollToCursor(width: width, height: height)
                let all = e.lines.indices.flatMap { e.wrap($0, width: width, measure: NoteEditor.width) }
                var cursorRow = 0
                for (r, row) in all.enumerated() where row.line == e.line && row.start <= e.column {
                    cursorRow = r
                    if e.column < row.end { break }
                }
                let shown = all.map { e.lines[$0.line].displayText($0.start..<$0.end) }
                let view = e.visibleLines(width: width, height: height)
                let top = cursorRow - view.cursorRow
                #expect(top >= 0 && view.lines.count == min(height, all.count - top))
                #expect(top < 0 || Array(shown[top..<min(all.count, top + height)]) == view.lines)
                #expect(view.lines.count == height || all.count < height + top || top == 0, "rows left empty")
                if case .right = edit, view.cursorRow > 0, view.cursorRow < height - 1, previous.count == height {
                    #expect(view.lines == previous, "scrolled while the cursor stayed inside")
                }
                previous = view.lines
            }
        }
    }

    /// Issue 16, item 5: a 200 kB note draws by measuring about what is shown, wherever the
    /// cursor is.
    @Test func noteViewMeasuresAboutWhatIsShown() {
        var e = NoteEditor()
        e.insert(String(repeating: "a line of the paste, with ünïcode and 日本語\n", count: 4_000))
        e.insert(String(repeating: "one long line without a break ", count: 3_000))
        var measured = 0
        let count: (Character) -> Int = { measured += 1; return NoteEditor.width($0) }
        e.scrollToCursor(width: 68, height: 8)
        _ = e.visibleLines(width: 68, height: 8, measure: count)
        // The cursor ends a 90,000-character line: its rows before the cursor are wrapped once
        // (that line is what the cursor stands in), nothing of the 4,000 lines above.
        #expect(measured < 3 * 90_000)
        e.moveUp()
        for _ in 0..<3 { e.moveUp() }
        e.scrollToCursor(width: 68, height: 8)
        measured = 0
        let view = e.visibleLines(width: 68, height: 8, measure: count)
        #expect(view.lines.count == 8)
        #expect(measured < 5_000)
    }
}
