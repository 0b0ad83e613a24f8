/// What `SearchIndex.analyze` learns from one article, in the loading threads: its distinct words
/// (interned locally, as folded UTF-8) and, per field, its words in order as local numbers.
/// `SearchIndex.build` merges these into the index; the article's text is not kept.
public struct SearchAnalysis: Sendable {
    /// The article's distinct words, folded, UTF-8, end to end; `termEnds[k]` ends word `k`.
    var termBytes: [UInt8] = []
    var termEnds: [UInt32] = []
    var termHashes: [UInt64] = []
    /// Bit `f` set: the word occurs in field `f` (0 text, 1 title, 2 author).
    var termFields: [UInt8] = []
    /// Per field, the words in order, each as a varint of `localNumber << 1 | joinedByApostrophe`.
    var streams: [[UInt8]] = [[], [], []]
    /// Words per field.
    var wordCounts: [Int] = [0, 0, 0]

    static let fieldCount = 3

    /// Words in the article's text.
    public var wordCount: Int { wordCounts[0] }

    var termCount: Int { termEnds.count }

    @inline(__always) func termRange(_ k: Int) -> Range<Int> {
        (k == 0 ? 0 : Int(termEnds[k - 1]))..<Int(termEnds[k])
    }

    /// Reads one varint of a stream at `i` (advancing it): `localNumber << 1 | joined`.
    @inline(__always)
    static func readVarint(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> Int {
        var value = 0
        var shift = 0
        while true {
            let byte = b[i]
            i += 1
            value |= Int(byte & 0x7F) << shift
            shift += 7
            if byte & 0x80 == 0 { return value }
        }
    }
}

/// A 64-bit hash of a folded word's scalars (FNV-1a style, finalised).
@inline(__always)
func searchHash(_ key: UnsafeBufferPointer<Unicode.Scalar>) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for c in key { h = (h ^ UInt64(c.value)) &* 0x0000_0100_0000_01B3 }
    return h ^ (h >> 32)
}

/// Builds a `SearchAnalysis`: interns words in a small open-addressing table.
struct AnalysisBuilder {
    var result = SearchAnalysis()
    private var table = [Int32](repeating: -1, count: 1024)
    /// The distinct words' scalars (for comparing), end to end.
    private var scalars: [Unicode.Scalar] = []
    private var scalarStarts: [Int] = []

    init() {
        scalars.reserveCapacity(4096)
        scalarStarts.reserveCapacity(512)
    }

    mutating func add(text: ArticleText, field: Int) {
        text.scalars.withUnsafeBufferPointer { add(scalars: $0, field: field) }
    }

    mutating func add(scalars: UnsafeBufferPointer<Unicode.Scalar>, field: Int) {
        var stream: [UInt8] = []
        stream.reserveCapacity(scalars.count / 3)
        var count = 0
        var cursor = WordCursor(scalars)
        while let word = cursor.next() {
            let local = intern(cursor.key)
            result.termFields[local] |= 1 << UInt8(field)
            var value = local << 1 | (word.joined ? 1 : 0)
            while value >= 0x80 {
                stream.append(UInt8(value & 0x7F) | 0x80)
                value >>= 7
            }
            stream.append(UInt8(value))
            count += 1
        }
        result.streams[field] = stream
        result.wordCounts[field] = count
    }

    private mutating func intern(_ key: UnsafeBufferPointer<Unicode.Scalar>) -> Int {
        let hash = searchHash(key)
        let mask = table.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(table[slot])
            if entry < 0 { break }
            if result.termHashes[entry] == hash && equalsTerm(entry, key) { return entry }
            slot = (slot + 1) & mask
        }
        let local = result.termEnds.count
        scalarStarts.append(scalars.count)
        scalars.append(contentsOf: key)
        for scalar in key {
            if scalar.value < 0x80 {
                result.termBytes.append(UInt8(scalar.value))
            } else {
                UTF8.encode(scalar) { result.termBytes.append($0) }
            }
        }
        result.termEnds.append(UInt32(result.termBytes.count))
        result.termHashes.append(hash)
        result.termFields.append(0)
        table[slot] = Int32(local)
        if result.termEnds.count * 2 > table.count { grow() }
        return local
    }

    @inline(__always)
    private func equalsTerm(_ entry: Int, _ key: UnsafeBufferPointer<Unicode.Scalar>) -> Bool {
        let start = scalarStarts[entry]
        let end = entry + 1 < scalarStarts.count ? scalarStarts[entry + 1] : scalars.count
        guard end - start == key.count else { return false }
        var k = 0
        while k < key.count {
            if scalars[start + k] != key[k] { return false }
            k += 1
        }
        return true
    }

    private mutating func grow() {
        table = [Int32](repeating: -1, count: table.count * 2)
        let mask = table.count - 1
        for (local, hash) in result.termHashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while table[slot] >= 0 { slot = (slot + 1) & mask }
            table[slot] = Int32(local)
        }
    }
}
