/// Editing a multi-line note in a small box: a pure value, no terminal code.
///
/// The text is kept as lines, each a `LineEditor` (the same editing model as the one-line
/// prompts: grapheme clusters, a cursor that is always valid); the cursor is a line and that
/// line's cursor, and may stand after the last character of a line. `Enter` belongs to the
/// caller (it saves): a line break is inserted with `insertNewline()` (the UI maps Ctrl-J or
/// Alt-Enter to it) or arrives inside pasted text.
public struct NoteEditor: Equatable, Sendable {
    public private(set) var lines: [LineEditor]
    public private(set) var line = 0
    public var column: Int { lines[line].cursor }
    /// The column up/down try to keep (set by the first vertical move, dropped by any other).
    private var goalColumn: Int?
    /// Where the first row shown starts (a logical line and a character of it where a wrapped
    /// row begins), kept between calls so the view only scrolls when the cursor leaves it
    /// (`scrollToCursor`).
    public private(set) var scrollTop = Place(line: 0, start: 0)

    /// A place in the text: a logical line and a character offset in it.
    public struct Place: Equatable, Sendable, Comparable {
        public var line: Int
        public var start: Int
        public init(line: Int, start: Int) { self.line = line; self.start = start }
        public static func < (a: Place, b: Place) -> Bool { (a.line, a.start) < (b.line, b.start) }
    }

    /// Spaces a typed or pasted tab becomes (a tab's width would depend on where it stands).
    static let tabSpaces = 4

    public init(text: String = "") {
        lines = [LineEditor()]
        insert(text)
        line = 0
        lines[0].moveCursor(to: 0)
        goalColumn = nil
    }

    /// The note: lines joined with "\n".
    public var text: String { lines.map(\.text).joined(separator: "\n") }
    public var isEmpty: Bool { lines.count == 1 && lines[0].isEmpty }
    public var cursor: (line: Int, column: Int) { (line, column) }

    /// Carries out one edit (what the keys ask for; fuzzing drives the editor through this).
    public mutating func apply(_ edit: Edit) {
        switch edit {
        case .insert(let s): insert(s)
        case .newline: insertNewline()
        case .backspace: backspace()
        case .delete: deleteForward()
        case .left: moveLeft()
        case .right: moveRight()
        case .up: moveUp()
        case .down: moveDown()
        case .home: moveHome()
        case .end: moveEnd()
        case .wordLeft, .wordRight, .deleteWordBack:
            goalColumn = nil
            lines[line].apply(edit)
        case .clear:
            self = NoteEditor()
        }
    }

    /// Whether every line is consistent and the cursor stands in the text. (Tests, fuzzing.)
    public var isConsistent: Bool {
        !lines.isEmpty && line >= 0 && line < lines.count
            && lines.allSatisfy { $0.isConsistent && !$0.characters.contains(where: \.isNewline) }
    }

    // MARK: Editing

    /// Inserts typed or pasted text at the cursor. Line breaks in it (LF, CRLF or CR) start new
    /// lines; tabs become spaces. Costs the length of the text inserted (plus the line it lands in).
    public mutating func insert(_ s: String) {
        guard !s.isEmpty else { return }
        goalColumn = nil
        // CRLF and CR become LF, a tab spaces: scalar by scalar, one pass.
        var normalized = String.UnicodeScalarView()
        var afterCR = false
        for scalar in s.unicodeScalars {
            defer { afterCR = scalar == "\r" }
            switch scalar {
            case "\r": normalized.append("\n")
            case "\n" where afterCR: continue
            case "\t": normalized.append(contentsOf: repeatElement(" ", count: Self.tabSpaces))
            default: normalized.append(scalar)
            }
        }
        // Other line breaks (U+2028, VT, FF, NEL) are not line breaks of a note: they stay
        // characters of the line and show as markers.
        let pieces = normalized.split(separator: "\n", omittingEmptySubsequences: false)
        guard pieces.count > 1 else {
            lines[line].replace(column..<column, with: String(normalized))
            return
        }
        let tail = lines[line].splitAtCursor()
        lines[line].replace(column..<column, with: String(pieces[0]))
        var newLines: [LineEditor] = []
        newLines.reserveCapacity(pieces.count - 1)
        for piece in pieces.dropFirst() { newLines.append(LineEditor(line: Substring(String(piece)))) }
        var last = newLines.removeLast()
        last.moveCursor(to: last.count)
        last.append(tail)
        newLines.append(last)
        lines.insert(contentsOf: newLines, at: line + 1)
        line += newLines.count
    }

    /// Breaks the line at the cursor.
    public mutating func insertNewline() {
        insert("\n")
    }

    /// Deletes the character before the cursor; at the start of a line, joins it to the one before.
    public mutating func backspace() {
        goalColumn = nil
        if column > 0 {
            lines[line].apply(.backspace)
        } else if line > 0 {
            let joined = lines.remove(at: line)
            line -= 1
            lines[line].moveCursor(to: lines[line].count)
            lines[line].append(joined)
        }
    }

    /// Deletes the character under the cursor; at the end of a line, joins the next one to it.
    public mutating func deleteForward() {
        goalColumn = nil
        if column < lines[line].count {
            lines[line].apply(.delete)
        } else if line + 1 < lines.count {
            lines[line].append(lines.remove(at: line + 1))
        }
    }

    // MARK: Moving

    /// One character left, or to the end of the line before.
    public mutating func moveLeft() {
        goalColumn = nil
        if column > 0 {
            lines[line].apply(.left)
        } else if line > 0 {
            line -= 1
            lines[line].moveCursor(to: lines[line].count)
        }
    }

    /// One character right, or to the start of the next line.
    public mutating func moveRight() {
        goalColumn = nil
        if column < lines[line].count {
            lines[line].apply(.right)
        } else if line + 1 < lines.count {
            line += 1
            lines[line].moveCursor(to: 0)
        }
    }

    /// To the line above, keeping the column as far as the line allows; on the first line, to its start.
    public mutating func moveUp() {
        guard line > 0 else {
            lines[line].moveCursor(to: 0)
            goalColumn = nil
            return
        }
        let goal = goalColumn ?? column
        line -= 1
        lines[line].moveCursor(to: goal)
        goalColumn = goal
    }

    /// To the line below, keeping the column; on the last line, to its end.
    public mutating func moveDown() {
        guard line + 1 < lines.count else {
            lines[line].moveCursor(to: lines[line].count)
            goalColumn = nil
            return
        }
        let goal = goalColumn ?? column
        line += 1
        lines[line].moveCursor(to: goal)
        goalColumn = goal
    }

    public mutating func moveHome() {
        goalColumn = nil
        lines[line].moveCursor(to: 0)
    }

    public mutating func moveEnd() {
        goalColumn = nil
        lines[line].moveCursor(to: lines[line].count)
    }

    /// To the end of the whole note (where an edited note goes on).
    public mutating func moveToEndOfText() {
        line = lines.count - 1
        moveEnd()
    }

    // MARK: Display

    /// One wrapped row: characters `start..<end` of logical line `line`.
    struct Row: Equatable {
        var line: Int
        var start: Int
        var end: Int
    }

    /// Soft-wraps line `index` to `width` cells from `start` (where a row begins): at the last
    /// space that fits, or between characters when a word is longer than the box. A line that
    /// exactly fills its last row gets an empty row after it, so the cursor at its end has
    /// somewhere to stand. Stops after `limit` rows or at the first row `stop` accepts, so the
    /// view only measures the rows it needs.
    func wrap(_ index: Int, width: Int, from start: Int = 0, limit: Int = .max, measure: (Character) -> Int,
              stop: (Row) -> Bool = { _ in false }) -> [Row] {
        let width = max(1, width)
        let chars = lines[index].characters
        var out: [Row] = []
        var start = min(start, chars.count)
        var used = 0
        var lastBreak: Int?   // a row may end after this many characters (after a space)
        var i = start
        while i < chars.count {
            let w = measure(chars[i])
            if used + w > width && i > start {
                let end = lastBreak.map { $0 > start ? $0 : i } ?? i
                let row = Row(line: index, start: start, end: end)
                out.append(row)
                if out.count >= limit || stop(row) { return out }
                start = end
                used = 0
                lastBreak = nil
                i = start
                continue
            }
            used += w
            i += 1
            if chars[i - 1] == " " { lastBreak = i }
        }
        out.append(Row(line: index, start: start, end: chars.count))
        if used >= width && !chars.isEmpty && out.count < limit && !stop(out[out.count - 1]) {
            out.append(Row(line: index, start: chars.count, end: chars.count))
        }
        return out
    }

    /// The start of the row of line `index` that holds `column`: the first row with
    /// `start <= column < end`, else the last that starts at or before it (the cursor after a
    /// line's last character). Wraps the line only up to that row.
    func rowStart(holding column: Int, in index: Int, width: Int, measure: (Character) -> Int) -> Place {
        let rows = wrap(index, width: width, measure: measure) { $0.start <= column && column < $0.end }
        return Place(line: index, start: (rows.last { $0.start <= column } ?? rows[0]).start)
    }

    /// The start of the row `count` rows above the one starting at `place` (or the first row).
    func rowStart(_ count: Int, above place: Place, width: Int, measure: (Character) -> Int) -> Place {
        var need = count
        var l = place.line
        var before = wrap(l, width: width, measure: measure) { $0.end >= place.start }.filter { $0.start < place.start }
        while need > 0 {
            if before.count >= need { return Place(line: l, start: before[before.count - need].start) }
            need -= before.count
            guard l > 0 else { return Place(line: 0, start: 0) }
            l -= 1
            before = wrap(l, width: width, measure: measure)
        }
        return place
    }

    /// Up to `count` rows from the row starting at `place`, across lines.
    func rows(from place: Place, count: Int, width: Int, measure: (Character) -> Int) -> [Row] {
        var out: [Row] = []
        var l = place.line
        var start = place.start
        while out.count < count && l < lines.count {
            out += wrap(l, width: width, from: start, limit: count - out.count, measure: measure)
            l += 1
            start = 0
        }
        return out
    }

    /// The first row to show so that the cursor is on screen, moving the previous one as little
    /// as possible, and never leaving rows empty at the bottom that text above could fill. Wraps
    /// only the rows it looks at: what is visible, and on a jump the rows around the cursor.
    func top(width: Int, height: Int, measure: (Character) -> Int) -> Place {
        let height = max(1, height)
        var top = scrollTop
        if top.line >= lines.count { top = Place(line: lines.count - 1, start: 0) }
        top.start = min(top.start, lines[top.line].count)
        if top.start > 0 {
            // The line may have been edited or the width changed: the row that holds the old
            // start now (this wraps the top line up to there; rows of other lines are not looked at).
            top = rowStart(holding: top.start, in: top.line, width: width, measure: measure)
        }
        let cursorRow = rowStart(holding: column, in: line, width: width, measure: measure)
        if cursorRow < top {
            top = cursorRow
        } else {
            let shown = rows(from: top, count: height, width: width, measure: measure)
            if !shown.contains(where: { $0.line == cursorRow.line && $0.start == cursorRow.start }) {
                top = rowStart(height - 1, above: cursorRow, width: width, measure: measure)
            }
        }
        let shown = rows(from: top, count: height, width: width, measure: measure)
        if shown.count < height {
            top = rowStart(height - shown.count, above: top, width: width, measure: measure)
        }
        return top
    }

    /// Moves the view as little as possible so the cursor's row is among the `height` shown.
    public mutating func scrollToCursor(width: Int, height: Int) {
        scrollTop = top(width: width, height: height, measure: Self.width)
    }

    /// The rows to draw in a box of `width` × `height` cells, sanitised (control characters and
    /// the like shown as markers), and where the cursor is among them. The view starts at
    /// `scrollTop`, moved just enough to show the cursor. Measures characters with `measure`
    /// (tests count the calls: a note of any length costs about what is shown).
    public func visibleLines(width: Int, height: Int, measure: (Character) -> Int = NoteEditor.width)
        -> (lines: [String], cursorRow: Int, cursorColumn: Int) {
        let top = self.top(width: width, height: height, measure: measure)
        let shown = rows(from: top, count: max(1, height), width: width, measure: measure)
        var cursorRow = 0
        for (r, row) in shown.enumerated() where row.line == line && row.start <= column {
            cursorRow = r
            if column < row.end { break }
        }
        let row = shown[cursorRow]
        let cells = row.line == line
            ? lines[line].characters[row.start..<min(max(row.start, column), row.end)].reduce(0) { $0 + measure($1) } : 0
        return (shown.map { lines[$0.line].displayText($0.start..<$0.end) }, cursorRow, cells)
    }

    public static func width(_ c: Character) -> Int { LineEditor.width(c) }
    static func display(_ c: Character) -> (text: String, width: Int) { LineEditor.display(c) }
}
