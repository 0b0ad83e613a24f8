import Library

/// The mouse (when the settings' `mouse` is on): the wheel scrolls lists, help and the text three
/// lines a turn; a click selects a list's row, a double click opens it; a click on a name in the
/// text selects it (as Tab does). Each becomes the actions the keys would ask for.
extension AppState {
    static let wheelLines = 3

    mutating func applyMouse(_ event: MouseEvent) -> [Effect] {
        switch event.kind {
        case .wheelUp, .wheelDown:
            // A line at a time, as j or k would (help and the skipped files take no count).
            let action: Action = event.kind == .wheelDown ? .lineDown : .lineUp
            return (0..<Self.wheelLines).flatMap { _ in apply(action) }
        case .click, .doubleClick:
            switch screen {
            case .list: return clickRow(event, top: list.top, shown: listRows, entries: list.visible.count)
            case .people: return clickRow(event, top: peopleList.top, shown: listRows, entries: visiblePeople.count)
            case .bookmarks:
                return clickRow(event, top: bookmarkList.top, shown: bookmarksPerScreen, rowsPerEntry: Self.bookmarkRows,
                                entries: visibleBookmarks.count)
            case .concordance:
                guard let c = concordance else { return [] }
                return clickRow(event, top: c.top, shown: concordanceRows, entries: c.entries.count)
            case .article:
                if let offset = textOffset(row: event.row, column: event.column),
                   let mention = reading?.mentions.firstIndex(where: { $0.range.contains(offset) }) {
                    selectMention(at: mention)
                }
                return []
            case .help, .report, .links:
                return []
            }
        }
    }

    /// A list's row clicked (`shown` entries of `rowsPerEntry` rows from the screen's second
    /// row): selected as `Ng` would; a double click opens it. The header, the status line, a
    /// preview below the entries and rows past the end do nothing.
    mutating func clickRow(_ event: MouseEvent, top: Int, shown: Int, rowsPerEntry: Int = 1, entries: Int) -> [Effect] {
        guard event.row >= 1, event.row < size.rows - 1 else { return [] }
        let onScreen = (event.row - 1) / rowsPerEntry
        let entry = top + onScreen
        guard onScreen < shown, entry < entries else { return [] }
        count = entry + 1
        var effects = apply(.top)
        if event.kind == .doubleClick { effects += apply(.open) }
        return effects
    }

    /// The offset in the article's text of the character drawn at a cell, if any (as
    /// `ArticleView` lays the rendition out: columns of `textRows` lines from `textTop`; what the
    /// renderer added, such as a list's bullet, has none).
    func textOffset(row: Int, column: Int) -> Int? {
        guard let reading else { return nil }
        let g = geometry
        guard row >= g.textTop, row < g.textTop + g.textRows,
              let page = g.columnLefts.lastIndex(where: { $0 <= column }), column < g.columnLefts[page] + g.textWidth else { return nil }
        let line = topLine + page * g.textRows + (row - g.textTop)
        guard line < reading.layout.lineCount else { return nil }
        // As ArticleView draws it: the rendition's display text, mapped back to the article's.
        let rendition = reading.rendition
        var x = g.columnLefts[page]
        for piece in Sanitizer.pieces(rendition.display, range: reading.layout.range(ofLine: line), startColumn: 0) {
            guard piece.width > 0 else { continue }   // drawn in no cell
            if column < x + piece.width {
                guard rendition.attributes(at: piece.offset) & Rendition.Attributes.synthetic == 0 else { return nil }
                return rendition.sourceOffset(ofDisplay: piece.offset)
            }
            x += piece.width
        }
        return nil
    }
}
