import Foundation
import Library

/// The bottom line: a prompt being typed, or a message, or the screen's own status.
enum StatusLine {
    /// `left` (where the user is: `3/17  path`, a title) and `right` (key hints or the page,
    /// items two spaces apart). What does not fit goes: the left part is cut, but keeps
    /// `leftMinimum` cells (nil: its first item, the position `3/17`); right items are left out
    /// from the first, the last one is cut as a last resort. Never a blank line.
    static func draw(_ state: AppState, into grid: inout Grid, left: String, right: String, leftMinimum: Int? = nil) {
        let keep = leftMinimum ?? Sanitizer.width(firstItem(left))
        var right = fitting(right, room: max(0, state.size.columns - (keep > 0 ? keep + 1 : 0)))
        // A count being typed (`12` of `12g`) shows, as vim shows it, while there is room.
        if let count = state.count, Sanitizer.width(formatCount(count)) + 2 + Sanitizer.width(right) + keep + 1 <= state.size.columns {
            right = formatCount(count) + "  " + right
        }
        let row = state.size.rows - 1
        guard row >= 1 else { return }
        grid.fill(row: row, style: .status)
        if let prompt = state.prompt {
            grid.fill(row: row, style: .normal)
            let end = grid.put(prompt.label, row: row, column: 0, style: .bold)
            // Only the part around the insertion point is measured and drawn: a prompt holding
            // 100 kB costs what fits on the line.
            let room = max(1, state.size.columns - end)
            let window = prompt.editor.window(room: room)
            let textEnd = grid.put(String(prompt.editor.characters[window.range]), row: row, column: end, style: .normal, limit: room)
            grid.cursor = (row, min(end + window.cursorColumn, state.size.columns - 1))
            // What the typing did (a filter's query error), right-aligned after the text if there is room.
            if let message = state.message {
                let note = " " + message.text + " "
                let room = state.size.columns - textEnd - 2
                if room >= 10 {
                    let width = min(room, Sanitizer.width(note))
                    grid.put(note, row: row, column: state.size.columns - width, style: message.kind == .error ? .error : .notice, limit: width,
                             keepingHint: true)
                }
            }
            return
        }
        // A message takes the place of the left part; the right part (page, position) stays.
        let rightWidth = Sanitizer.width(right)
        let leftRoom = max(0, state.size.columns - rightWidth - 1)
        if let message = state.message {
            let style: Style = message.kind == .error ? .error : .notice
            let room = Sanitizer.width(message.text) + 1 > leftRoom ? state.size.columns : leftRoom
            grid.fill(row: row, from: 0, to: room, style: style)
            grid.put(" " + message.text, row: row, column: 0, style: style, limit: room, keepingHint: true)
            if room < state.size.columns {
                grid.put(right, row: row, column: state.size.columns - rightWidth, style: .status)
            }
            return
        }
        // Room for the position but hardly more: the position whole, not cut into `1/…`.
        let first = firstItem(left)
        let shown = Sanitizer.width(left) > leftRoom && Sanitizer.width(first) <= leftRoom && leftRoom < Sanitizer.width(first) + 4 ? first : left
        grid.put(shown, row: row, column: 0, style: .status, limit: leftRoom)
        if rightWidth <= state.size.columns {
            grid.put(right, row: row, column: state.size.columns - rightWidth, style: .status)
        }
    }

    /// The first item of a status part (items are two spaces apart), with its leading space.
    static func firstItem(_ text: String) -> String {
        guard let gap = text.dropFirst().range(of: "  ") else { return text }
        return String(text[..<gap.lowerBound])
    }

    /// `right` in at most `room` cells: its first items left out until the rest fits (the
    /// trailing space kept); a last item still too wide cut with `…`.
    static func fitting(_ right: String, room: Int) -> String {
        guard Sanitizer.width(right) > room else { return right }
        let trailing = right.hasSuffix(" ") ? " " : ""
        var items = right.split(separator: "  ", omittingEmptySubsequences: true)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        while items.count > 1, Sanitizer.width(items.joined(separator: "  ") + trailing) > room { items.removeFirst() }
        let rest = items.joined(separator: "  ") + trailing
        guard Sanitizer.width(rest) > room else { return rest }
        return room > 0 ? Truncation.fitted(rest, width: room) : ""
    }
}
