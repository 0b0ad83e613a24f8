import Library

/// The article list: which articles are shown (all of them until a filter narrows it), which
/// one is selected, and which is the first row on screen.
public struct ListState: Equatable, Sendable {
    /// Indices into `corpus.articles`, in display order.
    public var visible: [Int]
    /// Position in `visible`.
    public var selection = 0
    public var top = 0
    /// The query narrowing the list (typed after `/`, or `person:"Name"` from the people panel).
    public var filter: ListFilter?

    public init(count: Int) {
        visible = Array(0..<count)
    }

    public var selectedArticle: Int? { visible.isEmpty ? nil : visible[min(selection, visible.count - 1)] }
}

extension AppState {
    /// Rows of the list on screen (header and status line excluded).
    var listRows: Int { max(1, size.rows - 2) }

    mutating func applyList(_ action: Action, count: Int?) -> [Effect] {
        switch action {
        case .open:
            if let index = list.selectedArticle {
                find.openingFromList(list.filter)
                return openArticle(index)
            }
        case .filter:
            openListFilter()
        case .back:
            // Esc clears the filter, keeping the selected article selected.
            if list.filter != nil { clearListFilter() }
        default:
            list.move(action, count: count, rows: listRows, total: list.visible.count)
        }
        clampList()
        return []
    }

    mutating func clampList() {
        list.clamp(total: list.visible.count, rows: listRows)
    }
}

/// Draws the article list: a header, one row an article (title, author, length), a status line.
enum ListView {
    static func draw(_ state: AppState, into grid: inout Grid) {
        let width = state.size.columns
        let corpus = state.corpus
        grid.fill(row: 0, style: .header)
        let total = corpus.articles.count
        var header = " reader  \(formatCount(total)) article\(total == 1 ? "" : "s")"
        let filtering = state.list.filter != nil || state.prompt?.kind == .listFilter
        if let shown = state.list.filter?.shownQuery {
            // No more of the query than the line can show (it may be a 100 kB paste).
            header += "  \(formatCount(state.list.visible.count)) of \(formatCount(total)) matching " + shown.prefix(width)
        } else if state.list.visible.count != total {
            header += "  (\(formatCount(state.list.visible.count)) shown)"
        }
        if filtering && state.textIndexBuilding { header += "  (text index building… titles and authors only)" }
        if state.list.filter?.shownQuery != nil { header += "  (Esc: all)" }
        let end = grid.put(header, row: 0, column: 0, style: .header)
        if let progress = state.indexing {
            let note = "indexing \(progress.total == 0 ? 100 : progress.done * 100 / progress.total)%…"
            if end + note.count + 2 < width { grid.put(note, row: 0, column: width - note.count - 1, style: .header) }
        }

        if state.list.visible.isEmpty {
            grid.put(total == 0 ? "  No articles." : "  Nothing matches.", row: 2, column: 0, style: .dim)
        }
        let rows = state.listRows
        let authorWidth = width >= 70 ? min(24, width / 4) : 0
        let lengthWidth = width >= 40 ? 12 : 0
        for r in 0..<rows {
            let position = state.list.top + r
            guard position < state.list.visible.count else { break }
            let article = corpus.articles[state.list.visible[position]]
            let row = 1 + r
            let selected = position == state.list.selection
            if selected { grid.fill(row: row, style: .selected) }
            let titleWidth = max(1, width - 2 - (authorWidth > 0 ? authorWidth + 2 : 0) - (lengthWidth > 0 ? lengthWidth + 1 : 0))
            let titleStyle: Style = selected ? .selected : (article.titleIsDerived ? .derived : .bold)
            grid.put(article.title, row: row, column: 1, style: titleStyle, limit: titleWidth, ellipsis: true)
            if authorWidth > 0, let author = article.author {
                grid.put(author, row: row, column: width - 1 - lengthWidth - 1 - authorWidth, style: selected ? .selected : .dim,
                         limit: authorWidth, ellipsis: true)
            }
            if lengthWidth > 0 {
                let length = "\(formatCount(article.words)) words"
                let shown = String(length.suffix(lengthWidth))
                grid.put(shown, row: row, column: width - 1 - Sanitizer.width(shown), style: selected ? .selected : .dim)
            }
        }

        var left = " "
        if let selected = state.list.visible.isEmpty ? nil : state.list.selection {
            left += "\(selected + 1)/\(formatCount(state.list.visible.count))"
            if let index = state.list.selectedArticle {
                let a = corpus.articles[index]
                left += "  " + a.path + (a.readingMinutes > 0 ? "  \(a.readingMinutes) min" : "")
            }
        }
        let skipped = corpus.skipped.count
        let right = (skipped > 0 ? "\(formatCount(skipped)) skipped (! why)  " : "") + "? help  q quit "
        StatusLine.draw(state, into: &grid, left: left, right: right)
    }
}

/// 12,345-style numbers.
func formatCount(_ n: Int) -> String {
    let digits = String(abs(n))
    var out = ""
    for (i, ch) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
        out.append(ch)
    }
    return n < 0 ? "-" + out : out
}
