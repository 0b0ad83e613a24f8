/// A list screen's selected row and first row on screen: the article list, the people panel,
/// the concordance and the bookmarks share how the selection moves and stays in view.
protocol ScrollingList {
    var selection: Int { get set }
    var top: Int { get set }
}

extension ScrollingList {
    /// The selected entry of what is shown (the last one when the selection is past the end).
    func selected<T>(in visible: [T]) -> T? { visible.isEmpty ? nil : visible[min(selection, visible.count - 1)] }

    /// Moves the selection for a movement action (line, page, half page, first, last: `count`
    /// times, or to item `count`), `rows` items a screen; any other action changes nothing.
    mutating func move(_ action: Action, count: Int?, rows: Int, total: Int) {
        let n = count ?? 1
        switch action {
        case .lineDown: selection += n
        case .lineUp: selection -= n
        // A page (half a page) moves the view a fresh screenful (half), the cursor staying on
        // its row; where the view can go no further, the cursor goes to the first or last entry.
        case .pageDown: scroll(by: rows * n, rows: rows, total: total)
        case .pageUp: scroll(by: -rows * n, rows: rows, total: total)
        case .halfPageDown: scroll(by: max(1, rows / 2) * n, rows: rows, total: total)
        case .halfPageUp: scroll(by: -max(1, rows / 2) * n, rows: rows, total: total)
        case .top: selection = n - 1
        case .bottom: selection = count.map { $0 - 1 } ?? total - 1
        default: break
        }
    }

    mutating func scroll(by delta: Int, rows: Int, total: Int) {
        let newTop = max(0, min(top + delta, max(0, total - rows)))
        if newTop == top {
            selection = delta > 0 ? total - 1 : 0
        } else {
            selection += newTop - top
            top = newTop
        }
    }

    /// Keeps the selection among the `total` items and on screen, `rows` items a screen.
    mutating func clamp(total: Int, rows: Int) {
        selection = max(0, min(selection, total - 1))
        if selection < top { top = selection }
        if selection >= top + rows { top = selection - rows + 1 }
        top = max(0, min(top, max(0, total - rows)))
    }
}

extension ListState: ScrollingList {}
extension ConcordanceState: ScrollingList {}
extension FilteredListState: ScrollingList {}

/// A list screen's place and the text it is filtered by (the people panel, the bookmarks).
public struct FilteredListState: Equatable, Sendable {
    public internal(set) var selection = 0
    public internal(set) var top = 0
    public internal(set) var filter = ""
}
