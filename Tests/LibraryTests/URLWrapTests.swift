import Testing
@testable import Library

/// A long URL in running text: moved whole to a line of its own when it fits there, cut at the
/// width when it does not (as `less` cuts every line), never broken at one of its hyphens.
@Suite struct URLWrapTests {
    static func lines(_ s: String, width: Int) -> [String] {
        let text = ArticleText(s)
        let layout = Layout(text: text, width: width)
        return (0..<layout.lineCount).map { text.string(layout.range(ofLine: $0)) }
    }

    @Test func aURLThatFitsALineMovesThereWhole() {
        #expect(Self.lines("see https://example.org/books/rivers-of-the-valley now", width: 48)
                == ["see ", "https://example.org/books/rivers-of-the-valley ", "now"])
    }

    @Test func aURLLongerThanALineIsCutAtTheWidth() {
        #expect(Self.lines("at https://archive.example.org/collections/agriculture/soil-association/reports end", width: 30)
                == ["at ", "https://archive.example.org/co", "llections/agriculture/soil-ass", "ociation/reports end"])
    }

    @Test func hyphenatedWordsStillBreakAfterTheirHyphen() {
        #expect(Self.lines("a well-known thing", width: 8) == ["a well-", "known ", "thing"])
        // A word with `://` only in a later word is no URL.
        #expect(Self.lines("state-of-the-art x://y", width: 10) == ["state-of-", "the-art ", "x://y"])
    }

    /// As drawn: an autolink in a Markdown paragraph, its number after it.
    @Test func anAutolinkInMarkdownWrapsWhole() {
        let text = ArticleText("Kept at https://example.org/books/rivers-of-the-valley for now.\n")
        let r = MarkdownRenderer.document(text).rendition(width: 50)
        let shown = (0..<r.layout.lineCount).map { r.display.string(r.layout.range(ofLine: $0)) }
        #expect(shown == ["Kept at\n", "https://example.org/books/rivers-of-the-valley[1]\n", "for now.\n"])
    }
}
