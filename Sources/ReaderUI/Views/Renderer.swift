import Foundation
import Library

/// Draws whatever screen the state is on.
public enum Renderer {
    public static func draw(_ state: AppState) -> Grid {
        var grid = Grid(size: state.size)
        let size = state.size
        guard size.rows > 0, size.columns > 0 else { return grid }
        if state.geometry.tooSmall {
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
        case .links: LinksView.draw(state, into: &grid)
        case .bookmarks: BookmarksView.draw(state, into: &grid)
        case .people: PeopleView.draw(state, into: &grid)
        case .concordance: ConcordanceView.draw(state, into: &grid)
        }
        if let editing = state.noteEditing { NoteEditorView.draw(editing, keymap: state.settings.keymap, size: size, into: &grid) }
        if let alert = state.alert { NoteEditorView.drawAlert(alert, size: size, into: &grid) }
        return grid
    }
}
