import Library

/// What the reader knows of the bookmark store's health (the runner keeps it current).
public struct BookmarkStatus: Equatable, Sendable {
    /// Changes not yet on disk (disk full, read-only folder, a file that did not parse).
    public var unsaved = 0
    /// Why saving fails, in words, when it does.
    public var problem: String?
    /// The file could not be read: bookmarks are read-only this session.
    public var readOnly = false
}

/// The bookmarks screen: newest first, filtered with `/`.
public struct BookmarkListState: Equatable, Sendable {
    public var selection = 0
    public var top = 0
    public var filter = ""
}

/// A note being written for a new bookmark, or edited.
public struct NoteEditing: Equatable, Sendable {
    public enum Target: Equatable, Sendable {
        case new(article: Int, range: Range<Int>)
        case edit(id: String)
    }
    public var target: Target
    public var editor: NoteEditor
    public var heading: String
}

extension AppState {
    /// Bookmarks shown on the bookmarks screen: newest change first, matching the filter.
    public var visibleBookmarks: [Bookmark] {
        let sorted = bookmarks.sorted { ($0.changed, $0.id) > ($1.changed, $1.id) }
        let words = Folding.key(bookmarkList.filter).split(separator: " ").map(String.init)
        guard !words.isEmpty else { return sorted }
        return sorted.filter { b in
            let haystack = Folding.key([b.note, b.article.title ?? "", b.article.path, b.quote.exact, b.tags.joined(separator: " ")]
                .joined(separator: "\n"))
            return words.allSatisfy { haystack.contains($0) }
        }
    }

    /// Rows each bookmark takes on its screen.
    static let bookmarkRows = 2

    /// Bookmarks on one screen.
    var bookmarksPerScreen: Int { max(1, (size.rows - 2) / AppState.bookmarkRows) }

    mutating func clampBookmarkList() {
        bookmarkList.clamp(total: visibleBookmarks.count, rows: bookmarksPerScreen)
    }

    var selectedBookmark: Bookmark? {
        let visible = visibleBookmarks
        return visible.isEmpty ? nil : visible[min(bookmarkList.selection, visible.count - 1)]
    }

    mutating func applyBookmarks(_ action: Action, count: Int?) -> [Effect] {
        switch action {
        case .back: goBack()
        case .filter: prompt = Prompt(kind: .bookmarkFilter, text: bookmarkList.filter)
        case .open:
            if let b = selectedBookmark { return openBookmark(b) }
        case .editBookmark:
            if let b = selectedBookmark {
                guard !bookmarkStatus.readOnly else { message = .error(readOnlyMessage); break }
                noteEditing = NoteEditing(target: .edit(id: b.id), editor: NoteEditor(text: b.note),
                                          heading: "Edit the note — " + (b.article.title ?? b.article.path))
            }
        case .deleteBookmark:
            if let b = selectedBookmark {
                guard !bookmarkStatus.readOnly else { message = .error(readOnlyMessage); break }
                message = .info("Bookmark deleted (u: undo)")
                return [.deleteBookmark(id: b.id)]
            }
        case .undoDelete:
            return [.undoDeleteBookmark]
        default:
            bookmarkList.move(action, count: count, rows: bookmarksPerScreen, total: visibleBookmarks.count)
        }
        clampBookmarkList()
        return []
    }

    var readOnlyMessage: String {
        "Bookmarks are read-only this session: " + (bookmarkStatus.problem ?? "the file could not be read")
    }

    /// `m`: a new bookmark at the current place, once its note is written.
    mutating func bookmarkHere() -> [Effect] {
        guard let reading else { return [] }
        guard !bookmarkStatus.readOnly else {
            message = .error(readOnlyMessage)
            return []
        }
        let range = currentSelection ?? {
            // The first words on screen (skipping blank lines).
            var start = reading.layout.range(ofLine: topLine).lowerBound
            let s = reading.text.scalars
            while start < s.count, s[start].properties.isWhitespace { start += 1 }
            return Bookmark.defaultRange(in: reading.text, at: start)
        }()
        let title = corpus.articles[reading.index].title
        noteEditing = NoteEditing(target: .new(article: reading.index, range: range), editor: NoteEditor(),
                                  heading: "Bookmark — " + title)
        return []
    }

    /// The text the user has selected in the article (a mention or a search match), if any.
    var currentSelection: Range<Int>? { reading?.selectedRange ?? currentMatchOnScreen }

    mutating func applyNote(_ edit: NoteEdit) -> [Effect] {
        guard var editing = noteEditing else { return [] }
        switch edit {
        case .insert(let s): editing.editor.insert(s)
        case .newline: editing.editor.insertNewline()
        case .backspace: editing.editor.backspace()
        case .delete: editing.editor.deleteForward()
        case .left: editing.editor.moveLeft()
        case .right: editing.editor.moveRight()
        case .up: editing.editor.moveUp()
        case .down: editing.editor.moveDown()
        case .home: editing.editor.moveHome()
        case .end: editing.editor.moveEnd()
        case .cancel:
            noteEditing = nil
            message = .info("Cancelled")
            return []
        case .save:
            noteEditing = nil
            switch editing.target {
            case .new(let index, let range):
                guard let reading, reading.index == index else { return [] }
                let bookmark = Bookmark.make(article: corpus.articles[index], text: reading.text, range: range,
                                             note: editing.editor.text)
                message = .info("Bookmarked (' lists bookmarks)")
                return [.addBookmark(bookmark)]
            case .edit(let id):
                guard var b = bookmarks.first(where: { $0.id == id }) else { return [] }
                b.note = editing.editor.text
                message = .info("Note saved")
                return [.updateBookmark(b)]
            }
        }
        let box = NoteEditorView.box(size)
        editing.editor.scrollToCursor(width: box.textWidth, height: box.textRows)
        noteEditing = editing
        return []
    }

    /// Opens a bookmark's article at its place (found again if the text changed).
    mutating func openBookmark(_ b: Bookmark) -> [Effect] {
        let index = articleIndexByAbsolutePath[b.article.absolutePath]
            ?? corpus.articles.indices.first { i in
                corpus.articles[i].relativePath == b.article.path
                    && (try? corpus.text(of: i).get()).map { ArticleRef.hash(of: $0) == b.article.hash } == true
            }
        guard let index else {
            message = .error("Not in the articles open now: \(b.article.absolutePath)")
            return []
        }
        var effects = leaveArticle()
        effects += openArticle(index, resume: false)
        guard var r = reading, r.index == index, screen == .article else { return effects }   // else it could not be opened
        let anchor = b.resolve(in: r.text)
        if let range = anchor.range {
            r.topOffset = r.layout.range(ofLine: r.layout.line(containing: range.lowerBound)).lowerBound
            r.flash = range
            reading = r
            message = .info(anchor == .exact(range) ? "Bookmark: " + firstLine(b.note) : "Bookmark found again (the text changed): " + firstLine(b.note))
        } else {
            message = .error("This bookmark is detached: its text is no longer in the article")
        }
        return effects
    }

    func firstLine(_ s: String) -> String { String(s.split(separator: "\n", omittingEmptySubsequences: false).first ?? "") }

    /// Called when the store's bookmarks change: keeps the list and the open article's margin
    /// marks current.
    public mutating func bookmarksChanged(_ all: [Bookmark], status: BookmarkStatus) {
        bookmarks = all
        bookmarkStatus = status
        if status.unsaved == 0 { confirmingQuit = false }
        refreshMarks()
        clampBookmarkList()
    }

    /// Margin marks for the open article: where its bookmarks are now.
    mutating func refreshMarks() {
        guard var r = reading else { return }
        let article = corpus.articles[r.index]
        let path = articleIndexByAbsolutePath.first(where: { $0.value == r.index })?.key ?? ArticleRef.absolutePath(of: article)
        let hash = ArticleRef.hash(of: r.text)
        r.marks = bookmarks.filter { $0.article.matches(absolutePath: path, relativePath: article.relativePath, hash: hash) }
            .compactMap { $0.resolve(in: r.text).range }
            .sorted { $0.lowerBound < $1.lowerBound }
        reading = r
    }
}

/// Draws the bookmarks screen: two rows a bookmark (note and date; article and quote).
enum BookmarksView {
    static func draw(_ state: AppState, into grid: inout Grid) {
        let width = state.size.columns
        grid.fill(row: 0, style: .header)
        let visible = state.visibleBookmarks
        var header = " Bookmarks  \(formatCount(state.bookmarks.count))"
        if !state.bookmarkList.filter.isEmpty { header += "  (\(formatCount(visible.count)) match “\(state.bookmarkList.filter)”)" }
        if state.bookmarkStatus.readOnly { header += "  read-only" }
        grid.put(header, row: 0, column: 0, style: .header)
        if visible.isEmpty {
            grid.put(state.bookmarks.isEmpty ? "  No bookmarks yet: press m while reading to add one." : "  Nothing matches.",
                     row: 2, column: 0, style: .dim)
        }
        for k in 0..<state.bookmarksPerScreen {
            let i = state.bookmarkList.top + k
            guard i < visible.count else { break }
            let b = visible[i]
            let row = 1 + k * AppState.bookmarkRows
            let selected = i == state.bookmarkList.selection
            let date = b.changed.shortDisplay
            if selected {
                grid.fill(row: row, style: .selected)
                grid.fill(row: row + 1, style: .selected)
            }
            let note = state.firstLine(b.note)
            grid.put(note.isEmpty ? "(no note)" : note, row: row, column: 1, style: selected ? .selected : .bold,
                     limit: max(1, width - 3 - date.count))
            if width > date.count + 4 { grid.put(date, row: row, column: width - 1 - date.count, style: selected ? .selected : .dim) }
            let quote = b.quote.exact.split(whereSeparator: { $0.isNewline }).joined(separator: " ")
            var x = grid.put("   " + (b.article.title ?? b.article.path), row: row + 1, column: 0, style: selected ? .selected : .dim)
            x = grid.put("  “" + quote + "”", row: row + 1, column: x, style: selected ? .selected : .normal, limit: max(0, width - x - 1))
        }
        let right = "Enter go  e edit  d delete  u undo  / filter  q back "
        StatusLine.draw(state, into: &grid, left: visible.isEmpty ? "" : " \(state.bookmarkList.selection + 1)/\(formatCount(visible.count))",
                        right: right)
    }
}

/// The note editor's box, drawn over whatever screen is below it.
enum NoteEditorView {
    struct Box {
        var top: Int, left: Int, width: Int, height: Int
        var textWidth: Int { max(1, width - 4) }
        var textRows: Int { max(1, height - 4) }
    }

    static func box(_ size: Size) -> Box {
        let width = min(72, max(10, size.columns - 4))
        let height = min(12, max(5, size.rows - 2))
        return Box(top: max(0, (size.rows - height) / 2), left: max(0, (size.columns - width) / 2), width: width, height: height)
    }

    static func draw(_ editing: NoteEditing, size: Size, into grid: inout Grid) {
        let b = box(size)
        for r in 0..<b.height { grid.fill(row: b.top + r, from: b.left, to: b.left + b.width, style: .normal) }
        let horizontal = String(repeating: "─", count: max(0, b.width - 2))
        grid.put("┌" + horizontal + "┐", row: b.top, column: b.left, style: .bookmark, limit: b.width)
        for r in 1..<(b.height - 1) {
            grid.put("│", row: b.top + r, column: b.left, style: .bookmark)
            grid.put("│", row: b.top + r, column: b.left + b.width - 1, style: .bookmark)
        }
        grid.put("└" + horizontal + "┘", row: b.top + b.height - 1, column: b.left, style: .bookmark, limit: b.width)
        grid.put(" " + editing.heading + " ", row: b.top, column: b.left + 2, style: .bold, limit: b.width - 4)
        let view = editing.editor.visibleLines(width: b.textWidth, height: b.textRows)
        for (k, line) in view.lines.enumerated() {
            grid.put(line, row: b.top + 1 + k, column: b.left + 2, style: .normal, limit: b.textWidth)
        }
        if editing.editor.isEmpty {
            grid.put("Type a note (why this place matters)…", row: b.top + 1, column: b.left + 2, style: .dim, limit: b.textWidth)
        }
        grid.put("Enter save  Ctrl-J new line  Esc cancel", row: b.top + b.height - 2, column: b.left + 2, style: .dim, limit: b.textWidth)
        grid.cursor = (b.top + 1 + view.cursorRow, b.left + 2 + min(view.cursorColumn, b.textWidth - 1))
    }
}
