import Foundation
import Library

/// A note being written for a new bookmark, or edited.
public struct NoteEditing: Equatable, Sendable {
    public enum Target: Equatable, Sendable {
        case new(article: Int, range: Range<Int>)
        case edit(id: String)
    }
    public internal(set) var target: Target
    public internal(set) var editor: NoteEditor
    public internal(set) var heading: String
    /// Esc was pressed on a changed note and asked first: the next Esc throws the changes away.
    public internal(set) var confirmingDiscard = false
}

extension AppState {
    mutating func applyNote(_ edit: NoteEdit) -> [Effect] {
        guard var editing = noteEditing else { return [] }
        if edit != .cancel { editing.confirmingDiscard = false }
        switch edit {
        case .insert(let s): editing.editor.insert(s)
        case .newline: editing.editor.insertNewline()
        case .backspace: editing.editor.backspace()
        case .delete: editing.editor.deleteForward()
        case .left: editing.editor.moveLeft()
        case .right: editing.editor.moveRight()
        case .up: editing.editor.moveUp()
        case .down: editing.editor.moveDown()
        case .home: editing.editor.moveHome()
        case .end: editing.editor.moveEnd()
        case .cancel:
            if noteChanged && !editing.confirmingDiscard {
                // A changed note is not thrown away on one key: ask first.
                editing.confirmingDiscard = true
                noteEditing = editing
                let keys = settings.keymap.noteKeys
                // Ctrl-C too, while it still cancels (it is the interrupt key as well).
                var ctrlCCancels = false
                if keys.cancel != "Ctrl-C", case .edit(_, .cancel?)? = settings.keymap.binding(for: .ctrl("c"), in: .note)?.command { ctrlCCancels = true }
                message = .error("The note changed: \(keys.cancel ?? "cancel")\(ctrlCCancels ? " (or Ctrl-C)" : "") again throws it away"
                                 + (keys.save.map { ", \($0) saves it" } ?? "") + ", other keys go on writing")
                return []
            }
            noteEditing = nil
            message = .info(editing.confirmingDiscard ? "Changes thrown away" : "Cancelled")
            return []
        case .save:
            noteEditing = nil
            switch editing.target {
            case .new(let index, let range):
                guard let reading, reading.index == index else { return [] }
                message = .info("Bookmarked" + (key(.showBookmarks, .char("'"), in: .article).map { " (\($0) lists bookmarks)" } ?? ""))
                return [.addBookmark(NewBookmark(article: reading.ref, text: reading.text, range: range,
                                                 note: editing.editor.text, tags: []))]
            case .edit(let id):
                guard var b = bookmarks.first(where: { $0.id == id }) else { return [] }
                b.note = editing.editor.text
                message = .info("Note saved")
                return [.updateBookmark(b)]
            }
        }
        let box = NoteEditorView.box(size)
        editing.editor.scrollToCursor(width: box.textWidth, height: box.textRows)
        noteEditing = editing
        return []
    }
}

/// The note editor's box, drawn over whatever screen is below it.
enum NoteEditorView {
    struct Box {
        var top: Int, left: Int, width: Int, height: Int
        var textWidth: Int { max(1, width - 4) }
        var textRows: Int { max(1, height - 4) }
    }

    static func box(_ size: Size) -> Box {
        let width = min(72, max(10, size.columns - 4))
        let height = min(12, max(5, size.rows - 2))
        return Box(top: max(0, (size.rows - height) / 2), left: max(0, (size.columns - width) / 2), width: width, height: height)
    }

    /// Something refused, in the box, until Enter or Esc.
    static func drawAlert(_ alert: AppState.Alert, size: Size, into grid: inout Grid) {
        drawNote(alert.text, heading: alert.heading, size: size, into: &grid)
        let b = box(size)
        grid.put("Enter or Esc: close", row: b.top + b.height - 2, column: b.left + 2, style: .dim, limit: b.textWidth)
    }

    /// A bookmark's whole note in the box, to read (until the next key).
    static func drawNote(_ note: String, heading: String = "Note", size: Size, into grid: inout Grid) {
        let b = box(size)
        frame(b, heading: heading, into: &grid)
        var lines = note.split(separator: "\n", omittingEmptySubsequences: false).flatMap { HelpView.wrap(String($0), width: b.textWidth) }
        if lines.count > b.textRows + 1 {
            lines = Array(lines.prefix(b.textRows))
            lines[lines.count - 1] += " …"
        }
        for (k, line) in lines.prefix(b.textRows + 1).enumerated() {
            grid.put(line, row: b.top + 1 + k, column: b.left + 2, style: .normal, limit: b.textWidth)
        }
    }

    /// The box's border and heading.
    static func frame(_ b: Box, heading: String, into grid: inout Grid) {
        for r in 0..<b.height { grid.fill(row: b.top + r, from: b.left, to: b.left + b.width, style: .normal) }
        let horizontal = String(repeating: "─", count: max(0, b.width - 2))
        grid.put("┌" + horizontal + "┐", row: b.top, column: b.left, style: .bookmark, limit: b.width)
        for r in 1..<(b.height - 1) {
            grid.put("│", row: b.top + r, column: b.left, style: .bookmark)
            grid.put("│", row: b.top + r, column: b.left + b.width - 1, style: .bookmark)
        }
        grid.put("└" + horizontal + "┘", row: b.top + b.height - 1, column: b.left, style: .bookmark, limit: b.width)
        // Cut with `…` and a space before the border, as at full length.
        let end = grid.put(" " + heading, row: b.top, column: b.left + 2, style: .bold, limit: max(1, b.width - 5))
        grid.put(" ", row: b.top, column: end, style: .bold)
    }

    static func draw(_ editing: NoteEditing, keymap: Keymap, size: Size, into grid: inout Grid) {
        let b = box(size)
        frame(b, heading: editing.heading, into: &grid)
        let view = editing.editor.visibleLines(width: b.textWidth, height: b.textRows)
        for (k, line) in view.lines.enumerated() {
            grid.put(line, row: b.top + 1 + k, column: b.left + 2, style: .normal, limit: b.textWidth)
        }
        if editing.editor.isEmpty {
            grid.put("Type a note (why this place matters)…", row: b.top + 1, column: b.left + 2, style: .dim, limit: b.textWidth)
        }
        // The keys, as many as fit whole (Esc's meaning above all); after Esc on a changed
        // note, what the next Esc does (the status line may be too narrow to say it).
        // The keys as bound (one no longer bound is left out).
        let keys = keymap.noteKeys
        let hints = editing.confirmingDiscard
            ? (keys.cancel.map { esc in
                  ["Changed: \(esc) again throws it away" + (keys.save.map { ", \($0) saves it" } ?? ""),
                   "\(esc) again: throw it away" + (keys.save.map { "  \($0): save" } ?? ""), "\(esc) again: throw away", "\(esc): discard"]
              } ?? [keys.save.map { "Changed: \($0) saves it" } ?? "Changed"])
            : [[keys.save.map { $0 + " save" }, keys.newLine.map { $0 + " new line" }, keys.cancel.map { $0 + " cancel" }],
               [keys.save.map { $0 + " save" }, keys.cancel.map { $0 + " cancel" }],
               [keys.cancel.map { $0 + " cancel" }]].map { $0.compactMap { $0 }.joined(separator: "  ") }
        let hint = hints.first { Sanitizer.width($0) <= b.textWidth } ?? hints.last!
        grid.put(hint, row: b.top + b.height - 2, column: b.left + 2, style: editing.confirmingDiscard ? .error : .dim, limit: b.textWidth)
        grid.cursor = (b.top + 1 + view.cursorRow, b.left + 2 + min(view.cursorColumn, b.textWidth - 1))
    }
}

extension Keymap {
    /// The note editor's keys as bound (nil: none does it any more), as its hints name them.
    var noteKeys: (save: String?, newLine: String?, cancel: String?) {
        (key(for: NoteEdit.save, preferring: .enter), key(for: NoteEdit.newline, preferring: .ctrl("j")), key(for: NoteEdit.cancel, preferring: .escape))
    }
}
