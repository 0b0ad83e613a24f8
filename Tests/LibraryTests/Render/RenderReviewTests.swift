import Foundation
import Testing
@testable import Library
import TestSupport

/// Fuzz findings of Fuzz/open, now fixed and kept in the corpus.
@Suite struct RenderFuzzFindingTests4 {
    /// A paragraph continued lazily after a quote (lines without `>`): cmark's positions for
    /// those lines fall short; every drawn scalar still maps to the text it shows and each line
    /// is found again from its first offset (markdown finding).
    @Test func lazyQuoteLinesMapToTheirOwnText() {
        let sources = [
            "> quoted start of a paragraph\nlazy continuation <b>x</b> line\nanother *lazy* line with `code` and words\n> back in the quote\nand lazy again at the end\n",
            "> quoted\n   indented lazy line\n>     indented in the quote\n  ![alt](u) after an image\n",
            "para\n   indented continuation\n\n- item one\nlazy in the item\n\n> > deep quote\n> lazy for the inner one\n",
            // A code span over lines: cmark's columns after it drift (markdown finding).
            "> quote\n<d`v>\nblock\n![alt](u) [l](e tha`t and words after the span\n  It compared\n",
            // A text node rebuilt by the autolink extension has no end column (markdown finding).
            "> quote\nbloc+<" + String(repeating: "X", count: 84) + "/\u{FFFD}i\u{10}\u{0}v~\n![alt](u) more\n",
        ]
        for source in sources {
        let text = ArticleText(source)
        for width in [10, 16, 23, 40, 80] {
            let r = MarkdownRenderer.document(text).rendition(width: width)
            for d in 0..<r.display.count where !r.isSynthetic(d) && r.display.scalars[d] != " " {
                let s = r.sourceOffset(ofDisplay: d)
                // cmark reads a NUL as U+FFFD; a code span over lines has a space for each line break.
                let same = text.scalars[s] == r.display.scalars[d] || (text.scalars[s] == "\u{0}" && r.display.scalars[d] == "\u{FFFD}") || (text.scalars[s] == "\n" && r.display.scalars[d] == " ")
                #expect(same, "width \(width): display \(d) U+\(String(r.display.scalars[d].value, radix: 16)) maps to U+\(String(text.scalars[s].value, radix: 16)) at \(s)")
            }
            for line in 0..<r.layout.lineCount where r.layout.range(ofLine: line).contains(where: { !r.isSynthetic($0) }) {
                let s = r.sourceOffset(atLine: line)
                #expect(r.sourceOffset(atLine: r.line(containingSource: s)) == s, "width \(width), line \(line)")
            }
        }
        }
    }

    /// The markdown fuzz findings kept in the corpus (cmark's columns behind or ahead on later
    /// lines, after NULs and failed code spans): each line found again from its first offset
    /// starts at that offset.
    @Test func fuzzFindingsKeepLineStartsApart() throws {
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Fuzz/corpus/markdown").standardized.path
        for name in ["markdown-lazy-quote-lines", "markdown-lazy-indented-line", "markdown-autolink-text-without-end",
                     "markdown-code-span-over-lines", "markdown-columns-behind-after-nuls",
                     "markdown-lazy-quote-images-seed2", "markdown-table-nuls-line-start", "markdown-table-quote-nuls-seed3",
                     "markdown-table-lines-far-apart"] {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: corpus + "/" + name)))
            let text = ArticleText(utf8: Array(bytes.dropFirst()))
            for width in [Int(bytes[0]), 12, 30, 80] {
                let r = MarkdownRenderer.document(text).rendition(width: width)
                for line in 0..<r.layout.lineCount where r.layout.range(ofLine: line).contains(where: { !r.isSynthetic($0) }) {
                    let s = r.sourceOffset(atLine: line)
                    #expect(r.sourceOffset(atLine: r.line(containingSource: s)) == s, "\(name), width \(width), line \(line)")
                }
            }
        }
    }

    /// A U+FEFF starting a table cell is drawn as a marker (it is no byte-order mark there), so
    /// it is measured as one: no line is wider than the width (html finding).
    @Test func byteOrderMarkStartingACellIsMeasuredAsDrawn() {
        let text = ArticleText("| a | b | c |\n|---|---|---|\n| \u{FEFF}x | \u{FEFF}yy | z |\n| words | more | here |\n")
        for width in [12, 16, 20, 26, 40] {
            let r = MarkdownRenderer.document(text).rendition(width: width)
            for line in 0..<r.layout.lineCount {
                #expect(r.layout.drawnWidth(ofLine: line, in: r.display) <= width, "width \(width): \(r.display.string(r.layout.range(ofLine: line)))")
            }
        }
    }
}

/// A reviewer's findings on rendering.
@Suite struct RenderReviewTests {
    /// A table too narrow for its longest words is stacked as `header: value` lines rather than
    /// splitting words and numbers across lines (`De│pt│h`, `4.│2`).
    @Test func narrowTablesNeverSplitWords() {
        let source = "| Site | Depth | Reading | Temperature | Notes |\n|---|---|---|---|---|\n| North ridge | 4.2 | 17.35 | 12.5 | sandy soil under moss |\n| South bank | 11.8 | 9.01 | 14.0 | clay |\n"
        let words = ["Site", "Depth", "Reading", "Temperature", "Notes", "North", "ridge", "4.2", "17.35", "12.5", "sandy", "11.8", "9.01", "14.0", "clay"]
        for width in [30, 40, 42, 44, 60, 100] {
            let (_, r) = RenderTests.markdown(source, width: width)
            let lines = RenderTests.lines(r)
            for word in words {
                #expect(lines.contains { $0.contains(word) }, "width \(width): \(word) split in \(lines)")
            }
        }
        // Wide enough: columns.
        #expect(RenderTests.lines(RenderTests.markdown(source, width: 100).1).contains { $0.contains("│") })
    }

    /// A stacked row leaves out the cells it has nothing in: no `Notes:` line with nothing after it.
    @Test func stackedRowsLeaveOutEmptyCells() {
        let source = "| Departs | From | Arrives | To | Calls at | Cabins | Cars | Notes |\n|---|---|---|---|---|---|---|---|\n| 17:30 | Lerwick | 07:00 | Aberdeen | Kirkwall | yes | 120 | |\n| 17:00 | Aberdeen | 07:30 | Lerwick | | yes | 120 | Reduced service |\n"
        let lines = RenderTests.lines(RenderTests.markdown(source, width: 40).1)
        #expect(lines == ["Departs: 17:30", "From: Lerwick", "Arrives: 07:00", "To: Aberdeen", "Calls at: Kirkwall", "Cabins: yes", "Cars: 120",
                          "", "Departs: 17:00", "From: Aberdeen", "Arrives: 07:30", "To: Lerwick", "Cabins: yes", "Cars: 120",
                          "Notes: Reduced service"])
    }

    /// A saved page's `<title>` that adds the site's name to the headline its `<h1>` gives
    /// ("Headline | The Gazette") names the article by the headline.
    @Test func pageTitleWithoutTheSiteName() {
        func title(_ head: String, _ body: String) -> String? {
            HTMLReader.read(Array("<html><head>\(head)</head><body>\(body)<p>Text.</p></body></html>".utf8)).title
        }
        #expect(title("<title>Café culture – a short history | The Harbour Gazette</title>", "<h1>Café culture – a short history</h1>")
            == "Café culture – a short history")
        #expect(title("<title>Northern Times - Night ferry returns</title>", "<h1>Night ferry returns</h1>") == "Night ferry returns")
        #expect(title("<title>Night ferry — Northern Times</title>", "<article><h1>Night  ferry\n</h1></article>") == "Night ferry")
        // A title that is not the headline and a site name stays whole; og:title still wins.
        #expect(title("<title>Ferry news: the night sailing returns</title>", "<h1>Ferry news</h1>") == "Ferry news: the night sailing returns")
        #expect(title("<meta property=\"og:title\" content=\"Ferry | Times\"><title>Ferry | Times</title>", "<h1>Ferry</h1>") == "Ferry | Times")
    }

    /// Invisible characters of saved pages (soft hyphens, zero width spaces, direction marks,
    /// U+FEFF) are dropped from the extracted text and the title.
    @Test func invisibleCharactersDroppedFromPages() {
        let html = "<html><head><title>Soft&shy;ware\u{200B} notes</title></head><body><p>co&shy;operate\u{200E} and\u{FEFF} zero\u{200B}width\u{200F} text</p></body></html>"
        let page = HTMLReader.read(Array(html.utf8))
        #expect(page.text.string == "cooperate and zerowidth text")
        #expect(page.title == "Software notes")
        // Plain text keeps showing them, as the sanitiser does.
        #expect(Sanitizer.needsMarker(0xAD))
    }

    /// A dropped comment leaves one space between the words around it.
    @Test func droppedCommentsLeaveOneSpace() {
        let (_, r) = RenderTests.markdown("Start and <!-- c --> done.\n")
        #expect(RenderTests.lines(r) == ["Start and done."])
        let page = HTMLReader.read(Array("<p>Start and <!-- c --> done. <b>x</b> <!-- d --> <i>y</i></p>".utf8))
        #expect(page.text.string == "Start and done. x y")
    }

    /// In a page's text, a list is a block like others: a blank line before and after it.
    @Test func pageTextListsAreBlocksApart() {
        let page = HTMLReader.read(Array("<p>Intro</p><ul><li>one</li><li>two<ul><li>deep</li></ul></li></ul><p>After</p>".utf8))
        #expect(page.text.string == "Intro\n\n• one\n• two\n◦ deep\n\nAfter")
    }

    /// Footnotes: a reference is a numbered marker, the definitions come at the end under the
    /// same numbers; neither shows raw.
    @Test func footnotesRendered() {
        let (text, r) = RenderTests.markdown("A claim[^1] and another[^note].\n\n[^1]: The first note.\n[^note]: The second.\n\nMore text.\n")
        let lines = RenderTests.lines(r)
        #expect(lines.first == "A claim[^1] and another[^2].")
        #expect(!lines.contains { $0.contains("]:") })
        let first = lines.firstIndex { $0.contains("The first note.") }
        let more = lines.firstIndex { $0.contains("More text.") }
        #expect(first != nil && more != nil && first! > more!, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("[^1]") && $0.contains("The first note.") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("[^2]") && $0.contains("The second.") }, "\(lines)")
        // The note's words map to the note's text.
        let d = Array(r.display.string.unicodeScalars).indices.first { i in r.display.string(i..<min(r.display.count, i + 6)) == "second" }!
        let s = r.sourceOffset(ofDisplay: d)
        #expect(text.string(s..<(s + 6)) == "second")
    }
}
