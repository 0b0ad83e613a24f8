import Foundation
import Library

/// A scrolled page of lines (help, the skipped files), with its title and status line.
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
        let right = "\(shown)% "
        // Hints whole or not at all: the first (how to go back) alone when all do not fit.
        let fits = Sanitizer.width(status) + Sanitizer.width(right) + 1 <= state.size.columns
        StatusLine.draw(state, into: &grid, left: fits ? status : StatusLine.firstItem(status), right: right)
    }
}

