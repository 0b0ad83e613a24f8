/// A byte format for caching a `PeopleIndex`, written and read with `BinaryWriter` and
/// `BinaryReader` (little-endian, every count checked against what is left), so that a damaged
/// or foreign cache throws instead of crashing.
///
///     "RPPL" · version u32 · article count u64 · people count u64
///     6 arrays of Int32 (count u64, elements, zero padding to 8 bytes): article offsets
///       (articles + 1), the mentions' starts, ends, people and articles, then the mentions
///       grouped by person
///     per person: id, name (length u64, UTF-8 bytes), alias count u64, aliases
///
/// The arrays start 8-aligned from the start of the index: read from a mapped file
/// (`MappedReader`) they are used where they lie, and only their pages that are read count in
/// memory (those the checks read are given back as they go).
extension PeopleIndex {
    /// 2: the conventions of `BinaryWriter` (u64 counts and lengths, counted arrays).
    /// 3: the mentions' articles and the mentions grouped by person are kept (not derived again).
    public static let formatVersion: UInt32 = 3
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
        var out: [UInt8] = []
        out.reserveCapacity(serializedSize)
        serialize { out.append(contentsOf: $0) }
        return out
    }

    /// The length of `serialize()`'s bytes.
    public var serializedSize: Int {
        var n = 24 + arrays.reduce(0) { $0 + 8 + ($1.count * 4 + 7) & ~7 }
        for p in people { n += 24 + p.id.utf8.count + p.name.utf8.count + p.aliases.reduce(0) { $0 + 8 + $1.utf8.count } }
        return n
    }

    private var arrays: [Column<Int32>] { [articleFirst, starts, ends, owners, articleOf, byPerson] }

    /// Hands `serialize()`'s bytes to `emit` in pieces, the arrays without copying them: a cache
    /// file is written without the index twice in memory.
    public func serialize(_ emit: (UnsafeRawBufferPointer) -> Void) {
        var w = BinaryWriter()
        w.raw(PeopleIndex.magic)
        w.u32(PeopleIndex.formatVersion)
        w.int(articleCount)
        w.u64(UInt64(people.count))
        w.bytes.withUnsafeBytes(emit)
        for column in arrays {
            #if _endian(little)
            withUnsafeBytes(of: UInt64(column.count).littleEndian, emit)
            column.withUnsafeBytes(emit)
            [UInt8](repeating: 0, count: -(column.count * 4) & 7).withUnsafeBytes(emit)
            #else
            var a = BinaryWriter()
            a.array(column.array)
            a.bytes.withUnsafeBytes(emit)
            #endif
        }
        w = BinaryWriter()
        for p in people {
            w.string(p.id)
            w.string(p.name)
            w.u64(UInt64(p.aliases.count))
            for a in p.aliases { w.string(a) }
        }
        w.bytes.withUnsafeBytes(emit)
    }

    /// Reads what `serialize()` wrote, for a corpus of `articleCount` articles. Throws
    /// `FormatError` on anything unexpected: wrong magic or version, another article count,
    /// truncation, offsets out of bounds or out of order, invalid UTF-8, trailing bytes.
    public init(serialized bytes: [UInt8], articleCount: Int) throws {
        var reader = BinaryReader(bytes)
        try self.init(reading: &reader, articleCount: articleCount)
    }

    /// The same from memory or a mapped file (`MappedReader`).
    init<Source: BinarySource>(reading reader: inout Source, articleCount: Int) throws {
        do {
            self = try PeopleIndex.read(&reader, articleCount: articleCount)
        } catch let error as BinaryFormatError {
            throw error == .truncated || error == .countOutOfRange ? FormatError.truncated : FormatError.corrupt(error.message)
        }
    }

    static func read<Source: BinarySource>(_ reader: inout Source, articleCount: Int) throws -> PeopleIndex {
        guard reader.remaining >= magic.count, try reader.u32() == magic.withUnsafeBytes({ UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) }) else {
            throw FormatError.notAnIndex
        }
        let version = try reader.u32()
        guard version == formatVersion else { throw FormatError.unsupportedVersion(version) }
        let articles = Int(Int64(bitPattern: try reader.u64()))
        guard articles == articleCount else { throw FormatError.articleCountMismatch(expected: articleCount, found: articles) }
        // A person takes 24 bytes at least (two lengths and a count): checked before allocating.
        let count = try reader.u64()
        guard count <= UInt64(reader.remaining / 24) else { throw BinaryFormatError.countOutOfRange }
        let peopleCount = Int(count)

        let articleFirst = try reader.readColumn(Int32.self)
        let starts = try reader.readColumn(Int32.self)
        let ends = try reader.readColumn(Int32.self)
        let owners = try reader.readColumn(Int32.self)
        let articleOf = try reader.readColumn(Int32.self)
        let byPerson = try reader.readColumn(Int32.self)
        let mentionCount = starts.count
        guard ends.count == mentionCount, owners.count == mentionCount, articleOf.count == mentionCount, byPerson.count == mentionCount else {
            throw FormatError.corrupt("mention arrays")
        }
        guard articleFirst.count == articles + 1, articleFirst[0] == 0, Int(articleFirst[articles]) == mentionCount else {
            throw FormatError.corrupt("article offsets")
        }
        for a in 0..<articles where articleFirst[a] > articleFirst[a + 1] { throw FormatError.corrupt("article offsets") }
        let counts = try checkMentions(articleFirst: articleFirst, starts: starts, ends: ends, owners: owners, articleOf: articleOf,
                                       peopleCount: peopleCount)
        let personFirst = try checkGroups(byPerson, mentions: counts.mentions)

        var strings = try reader.rest()
        var people: [Person] = []
        people.reserveCapacity(peopleCount)
        var seen = Set<String>()
        for p in 0..<peopleCount {
            let id = try strings.string()
            let name = try strings.string()
            let aliasCount = try strings.count(max: strings.remaining / 8)
            var aliases: [String] = []
            for _ in 0..<aliasCount { aliases.append(try strings.string()) }
            guard !id.isEmpty, seen.insert(id).inserted else { throw FormatError.corrupt("person ids") }
            people.append(Person(id: id, name: name, aliases: aliases, mentionCount: Int(counts.mentions[p]), articleCount: counts.articles[p]))
        }
        guard strings.remaining == 0 else { throw FormatError.corrupt("trailing bytes") }
        guard !counts.mentions.contains(0) else { throw FormatError.corrupt("a person without mentions") }
        return PeopleIndex(people: people, articleCount: articles, articleFirst: articleFirst, starts: starts, ends: ends, owners: owners,
                           articleOf: articleOf, personFirst: Column(personFirst), byPerson: byPerson)
    }

    /// An index of arrays read back and checked, with people whose counts are filled in.
    private init(people: [Person], articleCount: Int, articleFirst: Column<Int32>, starts: Column<Int32>, ends: Column<Int32>,
                 owners: Column<Int32>, articleOf: Column<Int32>, personFirst: Column<Int32>, byPerson: Column<Int32>) {
        self.people = people
        self.articleCount = articleCount
        self.articleFirst = articleFirst
        self.starts = starts
        self.ends = ends
        self.owners = owners
        self.articleOf = articleOf
        self.personFirst = personFirst
        self.byPerson = byPerson
        searchKeys = people.map { PeopleIndex.searchKeys(for: $0) }
        names = NameTable(keys: searchKeys)
    }

    /// Checks the mentions article by article (in order, not overlapping, of a person there is,
    /// of the article they are listed under) and counts each person's mentions and articles.
    /// The pages of mapped arrays are given back as they are checked.
    private static func checkMentions(articleFirst: Column<Int32>, starts: Column<Int32>, ends: Column<Int32>, owners: Column<Int32>,
                                      articleOf: Column<Int32>, peopleCount: Int) throws -> (mentions: [Int32], articles: [Int]) {
        var mentions = [Int32](repeating: 0, count: peopleCount)
        var articles = [Int](repeating: 0, count: peopleCount)
        var lastArticle = [Int32](repeating: -1, count: peopleCount)
        var released = 0
        for a in 0..<articleFirst.count - 1 {
            var lastEnd: Int32 = 0
            let end = Int(articleFirst[a + 1])
            for m in Int(articleFirst[a])..<end {
                guard starts[m] >= lastEnd, ends[m] > starts[m] else { throw FormatError.corrupt("mention ranges") }
                let p = Int(owners[m])
                guard p >= 0 && p < peopleCount else { throw FormatError.corrupt("mention person") }
                guard Int(articleOf[m]) == a else { throw FormatError.corrupt("mention articles") }
                mentions[p] += 1
                if lastArticle[p] != Int32(a) {
                    lastArticle[p] = Int32(a)
                    articles[p] += 1
                }
                lastEnd = ends[m]
            }
            if end - released >= FieldIndex.releaseChunk {
                for column in [starts, ends, owners, articleOf] { column.release(upTo: end) }
                released = end
            }
        }
        for column in [articleFirst, starts, ends, owners, articleOf] { column.release() }
        return (mentions, articles)
    }

    /// Checks the mentions grouped by person (`mentions`: how many each has): each group in
    /// corpus order, every mention one there is. Returns where each person's group starts.
    private static func checkGroups(_ byPerson: Column<Int32>, mentions: [Int32]) throws -> [Int32] {
        var first = [Int32](repeating: 0, count: mentions.count + 1)
        for p in mentions.indices { first[p + 1] = first[p] + mentions[p] }
        var released = 0
        for p in mentions.indices {
            var last: Int32 = -1
            let end = Int(first[p + 1])
            for k in Int(first[p])..<end {
                let m = byPerson[k]
                guard m > last, Int(m) < byPerson.count else { throw FormatError.corrupt("mentions by person") }
                last = m
            }
            if end - released >= FieldIndex.releaseChunk {
                byPerson.release(upTo: end)
                released = end
            }
        }
        byPerson.release()
        return first
    }
}
