/// Saving and loading a `SearchIndex` (for a cache): a little-endian binary format,
///
///     "RSIX" · version u32 · articleCount u64 · fieldCount u32 · 0 u32
///     per field, 11 arrays: count u64, elements, zero padding to 8 bytes
///     checksum u64 (over everything before it)
///
/// Loading checks the magic, version, article count, checksum, and then every structural
/// property the search relies on (sorted vocabulary, postings in bounds and increasing, forward
/// codes well formed), so a damaged or foreign file throws `SearchIndexError` and never crashes.
public struct SearchIndexError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "search index: " + message }
}

extension SearchIndex {
    static let magic: [UInt8] = Array("RSIX".utf8)
    public static let formatVersion: UInt32 = 1

    public func serialize() -> [UInt8] {
        var w = ByteWriter()
        w.out.reserveCapacity(memoryBytes + 64 * (fields.count * 11 + 4))
        w.bytes(Self.magic)
        w.u32(Self.formatVersion)
        w.u64(UInt64(articleCount))
        w.u32(UInt32(fields.count))
        w.u32(0)
        for f in fields {
            w.array(f.termBytes)
            w.array(f.termEnds)
            w.array(f.postingStarts)
            w.array(f.postings)
            w.array(f.denseTerms)
            w.array(f.bitsets)
            w.array(f.rankToTerm)
            w.array(f.termToRank)
            w.array(f.docStarts)
            w.array(f.codes)
            w.array(f.joinBits)
        }
        let sum = w.out.withUnsafeBufferPointer { searchChecksum($0) }
        w.u64(sum)
        return w.out
    }

    /// Reads what `serialize()` wrote, for a corpus of `articleCount` articles.
    public init(serialized data: [UInt8], articleCount: Int) throws(SearchIndexError) {
        try self.init(serialized: data, articleCount: articleCount, checkSum: true)
    }

    init(serialized data: [UInt8], articleCount: Int, checkSum: Bool) throws(SearchIndexError) {
        guard data.count >= 32, Array(data[0..<4]) == Self.magic else { throw SearchIndexError("not a search index file") }
        if checkSum {
            let body = data.count - 8
            let stored = data.withUnsafeBufferPointer { ByteReader.loadU64($0, body) }
            let computed = data.withUnsafeBufferPointer { searchChecksum(UnsafeBufferPointer(rebasing: $0[0..<body])) }
            guard stored == computed else { throw SearchIndexError("damaged (checksum mismatch)") }
        }
        var r = ByteReader(data: data, end: data.count - 8)
        r.offset = 4
        let version = try r.u32()
        guard version == Self.formatVersion else { throw SearchIndexError("format version \(version), expected \(Self.formatVersion)") }
        let count = try r.u64()
        guard count == UInt64(articleCount) else { throw SearchIndexError("made for \(count) articles, not \(articleCount)") }
        let fieldCount = try r.u32()
        guard fieldCount == UInt32(SearchAnalysis.fieldCount) else { throw SearchIndexError("\(fieldCount) fields, expected \(SearchAnalysis.fieldCount)") }
        _ = try r.u32()
        var fields: [FieldIndex] = []
        for _ in 0..<Int(fieldCount) {
            var f = FieldIndex(articleCount: articleCount)
            f.termBytes = try r.array(UInt8.self)
            f.termEnds = try r.array(UInt32.self)
            f.postingStarts = try r.array(UInt32.self)
            f.postings = try r.array(UInt32.self)
            f.denseTerms = try r.array(UInt32.self)
            f.bitsets = try r.array(UInt64.self)
            f.rankToTerm = try r.array(UInt32.self)
            f.termToRank = try r.array(UInt32.self)
            f.docStarts = try r.array(UInt64.self)
            f.codes = try r.array(UInt16.self)
            f.joinBits = try r.array(UInt64.self)
            try f.validate()
            fields.append(f)
        }
        guard r.offset == r.end else { throw SearchIndexError("unexpected bytes after the index") }
        self.init(articleCount: articleCount, fields: fields)
    }
}

extension FieldIndex {
    /// Throws unless every invariant the lookups rely on holds.
    func validate() throws(SearchIndexError) {
        func fail(_ what: String) -> SearchIndexError { SearchIndexError("corrupt \(what)") }
        let v = termEnds.count
        guard v < FieldIndex.maxRank else { throw fail("vocabulary size") }
        // Vocabulary: ends increasing, within the bytes, words strictly increasing.
        var previous = 0
        for k in 0..<v {
            let end = Int(termEnds[k])
            guard end > previous, end <= termBytes.count else { throw fail("vocabulary") }
            if k > 0 {
                let a = termRange(k - 1), b = previous..<end
                guard termBytes[a].lexicographicallyPrecedes(termBytes[b]) else { throw fail("vocabulary order") }
            }
            previous = end
        }
        guard previous == termBytes.count else { throw fail("vocabulary") }
        // Postings.
        guard postingStarts.count == v + 1, postingStarts.first == 0, Int(postingStarts[v]) == postings.count else {
            throw fail("postings")
        }
        for k in 0..<v where postingStarts[k] > postingStarts[k + 1] { throw fail("postings") }
        for k in 0..<v {
            let a = Int(postingStarts[k]), b = Int(postingStarts[k + 1])
            var last = -1
            for i in a..<b {
                let d = Int(postings[i])
                guard d > last, d < articleCount else { throw fail("postings") }
                last = d
            }
        }
        var lastDense = -1
        for t in denseTerms {
            guard Int(t) > lastDense, Int(t) < v, postingStarts[Int(t)] == postingStarts[Int(t) + 1] else { throw fail("dense postings") }
            lastDense = Int(t)
        }
        let w = bitsetWords
        guard bitsets.count == denseTerms.count * w else { throw fail("bitsets") }
        if articleCount & 63 != 0 {
            let padding = ~((UInt64(1) << UInt64(articleCount & 63)) - 1)
            for slot in 0..<denseTerms.count where bitsets[slot * w + w - 1] & padding != 0 { throw fail("bitsets") }
        }
        // Ranks: a permutation (of clamped ranks) in both directions.
        guard rankToTerm.count == v, termToRank.count == v else { throw fail("ranks") }
        var seen = [Bool](repeating: false, count: v)
        for (rank, t) in rankToTerm.enumerated() {
            guard Int(t) < v, !seen[Int(t)], Int(termToRank[Int(t)]) == min(rank, FieldIndex.maxRank - 1) else { throw fail("ranks") }
            seen[Int(t)] = true
        }
        // Forward codes.
        guard docStarts.count == articleCount + 1, docStarts.first == 0, docStarts.last == UInt64(codes.count) else {
            throw fail("forward index")
        }
        guard joinBits.count == (codes.count + 63) >> 6 else { throw fail("forward index") }
        for d in 0..<articleCount where docStarts[d] > docStarts[d + 1] { throw fail("forward index") }
        for d in 0..<articleCount {
            var p = Int(docStarts[d])
            let end = Int(docStarts[d + 1])
            while p < end {
                let first = Int(codes[p])
                var rank = first
                if first >= FieldIndex.directLimit {
                    guard p + 1 < end, Int(codes[p + 1]) >= FieldIndex.directLimit else { throw fail("forward codes") }
                    rank = FieldIndex.directLimit + (first - FieldIndex.directLimit) << 12 + (Int(codes[p + 1]) - FieldIndex.directLimit)
                    guard !isJoined(p + 1) else { throw fail("forward codes") }
                    p += 2
                } else {
                    p += 1
                }
                guard rank < v else { throw fail("forward codes") }
            }
        }
    }
}

/// A fast checksum over bytes: 8 at a time, multiply and rotate.
func searchChecksum(_ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(b.count)
    var i = 0
    while i + 8 <= b.count {
        let word = ByteReader.loadU64(b, i)
        h = (h ^ word) &* 0xBF58_476D_1CE4_E5B9
        h = (h << 31) | (h >> 33)
        i += 8
    }
    while i < b.count {
        h = (h ^ UInt64(b[i])) &* 0x94D0_49BB_1331_11EB
        i += 1
    }
    return h ^ (h >> 29)
}

struct ByteWriter {
    var out: [UInt8] = []

    mutating func bytes(_ b: [UInt8]) { out.append(contentsOf: b) }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }

    mutating func array<T: FixedWidthInteger>(_ a: [T]) {
        u64(UInt64(a.count))
        #if _endian(little)
        a.withUnsafeBytes { out.append(contentsOf: $0) }
        #else
        for x in a { withUnsafeBytes(of: x.littleEndian) { out.append(contentsOf: $0) } }
        #endif
        while out.count % 8 != 0 { out.append(0) }
    }
}

struct ByteReader {
    let data: [UInt8]
    let end: Int
    var offset = 0

    init(data: [UInt8], end: Int) {
        self.data = data
        self.end = end
    }

    static func loadU64(_ b: UnsafeBufferPointer<UInt8>, _ at: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawBufferPointer(b).loadUnaligned(fromByteOffset: at, as: UInt64.self))
    }

    mutating func u32() throws(SearchIndexError) -> UInt32 {
        guard end - offset >= 4 else { throw SearchIndexError("truncated") }
        let v = data.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
        offset += 4
        return v
    }

    mutating func u64() throws(SearchIndexError) -> UInt64 {
        guard end - offset >= 8 else { throw SearchIndexError("truncated") }
        let v = data.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
        offset += 8
        return v
    }

    mutating func array<T: FixedWidthInteger>(_ type: T.Type) throws(SearchIndexError) -> [T] {
        let count = try u64()
        let size = MemoryLayout<T>.size
        guard count <= UInt64((end - offset) / size) else { throw SearchIndexError("truncated") }
        let n = Int(count)
        let start = offset
        let result = [T](unsafeUninitializedCapacity: n) { buffer, initialized in
            data.withUnsafeBytes { raw in
                for k in 0..<n {
                    buffer.initializeElement(at: k, to: T(littleEndian: raw.loadUnaligned(fromByteOffset: start + k * size, as: T.self)))
                }
            }
            initialized = n
        }
        offset += n * size
        let padded = (offset + 7) & ~7
        guard padded <= end else { throw SearchIndexError("truncated") }
        offset = padded
        return result
    }
}
