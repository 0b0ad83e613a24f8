#if DEBUG
@testable import Library

/// The sanitiser, cell widths, layout and pagination.
enum TextTargets {
    /// Input: a starting column, then the text's bytes (any bytes: invalid UTF-8 included).
    ///
    /// Every display unit advances and has the width its kind allows; nothing drawn contains a
    /// C0 or C1 control, ESC, DEL or a scalar the sanitiser must mark; markers stand exactly for
    /// what they mark; a cleaned string is clean already and keeps its width.
    @Sendable static func sanitizer(_ data: UnsafeBufferPointer<UInt8>) {
        var input = FuzzInput(data)
        let startColumn = input.number(0...15)
        let bytes = input.rest()
        let text = ArticleText(utf8: bytes)
        let s = text.scalars

        // Units: each advances, within the text, with a width that fits its kind.
        var i = 0
        var column = startColumn
        while i < s.count {
            let u = Sanitizer.unit(in: text, at: i, column: column)
            check(u.length >= 1 && i + u.length <= s.count, "unit at \(i) has length \(u.length) of \(s.count)")
            switch u.kind {
            // A cluster takes the cells ncurses gives its spacing characters: a letter with a
            // spacing vowel sign (कि) or a stray skin tone is wider than its base.
            case .hyphen: check(u.width == 1, "\(u.kind) unit at \(i) is \(u.width) wide")
            case .text: check((1...2 * u.length).contains(u.width), "text unit at \(i) is \(u.width) wide")
            case .wide: check((2...2 * u.length).contains(u.width), "wide unit at \(i) is \(u.width) wide")
            case .space: check(u.width == 1 || u.width == 2, "space at \(i) is \(u.width) wide")
            case .tab: check(u.width == Sanitizer.tabStop - column % Sanitizer.tabStop, "tab at column \(column) is \(u.width) wide")
            case .marker: check((2...10).contains(u.width), "marker at \(i) is \(u.width) wide")
            case .newline, .hidden: check(u.width == 0, "\(u.kind) at \(i) is \(u.width) wide")
            }
            for k in i..<(i + u.length) {
                let w = CellWidth.of(s[k])
                check((0...2).contains(w), "cell width \(w) for U+\(String(s[k].value, radix: 16))")
            }
            column = u.kind == .newline ? 0 : column + u.width
            i += u.length
        }

        // Pieces of the whole text: in order, nothing unsafe, markers for what needs one.
        var last = -1
        for p in Sanitizer.pieces(text, range: nil, startColumn: startColumn) {
            check(p.offset > last && p.offset < s.count, "piece offset \(p.offset) after \(last) in \(s.count)")
            last = p.offset
            for u in p.text.unicodeScalars {
                check(!isForbiddenOnScreen(u.value), "U+\(String(u.value, radix: 16)) drawn raw in piece \(shown(p.text)) at \(p.offset)")
            }
            let v = s[p.offset].value
            if v < 0x20 && v != 0x09 && v != 0x0A || v == 0x7F || (Sanitizer.needsMarker(v) && !(v == 0xFEFF && p.offset == 0))
                || text.invalidByte(at: p.offset) != nil {
                check(p.isMarker, "U+\(String(v, radix: 16)) at \(p.offset) is not shown as a marker")
            }
            if p.isMarker {
                check(p.text.unicodeScalars.count == p.width, "marker \(shown(p.text)) drawn \(p.width) wide")
            }
        }

        // Whole strings (file names, notes, messages): clean, stable, same width.
        let string = String(decoding: bytes, as: UTF8.self)
        let cleaned = Sanitizer.clean(string)
        for u in cleaned.unicodeScalars {
            check(!isForbiddenOnScreen(u.value), "U+\(String(u.value, radix: 16)) in clean(\(shown(string))) = \(shown(cleaned))")
        }
        check(Sanitizer.clean(cleaned) == cleaned, "clean is not stable: \(shown(cleaned)) → \(shown(Sanitizer.clean(cleaned)))")
        check(Sanitizer.width(cleaned) == Sanitizer.width(string),
              "clean(\(shown(string))) is \(Sanitizer.width(cleaned)) cells, the string \(Sanitizer.width(string))")
    }

    /// Input: a width (1...80), lines per page (1...50), then the text's bytes.
    ///
    /// Lines cover every scalar once, in order; none is drawn wider than the width (but a single
    /// unit wider than the whole line, alone on its line); a newline only ends a line; every
    /// offset is found on its line and page.
    @Sendable static func layout(_ data: UnsafeBufferPointer<UInt8>) {
        var input = FuzzInput(data)
        let width = input.number(1...80)
        let linesPerPage = input.number(1...50)
        let text = ArticleText(utf8: input.rest())
        let n = text.count
        let layout = Layout(text: text, width: width)
        check(layout.width == width && layout.textCount == n, "layout made for \(layout.width)/\(layout.textCount)")
        check(layout.lineCount >= 1 && layout.lineStarts[0] == 0, "no first line at 0")
        for line in 0..<layout.lineCount {
            let r = layout.range(ofLine: line)
            check(r.lowerBound < r.upperBound || n == 0, "line \(line) is empty: \(r) of \(n)")
            // Units of the line: a newline only at its end; the drawn part within the width.
            var i = r.lowerBound
            var column = 0
            var drawn = 0
            var drawnUnits = 0
            while i < r.upperBound {
                let u = Sanitizer.unit(in: text, at: i, column: column)
                check(u.length >= 1, "no unit at \(i)")
                check(i + u.length <= r.upperBound, "unit \(i)..<\(i + u.length) crosses the end of line \(line) \(r)")
                if u.kind == .newline { check(i + u.length == r.upperBound, "newline at \(i) inside line \(line) \(r)") }
                column += u.width
                if u.kind != .space && u.kind != .tab && u.kind != .newline && u.kind != .hidden {
                    drawn = column
                    // A unit of no width (a joiner after an over-wide marker) takes no cell.
                    if u.width > 0 { drawnUnits += 1 }
                }
                i += u.length
            }
            check(layout.drawnWidth(ofLine: line, in: text) == drawn, "drawnWidth of line \(line) is not \(drawn)")
            check(drawn <= width || drawnUnits == 1, "line \(line) \(r) is drawn \(drawn) cells wide in \(width) (\(drawnUnits) units)")
        }
        for offset in 0..<n {
            let line = layout.line(containing: offset)
            check(layout.range(ofLine: line).contains(offset), "offset \(offset) is not on line \(line)")
        }
        check(layout.line(containing: n + 5) == layout.lineCount - 1, "past the end is not on the last line")

        let pages = Pagination(layout: layout, linesPerPage: linesPerPage)
        check(pages.pageCount == max(1, (layout.lineCount + linesPerPage - 1) / linesPerPage), "\(pages.pageCount) pages")
        var top = -1
        for page in 0..<pages.pageCount {
            let offset = pages.offset(atTopOfPage: page)
            check(offset > top || (n == 0 && offset == 0), "page \(page) starts at \(offset), not after \(top)")
            top = offset
            check(pages.page(containing: offset) == page || n == 0, "the top of page \(page) is on page \(pages.page(containing: offset))")
            let first = pages.firstLine(ofPage: page)
            check(pages.page(ofLine: first) == page && first <= pages.lastTopLine, "page \(page) starts at line \(first)")
        }
    }
}
#endif
