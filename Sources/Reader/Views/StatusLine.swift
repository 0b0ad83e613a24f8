import Library

/// The bottom line: a prompt being typed, or a message, or the screen's own status.
enum StatusLine {
    static func draw(_ state: AppState, into grid: inout Grid, left: String, right: String) {
        let row = state.size.rows - 1
        guard row >= 1 else { return }
        grid.fill(row: row, style: .status)
        if let prompt = state.prompt {
            grid.fill(row: row, style: .normal)
            let end = grid.put(prompt.label, row: row, column: 0, style: .bold)
            let before = String(prompt.text.prefix(prompt.cursor))
            // Keep the insertion point on screen when the text is longer than the line.
            let room = max(1, state.size.columns - end - 1)
            let beforeWidth = Sanitizer.width(before)
            var shown = prompt.text
            var cursorColumn = end + beforeWidth
            if beforeWidth >= room {
                var dropped = 0
                var chars = Array(prompt.text)
                while Sanitizer.width(String(chars.prefix(prompt.cursor - dropped))) >= room && !chars.isEmpty {
                    chars.removeFirst()
                    dropped += 1
                }
                shown = String(chars)
                cursorColumn = end + Sanitizer.width(String(chars.prefix(prompt.cursor - dropped)))
            }
            let textEnd = grid.put(shown, row: row, column: end, style: .normal)
            grid.cursor = (row, min(cursorColumn, state.size.columns - 1))
            // What the typing did (a filter's query error), right-aligned after the text if there is room.
            if let message = state.message {
                let note = " " + message.text + " "
                let room = state.size.columns - textEnd - 2
                if room >= 10 {
                    let width = min(room, Sanitizer.width(note))
                    grid.put(note, row: row, column: state.size.columns - width, style: message.kind == .error ? .error : .notice, limit: width)
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
            grid.put(" " + message.text, row: row, column: 0, style: style, limit: room)
            if room < state.size.columns {
                grid.put(right, row: row, column: state.size.columns - rightWidth, style: .status)
            }
            return
        }
        grid.put(left, row: row, column: 0, style: .status, limit: leftRoom, ellipsis: true)
        if rightWidth < state.size.columns {
            grid.put(right, row: row, column: state.size.columns - rightWidth, style: .status)
        }
    }
}
