/// A byte format for caching a `PeopleIndex`: little-endian, checked on reading so that a
/// damaged or foreign cache throws instead of crashing.
///
/// Layout (all integers `UInt32` little-endian): magic `RPPL`, version, article count, people
/// count, mention count; article offsets (articles + 1); mention starts, ends and people; then
/// per person its id, name and aliases as (byte length, UTF-8 bytes), aliases preceded by their
/// count.
extension PeopleIndex {
    public static let formatVersion: UInt32 = 1
    static let magic: [UInt8] = Array("RPPL".utf8)

    public enum FormatError: Error, Equatable, CustomStringConvertible {
        case notAnIndex
        case unsupportedVersion(UInt32)
        case articleCountMismatch(expected: Int, found: Int)
        case truncated
        case corrupt(String)

        public var description: String {
            switch self {
            case .notAnIndex: return "not a people index"
            case .unsupportedVersion(let v): return "people index version \(v) is not supported (expected \(PeopleIndex.formatVersion))"
            case .articleCountMismatch(let expected, let found): return "people index is for \(found) articles, not \(expected)"
            case .truncated: return "people index is truncated"
            case .corrupt(let what): return "people index is damaged: \(what)"
            }
        }
    }

    public func serialize() -> [UInt8] {
        var out: [UInt8] = PeopleIndex.magic
        out.reserveCapacity(20 + 4 * (articleFirst.count + 3 * starts.count) + people.count * 48)
        func put(_ v: UInt32) {
            out.append(UInt8(truncatingIfNeeded: v))
            out.append(UInt8(truncatingIfNeeded: v >> 8))
            out.append(UInt8(truncatingIfNeeded: v >> 16))
            out.append(UInt8(truncatingIfNeeded: v >> 24))
        }
        func put(_ s: String) {
            put(UInt32(s.utf8.count))
            out.append(contentsOf: s.utf8)
        }
        put(PeopleIndex.formatVersion)
        put(UInt32(articleCount))
        put(UInt32(people.count))
        put(UInt32(starts.count))
        for v in articleFirst { put(UInt32(bitPattern: v)) }
        for array in [starts, ends, owners] { for v in array { put(UInt32(bitPattern: v)) } }
        for p in people {
            put(p.id)
            put(p.name)
            put(UInt32(p.aliases.count))
            for a in p.aliases { put(a) }
        }
        return out
    }

    /// Reads what `serialize()` wrote, for a corpus of `articleCount` articles. Throws
    /// `FormatError` on anything unexpected: wrong magic or version, another article count,
    /// truncation, offsets out of bounds or out of order, invalid UTF-8, trailing bytes.
    public init(serialized bytes: [UInt8], articleCount: Int) throws {
        var reader = ByteReader(bytes: bytes)
        guard bytes.count >= 4, Array(bytes[0..<4]) == PeopleIndex.magic else { throw FormatError.notAnIndex }
        reader.offset = 4
        let version = try reader.u32()
        guard version == PeopleIndex.formatVersion else { throw FormatError.unsupportedVersion(version) }
        let articles = Int(try reader.u32())
        guard articles == articleCount else { throw FormatError.articleCountMismatch(expected: articleCount, found: articles) }
        let peopleCount = Int(try reader.u32())
        let mentionCount = Int(try reader.u32())
        // Each count must fit in what is left before anything is allocated.
        guard (articles + 1 + 3 * mentionCount) * 4 + peopleCount * 12 <= reader.remaining else { throw FormatError.truncated }

        let articleFirst = try reader.i32s(articles + 1)
        guard articleFirst[0] == 0, Int(articleFirst[articles]) == mentionCount else { throw FormatError.corrupt("article offsets") }
        for a in 0..<articles where articleFirst[a] > articleFirst[a + 1] { throw FormatError.corrupt("article offsets") }
        let starts = try reader.i32s(mentionCount)
        let ends = try reader.i32s(mentionCount)
        let owners = try reader.i32s(mentionCount)
        for a in 0..<articles {
            var lastEnd: Int32 = 0
            for m in Int(articleFirst[a])..<Int(articleFirst[a + 1]) {
                guard starts[m] >= lastEnd, ends[m] > starts[m] else { throw FormatError.corrupt("mention ranges") }
                guard owners[m] >= 0 && Int(owners[m]) < peopleCount else { throw FormatError.corrupt("mention person") }
                lastEnd = ends[m]
            }
        }
        var people: [Person] = []
        people.reserveCapacity(peopleCount)
        var seen = Set<String>()
        for _ in 0..<peopleCount {
            let id = try reader.string()
            let name = try reader.string()
            let aliasCount = Int(try reader.u32())
            guard aliasCount * 4 <= reader.remaining else { throw FormatError.truncated }
            var aliases: [String] = []
            for _ in 0..<aliasCount { aliases.append(try reader.string()) }
            guard !id.isEmpty, seen.insert(id).inserted else { throw FormatError.corrupt("person ids") }
            people.append(Person(id: id, name: name, aliases: aliases, mentionCount: 0, articleCount: 0))
        }
        guard reader.remaining == 0 else { throw FormatError.corrupt("trailing bytes") }
        var mentioned = [Bool](repeating: false, count: peopleCount)
        for o in owners { mentioned[Int(o)] = true }
        guard !mentioned.contains(false) else { throw FormatError.corrupt("a person without mentions") }
        self.init(people: people, articleCount: articles, articleFirst: articleFirst, starts: starts, ends: ends, owners: owners)
    }

    struct ByteReader {
        let bytes: [UInt8]
        var offset = 0
        var remaining: Int { bytes.count - offset }

        mutating func u32() throws -> UInt32 {
            guard remaining >= 4 else { throw FormatError.truncated }
            let v = UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
            offset += 4
            return v
        }

        mutating func i32s(_ count: Int) throws -> [Int32] {
            guard count >= 0, remaining >= count * 4 else { throw FormatError.truncated }
            var out = [Int32](repeating: 0, count: count)
            for i in 0..<count { out[i] = Int32(bitPattern: try u32()) }
            return out
        }

        mutating func string() throws -> String {
            let length = Int(try u32())
            guard length <= remaining else { throw FormatError.truncated }
            guard let s = String(validating: bytes[offset..<(offset + length)], as: UTF8.self) else {
                throw FormatError.corrupt("text is not UTF-8")
            }
            offset += length
            return s
        }
    }
}
