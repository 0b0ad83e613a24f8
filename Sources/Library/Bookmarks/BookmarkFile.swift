/// The contents of a bookmarks file, and how it is read, written and merged.
///
/// ```json
/// {
///   "format": "reader bookmarks",
///   "version": 1,
///   "bookmarks": [ { "id": …, "article": {…}, "position": {…}, "quote": {…}, "note": …, … } ],
///   "deleted": [ { "id": …, "time": … } ]
/// }
/// ```
/// Fields this version does not know (at the top, in a bookmark, or inside its objects) are kept
/// when the file is written again; so are whole bookmark entries that cannot be read.
public struct BookmarkFile: Sendable, Equatable {
    public static let formatName = "reader bookmarks"
    public static let formatVersion = 1
    /// How long a deletion is remembered, so a merge does not bring the bookmark back.
    public static let tombstoneDays: Int64 = 400

    public var bookmarks: [Bookmark] = []
    /// Deleted ids and when they were deleted.
    public var deleted: [String: Timestamp] = [:]
    /// Entries of the file's bookmark list that could not be read: written back unchanged.
    public var unreadable: [JSONValue] = []
    /// The file's top level as read, for its unknown fields.
    public var original: JSONValue?
    public var version = BookmarkFile.formatVersion
    /// Problems with single entries (the rest of the file was read).
    public var warnings: [String] = []

    public init() {}

    // MARK: Changes and merging

    /// One change made in a session, applied to the file as it is on disk when saving.
    public enum Change: Sendable, Equatable {
        case put(Bookmark)
        case delete(id: String, time: Timestamp)
    }

    /// Applies a change, resolving conflicts by time: a bookmark changed after it was deleted
    /// elsewhere comes back, one deleted after it was changed elsewhere stays deleted; of two
    /// versions, the one changed last wins.
    public mutating func apply(_ change: Change) {
        apply(CollectionOfOne(change))
    }

    /// Applies changes in order, as `apply(_:)` one by one would, in time linear in the
    /// bookmarks and the changes (each bookmark found by its id in a table).
    public mutating func apply<Changes: Sequence<Change>>(_ changes: Changes) {
        var slots: [Bookmark?] = bookmarks
        var index: [String: Int] = [:]
        for (i, b) in bookmarks.enumerated() where index[b.id] == nil { index[b.id] = i }
        for change in changes {
            switch change {
            case .put(let bookmark):
                if let time = deleted[bookmark.id], time >= bookmark.changed { continue }
                if let i = index[bookmark.id], let current = slots[i] {
                    if current.changed > bookmark.changed { continue }
                    slots[i] = bookmark
                } else {
                    index[bookmark.id] = slots.count
                    slots.append(bookmark)
                }
                deleted[bookmark.id] = nil
            case .delete(let id, let time):
                if let i = index[id], let current = slots[i] {
                    if current.changed > time { continue }
                    slots[i] = nil
                    index[id] = nil
                }
                deleted[id] = max(deleted[id] ?? time, time)
            }
        }
        bookmarks = slots.compactMap { $0 }
    }

    /// Forgets deletions older than `tombstoneDays`.
    public mutating func pruneDeletions(now: Timestamp) {
        let limit = now.adding(milliseconds: -BookmarkFile.tombstoneDays * 86_400_000)
        deleted = deleted.filter { $0.value >= limit }
    }

    // MARK: Writing

    /// Pretty-printed JSON, bookmarks in the order they were made, keys in a fixed order.
    public func encoded() -> String {
        let items = bookmarks.sorted { ($0.created, $0.id) < ($1.created, $1.id) }.map { $0.json() } + unreadable
        let tombstones = deleted.sorted { ($0.value, $0.key) < ($1.value, $1.key) }.map { id, time in
            JSONValue.object([("id", .string(id)), ("time", .string(time.iso8601))])
        }
        var known: [(String, JSONValue)] = [
            ("format", .string(BookmarkFile.formatName)),
            ("version", .int(max(version, BookmarkFile.formatVersion))),
            ("bookmarks", .array(items)),
        ]
        if !tombstones.isEmpty || original?["deleted"] != nil { known.append(("deleted", .array(tombstones))) }
        return JSONValue.merging(known, over: original).serialized() + "\n"
    }

    // MARK: Reading

    /// Why a file cannot be used: it does not parse, is not a bookmarks file, or is newer.
    public enum Problem: Error, Equatable, Sendable {
        case syntax(JSONValue.ParseError)
        case notBookmarks(String)
        /// The file is newer than this reader; `readable` holds what could still be read.
        case newer(version: Int, readable: BookmarkFile)

        public var description: String {
            switch self {
            case .syntax(let e): return "does not parse as JSON (\(e))"
            case .notBookmarks(let why): return "not a reader bookmarks file (\(why))"
            case .newer(let v, _): return "format version \(v) is newer than this reader's (\(BookmarkFile.formatVersion))"
            }
        }
    }

    /// Reads a bookmarks file's bytes. An empty file holds no bookmarks.
    public static func decode(_ bytes: [UInt8]) throws(Problem) -> BookmarkFile {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return BookmarkFile() }
        let value: JSONValue
        do { value = try JSONValue.parse(bytes) } catch { throw .syntax(error) }
        guard value.objectValue != nil else { throw .notBookmarks("the top level is not an object") }
        guard let versionValue = value["version"] else { throw .notBookmarks("no \"version\"") }
        guard let version = versionValue.intValue, version >= 1 else { throw .notBookmarks("\"version\" is not a positive whole number") }
        if let format = value["format"], format.stringValue != formatName {
            throw .notBookmarks("\"format\" is not \"\(formatName)\"")
        }
        var file = BookmarkFile()
        file.original = value
        file.version = version
        if let list = value["bookmarks"] {
            guard let items = list.arrayValue else { throw .notBookmarks("\"bookmarks\" is not a list") }
            var seen: [String: Int] = [:]
            for (n, item) in items.enumerated() {
                do {
                    let bookmark = try Bookmark(json: item)
                    if let i = seen[bookmark.id] {
                        if file.bookmarks[i].changed < bookmark.changed { file.bookmarks[i] = bookmark }
                    } else {
                        seen[bookmark.id] = file.bookmarks.count
                        file.bookmarks.append(bookmark)
                    }
                } catch {
                    file.unreadable.append(item)
                    file.warnings.append("bookmark \(n + 1) of the file was not understood (\(error.reason)); it is kept as it is")
                }
            }
        }
        if let list = value["deleted"]?.arrayValue {
            for item in list {
                guard let id = item["id"]?.stringValue, let time = item["time"]?.stringValue.flatMap(Timestamp.init(iso8601:)) else { continue }
                file.deleted[id] = max(file.deleted[id] ?? time, time)
            }
        }
        if version > formatVersion { throw .newer(version: version, readable: file) }
        return file
    }
}

/// Why one bookmark entry could not be read.
public struct BookmarkEntryError: Error, Equatable, Sendable {
    public var reason: String
    init(_ reason: String) { self.reason = reason }
}

extension Bookmark {
    /// The bookmark as the file stores it: known fields in a fixed order, then the unknown ones
    /// it was read with.
    public func json() -> JSONValue {
        var articleFields: [(String, JSONValue)] = [
            ("path", .string(article.path)), ("root", .string(article.root)), ("hash", .string(article.hash)),
        ]
        if let title = article.title { articleFields.append(("title", .string(title))) }
        return JSONValue.merging([
            ("id", .string(id)),
            ("article", .object(articleFields)),
            ("position", .object([("start", .int(range.lowerBound)), ("end", .int(range.upperBound))])),
            ("quote", .object([("exact", .string(quote.exact)), ("prefix", .string(quote.prefix)), ("suffix", .string(quote.suffix))])),
            ("note", .string(note)),
            ("tags", .array(tags.map { .string($0) })),
            ("created", .string(created.iso8601)),
            ("changed", .string(changed.iso8601)),
        ], over: original)
    }

    /// Reads a bookmark entry; `id`, `article.path` and a position or quote are required.
    public init(json value: JSONValue) throws(BookmarkEntryError) {
        guard value.objectValue != nil else { throw BookmarkEntryError("not an object") }
        guard let id = value["id"]?.stringValue, !id.isEmpty else { throw BookmarkEntryError("no \"id\"") }
        guard let article = value["article"], let path = article["path"]?.stringValue else {
            throw BookmarkEntryError("no \"article\" with a \"path\"")
        }
        let position = value["position"]
        let quote = value["quote"]
        guard position != nil || quote != nil else { throw BookmarkEntryError("neither \"position\" nor \"quote\"") }
        var range = 0..<0
        if let position {
            guard let checked = Bookmark.checkedRange(start: position["start"], end: position["end"]) else {
                throw BookmarkEntryError("its \"position\" \(Bookmark.badRange)")
            }
            range = checked
        }
        func time(_ key: String) throws(BookmarkEntryError) -> Timestamp? {
            guard let v = value[key] else { return nil }
            guard let s = v.stringValue, let t = Timestamp(iso8601: s) else { throw BookmarkEntryError("\"\(key)\" is not an ISO 8601 time") }
            return t
        }
        let created = try time("created") ?? Timestamp(milliseconds: 0)
        let changed = try time("changed") ?? created
        self.init(id: id,
                  article: ArticleRef(path: path, root: article["root"]?.stringValue ?? "", hash: article["hash"]?.stringValue ?? "",
                                      title: article["title"]?.stringValue),
                  range: range,
                  quote: TextQuote(exact: quote?["exact"]?.stringValue ?? "", prefix: quote?["prefix"]?.stringValue ?? "",
                                   suffix: quote?["suffix"]?.stringValue ?? ""),
                  note: value["note"]?.stringValue ?? "",
                  tags: value["tags"]?.arrayValue?.compactMap { $0.stringValue } ?? [],
                  created: created, changed: changed, original: value)
    }
}
