import Library

/// What the reader knows of the bookmark store's health (the runner keeps it current).
public struct BookmarkStatus: Equatable, Sendable {
    /// Changes not yet on disk (disk full, read-only folder, a file that did not parse).
    public internal(set) var unsaved = 0
    /// Why saving fails, in words, when it does.
    public internal(set) var problem: String?
    /// The file could not be read: bookmarks are read-only this session.
    public internal(set) var readOnly = false
}

/// The bookmarks screen: newest first, filtered with `/`.
public typealias BookmarkListState = FilteredListState

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

    var selectedBookmark: Bookmark? { bookmarkList.selected(in: visibleBookmarks) }

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

    /// Opens a bookmark's article at its place (found again if the text changed). The article is
    /// the file the bookmark names, else (its folder moved) one at the same relative path with
    /// the same text, which the runner looks for (`Effect.findBookmarkArticle`).
    mutating func openBookmark(_ b: Bookmark) -> [Effect] {
        if let index = articleIndexByAbsolutePath[b.article.absolutePath] { return switchArticle(to: index, .bookmark(b)) }
        let candidates = corpus.articles.indices.filter { corpus.articles[$0].relativePath == b.article.path }
        guard !candidates.isEmpty, !b.article.hash.isEmpty else { return bookmarkArticleFound(b, nil) }
        return [.findBookmarkArticle(b, candidates: candidates)]
    }

    mutating func bookmarkArticleFound(_ b: Bookmark, _ index: Int?) -> [Effect] {
        guard let index else {
            message = .error("Not in the articles open now: \(b.article.absolutePath)")
            return []
        }
        return switchArticle(to: index, .bookmark(b))
    }

    /// The bookmark's article, open: its place shown, or why it cannot be.
    mutating func arriveAtBookmark(_ b: Bookmark) {
        guard var r = reading else { return }
        let anchor = b.resolve(in: r.text)
        if let range = anchor.range {
            r.topOffset = r.layout.range(ofLine: r.layout.line(containing: range.lowerBound)).lowerBound
            r.flash = range
            reading = r
            message = .info(anchor == .exact(range) ? "Bookmark: " + firstLine(b.note) : "Bookmark found again (the text changed): " + firstLine(b.note))
        } else {
            message = .error("This bookmark is detached: its text is no longer in the article")
        }
    }

    func firstLine(_ s: String) -> String { String(s.split(separator: "\n", omittingEmptySubsequences: false).first ?? "") }

    /// Called when the store's bookmarks change: keeps the list and the open article's margin
    /// marks current.
    mutating func bookmarksChanged(_ all: [Bookmark], status: BookmarkStatus) {
        bookmarks = all
        bookmarkStatus = status
        if status.unsaved == 0 { confirmingQuit = false }
        refreshMarks()
        clampBookmarkList()
    }

    /// Margin marks for the open article: where its bookmarks are now.
    mutating func refreshMarks() {
        guard var r = reading else { return }
        let ref = r.ref
        r.marks = bookmarks.filter { $0.article.matches(absolutePath: ref.absolutePath, relativePath: ref.path, hash: ref.hash) }
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
        if !state.bookmarkList.filter.isEmpty { header += "  (\(formatCount(visible.count, "bookmark", "bookmarks")) matching “\(state.bookmarkList.filter)”)" }
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
        StatusLine.draw(state, into: &grid, left: visible.isEmpty ? "" : " \(formatCount(state.bookmarkList.selection + 1))/\(formatCount(visible.count))",
                        right: right)
    }
}

