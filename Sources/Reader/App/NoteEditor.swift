import Library

/// Editing a multi-line note in a small box: a pure value, no terminal code.
///
/// The text is kept as lines of characters (grapheme clusters); the cursor is a line and a
/// column counted in characters, and may stand after the last character of a line. `Enter`
/// belongs to the caller (it saves): a line break is inserted with `insertNewline()` (the UI maps
/// Ctrl-J or Alt-Enter to it) or arrives inside pasted text.
public struct NoteEditor: Equatable, Sendable {
    public private(set) var lines: [[Character]]
    public private(set) var line = 0
    public private(set) var column = 0
    /// The column up/down try to keep (set by the first vertical move, dropped by any other).
    private var goalColumn: Int?
    /// The first wrapped row shown, kept between calls so the view only scrolls when the cursor
    /// leaves it (`scrollToCursor`).
    public private(set) var scrollRow = 0

    /// Spaces a typed or pasted tab becomes (a tab's width would depend on where it stands).
    static let tabSpaces = 4

    public init(text: String = "") {
        lines = [[]]
        insert(text)
        line = 0
        column = 0
        goalColumn = nil
    }

    /// The note: lines joined with "\n".
    public var text: String { lines.map { String($0) }.joined(separator: "\n") }
    public var isEmpty: Bool { lines.count == 1 && lines[0].isEmpty }
    public var cursor: (line: Int, column: Int) { (line, column) }

    // MARK: Editing

    /// Inserts typed or pasted text at the cursor. Line breaks in it (LF, CRLF or CR) start new
    /// lines; tabs become spaces.
    public mutating func insert(_ s: String) {
        guard !s.isEmpty else { return }
        goalColumn = nil
        let normalized = s.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .replacingOccurrences(of: "\t", with: String(repeating: " ", count: Self.tabSpaces))
        let pieces = normalized.split(separator: "\n", omittingEmptySubsequences: false)
        let rest = Array(lines[line][column...])
        var head = String(lines[line][..<column])
        var newLines: [[Character]] = []
        for (i, piece) in pieces.enumerated() {
            head += piece
            if i < pieces.count - 1 {
                newLines.append(Array(head))
                head = ""
            }
        }
        // Joining may merge a combining mark with the character before it, so the cursor is
        // placed by counting characters of the joined text.
        let last = Array(head + String(rest))
        let cursorColumn = min(head.count, last.count)
        newLines.append(last)
        lines.replaceSubrange(line...line, with: newLines)
        line += newLines.count - 1
        column = cursorColumn
    }

    /// Breaks the line at the cursor.
    public mutating func insertNewline() {
        insert("\n")
    }

    /// Deletes the character before the cursor; at the start of a line, joins it to the one before.
    public mutating func backspace() {
        goalColumn = nil
        if column > 0 {
            lines[line].remove(at: column - 1)
            column -= 1
        } else if line > 0 {
            let joined = lines.remove(at: line)
            line -= 1
            column = lines[line].count
            lines[line] += joined
        }
    }

    /// Deletes the character under the cursor; at the end of a line, joins the next one to it.
    public mutating func deleteForward() {
        goalColumn = nil
        if column < lines[line].count {
            lines[line].remove(at: column)
        } else if line + 1 < lines.count {
            lines[line] += lines.remove(at: line + 1)
        }
    }

    // MARK: Moving

    /// One character left, or to the end of the line before.
    public mutating func moveLeft() {
        goalColumn = nil
        if column > 0 {
            column -= 1
        } else if line > 0 {
            line -= 1
            column = lines[line].count
        }
    }

    /// One character right, or to the start of the next line.
    public mutating func moveRight() {
        goalColumn = nil
        if column < lines[line].count {
            column += 1
        } else if line + 1 < lines.count {
            line += 1
            column = 0
        }
    }

    /// To the line above, keeping the column as far as the line allows; on the first line, to its start.
    public mutating func moveUp() {
        guard line > 0 else {
            column = 0
            goalColumn = nil
            return
        }
        let goal = goalColumn ?? column
        line -= 1
        column = min(goal, lines[line].count)
        goalColumn = goal
    }

    /// To the line below, keeping the column; on the last line, to its end.
    public mutating func moveDown() {
        guard line + 1 < lines.count else {
            column = lines[line].count
            goalColumn = nil
            return
        }
        let goal = goalColumn ?? column
        line += 1
        column = min(goal, lines[line].count)
        goalColumn = goal
    }

    public mutating func moveHome() {
        goalColumn = nil
        column = 0
    }

    public mutating func moveEnd() {
        goalColumn = nil
        column = lines[line].count
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
        for (index, chars) in lines.enumerated() {
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
        let cells = lines[line][row.start..<min(column, row.end)].reduce(0) { $0 + Self.width($1) }
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
            lines[row.line][row.start..<row.end].map { Self.display($0).text }.joined()
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

    /// Cells a character takes once sanitised (a control character shows as two, `^X`).
    static func width(_ c: Character) -> Int {
        if let v = c.asciiValue, v >= 0x20, v < 0x7F { return 1 }
        return display(c).width
    }

    /// What the sanitiser draws for one character of a note. Each character is measured on its
    /// own, so U+FEFF would pass as a leading byte-order mark: it is shown as a marker instead.
    static func display(_ c: Character) -> (text: String, width: Int) {
        if let v = c.asciiValue, v >= 0x20, v < 0x7F { return (String(c), 1) }
        if c.unicodeScalars.first?.value == 0xFEFF { return ("<U+FEFF>", 8) }
        let pieces = Sanitizer.pieces(String(c))
        return (pieces.map(\.text).joined(), pieces.reduce(0) { $0 + $1.width })
    }
}
