import Foundation
import Testing
@testable import Library
import TestSupport

/// The renderers: what Markdown and web pages look like at a width, and how every display
/// scalar maps back into the article's text.
@Suite struct RenderTests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Fixtures/render-samples").standardized.path

    /// The lines of a rendition as text (no styles).
    static func lines(_ r: Rendition) -> [String] {
        (0..<r.layout.lineCount).map { l in
            var range = r.layout.range(ofLine: l)
            if range.upperBound > range.lowerBound && r.display.scalars[range.upperBound - 1] == "\n" { range = range.lowerBound..<(range.upperBound - 1) }
            return r.display.string(range)
        }
    }

    static func markdown(_ s: String, width: Int = 80, numberLinks: Bool = true) -> (ArticleText, Rendition) {
        let text = ArticleText(s)
        return (text, MarkdownRenderer.document(text).rendition(width: width, options: RenderOptions(numberLinks: numberLinks)))
    }

    @Test func paragraphsReflowHeadingsSpacedEntitiesDecoded() {
        let (_, r) = Self.markdown("# Title &amp; more\n\nOne line\nand the next, *soft* broken.\nA third.\n\nSecond para.\n", width: 40)
        #expect(Self.lines(r) == ["Title & more", "════════════", "", "One line and the next, soft broken. A", "third.", "", "Second para."])
    }

    @Test func softBreaksLeaveNoStubs() {
        // Source lines exactly at the width: re-wrapping them must not leave one-word lines.
        let source = "aaaa bbbb cccc dddd\neeee ffff gggg hhhh\niiii\n"
        let (_, r) = Self.markdown(source, width: 19)
        #expect(Self.lines(r) == ["aaaa bbbb cccc dddd", "eeee ffff gggg hhhh", "iiii"])
        let (_, wide) = Self.markdown(source, width: 30)
        #expect(Self.lines(wide) == ["aaaa bbbb cccc dddd eeee ffff", "gggg hhhh iiii"])
    }

    @Test func styles() {
        let (_, r) = Self.markdown("**bold** *it* `code` ~~gone~~\n")
        func bits(of word: String) -> UInt8 {
            let s = r.display.string
            let start = s.unicodeScalars.distance(from: s.unicodeScalars.startIndex, to: s.range(of: word)!.lowerBound.samePosition(in: s.unicodeScalars)!)
            return r.attributes(at: start)
        }
        #expect(bits(of: "bold") & Rendition.Attributes.bold != 0)
        #expect(bits(of: "it") & Rendition.Attributes.italic != 0)
        #expect(bits(of: "code") & Rendition.Attributes.code != 0)
        #expect(bits(of: "gone") & Rendition.Attributes.strike != 0)
    }

    @Test func frontMatterHiddenYAMLAndTOML() {
        for source in ["---\ntitle: T\nauthor: A\n---\n\nBody text.\n", "+++\ntitle = \"T\"\n+++\nBody text.\n"] {
            let (_, r) = Self.markdown(source)
            #expect(Self.lines(r) == ["Body text."])
        }
        // Never closed: not front matter.
        let (_, open) = Self.markdown("---\ntitle: T\n\nBody\n")
        #expect(Self.lines(open).contains("Body"))
    }

    @Test func nestedListsHangAndQuotesHaveBars() {
        let (_, r) = Self.markdown("- one two three four five six\n  - nested item that wraps over\n1. first\n\n> quoted text that wraps around\n", width: 20)
        #expect(Self.lines(r) == [
            "• one two three four", "  five six", "  ◦ nested item that", "    wraps over",
            "", "1. first", "", "│ quoted text that", "│ wraps around",
        ])
    }

    @Test func codeIsCutNotWrapped() {
        let (_, r) = Self.markdown("```\nshort\nthis line is far too long to fit\n```\n", width: 12)
        #expect(Self.lines(r) == ["short", "this line i→"])
    }

    @Test func tablesFitInColumnsAndStackWhenNarrow() {
        let table = "| Name | Note |\n|---|---|\n| Ann | a long note that wraps |\n| Bo | short |\n"
        let (_, wide) = Self.markdown(table, width: 40)
        #expect(Self.lines(wide) == ["Name │ Note", "─────┼───────────────────────", "Ann  │ a long note that wraps", "Bo   │ short"])
        let (_, narrow) = Self.markdown(table, width: 20)
        #expect(Self.lines(narrow) == ["Name │ Note", "─────┼──────────────", "Ann  │ a long note", "     │ that wraps", "Bo   │ short"])
        let (_, tiny) = Self.markdown(table, width: 7)
        #expect(Self.lines(tiny).prefix(3) == ["Name:", "Ann", "Note: a"])
    }

    @Test func imagesLinksAndInlineHTML() {
        let (text, r) = Self.markdown("See ![a cat](c.png) and [the site](https://x.org) <span>kept</span> text.\n")
        #expect(Self.lines(r) == ["See [image: a cat] and the site[1] kept text."])
        let doc = MarkdownRenderer.document(text)
        #expect(doc.links == [ArticleLink(number: 1, text: "the site", url: "https://x.org", offset: 25)])
        #expect(text.string(25..<33) == "the site")
        let (_, plain) = Self.markdown("[the site](https://x.org)\n", numberLinks: false)
        #expect(Self.lines(plain) == ["the site"])
    }

    /// Every scalar of the article drawn maps to the place in the text it was read from.
    @Test func displayMapsIntoTheSource() throws {
        let source = try String(contentsOfFile: Self.samples + "/field-notes.md", encoding: .utf8)
        let text = ArticleText(source)
        for width in [20, 40, 80, 160] {
            let r = MarkdownRenderer.document(text).rendition(width: width)
            var mismatches = 0
            for d in 0..<r.display.count where !r.isSynthetic(d) {
                let s = r.sourceOffset(ofDisplay: d)
                if text.scalars[s] != r.display.scalars[d] { mismatches += 1 }
            }
            // Only the decoded entity (&amp;) may differ from its source scalar.
            #expect(mismatches == 0, "width \(width)")
            // And back: each source offset shown maps to a display offset showing it.
            for d in 0..<r.display.count where !r.isSynthetic(d) {
                let s = r.sourceOffset(ofDisplay: d)
                #expect(r.sourceOffset(ofDisplay: r.displayOffset(ofSource: s)) == s)
            }
        }
    }

    @Test func plainTextIsTheIdentity() {
        let text = ArticleText("Plain *text* stays # as it is\n")
        let r = ArticleRendering.rendition(text, document: ArticleRendering.document(text, format: .text), width: 10)
        #expect(r.isIdentity)
        #expect(r.display == text)
        #expect(r.layout == Layout(text: text, width: 10))
        #expect(r.displayOffset(ofSource: 7) == 7 && r.sourceOffset(ofDisplay: 7) == 7)
    }
}

/// Fuzz findings, kept.
@Suite struct RenderFuzzFindingTests {
    /// A control character in a table cell is drawn as a marker (`<U+009D>`, 8 cells): the
    /// columns are measured as drawn, so no line overflows (html fuzz finding).
    @Test func markersInTableCellsAreMeasuredAsDrawn() {
        let text = ArticleText("| a | b |\n|---|---|\n| x\u{9D}y | z\u{1B}w |\n| long words here | more words |\n")
        for width in [14, 21, 30] {
            let r = MarkdownRenderer.document(text).rendition(width: width)
            for line in 0..<r.layout.lineCount {
                #expect(r.layout.drawnWidth(ofLine: line, in: r.display) <= width, "width \(width), line \(line)")
            }
        }
    }

    /// Every line that shows text of its own is found again from its first offset (what keeps
    /// the place on resize), tables included (markdown fuzz finding).
    @Test func linesAreFoundFromTheirFirstOffset() throws {
        let source = try String(contentsOfFile: RenderTests.samples + "/field-notes.md", encoding: .utf8)
        for width in [12, 20, 33, 80] {
            let r = MarkdownRenderer.document(ArticleText(source)).rendition(width: width)
            for line in 0..<r.layout.lineCount where r.layout.range(ofLine: line).contains(where: { !r.isSynthetic($0) }) {
                #expect(r.line(containingSource: r.sourceOffset(atLine: line)) == line, "width \(width), line \(line)")
            }
        }
    }
}

/// More fuzz findings, kept.
@Suite struct RenderFuzzFindingTests2 {
    /// A NUL is three bytes to cmark (it reads U+FFFD): the positions after it on its line map
    /// to the right text, so each line is found again from its first offset (markdown finding).
    @Test func nulBytesKeepSourcePositions() {
        let text = ArticleText("| a | b |\n|---|---|\n| x\u{0}\u{0}y | later words |\n| second | row |\n")
        let r = MarkdownRenderer.document(text).rendition(width: 80)
        let s = r.display.string
        let later = offset(of: "later", in: r.display)
        #expect(text.string(r.sourceOffset(ofDisplay: later)..<(r.sourceOffset(ofDisplay: later) + 5)) == "later")
        #expect(s.contains("later words"))
        for line in 0..<r.layout.lineCount where r.layout.range(ofLine: line).contains(where: { !r.isSynthetic($0) }) {
            #expect(r.line(containingSource: r.sourceOffset(atLine: line)) == line)
        }
    }

    /// A column narrower than a unit that cannot be broken (a marker, a wide character): the
    /// table is drawn as rows of lines instead of overflowing (html finding); tabs in cells and
    /// in list items are measured where they are drawn.
    @Test func unbreakableUnitsAndTabsNeverOverflow() {
        let sources = [
            "| a | b | c |\n|---|---|---|\n| xx | yy | \u{9D} |\n| aaaa | bbbb | cccc |\n",
            "| a | b |\n|---|---|\n| x\ty\tz | w |\n",
            "- item\twith\ttabs and words\n  ```\n  code\twith\ttabs\tthat\tgo\ton\n  ```\n",
        ]
        for source in sources {
            for width in [12, 15, 21, 30] {
                let r = MarkdownRenderer.document(ArticleText(source)).rendition(width: width)
                for line in 0..<r.layout.lineCount {
                    #expect(r.layout.drawnWidth(ofLine: line, in: r.display) <= width, "width \(width): \(r.display.string(r.layout.range(ofLine: line)))")
                }
            }
        }
    }

    func offset(of s: String, in text: ArticleText) -> Int {
        let p = Array(s.unicodeScalars)
        return (0...(text.count - p.count)).first { text.scalars[$0..<($0 + p.count)].elementsEqual(p) }!
    }
}

/// Fuzz findings of the last run, kept.
@Suite struct RenderFuzzFindingTests3 {
    /// Shared-out column widths never add up to more than the room (a column bumped to one cell
    /// after rounding took it over by one: html finding).
    @Test func sharedWidthsFitTheRoom() {
        for room in 3...40 {
            for natural in [[1, 1, 50], [30, 1, 1, 1], [7, 9, 2, 40, 3], [100, 100]] where room >= natural.count {
                let widths = TableWriter.share(room, natural: natural, minimum: natural.map { min($0, 4) })
                #expect(widths.reduce(0, +) <= room, "room \(room), natural \(natural): \(widths)")
                #expect(widths.allSatisfy { $0 >= 1 })
            }
        }
    }

    /// NULs in a quote: each line found from its first offset starts at that offset (markdown finding).
    @Test func nulsInAQuoteKeepLinesApart() {
        let text = ArticleText("> quo" + String(repeating: "\u{0}", count: 23) + "x*](u) [l](u \"t\"p; &copy; words after the nuls\n")
        for width in [10, 20, 40] {
            let r = MarkdownRenderer.document(text).rendition(width: width)
            for line in 0..<r.layout.lineCount where r.layout.range(ofLine: line).contains(where: { !r.isSynthetic($0) }) {
                let s = r.sourceOffset(atLine: line)
                #expect(r.sourceOffset(atLine: r.line(containingSource: s)) == s, "width \(width), line \(line)")
            }
        }
    }
}
