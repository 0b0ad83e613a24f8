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
    /// The first wrapped row shown, kept between calls so the view only scrolls when the cursor
    /// leaves it (`scrollToCursor`).
    public private(set) var scrollRow = 0

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

    // MARK: Display

    /// One wrapped row: characters `start..<end` of logical line `line`.
    struct Row: Equatable {
        var line: Int
        var start: Int
        var end: Int
    }

    /// Soft-wraps every line to `width` cells: at the last space that fits, or between characters
    /// when a word is longer than the box. A line that exactly fills its last row gets an empty
    /// row after it, so the cursor at its end has somewhere to stand.
    func rows(width: Int) -> [Row] {
        let width = max(1, width)
        var out: [Row] = []
        for (index, editor) in lines.enumerated() {
            let chars = editor.characters
            var start = 0
            var used = 0
            var lastBreak: Int?   // a row may end after this many characters (after a space)
            var i = 0
            while i < chars.count {
                let w = Self.width(chars[i])
                if used + w > width && i > start {
                    let end = lastBreak.map { $0 > start ? $0 : i } ?? i
                    out.append(Row(line: index, start: start, end: end))
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
            if used >= width && !chars.isEmpty { out.append(Row(line: index, start: chars.count, end: chars.count)) }
        }
        return out
    }

    /// The wrapped row and cell column of the cursor.
    func cursorPosition(width: Int) -> (row: Int, column: Int) {
        let all = rows(width: width)
        var found = 0
        for (r, row) in all.enumerated() where row.line == line && row.start <= column {
            found = r
            if column < row.end { break }
        }
        let row = all[found]
        let cells = lines[line].characters[row.start..<min(column, row.end)].reduce(0) { $0 + Self.width($1) }
        return (found, cells)
    }

    /// Moves `scrollRow` as little as possible so the cursor's row is among the `height` shown.
    public mutating func scrollToCursor(width: Int, height: Int) {
        scrollRow = Self.top(for: cursorPosition(width: width).row, previous: scrollRow,
                             rowCount: rows(width: width).count, height: height)
    }

    /// The rows to draw in a box of `width` × `height` cells, sanitised (control characters and
    /// the like shown as markers), and where the cursor is among them. The view starts at
    /// `scrollRow`, moved just enough to show the cursor.
    public func visibleLines(width: Int, height: Int) -> (lines: [String], cursorRow: Int, cursorColumn: Int) {
        let all = rows(width: width)
        let cursor = cursorPosition(width: width)
        let top = Self.top(for: cursor.row, previous: scrollRow, rowCount: all.count, height: height)
        let shown = all[top..<min(all.count, top + max(1, height))].map { row in
            lines[row.line].displayText(row.start..<row.end)
        }
        return (shown, cursor.row - top, cursor.column)
    }

    static func top(for cursorRow: Int, previous: Int, rowCount: Int, height: Int) -> Int {
        let height = max(1, height)
        var top = min(previous, max(0, rowCount - height))
        if cursorRow < top { top = cursorRow }
        if cursorRow >= top + height { top = cursorRow - height + 1 }
        return max(0, top)
    }

    static func width(_ c: Character) -> Int { LineEditor.width(c) }
    static func display(_ c: Character) -> (text: String, width: Int) { LineEditor.display(c) }
}
