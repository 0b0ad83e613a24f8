#if DEBUG
@testable import Library

/// The renderers: Markdown (cmark-gfm) and web pages (libxml2), laid out at a width.
enum RenderTargets {
    /// Input: a width (1…200), then a Markdown file's bytes.
    ///
    /// Parsing and laying out end; the rendition's lines cover the display text in order and
    /// fit the width (a line wider only when it is one unit); every display scalar maps into the
    /// text and the inverse map stays in the display; link offsets are in the text.
    @Sendable static func markdown(_ data: UnsafeBufferPointer<UInt8>) {
        var input = FuzzInput(data)
        let width = input.number(1...200)
        let text = ArticleText(utf8: input.rest())
        let document = MarkdownRenderer.document(text)
        checkRendition(document, text: text, width: width, exactText: false)
    }

    /// Input: a width (1…200), then a page's bytes (any charset, any garbage).
    ///
    /// As for Markdown, and more: the article's text is the extracted text, so every display
    /// scalar that is not the renderer's is exactly the text's scalar it maps to.
    @Sendable static func html(_ data: UnsafeBufferPointer<UInt8>) {
        var input = FuzzInput(data)
        let width = input.number(1...200)
        let page = HTMLReader.read(input.rest())
        check(page.document.sourceCount == page.text.count, "document of \(page.document.sourceCount) for a text of \(page.text.count)")
        checkRendition(page.document, text: page.text, width: width, exactText: true)
    }

    static func checkRendition(_ document: RenderDocument, text: ArticleText, width: Int, exactText: Bool) {
        for link in document.links {
            check(link.offset >= 0 && link.offset <= text.count, "link \(link.number) at \(link.offset) of \(text.count)")
        }
        for numbered in [true, false] {
            let r = document.rendition(width: width, options: RenderOptions(numberLinks: numbered))
            let layout = r.layout
            var end = 0
            for line in 0..<layout.lineCount {
                let range = layout.range(ofLine: line)
                check(range.lowerBound == end && range.upperBound >= range.lowerBound, "line \(line) is \(range) after \(end)")
                end = range.upperBound
                let drawn = layout.drawnWidth(ofLine: line, in: r.display)
                if drawn > width {
                    // Only a single unit wider than the whole line may overflow it.
                    let first = Sanitizer.unit(in: r.display, at: range.lowerBound, column: 0)
                    check(first.width > width || range.count <= first.length + 1,
                          "line \(line) draws \(drawn) cells at width \(width): \(shown(r.display.string(range)))")
                }
            }
            check(end == r.display.count, "lines end at \(end) of \(r.display.count)")
            for d in 0..<r.display.count {
                let s = r.sourceOffset(ofDisplay: d)
                check(s >= 0 && s <= text.count, "display \(d) maps to \(s) of \(text.count)")
                if exactText && !r.isSynthetic(d) && s < text.count {
                    // A tab is drawn as the spaces to its stop.
                    check(text.scalars[s] == r.display.scalars[d] || (text.scalars[s] == "\t" && r.display.scalars[d] == " "), "display \(d) shows U+\(String(r.display.scalars[d].value, radix: 16)) for U+\(String(text.scalars[s].value, radix: 16)) at \(s)")
                }
            }
            // A place kept as a source offset (the first of a line's own characters) finds a line
            // that starts at that same offset: the place is stable through resizes and saves.
            // (Columns of a table interleave the text, so the map is not monotonic, and a tab
            // drawn as spaces or a decoded entity gives lines that start at one offset: scrolling
            // keeps the line it reached, `topLineHint`.)
            for line in 0..<layout.lineCount {
                let s = r.sourceOffset(atLine: line)
                let found = r.line(containingSource: s)
                check(r.sourceOffset(atLine: found) == s || !layout.range(ofLine: line).contains(where: { !r.isSynthetic($0) }),
                      "line \(line) starts at source \(s), found on line \(found) starting at \(r.sourceOffset(atLine: found))")
            }
            for s in stride(from: 0, through: text.count, by: max(1, text.count / 64)) {
                let d = r.displayOffset(ofSource: s)
                check(d >= 0 && d <= r.display.count, "source \(s) maps to display \(d) of \(r.display.count)")
            }
        }
    }
}
#endif
