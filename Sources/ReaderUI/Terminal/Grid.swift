import Library

public struct Size: Equatable, Sendable, CustomStringConvertible {
    public var rows: Int
    public var columns: Int
    public init(rows: Int, columns: Int) {
        self.rows = max(0, rows)
        self.columns = max(0, columns)
    }
    public var description: String { "\(columns)x\(rows)" }
}

/// What a cell means; the terminal adapter turns it into colours and attributes (or, with
/// `NO_COLOR`, attributes only). Tests assert on these roles, not on colour numbers.
public enum Style: Hashable, Sendable {
    case normal, dim, bold, title, header, selected, status
    /// A sanitiser marker (`^[`, `<U+202E>`): drawn so it cannot be mistaken for text.
    case marker
    /// A search match; the number picks the query word's colour.
    case match(Int)
    case currentMatch
    case person, personSelected
    case error, notice, bookmark, derived
    /// Rendered article text: `Rendition.Attributes` bits (bold, italic, underline, dim, code…).
    case rendered(UInt8)
}

/// One terminal cell. A wide character fills its cell and leaves the next one with empty text.
public struct Cell: Equatable, Sendable {
    public var text: String
    public var style: Style
    public static let blank = Cell(text: " ", style: .normal)
}

/// An in-memory screen. Every screen draws into a grid; the terminal adapter copies it to the
/// real terminal, and tests read it back (text and styles) without any terminal at all.
///
/// All text goes through `Sanitizer` here, so nothing drawn can reach the terminal raw.
public struct Grid: Equatable, Sendable {
    public let size: Size
    public private(set) var cells: [Cell]
    /// Where the terminal cursor should be shown (a prompt's insertion point), if anywhere.
    public var cursor: (row: Int, column: Int)? {
        get { cursorRow.map { ($0, cursorColumn) } }
        set { cursorRow = newValue?.row; cursorColumn = newValue?.column ?? 0 }
    }
    private var cursorRow: Int?
    private var cursorColumn = 0

    public init(size: Size) {
        self.size = size
        cells = Array(repeating: .blank, count: size.rows * size.columns)
    }

    public subscript(row: Int, column: Int) -> Cell {
        get { cells[row * size.columns + column] }
        set {
            guard row >= 0, row < size.rows, column >= 0, column < size.columns else { return }
            cells[row * size.columns + column] = newValue
        }
    }

    /// Draws a string (sanitised) from `column`, at most `limit` cells (to the right edge by
    /// default). Returns the column after the last cell drawn. Text cut at the limit ends in "…"
    /// so the cut shows (`Truncation`); `keepingHint` keeps a key hint at its end whole.
    @discardableResult
    public mutating func put(_ text: String, row: Int, column: Int, style: Style = .normal, limit: Int? = nil,
                             keepingHint: Bool = false) -> Int {
        let room = min(size.columns - column, limit ?? size.columns)
        let pieces = Truncation.fit(text, width: max(0, room), keepingHint: keepingHint)
        return put(pieces: pieces, row: row, column: column, limit: limit) { $0.isMarker ? .marker : style }
    }

    /// Draws sanitised pieces, each with the style `style` gives it. A wide character that would
    /// cross the limit is not split: a space takes its place.
    @discardableResult
    public mutating func put(pieces: [Sanitizer.Piece], row: Int, column: Int, limit: Int? = nil,
                             style: (Sanitizer.Piece) -> Style) -> Int {
        guard row >= 0, row < size.rows else { return column }
        let end = min(size.columns, column + (limit ?? size.columns))
        var x = column
        for piece in pieces {
            if x >= end { break }
            let s = style(piece)
            if piece.width <= 0 { continue }
            let scalars = piece.text.unicodeScalars
            if piece.width > 1 && scalars.count == piece.width && scalars.allSatisfy({ $0.isASCII }) {
                // Markers and expanded tabs: one cell per character, clipped at the edge.
                for ch in piece.text {
                    if x >= end { break }
                    if x >= 0 { self[row, x] = Cell(text: String(ch), style: s) }
                    x += 1
                }
                continue
            }
            if x + piece.width > end {
                // Never split a wide character: blank what is left.
                while x < end { if x >= 0 { self[row, x] = Cell(text: " ", style: s) }; x += 1 }
                break
            }
            if x >= 0 { self[row, x] = Cell(text: piece.text, style: s) }
            for k in 1..<max(1, piece.width) where x + k >= 0 { self[row, x + k] = Cell(text: "", style: s) }
            x += piece.width
        }
        return x
    }

    /// Sets the style (and blanks the text) of cells `from..<to` on a row.
    public mutating func fill(row: Int, from: Int = 0, to: Int? = nil, style: Style) {
        guard row >= 0, row < size.rows else { return }
        for x in max(0, from)..<min(size.columns, to ?? size.columns) where x >= max(0, from) {
            self[row, x] = Cell(text: " ", style: style)
        }
    }

    // MARK: Reading back (tests, dumps)

    /// The text of a row, wide characters once, trailing spaces removed.
    public func text(row: Int) -> String {
        var s = ""
        for x in 0..<size.columns { s += self[row, x].text }
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }

    /// The whole screen as text, one line a row.
    public var text: String { (0..<size.rows).map { text(row: $0) }.joined(separator: "\n") }

    /// Where `needle` first appears on screen: its row and the column of its first cell.
    public func find(_ needle: String) -> (row: Int, column: Int)? {
        let target = Array(needle)
        guard !target.isEmpty else { return nil }
        for row in 0..<size.rows {
            var chars: [(ch: Character, column: Int)] = []
            for x in 0..<size.columns { for ch in self[row, x].text { chars.append((ch, x)) } }
            guard chars.count >= target.count else { continue }
            for start in 0...(chars.count - target.count) where chars[start].ch == target[0] {
                if (0..<target.count).allSatisfy({ chars[start + $0].ch == target[$0] }) {
                    return (row, chars[start].column)
                }
            }
        }
        return nil
    }

    /// The style of the first cell of `needle`'s first appearance on screen.
    public func style(of needle: String) -> Style? {
        find(needle).map { self[$0.row, $0.column].style }
    }

    public static func == (a: Grid, b: Grid) -> Bool {
        a.size == b.size && a.cells == b.cells && a.cursorRow == b.cursorRow && a.cursorColumn == b.cursorColumn
    }
}
