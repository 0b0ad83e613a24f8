/// A table in columns that fit: each column as wide as its widest cell when all fit, otherwise
/// the width shared out and cells wrapped, as long as no column is narrower than its longest
/// word (up to `wordColumn` cells: longer words, such as URLs, are broken anyway); when that
/// does not fit, each row as `header: value` lines rather than words split across lines.
struct TableWriter {
    let table: PreparedTable
    let width: Int
    let source: Int

    static let separator = " │ "
    static let separatorScalars = Array(separator.unicodeScalars)
    /// Where the header's rule crosses a separator.
    static let ruleCrossing = Array("─┼─".unicodeScalars)
    /// Words up to this long are never split across a column's lines.
    static let wordColumn = 12

    func write(into out: inout RenditionWriter, first: StyledRun, rest: StyledRun) {
        let columns = table.columns
        guard columns > 0 else { return }
        let gaps = (columns - 1) * Self.separatorScalars.count
        let room = width - gaps
        var widths = table.natural
        if widths.reduce(0, +) > room {
            // Share the room: columns that need less than an equal share keep their width.
            guard room >= columns * 4 else { return stacked(into: &out, first: first, rest: rest) }
            widths = Self.share(room, natural: table.natural, minimum: table.longestWord.map { min($0, Self.wordColumn) })
        }
        // A column narrower than a word would split it (`De│pt│h`, `4.│2`), and narrower than
        // something that cannot be broken (a wide character, a marker) would overflow the line:
        // rows as lines instead.
        if (0..<columns).contains(where: { widths[$0] < max(table.widestUnit[$0], min(table.longestWord[$0], Self.wordColumn)) }) {
            return stacked(into: &out, first: first, rest: rest)
        }
        var k = 0
        let empty = StyledRun()
        var cells: [[StyledRun]] = []
        for (r, row) in table.rows.enumerated() {
            // Cells that fit on one line are drawn as they are; only the others are wrapped.
            let oneLine = (0..<columns).allSatisfy { c in c >= row.count || (!row[c].breaks && row[c].width <= widths[c]) }
            if !oneLine {
                cells = (0..<columns).map { c in c < row.count ? RenditionWriter.wrapped(row[c].run, width: widths[c]) : [empty] }
            }
            let height = oneLine ? 1 : cells.map { $0.count }.max() ?? 1
            let rowSource = row.first?.run.sources.first.map(Int.init) ?? source
            let bold = r < table.headerRows ? Rendition.Attributes.bold : 0
            for h in 0..<height {
                out.beginLine(k == 0 ? first : rest)
                for c in 0..<columns {
                    var cut = empty
                    let piece: StyledRun
                    let pieceWidth: Int
                    if oneLine {
                        if c < row.count {
                            cut = row[c].run
                            cut.trimTrailingSpaces()
                            piece = cut
                            pieceWidth = cut.count == row[c].run.count ? row[c].width : Self.measure(cut).width
                        } else {
                            piece = empty
                            pieceWidth = 0
                        }
                    } else {
                        piece = h < cells[c].count ? cells[c][h] : empty
                        pieceWidth = Self.measure(piece).width
                    }
                    let cellSource = piece.sources.first.map(Int.init) ?? rowSource
                    if c > 0 { out.run.appendSynthetic(Self.separatorScalars, source: cellSource, attributes: Rendition.Attributes.dim) }
                    out.run.append(contentsOf: piece, adding: bold)
                    if c < columns - 1 {
                        out.run.appendSynthetic(repeating: " ", count: widths[c] - pieceWidth, source: piece.lastSource(or: cellSource))
                    }
                }
                out.endLine(source: rowSource)
                k += 1
            }
            if r == table.headerRows - 1 {
                out.beginLine(rest)
                for (c, w) in widths.enumerated() {
                    if c > 0 { out.run.appendSynthetic(Self.ruleCrossing, source: rowSource, attributes: Rendition.Attributes.dim) }
                    out.run.appendSynthetic(repeating: "─", count: w, source: rowSource, attributes: Rendition.Attributes.dim)
                }
                out.endLine(source: rowSource)
                k += 1
            }
        }
    }

    /// Too narrow for columns: each row a block of `header: value` lines, rows apart.
    func stacked(into out: inout RenditionWriter, first: StyledRun, rest: StyledRun) {
        let header = table.headerRows > 0 ? table.rows[0] : []
        var k = 0
        for (r, row) in table.rows.enumerated() where r >= table.headerRows {
            if r > table.headerRows { var bar = rest; bar.trimTrailingSpaces(); out.line(bar, source: source); k += 1 }
            // A cell with nothing in it says nothing: no `Notes:` line without a note.
            for (c, prepared) in row.enumerated() where !prepared.run.isEmpty {
                let cell = prepared.run
                var content = StyledRun()
                let cellSource = cell.sources.first.map(Int.init) ?? source
                if c < header.count && !header[c].run.isEmpty {
                    for scalar in header[c].run.scalars {
                        content.append(scalar, source: cellSource, attributes: Rendition.Attributes.bold | Rendition.Attributes.synthetic)
                    }
                    content.appendSynthetic(": ", source: cellSource, attributes: Rendition.Attributes.bold)
                }
                content.append(contentsOf: cell)
                let lines = RenditionWriter.wrapped(content, width: max(1, width))
                for piece in lines {
                    var l = k == 0 ? first : rest
                    l.append(contentsOf: piece)
                    out.line(l, source: cellSource)
                    k += 1
                }
            }
        }
    }

    /// A cell's width on one line and its longest word, in cells, measured as drawn (by the
    /// sanitiser's units: a control character's marker takes its cells).
    static func measure(_ cell: StyledRun) -> (width: Int, word: Int, unit: Int, breaks: Bool) {
        let text = ArticleText(rendered: cell.untabbed.scalars)
        var total = 0
        var word = 0
        var longest = 0
        var unit = 0
        var breaks = false
        var i = 0
        while i < text.count {
            let u = Sanitizer.unit(in: text, at: i, column: total)
            if u.length == 0 { break }
            let w = u.kind == .newline ? 1 : u.width
            if u.kind != .tab { unit = max(unit, w) }
            total += w
            if u.kind == .newline { breaks = true }
            if u.kind == .space || u.kind == .tab || u.kind == .newline { word = 0 } else { word += w; longest = max(longest, word) }
            i += u.length
        }
        return (total, longest, unit, breaks)
    }

    /// `room` cells shared between columns wanting `natural`: each gets at least `minimum` (as
    /// room allows), columns needing less than a fair share of what is left keep their width.
    static func share(_ room: Int, natural: [Int], minimum: [Int]) -> [Int] {
        let n = natural.count
        var widths = [Int](repeating: 0, count: n)
        // The columns still to size, in order: ties go to the first (a `Set`'s order would
        // change from one process to the next, and the table with it).
        var open = Array(0..<n)
        var left = room
        var changed = true
        while changed && !open.isEmpty {
            changed = false
            let fair = left / open.count
            let fitting = open.filter { natural[$0] <= fair }
            for c in fitting {
                widths[c] = natural[c]
                left -= natural[c]
                changed = true
            }
            open.removeAll { natural[$0] <= fair }
        }
        guard !open.isEmpty else { return widths }
        // What is left, in proportion to what each wants, no less than its minimum if possible.
        let wanted = open.reduce(0) { $0 + natural[$1] }
        var given = 0
        for c in open {
            widths[c] = max(1, left * natural[c] / max(1, wanted))
            given += widths[c]
        }
        // Raise columns below their minimum, taking from the widest.
        for c in open where widths[c] < minimum[c] {
            var need = minimum[c] - widths[c]
            while need > 0, let donor = open.filter({ widths[$0] > max(minimum[$0], 4) }).max(by: { widths[$0] < widths[$1] }) {
                widths[donor] -= 1
                widths[c] += 1
                need -= 1
            }
        }
        // Rounding leftovers to the widest-wanting column.
        if let c = open.max(by: { natural[$0] - widths[$0] < natural[$1] - widths[$1] }) { widths[c] += max(0, left - given) }
        widths = widths.map { max(1, $0) }
        // Columns given one cell each when the share rounded to none can leave the total over
        // the room: take it back from the widest.
        var total = widths.reduce(0, +)
        while total > room, let widest = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[widest] > 1 {
            widths[widest] -= 1
            total -= 1
        }
        return widths
    }
}
