/// A byte format for every article's `PeopleIndex.Summary` (what detection found in it, boiled
/// down for linking), kept in the catalog cache so that a restart after one file changed detects
/// only that file and links the rest from here: linking the same summaries gives the same index.
///
/// Compact (names repeat across articles, offsets are small): `BinaryWriter` conventions around
/// two blobs of unsigned LEB128 varints.
///
///     "RPSM" · version u32 · article count u64 · distinct string count u64
///     strings (UInt8 array): each its UTF-8 length, then its bytes
///     body (UInt8 array), article after article: persons, spellings, mentions, candidates
///       counts; each person: surname, given (string numbers), mentions, first, sure; each
///       spelling: text, person, count, rank, first; each mention: start less the previous
///       mention's end, length, person; each candidate: start, length, surname key, text
extension PeopleIndex.Summary {
    static let magic: [UInt8] = Array("RPSM".utf8)
    static let formatVersion: UInt32 = 1

    /// `summaries` (one per article, in corpus order) as bytes.
    public static func serialize(_ summaries: [PeopleIndex.Summary]) -> [UInt8] {
        var numbers: [String: Int] = [:]
        var strings: [UInt8] = []
        var body: [UInt8] = []
        body.reserveCapacity(summaries.count * 64)
        func put(_ v: Int) {
            var v = UInt64(max(0, v))
            while v >= 0x80 {
                body.append(UInt8(v & 0x7F) | 0x80)
                v >>= 7
            }
            body.append(UInt8(v))
        }
        func put(_ v: Int32) { put(Int(v)) }
        func put(_ s: String) {
            if let n = numbers[s] { return put(n) }
            let n = numbers.count
            numbers[s] = n
            var length = UInt64(s.utf8.count)
            while length >= 0x80 {
                strings.append(UInt8(length & 0x7F) | 0x80)
                length >>= 7
            }
            strings.append(UInt8(length))
            strings.append(contentsOf: s.utf8)
            put(n)
        }
        for s in summaries {
            for count in [s.persons.count, s.spellings.count, s.mentions.count, s.candidates.count] { put(count) }
            for p in s.persons {
                put(p.surname)
                put(p.given)
                put(p.mentions)
                put(p.first)
                put(p.sure ? 1 : 0)
            }
            for sp in s.spellings {
                put(sp.text)
                put(sp.person)
                put(sp.count)
                put(sp.rank)
                put(sp.first)
            }
            var lastEnd: Int32 = 0
            for m in s.mentions {
                put(m.start - lastEnd)
                put(m.end - m.start)
                put(m.person)
                lastEnd = m.end
            }
            for c in s.candidates {
                put(c.start)
                put(c.end - c.start)
                put(c.surnameKey)
                put(c.text)
            }
        }
        var w = BinaryWriter(capacity: 48 + strings.count + body.count)
        w.raw(magic)
        w.u32(formatVersion)
        w.int(summaries.count)
        w.int(numbers.count)
        w.array(strings)
        w.array(body)
        return w.bytes
    }

    /// Reads what `serialize` wrote for `articleCount` articles. Throws on anything unexpected
    /// (another magic, version or article count, a number out of range, a mention out of order
    /// or naming a person the article does not have, trailing bytes).
    public static func deserialize(_ bytes: [UInt8], articleCount: Int) throws(BinaryFormatError) -> [PeopleIndex.Summary] {
        guard bytes.starts(with: magic) else { throw BinaryFormatError("not people summaries") }
        var r = BinaryReader(bytes, from: magic.count)
        guard try r.u32() == formatVersion else { throw BinaryFormatError("another version of people summaries") }
        guard try r.int() == articleCount else { throw BinaryFormatError("people summaries of another corpus") }
        let stringCount = try r.count(max: r.remaining)
        let table: [UInt8] = try r.array()
        let body: [UInt8] = try r.array()
        guard r.remaining == 0 else { throw BinaryFormatError("trailing bytes") }

        var tableReader = VarintReader(table)
        var strings: [String] = []
        strings.reserveCapacity(stringCount)
        for _ in 0..<stringCount {
            let n = try tableReader.next()
            strings.append(try tableReader.string(n))
        }
        guard tableReader.atEnd else { throw BinaryFormatError("trailing bytes in the strings") }

        var v = VarintReader(body)
        func string() throws(BinaryFormatError) -> String {
            let n = try v.next()
            guard n < strings.count else { throw BinaryFormatError("no such string") }
            return strings[n]
        }
        func int32() throws(BinaryFormatError) -> Int32 { Int32(try v.next()) }
        var out: [PeopleIndex.Summary] = []
        out.reserveCapacity(articleCount)
        for _ in 0..<articleCount {
            var summary = PeopleIndex.Summary()
            let np = try v.next(), ns = try v.next(), nm = try v.next(), nc = try v.next()
            // Each takes a byte at least: a count beyond what is left is damage, not a reason to allocate.
            guard np <= v.remaining, ns <= v.remaining, nm <= v.remaining, nc <= v.remaining else { throw BinaryFormatError("bad counts") }
            summary.persons.reserveCapacity(np)
            for _ in 0..<np {
                let surname = try string(), given = try string()
                summary.persons.append(PeopleIndex.ArticlePerson(surname: surname, given: given, mentions: try int32(), first: try int32(),
                                                                 sure: try v.next() != 0))
            }
            summary.spellings.reserveCapacity(ns)
            for _ in 0..<ns {
                let text = try string(), person = try int32()
                guard Int(person) < np else { throw BinaryFormatError("a spelling of no person") }
                summary.spellings.append(PeopleIndex.ArticleSpelling(text: text, person: person, count: try int32(), rank: try int32(),
                                                                     first: try int32()))
            }
            summary.mentions.reserveCapacity(nm)
            var lastEnd = 0
            for _ in 0..<nm {
                let start = lastEnd + (try v.next())
                let end = start + (try v.next())
                let person = try v.next()
                guard end > start, end <= Int(Int32.max), person < np else { throw BinaryFormatError("mentions out of order") }
                summary.mentions.append((Int32(start), Int32(end), Int32(person)))
                lastEnd = end
            }
            summary.candidates.reserveCapacity(nc)
            for _ in 0..<nc {
                let start = try v.next()
                let end = start + (try v.next())
                guard end > start, end <= Int(Int32.max) else { throw BinaryFormatError("bad candidate") }
                summary.candidates.append((Int32(start), Int32(end), try string(), try string()))
            }
            out.append(summary)
        }
        guard v.atEnd else { throw BinaryFormatError("trailing bytes") }
        return out
    }
}

/// Reads unsigned LEB128 varints (each at most `Int32.max`) and UTF-8 strings from bytes.
struct VarintReader {
    let bytes: [UInt8]
    var at = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { at == bytes.count }
    var remaining: Int { bytes.count - at }

    mutating func next() throws(BinaryFormatError) -> Int {
        var value = 0
        var shift = 0
        while true {
            guard at < bytes.count else { throw .truncated }
            let byte = bytes[at]
            at += 1
            value |= Int(byte & 0x7F) << shift
            guard value <= Int(Int32.max) else { throw BinaryFormatError("number out of range") }
            if byte & 0x80 == 0 { return value }
            shift += 7
            guard shift < 35 else { throw BinaryFormatError("number out of range") }
        }
    }

    mutating func string(_ n: Int) throws(BinaryFormatError) -> String {
        guard n <= remaining else { throw .truncated }
        defer { at += n }
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[at..<(at + n)]), as: UTF8.self) }
    }
}
