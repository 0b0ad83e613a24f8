/// What of a block does not depend on the width, worked out once per document (when the
/// article is opened) so that a resize only lays out: inline text with its tabs as spaces, and
/// each table cell measured.
struct PreparedBlock: Sendable {
    /// The inline text as `RenditionWriter` wraps it (paragraphs and headings untabbed; code as
    /// it is: it is cut, and a tab there is drawn to its stop).
    let content: StyledRun
    let table: PreparedTable?

    init(_ block: RenderBlock) {
        switch block.kind {
        case .paragraph, .heading: content = block.content.untabbed; table = nil
        case .table(let t): content = block.content; table = PreparedTable(t)
        case .code, .rule: content = block.content; table = nil
        }
    }

    /// Display scalars the block's own text makes (a lower bound of what a rendition holds).
    var scalarCount: Int {
        content.count + (table?.rows.reduce(0) { $0 + $1.reduce(0) { $0 + $1.run.count } } ?? 0)
    }
}

/// A table's cells untabbed and measured, and each column's widths.
struct PreparedTable: Sendable {
    struct Cell: Sendable {
        /// The cell's text, tabs as spaces.
        let run: StyledRun
        /// Its width on one line, longest word and widest unbreakable unit (`TableWriter.measure`).
        let width: Int
        let word: Int
        let unit: Int
        /// Whether it holds a line break (then it never sits on one line).
        let breaks: Bool
    }
    let rows: [[Cell]]
    let headerRows: Int
    let columns: Int
    /// Per column: the widest cell on one line, the longest word, the widest unit (at least 1).
    let natural: [Int]
    let longestWord: [Int]
    let widestUnit: [Int]

    init(_ table: RenderTable) {
        headerRows = table.headerRows
        columns = table.rows.map { $0.count }.max() ?? 0
        var natural = [Int](repeating: 1, count: columns)
        var longestWord = [Int](repeating: 1, count: columns)
        var widestUnit = [Int](repeating: 1, count: columns)
        rows = table.rows.map { row in
            row.enumerated().map { c, cell in
                let run = cell.untabbed
                let m = TableWriter.measure(run)
                natural[c] = max(natural[c], m.width)
                longestWord[c] = max(longestWord[c], m.word)
                widestUnit[c] = max(widestUnit[c], m.unit)
                return Cell(run: run, width: m.width, word: m.word, unit: m.unit, breaks: m.breaks)
            }
        }
        self.natural = natural
        self.longestWord = longestWord
        self.widestUnit = widestUnit
    }
}
