/// The user's bookmarks: one JSON file (`BookmarkFile`), saved after every change as NOTES says
/// (lock file, re-read and merge under the lock, temporary file, fsync, rename, fsync of the
/// folder; a new file is 0600, an existing one keeps its mode and group, a read-only one is not
/// replaced: the change waits in memory as when the disk is full).
///
/// Merging: the store remembers the changes made in this session (`pendingChanges`) rather than
/// a whole copy of the file. Each save re-reads the file under the lock and applies those changes
/// to it, so another reader's bookmarks are never overwritten by a stale copy. Deleting records
/// the id and time in the file's `deleted` list (kept `BookmarkFile.tombstoneDays`), so a merge
/// by someone who still has that bookmark cannot bring it back; conflicting edits of one bookmark
/// are settled by their `changed` times.
///
/// A file that does not parse, is not a bookmarks file, or has a newer format version is never
/// written: the store becomes read-only for the session (`problem`), still offering what it could
/// read. A save that fails for lack of space or permission keeps the change in memory
/// (`hasUnsavedChanges`) until `retrySave()` succeeds.
public final class BookmarkStore {
    public enum LoadState: Equatable, Sendable {
        case ok
        /// The file cannot be used; it is left untouched and the store is read-only.
        case unusable(StorageError)
    }

    public let path: String
    /// Every bookmark: the file as last read or saved, with this session's unsaved changes.
    public private(set) var bookmarks: [Bookmark] = []
    /// Entries of the file that could not be read (they are kept in the file as they are).
    public private(set) var warnings: [String] = []
    /// Why the file cannot be written this session (it does not parse, or is newer).
    public private(set) var problem: StorageError?
    /// Why the last save failed, while changes are waiting.
    public private(set) var lastSaveError: StorageError?

    private var base = BookmarkFile()
    private var pending: [BookmarkFile.Change] = []
    private var undoStack: [Bookmark] = []
    private let clock: () -> Timestamp

    public init(path: String, clock: @escaping () -> Timestamp = { .now() }) {
        self.path = path
        self.clock = clock
    }

    /// `--bookmarks FILE`, else `$READER_BOOKMARKS`, else `$XDG_DATA_HOME/reader/bookmarks.json`
    /// (`~/.local/share/reader/bookmarks.json`); nil when there is no home folder to use.
    public static func path(option: String?, environment: [String: String]) -> String? {
        if let option, !option.isEmpty { return option }
        if let variable = environment["READER_BOOKMARKS"], !variable.isEmpty { return variable }
        return XDG.dataHome(environment).map { $0 + "/reader/bookmarks.json" }
    }

    public var isReadOnly: Bool { problem != nil }
    /// Changes not yet saved.
    public var pendingChanges: Int { pending.count }
    public var hasUnsavedChanges: Bool { !pending.isEmpty }

    public func bookmark(id: String) -> Bookmark? { bookmarks.first { $0.id == id } }

    /// The bookmarks of one article (see `ArticleRef.matches`), in text order.
    public func bookmarks(forArticleAt absolutePath: String, relativePath: String, hash: String? = nil) -> [Bookmark] {
        bookmarks.filter { $0.article.matches(absolutePath: absolutePath, relativePath: relativePath, hash: hash) }
            .sorted { ($0.range.lowerBound, $0.id) < ($1.range.lowerBound, $1.id) }
    }

    /// The bookmarks of an article of the corpus. Resolves the corpus folder's path on each
    /// call: cache the result while the article is open.
    public func bookmarks(for article: Article, hash: String? = nil) -> [Bookmark] {
        bookmarks(forArticleAt: ArticleRef.absolutePath(of: article), relativePath: article.relativePath, hash: hash)
    }

    // MARK: Loading

    /// Reads the file (again): picks up what other readers saved, keeping unsaved changes.
    @discardableResult
    public func load() -> LoadState {
        lastProblem = nil
        do {
            let bytes = try AtomicFile.read(path)
            base = try bytes.map { bytes throws(StorageError) in try decode(bytes) } ?? BookmarkFile()
        } catch {
            if case .newer(_, let readable)? = lastProblem { base = readable } else { base = BookmarkFile() }
            problem = error
        }
        refresh()
        if let problem { return .unusable(problem) }
        return .ok
    }

    private var lastProblem: BookmarkFile.Problem?

    private func decode(_ bytes: [UInt8]) throws(StorageError) -> BookmarkFile {
        do {
            lastProblem = nil
            return try BookmarkFile.decode(bytes)
        } catch {
            lastProblem = error
            throw StorageError(path: path, problem: error.description + "; left untouched, bookmarks are read-only", kind: .unusable)
        }
    }

    // MARK: Changing

    /// Adds a bookmark and saves. When saving fails the bookmark stays (unsaved) and the error is
    /// thrown.
    public func add(_ bookmark: Bookmark) throws(StorageError) {
        try change(.put(bookmark))
    }

    /// Replaces the bookmark with the same id (its note or tags were edited) and saves; its
    /// `changed` time is set to now (always later than before).
    public func update(_ bookmark: Bookmark) throws(StorageError) {
        var edited = bookmark
        let previous = self.bookmark(id: bookmark.id)?.changed ?? bookmark.changed
        edited.changed = max(clock(), previous.adding(milliseconds: 1))
        try change(.put(edited))
    }

    /// Deletes a bookmark and saves; `undoDelete()` brings it back.
    public func delete(id: String) throws(StorageError) {
        guard let old = bookmark(id: id) else { return }
        undoStack.append(old)
        try change(.delete(id: id, time: max(clock(), old.changed.adding(milliseconds: 1))))
    }

    /// Whether there is a deletion to undo.
    public var canUndoDelete: Bool { !undoStack.isEmpty }

    /// Brings back the bookmark deleted last (this session) and saves. Returns it, or nil when
    /// there was nothing to undo.
    @discardableResult
    public func undoDelete() throws(StorageError) -> Bookmark? {
        guard var bookmark = undoStack.popLast() else { return nil }
        let deletedAt = pending.reversed().compactMap { change -> Timestamp? in
            if case .delete(let id, let time) = change, id == bookmark.id { return time }
            return nil
        }.first ?? base.deleted[bookmark.id] ?? bookmark.changed
        bookmark.changed = max(clock(), deletedAt.adding(milliseconds: 1))
        try change(.put(bookmark))
        return bookmark
    }

    /// Saves the changes waiting after a failed save.
    public func retrySave() throws(StorageError) {
        guard !pending.isEmpty else { return }
        try save()
    }

    public struct ImportResult: Equatable, Sendable {
        public var added = 0
        /// Same id, and the imported one was changed later.
        public var updated = 0
        /// Already here: the same id, or the same article, range and note.
        public var duplicates = 0
        /// Deleted here after the imported version was made.
        public var deletedHere = 0
    }

    /// Merges bookmarks from elsewhere (an export), without duplicates, and saves once. Linear:
    /// the bookmarks here are looked up by id and by place in tables.
    public func importBookmarks(_ incoming: [Bookmark]) throws(StorageError) -> ImportResult {
        /// What makes two bookmarks the same without the same id.
        struct Place: Hashable {
            var path: String
            var range: Range<Int>
            var note: String
            init(_ b: Bookmark) { (path, range, note) = (b.article.absolutePath, b.range, b.note) }
        }
        var result = ImportResult()
        var byID: [String: Bookmark] = [:]
        var places = Set<Place>()
        for b in bookmarks {
            if byID[b.id] == nil { byID[b.id] = b }
            places.insert(Place(b))
        }
        for b in incoming {
            if let existing = byID[b.id] {
                if existing.changed < b.changed {
                    result.updated += 1
                    pending.append(.put(b))
                } else {
                    result.duplicates += 1
                }
                continue
            }
            let place = Place(b)
            if places.contains(place) {
                result.duplicates += 1
                continue
            }
            if let time = base.deleted[b.id], time >= b.changed {
                result.deletedHere += 1
                continue
            }
            result.added += 1
            byID[b.id] = b
            places.insert(place)
            pending.append(.put(b))
        }
        refresh()
        try retrySave()
        return result
    }

    private func change(_ change: BookmarkFile.Change) throws(StorageError) {
        pending.append(change)
        refresh()
        try save()
    }

    // MARK: Saving

    private func save() throws(StorageError) {
        if let problem { throw problem }
        var merged: BookmarkFile?
        let now = clock()
        do {
            try AtomicFile.update(path) { current in
                var file = try current.map { bytes throws(StorageError) in try decode(bytes) } ?? BookmarkFile()
                file.apply(pending)
                file.pruneDeletions(now: now)
                merged = file
                return Array(file.encoded().utf8)
            }
        } catch {
            let failure = (error as? StorageError) ?? StorageError(path: path, problem: "cannot save: \(error)", kind: .other)
            if failure.kind == .unusable { problem = failure }
            lastSaveError = failure
            throw failure
        }
        base = merged ?? base
        pending = []
        lastSaveError = nil
        refresh()
    }

    private func refresh() {
        var view = base
        view.apply(pending)
        bookmarks = view.bookmarks.sorted { ($0.created, $0.id) < ($1.created, $1.id) }
        warnings = base.warnings
    }
}
