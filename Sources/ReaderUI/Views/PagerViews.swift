import Library

/// Help: every key, by screen, from `KeyMap.help`.
enum HelpView {
    static func lines(_ state: AppState) -> [(text: String, style: Style)] {
        var out: [(String, Style)] = []
        for (section, bindings) in KeyMap.help {
            out.append(("", .normal))
            out.append((section, .header))
            for b in bindings {
                let pad = String(repeating: " ", count: max(1, 22 - Sanitizer.width(b.keys)))
                out.append(("  " + b.keys + pad + b.action, .normal))
            }
        }
        return out
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
