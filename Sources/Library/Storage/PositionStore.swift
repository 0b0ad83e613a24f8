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

    public init(offset: Int, quote: String, time: Double) {
        self.offset = offset
        self.quote = quote
        self.time = time
    }

    /// A position at `offset` in `text`, quoting what is there.
    public init(offset: Int, in text: ArticleText, time: Double) {
        let start = max(0, min(offset, text.count))
        self.init(offset: start, quote: text.string(start..<min(text.count, start + SavedPosition.quoteLength)), time: time)
    }

    static let quoteLength = 48

    /// The offset of this place in `text`: where the quote still stands at the saved offset, or
    /// where it now stands nearest to it, or the saved offset (clamped) when it is gone.
    public func resolve(in text: ArticleText) -> Int {
        let quoteScalars = Array(quote.unicodeScalars)
        guard !quoteScalars.isEmpty else { return min(offset, text.count) }
        func matches(at i: Int) -> Bool {
            guard i >= 0, i + quoteScalars.count <= text.count else { return false }
            for k in 0..<quoteScalars.count where text.scalars[i + k] != quoteScalars[k] { return false }
            return true
        }
        if matches(at: offset) { return offset }
        var best: Int?
        if quoteScalars.count <= text.count {
            for i in 0...(text.count - quoteScalars.count) where text.scalars[i] == quoteScalars[0] && matches(at: i) {
                if best == nil || abs(i - offset) < abs(best! - offset) { best = i }
            }
        }
        return best ?? max(0, min(offset, text.count))
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

    struct File: Codable {
        var version: Int
        var positions: [String: SavedPosition]
    }

    /// All saved positions. A file that does not parse, or is newer than this reader, throws
    /// (and is never overwritten).
    public func load() throws(StorageError) -> [String: SavedPosition] {
        guard let bytes = try AtomicFile.read(path) else { return [:] }
        return try decode(bytes)
    }

    func decode(_ bytes: [UInt8]) throws(StorageError) -> [String: SavedPosition] {
        if bytes.isEmpty { return [:] }
        struct Version: Codable { var version: Int }
        guard let version = try? JSONDecoder().decode(Version.self, from: Data(bytes)) else {
            throw StorageError(path: path, problem: "not a reader positions file (does not parse as JSON); left untouched", kind: .unusable)
        }
        guard version.version <= PositionStore.formatVersion else {
            throw StorageError(path: path, problem: "format version \(version.version) is newer than this reader's (\(PositionStore.formatVersion)); left untouched", kind: .unusable)
        }
        guard let file = try? JSONDecoder().decode(File.self, from: Data(bytes)) else {
            throw StorageError(path: path, problem: "positions file does not parse; left untouched", kind: .unusable)
        }
        return file.positions
    }

    /// Saves one article's position, keeping everyone else's.
    public func save(_ position: SavedPosition, for key: String) throws {
        try AtomicFile.update(path) { current in
            var positions = try current.map { bytes throws(StorageError) in try decode(bytes) } ?? [:]
            positions[key] = position
            if positions.count > PositionStore.limit {
                let oldest = positions.sorted { $0.value.time < $1.value.time }.prefix(positions.count - PositionStore.limit)
                for (k, _) in oldest { positions.removeValue(forKey: k) }
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            return Array(try encoder.encode(File(version: PositionStore.formatVersion, positions: positions))) + [10]
        }
    }
}
