import Testing
import TestSupport
import ReaderTestSupport
@testable import ReaderUI
import Library

/// Zero-width format characters on screen (issue 16, item 6): ZWNJ, in every Persian text, had a
/// cell of its own that ncurses never draws, so after paging the letter drawn there before
/// showed through.
@Suite struct ZeroWidthScreenTests {
    /// Draws `grid` onto `screen` as `CursesTerminal.present` hands it to ncurses, cell by cell at
    /// its own position, with ncurses' measure (the C library's `wcwidth`): a cell whose first
    /// character has no width is added to the cell before it, and its own cell keeps what it had.
    static func present(_ grid: Grid, onto screen: inout [[String]]) {
        for y in 0..<grid.size.rows {
            for x in 0..<grid.size.columns {
                let text = grid[y, x].text
                guard let first = text.unicodeScalars.first else { continue }   // right half of a wide character
                if SystemWidth.widths([first.value])![0] == 0 { continue }
                screen[y][x] = text
                for k in 1..<max(1, SystemWidth.widths([first.value])![0]) where x + k < grid.size.columns { screen[y][x + k] = "" }
            }
        }
    }

    @Test func pagingThroughPersianLeavesNoStaleLetters() {
        let body = (1...400).map { "بند \($0): کتاب‌ها را می‌خواهم و نامه‌ها را می‌نویسم، هم‌اکنون." }.joined(separator: "\n")
        let catalog = Catalog(documents: [("fa.txt", "کتاب‌ها\n\n" + body)])
        var state = AppState(catalog: catalog, size: Size(rows: 24, columns: 80))
        state.send(KeyMap.action(for: .enter, in: state)!)
        var screen = [[String]](repeating: [String](repeating: " ", count: 80), count: 24)
        for page in 0..<6 {
            let grid = Renderer.draw(state)
            Self.present(grid, onto: &screen)
            for y in 0..<24 {
                let shown = screen[y].joined()
                let expected = (0..<80).map { grid[y, $0].text }.joined()
                #expect(shown == expected, "page \(page + 1), row \(y)")
            }
            // No cell starts with a character the terminal gives no width.
            for cell in grid.cells {
                if let first = cell.text.unicodeScalars.first { #expect(SystemWidth.widths([first.value])![0] >= 1) }
            }
            state.send(KeyMap.action(for: .char(" "), in: state)!)
        }
        #expect(state.pageNumbers!.page == 6)
    }
}
