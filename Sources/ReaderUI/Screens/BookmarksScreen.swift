import Library

/// What the reader knows of the bookmark store's health (the runner keeps it current).
public struct BookmarkStatus: Equatable, Sendable {
    /// Changes not yet on disk (disk full, read-only folder, a file that did not parse).
    public internal(set) var unsaved = 0
    /// Why saving fails, in words, when it does.
    public internal(set) var problem: String?
    /// The file could not be read: bookmarks are read-only this session.
    public internal(set) var readOnly = false
    /// The bookmarks file the problem is with.
    public internal(set) var file: String?
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
            let tags = b.tags.map(Folding.key)
            return words.allSatisfy { word in
                // `tag:x`: a tag starting with x; other words: anywhere.
                if word.hasPrefix("tag:") { return tags.contains { $0.hasPrefix(word.dropFirst(4)) } }
                return haystack.contains(word)
            }
        }
    }

    /// Rows each bookmark takes on its screen.
    static let bookmarkRows = 2

    /// Rows at the bottom of the bookmarks screen for the selected bookmark's whole note and
    /// tags (none in a small window).
    var bookmarkPreviewRows: Int { size.rows >= 14 ? min(8, (size.rows - 2) / 3) : 0 }

    /// Bookmarks on one screen.
    var bookmarksPerScreen: Int { max(1, (size.rows - 2 - bookmarkPreviewRows) / AppState.bookmarkRows) }

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
                // The cursor at the end of the note: editing it goes on from there.
                var editor = NoteEditor(text: b.note)
                editor.moveToEndOfText()
                let box = NoteEditorView.box(size)
                editor.scrollToCursor(width: box.textWidth, height: box.textRows)
                noteEditing = NoteEditing(target: .edit(id: b.id), editor: editor,
                                          heading: "Edit the note — " + (b.article.title ?? b.article.path))
            }
        case .deleteBookmark:
            if let b = selectedBookmark {
                guard !bookmarkStatus.readOnly else { message = .error(readOnlyMessage); break }
                message = .info("Bookmark deleted" + bracketHint([(.undoDelete, .char("u"), "undo")], in: .bookmarks, colon: true))
                return [.deleteBookmark(id: b.id)]
            }
        case .undoDelete:
            return [.undoDeleteBookmark]
        case .editTags:
            if let b = selectedBookmark {
                guard !bookmarkStatus.readOnly else { message = .error(readOnlyMessage); break }
                prompt = Prompt(kind: .tags(id: b.id), text: b.tags.joined(separator: " "))
            }
        default:
            bookmarkList.move(action, count: count, rows: bookmarksPerScreen, total: visibleBookmarks.count)
        }
        clampBookmarkList()
        return []
    }

    /// Enter on the tags prompt: the words typed (spaces or commas between) are the tags.
    mutating func submitTags(_ text: String, for id: String) -> [Effect] {
        guard var b = bookmarks.first(where: { $0.id == id }) else { return [] }
        var tags: [String] = []
        for word in text.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init) where !tags.contains(word) { tags.append(word) }
        guard tags != b.tags else { return [] }
        b.tags = tags
        message = .info(tags.isEmpty ? "Tags removed" : "Tagged " + tags.joined(separator: ", "))
        return [.updateBookmark(b)]
    }

    var readOnlyMessage: String {
        "Bookmarks are read-only this session: " + readOnlyReason
    }

    /// Why bookmarks cannot be changed: the file named, and its problem.
    var readOnlyReason: String {
        let problem = bookmarkStatus.problem ?? "the file could not be read"
        guard let file = bookmarkStatus.file else { return problem }
        return "\(file) could not be read: \(problem)"
    }

    /// Opens a bookmark's article at its place (found again if the text changed). The article is
    /// the file the bookmark names, else (its folder moved) one at the same relative path with
    /// the same text, which the runner looks for (`Effect.findBookmarkArticle`).
    mutating func openBookmark(_ b: Bookmark) -> [Effect] {
        if let index = articleKeys.index(ofAbsolutePath: b.article.absolutePath) { return goToBookmark(b, in: index) }
        let candidates = corpus.articles.indices.filter { corpus.articles[$0].relativePath == b.article.path }
        guard !candidates.isEmpty, !b.article.hash.isEmpty else { return bookmarkArticleFound(b, nil) }
        return [.findBookmarkArticle(b, candidates: candidates)]
    }

    /// Whether a bookmark's article may be among those open: its file, or (its folder moved) one
    /// at the same relative path, whose text the runner compares when it is opened.
    func canOpen(_ b: Bookmark) -> Bool {
        articleKeys.index(ofAbsolutePath: b.article.absolutePath) != nil || (!b.article.hash.isEmpty && articleKeys.contains(relativePath: b.article.path))
    }

    mutating func bookmarkArticleFound(_ b: Bookmark, _ index: Int?) -> [Effect] {
        guard let index else {
            message = .error("Not in the folders open now: \(b.article.absolutePath) (reader FOLDER opens its folder)")
            return []
        }
        return goToBookmark(b, in: index)
    }

    /// The jump to a bookmark's article: the place it leaves (an article open below) goes on the
    /// jump list, as every jump's does, for Ctrl-O.
    mutating func goToBookmark(_ b: Bookmark, in index: Int) -> [Effect] {
        if screen == .article || !navigation.stack.isEmpty { rememberJump(to: index) }
        return switchArticle(to: index, .bookmark(b))
    }

    /// The bookmark's article, open: its place shown, or why it cannot be.
    mutating func arriveAtBookmark(_ b: Bookmark) {
        guard var r = reading else { return }
        let anchor = b.resolve(in: r.text)
        if let range = anchor.range {
            r.topOffset = r.rendition.sourceOffset(atLine: r.rendition.line(containingSource: range.lowerBound))
            r.flash = range
            if !b.note.isEmpty { r.shownNote = b.note }
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
        bookmarkedArticles = Set(all.compactMap { articleKeys.index(ofAbsolutePath: $0.article.absolutePath) })
        if status.unsaved == 0 { confirmingQuit = false }
        refreshMarks()
        clampBookmarkList()
    }

    /// Margin marks for the open article: where its bookmarks are now.
    mutating func refreshMarks() {
        guard var r = reading else { return }
        let ref = r.ref
        let placed = bookmarks.filter { $0.article.matches(absolutePath: ref.absolutePath, relativePath: ref.path, hash: ref.hash) }
            .compactMap { b in b.resolve(in: r.text).range.map { ($0, b.note) } }
            .sorted { $0.0.lowerBound < $1.0.lowerBound }
        r.marks = placed.map(\.0)
        r.markNotes = placed.map(\.1)
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
        if visible.isEmpty && state.bookmarks.isEmpty && state.bookmarkStatus.readOnly {
            // Not "no bookmarks": the file holding them could not be read (and is left as it is).
            let said = state.readOnlyMessage
            for (k, line) in HelpView.wrap(said, width: max(1, width - 4)).prefix(max(1, state.size.rows - 4)).enumerated() {
                grid.put("  " + line, row: 2 + k, column: 0, style: .error)
            }
        } else if visible.isEmpty {
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
            let tags = b.tags.map { "#" + $0 }.joined(separator: " ")
            let end = grid.put(note.isEmpty ? "(no note)" : note, row: row, column: 1, style: selected ? .selected : .bold,
                               limit: max(1, width - 3 - date.count))
            if !tags.isEmpty, end + 4 < width - 2 - date.count {
                grid.put("  " + tags, row: row, column: end, style: selected ? .selected : .dim, limit: width - 2 - date.count - end)
            }
            if width > date.count + 4 { grid.put(date, row: row, column: width - 1 - date.count, style: selected ? .selected : .dim) }
            let quote = b.quote.exact.split(whereSeparator: { $0.isNewline }).joined(separator: " ")
            var x = grid.put("   " + (b.article.title ?? b.article.path), row: row + 1, column: 0, style: selected ? .selected : .dim)
            if !state.canOpen(b) {
                // Said before Enter is pressed: its file is not among the articles open now.
                grid.put("  (not in the folders open now: \(b.article.absolutePath))", row: row + 1, column: x,
                         style: selected ? .selected : .dim, limit: max(0, width - x - 1))
                continue
            }
            x = grid.put("  “" + quote + "”", row: row + 1, column: x, style: selected ? .selected : .normal, limit: max(0, width - x - 1))
        }
        // The selected bookmark's whole note, wrapped, and its tags.
        let preview = state.bookmarkPreviewRows
        if preview > 0, let b = state.selectedBookmark {
            let top = state.size.rows - 1 - preview
            grid.put(String(repeating: "─", count: width), row: top, column: 0, style: .dim)
            var lines = b.note.split(separator: "\n", omittingEmptySubsequences: false)
                .flatMap { HelpView.wrap(String($0), width: max(10, width - 2)) }
            if !b.tags.isEmpty { lines.insert("Tags: " + b.tags.joined(separator: ", "), at: 0) }
            if b.note.isEmpty && b.tags.isEmpty { lines = ["(no note: e writes one, t tags it)"] }
            for (k, line) in lines.prefix(preview - 1).enumerated() {
                let cut = k == preview - 2 && lines.count > preview - 1
                grid.put(cut ? line + " …" : line, row: top + 1 + k, column: 1, style: line.hasPrefix("Tags: ") ? .dim : .normal,
                         limit: width - 2)
            }
        }
        let right = state.hints([(.open, .enter, "go"), (.editBookmark, .char("e"), "edit"), (.editTags, .char("t"), "tags"),
                                 (.deleteBookmark, .char("d"), "delete"), (.undoDelete, .char("u"), "undo"),
                                 (.filter, .char("/"), "filter"), (.back, .char("q"), "back")], in: .bookmarks)
        StatusLine.draw(state, into: &grid, left: visible.isEmpty ? "" : " \(formatCount(state.bookmarkList.selection + 1))/\(formatCount(visible.count))",
                        right: right)
    }
}

