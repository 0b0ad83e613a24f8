/// How the article list was left for one set of folders: its order, its filter and the article
/// the cursor was on. Restored on the next run over the same folders.
public struct ListMemory: Equatable, Sendable {
    public var sort: SortOrder?
    /// The filter's query as typed (nil or empty: none).
    public var filter: String?
    /// The selected article's absolute path.
    public var cursor: String?

    public init(sort: SortOrder? = nil, filter: String? = nil, cursor: String? = nil) {
        (self.sort, self.filter, self.cursor) = (sort, filter, cursor)
    }
}

/// The list's state between runs: one JSON file under `$XDG_STATE_HOME/reader/` holding a
/// `ListMemory` for each set of folders read (`{"version": 1, "lists": {KEY: {"sort", "filter",
/// "cursor"}}}`), saved atomically and merged with what other running readers saved. A file that
/// does not parse, or is newer than this reader, throws on reading and is never overwritten;
/// entries and fields this version does not know are written back as they were.
public struct ListStateStore: Sendable {
    public let path: String
    public static let formatVersion = 1
    /// Least recently saved entries are forgotten beyond this many.
    public static let limit = 200

    public init(path: String) { self.path = path }

    public static func defaultPath(environment: [String: String]) -> String? {
        XDG.stateHome(environment).map { $0 + "/reader/list.json" }
    }

    /// The key for a set of folders and files: their resolved paths, one a line.
    public static func key(roots: [String]) -> String {
        roots.map { PositionStore.key(for: RawPath($0)) }.joined(separator: "\n")
    }

    /// What was saved for `key` (empty when nothing was, or the file does not exist).
    public func load(_ key: String) throws(StorageError) -> ListMemory {
        guard let bytes = try AtomicFile.read(path) else { return ListMemory() }
        return try decode(bytes)["lists"]?[key].map(Self.memory) ?? ListMemory()
    }

    /// Saves `memory` for `key`, keeping every other entry.
    public func save(_ memory: ListMemory, for key: String) throws {
        try AtomicFile.update(path) { current in
            let original = try current.map { bytes throws(StorageError) in try decode(bytes) }
            var entries = original?["lists"]?.objectValue ?? []
            let old = entries.last(where: { $0.0 == key })?.1
            entries.removeAll { $0.0 == key }
            entries.append((key, Self.json(memory, over: old)))
            if entries.count > Self.limit { entries.removeFirst(entries.count - Self.limit) }
            return Array((JSONValue.merging([("version", .int(Self.formatVersion)), ("lists", .object(entries))],
                                            over: original).serialized() + "\n").utf8)
        }
    }

    func decode(_ bytes: [UInt8]) throws(StorageError) -> JSONValue {
        func unusable(_ why: String) -> StorageError {
            StorageError(path: path, problem: "\(why); left untouched", kind: .unusable)
        }
        if bytes.isEmpty { return .object([]) }
        let value: JSONValue
        do { value = try JSONValue.parse(bytes) } catch { throw unusable("not a reader list state file (does not parse as JSON: \(error))") }
        guard let version = value["version"]?.intValue else { throw unusable("not a reader list state file (no \"version\" number)") }
        guard version <= Self.formatVersion else {
            throw unusable("format version \(version) is newer than this reader's (\(Self.formatVersion))")
        }
        guard value["lists"]?.objectValue != nil else { throw unusable("not a reader list state file (no \"lists\" object)") }
        return value
    }

    /// An entry as far as it is understood (a sort this version does not know is no sort).
    static func memory(_ value: JSONValue) -> ListMemory {
        ListMemory(sort: value["sort"]?.stringValue.flatMap(SortOrder.init(rawValue:)),
                   filter: value["filter"]?.stringValue, cursor: value["cursor"]?.stringValue)
    }

    static func json(_ memory: ListMemory, over old: JSONValue?) -> JSONValue {
        var known: [(String, JSONValue)] = []
        known.append(("sort", memory.sort.map { .string($0.rawValue) } ?? .null))
        known.append(("filter", memory.filter.map(JSONValue.string) ?? .null))
        known.append(("cursor", memory.cursor.map(JSONValue.string) ?? .null))
        return JSONValue.merging(known, over: old)
    }
}
