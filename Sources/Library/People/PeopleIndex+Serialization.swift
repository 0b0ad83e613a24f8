/// A byte format for caching a `PeopleIndex`, written and read with `BinaryWriter` and
/// `BinaryReader` (little-endian, every count checked against what is left), so that a damaged
/// or foreign cache throws instead of crashing.
///
///     "RPPL" · version u32 · article count u64 · people count u64
///     4 arrays of Int32 (count u64, elements, zero padding to 8 bytes): article offsets
///       (articles + 1), then the mentions' starts, ends and people
///     per person: id, name (length u64, UTF-8 bytes), alias count u64, aliases
extension PeopleIndex {
    /// 2: the conventions of `BinaryWriter` (u64 counts and lengths, counted arrays).
    public static let formatVersion: UInt32 = 2
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
        // Made the exact size at once: a buffer grown by doubling held a second copy, twice the
        // size, at the peak of a cold start (the cache being written).
        var w = BinaryWriter(capacity: serializedSize)
        w.raw(PeopleIndex.magic)
        w.u32(PeopleIndex.formatVersion)
        w.int(articleCount)
        w.u64(UInt64(people.count))
        for array in [articleFirst, starts, ends, owners] { w.array(array) }
        for p in people {
            w.string(p.id)
            w.string(p.name)
            w.u64(UInt64(p.aliases.count))
            for a in p.aliases { w.string(a) }
        }
        return w.bytes
    }

    /// The number of bytes `serialize()` writes.
    var serializedSize: Int {
        var size = PeopleIndex.magic.count + 4 + 8 + 8
        // Each array: its count, its elements, zeros up to a multiple of 8 from the start.
        for count in [articleFirst.count, starts.count, ends.count, owners.count] { size = (size + 8 + 4 * count + 7) & ~7 }
        for p in people {
            size += 8 + p.id.utf8.count + 8 + p.name.utf8.count + 8
            for a in p.aliases { size += 8 + a.utf8.count }
        }
        return size
    }

    /// Reads what `serialize()` wrote, for a corpus of `articleCount` articles. Throws
    /// `FormatError` on anything unexpected: wrong magic or version, another article count,
    /// truncation, offsets out of bounds or out of order, invalid UTF-8, trailing bytes.
    public init(serialized bytes: [UInt8], articleCount: Int) throws {
        do {
            self = try PeopleIndex.read(bytes, articleCount: articleCount)
        } catch let error as BinaryFormatError {
            throw error == .truncated || error == .countOutOfRange ? FormatError.truncated : FormatError.corrupt(error.message)
        }
    }

    static func read(_ bytes: [UInt8], articleCount: Int) throws -> PeopleIndex {
        guard bytes.starts(with: magic) else { throw FormatError.notAnIndex }
        var reader = BinaryReader(bytes, from: magic.count)
        let version = try reader.u32()
        guard version == formatVersion else { throw FormatError.unsupportedVersion(version) }
        let articles = try reader.int()
        guard articles == articleCount else { throw FormatError.articleCountMismatch(expected: articleCount, found: articles) }
        // A person takes 24 bytes at least (two lengths and a count): checked before allocating.
        let peopleCount = try reader.count(max: reader.remaining / 24)

        let articleFirst: [Int32] = try reader.array()
        let starts: [Int32] = try reader.array()
        let ends: [Int32] = try reader.array()
        let owners: [Int32] = try reader.array()
        let mentionCount = starts.count
        guard ends.count == mentionCount, owners.count == mentionCount else { throw FormatError.corrupt("mention arrays") }
        guard articleFirst.count == articles + 1, articleFirst[0] == 0, Int(articleFirst[articles]) == mentionCount else {
            throw FormatError.corrupt("article offsets")
        }
        for a in 0..<articles where articleFirst[a] > articleFirst[a + 1] { throw FormatError.corrupt("article offsets") }
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
            let aliasCount = try reader.count(max: reader.remaining / 8)
            var aliases: [String] = []
            for _ in 0..<aliasCount { aliases.append(try reader.string()) }
            guard !id.isEmpty, seen.insert(id).inserted else { throw FormatError.corrupt("person ids") }
            people.append(Person(id: id, name: name, aliases: aliases, mentionCount: 0, articleCount: 0))
        }
        guard reader.remaining == 0 else { throw FormatError.corrupt("trailing bytes") }
        var mentioned = [Bool](repeating: false, count: peopleCount)
        for o in owners { mentioned[Int(o)] = true }
        guard !mentioned.contains(false) else { throw FormatError.corrupt("a person without mentions") }
        return PeopleIndex(people: people, articleCount: articles, articleFirst: articleFirst, starts: starts, ends: ends, owners: owners)
    }
}
