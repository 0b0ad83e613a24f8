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
        grid.put(left, row: row, column: 0, style: .status, limit: leftRoom)
        if rightWidth < state.size.columns {
            grid.put(right, row: row, column: state.size.columns - rightWidth, style: .status)
        }
    }
}
