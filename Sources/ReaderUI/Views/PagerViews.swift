import Library

/// Help: every binding of the key table (`KeyMap.table`), by section: keys, the action's name,
/// what it does (wrapped under itself when the window is narrow).
enum HelpView {
    static func lines(_ state: AppState) -> [(text: String, style: Style)] {
        var out: [(String, Style)] = []
        for (section, bindings) in KeyMap.table {
            let names = bindings.map { Sanitizer.width($0.name) }.max() ?? 0
            out.append(("", .normal))
            out.append((section, .header))
            let keys = min(24, bindings.map { Sanitizer.width(keysText($0)) }.max() ?? 0)
            let indent = 2 + keys + 2 + names + 2
            for b in bindings {
                let k = keysText(b)
                var head = "  " + k + String(repeating: " ", count: max(2, keys + 2 - Sanitizer.width(k)))
                head += b.name + String(repeating: " ", count: names + 2 - Sanitizer.width(b.name))
                if Sanitizer.width(head) > indent {
                    out.append((head, .normal))
                    head = String(repeating: " ", count: indent)
                }
                for (i, line) in wrap(b.summary, width: max(10, state.size.columns - 2 - indent)).enumerated() {
                    out.append(((i == 0 ? head : String(repeating: " ", count: indent)) + line, .normal))
                }
            }
        }
        return out
    }

    static func keysText(_ b: KeyBinding) -> String { b.keyLabels.joined(separator: " ") }

    /// Words into lines of at most `width` cells (a longer word has a line of its own).
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && Sanitizer.width(line) + 1 + Sanitizer.width(String(word)) > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        return lines + [line]
    }

    static func draw(_ state: AppState, into grid: inout Grid) {
        PagerView.draw(state, into: &grid, title: " reader — keys", lines: lines(state), pager: state.help,
                       status: " q or Esc: back   j k Space b: scroll")
    }
}

/// The load report: files skipped and why, and notes on files loaded with caveats.
enum ReportView {
    static func lines(_ state: AppState) -> [(text: String, style: Style)] {
        let skipped = state.corpus.issues.filter { $0.severity == .skipped }
        let notes = state.corpus.issues.filter { $0.severity == .note }
        var out: [(String, Style)] = [("", .normal)]
        out.append(("Skipped (\(formatCount(skipped.count)))", .header))
        if skipped.isEmpty { out.append(("  none", .dim)) }
        for issue in skipped { out.append(("  " + issue.description, .normal)) }
        out.append(("", .normal))
        out.append(("Loaded with notes (\(formatCount(notes.count)))", .header))
        if notes.isEmpty { out.append(("  none", .dim)) }
        for issue in notes { out.append(("  " + issue.description, .normal)) }
        return out
    }

    static func draw(_ state: AppState, into grid: inout Grid) {
        PagerView.draw(state, into: &grid, title: " reader — loading report", lines: lines(state), pager: state.report,
                       status: " q or Esc: back   j k Space b: scroll")
    }
}

enum PagerView {
    static func draw(_ state: AppState, into grid: inout Grid, title: String, lines: [(text: String, style: Style)],
                     pager: PagerState, status: String) {
        grid.fill(row: 0, style: .header)
        grid.put(title, row: 0, column: 0, style: .header)
        let rows = max(0, state.size.rows - 2)
        for r in 0..<rows {
            let i = pager.top + r
            guard i < lines.count else { break }
            grid.put(lines[i].text, row: 1 + r, column: 1, style: lines[i].style)
        }
        let shown = lines.isEmpty ? 100 : min(100, (pager.top + rows) * 100 / lines.count)
        StatusLine.draw(state, into: &grid, left: status, right: "\(shown)% ")
    }
}

/// Draws whatever screen the state is on.
public enum Renderer {
    public static func draw(_ state: AppState) -> Grid {
        var grid = Grid(size: state.size)
        let size = state.size
        guard size.rows > 0, size.columns > 0 else { return grid }
        if size.rows < 3 || size.columns < 12 {
            let text = "Terminal too small"
            let row = size.rows / 2
            let column = max(0, (size.columns - text.count) / 2)
            grid.put(text, row: row, column: column, style: .error)
            return grid
        }
        switch state.screen {
        case .list: ListView.draw(state, into: &grid)
        case .article: ArticleView.draw(state, into: &grid)
        case .help: HelpView.draw(state, into: &grid)
        case .report: ReportView.draw(state, into: &grid)
        case .bookmarks: BookmarksView.draw(state, into: &grid)
        case .people: PeopleView.draw(state, into: &grid)
        case .concordance: ConcordanceView.draw(state, into: &grid)
        }
        if let editing = state.noteEditing { NoteEditorView.draw(editing, size: size, into: &grid) }
        return grid
    }
}
