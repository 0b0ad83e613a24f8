/// One edit of a line or a note, as a key or a paste asks for it. Every editor in reader (the
/// one-line prompts and the note editor) takes these.
public enum Edit: Equatable, Sendable {
    /// Typed or pasted text, inserted at the cursor (a one-line editor drops line breaks).
    case insert(String)
    /// A line break (the note editor; ignored on one line).
    case newline
    case backspace, delete
    case left, right, home, end
    /// To the line above / below (the note editor; on one line, home / end).
    case up, down
    /// To the start of the word before the cursor / past the end of the word after it.
    case wordLeft, wordRight
    /// Deletes from the start of the word before the cursor to the cursor (Ctrl-W).
    case deleteWordBack
    /// Empties the line.
    case clear
}

/// A line of text being edited: a pure value, no terminal code.
///
/// The text is kept as the grapheme clusters (`Character`s) Swift would make of it — after every
/// edit the clusters around it are segmented again, so typing `e` and then U+0301 leaves one
/// character `é`, and a regional indicator typed after another makes one flag. The cursor is an
/// index into `characters` and is re-derived after every edit, so it is always valid for the
/// text (`0...characters.count`): no edit, in any order, can leave it past the end.
public struct LineEditor: Equatable, Sendable {
    public private(set) var characters: [Character]
    /// Insertion point: the number of characters before it.
    public private(set) var cursor: Int

    /// Starts with `text` (line breaks dropped), the cursor at its end.
    public init(text: String = "") {
        characters = Array(Self.oneLine(text))
        cursor = characters.count
    }

    /// Starts with `text` taken as it is (line breaks included), the cursor at its start; the
    /// note editor builds its lines with this.
    init(line: Substring) {
        characters = Array(line)
        cursor = 0
    }

    public var text: String { String(characters) }
    public var count: Int { characters.count }
    public var isEmpty: Bool { characters.isEmpty }

    /// Carries out one edit.
    public mutating func apply(_ edit: Edit) {
        switch edit {
        case .insert(let s): replace(cursor..<cursor, with: Self.oneLine(s))
        case .newline: break
        case .backspace where cursor > 0: replace(cursor - 1..<cursor, with: "")
        case .delete where cursor < characters.count: replace(cursor..<cursor + 1, with: "")
        case .backspace, .delete: break
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(characters.count, cursor + 1)
        case .home, .up: cursor = 0
        case .end, .down: cursor = characters.count
        case .wordLeft: cursor = wordStart(before: cursor)
        case .wordRight: cursor = wordEnd(after: cursor)
        case .deleteWordBack: replace(wordStart(before: cursor)..<cursor, with: "")
        case .clear: characters = []; cursor = 0
        }
    }

    /// Moves the cursor to `index`, clamped to the text.
    public mutating func moveCursor(to index: Int) {
        cursor = min(max(0, index), characters.count)
    }

    /// Whether the editor's invariants hold: the characters are exactly the clusters of the text
    /// and the cursor stands among them. (For tests and fuzzing.)
    public var isConsistent: Bool {
        guard cursor >= 0 && cursor <= characters.count else { return false }
        let again = Array(text)
        return again.count == characters.count
            && zip(again, characters).allSatisfy { $0.unicodeScalars.elementsEqual($1.unicodeScalars) }
    }

    // MARK: Editing the characters

    /// Replaces the characters in `range` with `s` and segments the neighbourhood again: the
    /// character before may absorb what comes (a combining mark, a second regional indicator, a
    /// ZWJ sequence), and what follows may merge too (a run of regional indicators pairs up
    /// differently). With `cursorAfter` the cursor goes after the new text, else before it.
    /// Costs the length of the new text plus the clusters that actually change (and one shift of
    /// the array).
    mutating func replace(_ range: Range<Int>, with s: String, cursorAfter: Bool = true) {
        let start = max(0, range.lowerBound - 1)
        var end = min(characters.count, range.upperBound + 1)
        let kept = characters[start..<range.lowerBound]
        let before = kept.reduce(0) { $0 + $1.unicodeScalars.count } + (cursorAfter ? s.unicodeScalars.count : 0)
        var window = String(kept)
        window += s
        if range.upperBound < end { window += String(characters[range.upperBound..<end]) }
        var clusters = Array(window)
        // A boundary past the window moves only while it keeps merging: check the last cluster
        // with the next one (the last cluster holds all the context a boundary depends on).
        while end < characters.count, let last = clusters.last {
            let next = characters[end]
            let pair = Array(String(last) + String(next))
            if pair.count == 2 && pair[1].unicodeScalars.count == next.unicodeScalars.count { break }
            clusters.removeLast()
            clusters += pair
            end += 1
        }
        characters.replaceSubrange(start..<end, with: clusters)
        // The cursor after the scalars that were before it; inside a cluster, after the cluster.
        var scalars = 0, k = 0
        while scalars < before && k < clusters.count {
            scalars += clusters[k].unicodeScalars.count
            k += 1
        }
        cursor = start + k
    }

    /// Appends `other` after the last character, the cursor staying where it is (the note
    /// editor joins lines with this).
    mutating func append(_ other: LineEditor) {
        let keep = cursor
        let n = characters.count
        replace(n..<n, with: other.text, cursorAfter: false)
        cursor = min(keep, characters.count)
    }

    /// Removes and returns everything after the cursor (the note editor splits lines with this).
    mutating func splitAtCursor() -> LineEditor {
        let tail = LineEditor(line: Substring(String(characters[cursor...])))
        characters.removeSubrange(cursor...)
        return tail
    }

    /// A one-line editor's text: line breaks dropped.
    static func oneLine(_ s: String) -> String {
        s.contains(where: \.isNewline) ? String(s.filter { !$0.isNewline }) : s
    }

    static func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

    func wordStart(before index: Int) -> Int {
        var i = min(index, characters.count)
        while i > 0 && !Self.isWordCharacter(characters[i - 1]) { i -= 1 }
        while i > 0 && Self.isWordCharacter(characters[i - 1]) { i -= 1 }
        return i
    }

    func wordEnd(after index: Int) -> Int {
        var i = max(0, index)
        while i < characters.count && !Self.isWordCharacter(characters[i]) { i += 1 }
        while i < characters.count && Self.isWordCharacter(characters[i]) { i += 1 }
        return i
    }

    // MARK: Display

    /// Cells a character takes once sanitised (a control character shows as `^X`, two cells).
    public static func width(_ c: Character) -> Int {
        if let v = c.asciiValue, v >= 0x20, v < 0x7F { return 1 }
        return display(c).width
    }

    /// What the sanitiser draws for one character. Each character is measured on its own, so
    /// U+FEFF would pass as a leading byte-order mark: it is shown as a marker instead.
    public static func display(_ c: Character) -> (text: String, width: Int) {
        if let v = c.asciiValue, v >= 0x20, v < 0x7F { return (String(c), 1) }
        if c.unicodeScalars.first?.value == 0xFEFF { return ("<U+FEFF>", 8) }
        let pieces = Sanitizer.pieces(String(c))
        return (pieces.map(\.text).joined(), pieces.reduce(0) { $0 + $1.width })
    }

    /// The part of the line to show in `room` cells with the cursor on screen: the characters
    /// in `range` and the cursor's cell column counted from the window's start. As much as fits
    /// before the cursor is shown (the tail while typing at the end), then what fits after it.
    /// Only the characters shown (and one past each end) are measured, with `width`: a line of
    /// any length costs what is visible.
    public func window(room: Int, width: (Character) -> Int = LineEditor.width) -> (range: Range<Int>, cursorColumn: Int) {
        let room = max(1, room)
        var start = cursor
        var used = 0
        // The cursor needs a cell of its own: the text before it takes less than `room`.
        while start > 0 {
            let w = width(characters[start - 1])
            if used + w >= room { break }
            used += w
            start -= 1
        }
        let cursorColumn = used
        var end = cursor
        while end < characters.count {
            let w = width(characters[end])
            if used + w > room { break }
            used += w
            end += 1
        }
        return (start..<end, cursorColumn)
    }

    /// The sanitised text of `range`, ready to draw.
    public func displayText(_ range: Range<Int>) -> String {
        var out = ""
        for c in characters[range] { out += Self.display(c).text }
        return out
    }
}
