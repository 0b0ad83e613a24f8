import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where an article was left: the first character on screen, with a quote of the text there so
/// the place is found again if the file changes.
public struct SavedPosition: Codable, Equatable, Sendable {
    public var offset: Int
    public var quote: String
    /// Seconds since 1970.
    public var time: Double
    /// How much of the article had been seen, in percent (100: finished), as the status line
    /// said when it was left: the list's read mark. Nil in files written before it was kept.
    public var read: Int?

    public init(offset: Int, quote: String, time: Double, read: Int? = nil) {
        self.offset = offset
        self.quote = quote
        self.time = time
        self.read = read.map { max(0, min(100, $0)) }
    }

    /// A position at `offset` in `text`, quoting what is there.
    public init(offset: Int, in text: ArticleText, time: Double, read: Int? = nil) {
        let start = max(0, min(offset, text.count))
        self.init(offset: start, quote: text.string(start..<min(text.count, start + SavedPosition.quoteLength)), time: time, read: read)
    }

    static let quoteLength = 48

    /// The same place, timed now (or at `time`): reducers read no clock, so a position gets its
    /// time where it is saved.
    public func stamped(_ time: Double = Date().timeIntervalSince1970) -> SavedPosition {
        SavedPosition(offset: offset, quote: quote, time: time, read: read)
    }

    /// The offset of this place in `text`, found again as bookmarks are (`Anchoring`): where the
    /// quote still stands at the saved offset, else where it now stands nearest to it, else
    /// where it stands with a few edits; the saved offset (clamped) when it is gone.
    public func resolve(in text: ArticleText) -> Int {
        // The saved offset may be anything the file held: clamped before any arithmetic.
        let near = max(0, min(offset, text.count))
        let (end, overflow) = offset.addingReportingOverflow(quote.unicodeScalars.count)
        let anchor = Anchoring.resolve(range: offset..<(overflow ? Int.max : end),
                                       quote: TextQuote(exact: quote, prefix: "", suffix: ""), in: text)
        return anchor.range?.lowerBound ?? near
    }
}

/// Reading positions, one JSON file under `$XDG_STATE_HOME/reader/`, saved atomically and merged
/// with what other running readers saved.
public struct PositionStore: Sendable {
    public let path: String
    public static let formatVersion = 1
    /// Oldest positions are forgotten beyond this many.
    public static let limit = 5000

    public init(path: String) { self.path = path }

    public static func defaultPath(environment: [String: String]) -> String? {
        XDG.stateHome(environment).map { $0 + "/reader/positions.json" }
    }

    /// The key an article's position is saved under: its absolute, resolved path.
    public static func key(for location: RawPath) -> String {
        let resolved: String? = location.withCString { cpath in
            guard let r = realpath(cpath, nil) else { return nil }
            defer { free(r) }
            return RawPath(bytes: Array(UnsafeBufferPointer(start: UnsafeRawPointer(r).assumingMemoryBound(to: UInt8.self), count: strlen(r)))).display
        }
        return resolved ?? location.display
    }

    /// All usable saved positions. A file that does not parse, or is newer than this reader,
    /// throws (and is never overwritten).
    public func load() throws(StorageError) -> [String: SavedPosition] {
        try loadFile().positions
    }

    /// The file's positions, with a warning for each entry that cannot be used.
    public func loadFile() throws(StorageError) -> PositionFile {
        guard let bytes = try AtomicFile.read(path) else { return PositionFile() }
        return try decode(bytes)
    }

    func decode(_ bytes: [UInt8]) throws(StorageError) -> PositionFile {
        if bytes.isEmpty { return PositionFile() }
        func unusable(_ why: String) -> StorageError {
            StorageError(path: path, problem: "\(why); left untouched", kind: .unusable)
        }
        let value: JSONValue
        do { value = try JSONValue.parse(bytes) } catch { throw unusable("not a reader positions file (does not parse as JSON: \(error))") }
        guard let version = value["version"]?.intValue else { throw unusable("not a reader positions file (no \"version\" number)") }
        guard version <= PositionStore.formatVersion else {
            throw unusable("format version \(version) is newer than this reader's (\(PositionStore.formatVersion))")
        }
        guard let entries = value["positions"]?.objectValue else { throw unusable("not a reader positions file (no \"positions\" object)") }
        var file = PositionFile()
        file.original = value
        for (key, entry) in entries {
            if let position = SavedPosition(json: entry) {
                file.positions[key] = position
                file.unreadable[key] = nil
            } else {
                file.positions[key] = nil
                file.unreadable[key] = entry
                file.warnings.append("\(path): the position saved for \(key) is not understood (it needs an \"offset\" within "
                                     + "0…\(Bookmark.maxOffset), a \"quote\" and a \"time\"); it is kept as it is")
            }
        }
        return file
    }

    /// Saves one article's position, keeping everyone else's.
    public func save(_ position: SavedPosition, for key: String) throws {
        try AtomicFile.update(path) { current in
            var file = try current.map { bytes throws(StorageError) in try decode(bytes) } ?? PositionFile()
            file.positions[key] = position
            file.unreadable[key] = nil
            if file.positions.count > PositionStore.limit {
                let oldest = file.positions.sorted { $0.value.time < $1.value.time }.prefix(file.positions.count - PositionStore.limit)
                for (k, _) in oldest { file.positions.removeValue(forKey: k) }
            }
            return Array(file.encoded().utf8)
        }
    }
}

/// A positions file's contents: `{"version": 1, "positions": {PATH: {"offset", "quote", "time", "read"}}}`,
/// `time` in ISO 8601 UTC with milliseconds, like the bookmarks file; `read` optional.
public struct PositionFile: Sendable {
    public var positions: [String: SavedPosition] = [:]
    /// Entries that cannot be used (an offset out of range, a field missing): written back as
    /// they were.
    public var unreadable: [String: JSONValue] = [:]
    /// One line for each entry in `unreadable`, naming the file and the entry.
    public var warnings: [String] = []
    /// The file as read, for fields this version does not know.
    var original: JSONValue?

    public init() {}

    /// Pretty-printed JSON, entries sorted by path.
    func encoded() -> String {
        var entries = positions.map { ($0.key, $0.value.json()) }
        entries += unreadable.filter { positions[$0.key] == nil }.map { ($0.key, $0.value) }
        entries.sort { $0.0 < $1.0 }
        return JSONValue.merging([("version", .int(PositionStore.formatVersion)), ("positions", .object(entries))],
                                 over: original).serialized() + "\n"
    }
}

extension SavedPosition {
    /// Reads an entry: an integer `offset` within 0…`Bookmark.maxOffset`, a string `quote`, a
    /// `time` in ISO 8601 (as written since issue 12) or, from older files, a finite number of
    /// seconds since 1970; nil otherwise.
    init?(json value: JSONValue) {
        guard let offset = value["offset"]?.intValue, (0...Bookmark.maxOffset).contains(offset),
              let quote = value["quote"]?.stringValue, let time = value["time"].flatMap(Self.time) else { return nil }
        // `read` is optional (files from before it was kept); one out of range is not used.
        let read = value["read"]?.intValue.flatMap { (0...100).contains($0) ? $0 : nil }
        self.init(offset: offset, quote: quote, time: time, read: read)
    }

    /// Seconds since 1970 from an ISO 8601 string or an older file's number. A number before
    /// 2001 in seconds since 1970 (no reader wrote one) is read as seconds since 2001, the
    /// other epoch such files could have used.
    static func time(_ value: JSONValue) -> Double? {
        switch value {
        case .string(let text):
            return Timestamp(iso8601: text).map { Double($0.milliseconds) / 1000 }
        case .number(let literal):
            guard let seconds = Double(literal), seconds.isFinite, abs(seconds) < 1e12 else { return nil }
            return seconds < since2001 ? seconds + since2001 : seconds
        default:
            return nil
        }
    }

    /// 2001-01-01T00:00:00Z in seconds since 1970.
    static let since2001: Double = 978_307_200

    func json() -> JSONValue {
        let ms = time.isFinite && abs(time) < 1e12 ? Int64((time * 1000).rounded()) : 0
        var fields: [(String, JSONValue)] = [("offset", .int(offset)), ("quote", .string(quote)), ("time", .string(Timestamp(milliseconds: ms).iso8601))]
        if let read { fields.append(("read", .int(read))) }
        return .object(fields)
    }
}
