import Testing
@testable import Library

@Suite struct LayoutTests {
    func lines(_ s: String, width: Int) -> [String] {
        let text = ArticleText(s)
        let layout = Layout(text: text, width: width)
        return (0..<layout.lineCount).map { line in
            Sanitizer.pieces(text, range: layout.range(ofLine: line), startColumn: 0).map(\.text).joined()
        }
    }

    /// What a line shows: its pieces up to the width, trailing spaces dropped (as drawn).
    func drawn(_ s: String, width: Int) -> [String] {
        lines(s, width: width).map { line in
            var l = line
            while l.hasSuffix(" ") { l.removeLast() }
            return l
        }
    }

    /// Fuzz finding (layout-crash-0a70e533…): a ZWNJ after a hanging tab is hidden and draws
    /// nothing, so the tab's blanks before it are not part of the line's drawn width.
    @Test func hiddenUnitAfterTrailingBlanksDrawsNothing() {
        let text = ArticleText("ab \t\u{200C}\nnext")
        let layout = Layout(text: text, width: 80)
        #expect(layout.drawnWidth(ofLine: 0, in: text) == 2)
        let text2 = ArticleText("word\t\u{200C}\u{200C}")
        #expect(Layout(text: text2, width: 9).drawnWidth(ofLine: 0, in: text2) == 4)
    }

    @Test func wrapsAtSpacesAndKeepsParagraphs() {
        #expect(drawn("The quick brown fox jumps over the lazy dog", width: 10)
                == ["The quick", "brown fox", "jumps over", "the lazy", "dog"])
        #expect(drawn("One.\n\nTwo.", width: 10) == ["One.", "", "Two."])
        #expect(drawn("Ends with newline\n", width: 80) == ["Ends with newline"])
    }

    @Test func wrapsAfterHyphensAndDashes() {
        #expect(drawn("a well-known fact", width: 8) == ["a well-", "known", "fact"])
        #expect(drawn("war—and peace", width: 5) == ["war—", "and", "peace"])
    }

    @Test func breaksWordsLongerThanTheLine() {
        #expect(drawn("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
    }

    @Test func wideCharactersAreNeverSplit() {
        #expect(drawn("日本語のテキスト", width: 5) == ["日本", "語の", "テキ", "スト"])
        // At width 1 a wide character sits alone on its line (and is clipped when drawn).
        let layout = Layout(text: ArticleText("日本"), width: 1)
        #expect(layout.lineCount == 2)
    }

    @Test func combiningMarksTakeNoCells() {
        let s = String(repeating: "e\u{301}", count: 10)
        #expect(drawn(s, width: 5).count == 2)
    }

    @Test func tabsExpandRelativeToTheLine() {
        #expect(drawn("a\tb", width: 80) == ["a       b"])
    }

    @Test func markersTakeTheirCells() {
        // "<U+202E>" is 8 cells: with "ab" it no longer fits in 9.
        #expect(drawn("ab\u{202E}cd", width: 9) == ["ab", "<U+202E>c", "d"])
    }

    @Test func lineLookup() {
        let text = ArticleText("aaaa bbbb cccc\ndddd")
        let layout = Layout(text: text, width: 5)
        #expect(layout.lineCount == 4)
        #expect(layout.line(containing: 0) == 0)
        #expect(layout.line(containing: 6) == 1)
        #expect(layout.line(containing: 15) == 3)
        #expect(layout.line(containing: 999) == 3)
    }

    @Test func pathologicalInputsDoNotHangOrOverflow() {
        let inputs = [
            String(repeating: "x", count: 200_000),                      // one huge word
            String(repeating: "日", count: 5_000),                        // only wide characters
            String(repeating: "\u{301}", count: 5_000),                  // only combining marks
            "",                                                           // empty
            String(repeating: "\n", count: 100),
            String(repeating: "\u{1B}[31m", count: 500),                 // only escape sequences
            String(repeating: " ", count: 5_000),
        ]
        for s in inputs {
            let text = ArticleText(s)
            for width in [1, 2, 3, 80] {
                let layout = Layout(text: text, width: width)
                #expect(layout.lineCount >= 1)
                assertInvariants(text, layout)
            }
        }
    }

    /// Property: for random text and widths, lines cover every scalar exactly once in order, and
    /// no drawn line is wider than the width (except a single unit wider than the whole line).
    @Test func randomTextAndWidths() {
        var rng = SplitMix64(seed: 42)
        let alphabet: [String] = ["a", "b", "c", " ", " ", " ", "-", "\n", "\t", "日", "é", "e\u{301}", "👍🏽",
                                  "\u{1B}", "\u{202E}", "’", "—", "\r\n", "\u{AD}", "🇺🇦", "x", "y", "z"]
        for _ in 0..<300 {
            var s = ""
            for _ in 0..<rng.next(400) { s += alphabet[rng.next(alphabet.count)] }
            let text = ArticleText(s)
            let layout = Layout(text: text, width: 1 + rng.next(30))
            assertInvariants(text, layout)
        }
    }

    func assertInvariants(_ text: ArticleText, _ layout: Layout, sourceLocation: SourceLocation = #_sourceLocation) {
        var expectedStart = 0
        for line in 0..<layout.lineCount {
            let r = layout.range(ofLine: line)
            #expect(r.lowerBound == expectedStart, sourceLocation: sourceLocation)
            #expect(r.upperBound >= r.lowerBound, sourceLocation: sourceLocation)
            expectedStart = r.upperBound
            let width = layout.drawnWidth(ofLine: line, in: text)
            if width > layout.width {
                // Only a lone unit wider than the line may overflow (it is clipped when drawn).
                let unit = Sanitizer.unit(in: text, at: r.lowerBound, column: 0)
                #expect(unit.width > layout.width && width == unit.width, sourceLocation: sourceLocation)
            }
        }
        #expect(expectedStart == text.count, sourceLocation: sourceLocation)
    }
}

@Suite struct PaginationTests {
    let text = ArticleText((1...95).map { "Line \($0)" }.joined(separator: "\n"))

    @Test func pagesOfFixedHeight() {
        let pages = Pagination(layout: Layout(text: text, width: 40), linesPerPage: 10)
        #expect(pages.pageCount == 10)
        #expect(pages.firstLine(ofPage: 9) == 90)
        #expect(pages.lastTopLine == 90)
        #expect(pages.page(ofLine: 89) == 8)
        let offset = text.string.unicodeScalars.count - 3   // inside "Line 95"
        #expect(pages.page(containing: offset) == 9)
        #expect(text.string(pages.offset(atTopOfPage: 1)..<(pages.offset(atTopOfPage: 1) + 7)) == "Line 11")
    }

    @Test func emptyTextHasOnePage() {
        let pages = Pagination(layout: Layout(text: ArticleText(""), width: 10), linesPerPage: 5)
        #expect(pages.pageCount == 1)
        #expect(pages.offset(atTopOfPage: 0) == 0)
    }

    @Test func anOffsetIsFoundAgainAtAnyWidth() {
        var rng = SplitMix64(seed: 7)
        let words = (0..<3000).map { _ in ["alpha", "beta", "gamma", "delta", "epsilon"][rng.next(5)] }
        let text = ArticleText(words.joined(separator: " "))
        for _ in 0..<200 {
            let offset = rng.next(text.count)
            let layout = Layout(text: text, width: 1 + rng.next(120))
            let line = layout.line(containing: offset)
            #expect(layout.range(ofLine: line).contains(offset))
        }
    }
}
