/// Saving and loading a `SearchIndex` (for a cache): a little-endian binary format written and
/// read with `BinaryWriter` and `BinaryReader`,
///
///     "RSIX" · version u32 · articleCount u64 · fieldCount u32 · 0 u32
///     per field, 11 arrays: count u64, elements, zero padding to 8 bytes
///     checksum64 u64 (over everything before it)
///
/// Loading checks the magic, version, article count, checksum, and then every structural
/// property the search relies on (sorted vocabulary, postings in bounds and increasing, forward
/// codes well formed), so a damaged or foreign file throws `SearchIndexError` and never crashes.
public struct SearchIndexError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    init(_ error: BinaryFormatError) { self.message = error.message }
    public var description: String { "search index: " + message }
}

extension SearchIndex {
    static let magic: [UInt8] = Array("RSIX".utf8)
    /// 2: `checksum64` instead of a checksum of its own.
    public static let formatVersion: UInt32 = 2

    public func serialize() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(serializedSize)
        serialize { out.append(contentsOf: $0) }
        return out
    }

    /// The length of `serialize()`'s bytes.
    public var serializedSize: Int {
        var n = 24
        for f in fields {
            f.forEachArray { count, size, _ in n += 8 + (count * size + 7) & ~7 }
        }
        return n + 8
    }

    /// Hands `serialize()`'s bytes to `emit` in pieces, without copying the index: a cache file
    /// is written without the whole index twice in memory.
    public func serialize(_ emit: (UnsafeRawBufferPointer) -> Void) {
        // The pieces come from nested calls over the fields' arrays.
        withoutActuallyEscaping(emit) { serialize(emitting: $0) }
    }

    private func serialize(emitting emit: @escaping (UnsafeRawBufferPointer) -> Void) {
        var sum = Checksum64(length: serializedSize - 8)
        var head = BinaryWriter()
        head.raw(Self.magic)
        head.u32(Self.formatVersion)
        head.u64(UInt64(articleCount))
        head.u32(UInt32(fields.count))
        head.u32(0)
        func put(_ raw: UnsafeRawBufferPointer) {
            guard raw.count > 0 else { return }
            sum.update(raw)
            emit(raw)
        }
        head.bytes.withUnsafeBytes(put)
        let zeros = [UInt8](repeating: 0, count: 8)
        for f in fields {
            f.forEachArray { count, size, bytes in
                withUnsafeBytes(of: UInt64(count).littleEndian, put)
                bytes(put)
                zeros.withUnsafeBytes { put(UnsafeRawBufferPointer(rebasing: $0[0..<(-(count * size) & 7)])) }
            }
        }
        withUnsafeBytes(of: sum.finish().littleEndian, emit)
    }

    /// Reads what `serialize()` wrote, for a corpus of `articleCount` articles.
    public init(serialized data: [UInt8], articleCount: Int) throws(SearchIndexError) {
        try self.init(serialized: data, articleCount: articleCount, checkSum: true)
    }

    init(serialized data: [UInt8], articleCount: Int, checkSum: Bool) throws(SearchIndexError) {
        guard data.count >= 32, data.starts(with: Self.magic) else { throw SearchIndexError("not a search index file") }
        let body = data.count - 8
        var r = BinaryReader(data, from: body)
        let stored: UInt64
        do throws(BinaryFormatError) { stored = try r.u64() } catch { throw SearchIndexError(error) }
        if checkSum {
            guard stored == checksum64(data, to: body) else { throw SearchIndexError("damaged (checksum mismatch)") }
        }
        r = BinaryReader(data, from: 0, to: body)
        try self.init(reading: &r, articleCount: articleCount)
        guard r.remaining == 0 else { throw SearchIndexError("unexpected bytes after the index") }
    }

    /// Reads what `serialize()` wrote up to its checksum (which is not read), from memory or
    /// straight from a file (`FilePartReader`: the arrays are never in memory twice).
    init<Source: BinarySource>(reading r: inout Source, articleCount: Int) throws(SearchIndexError) {
        let magic: UInt32, version: UInt32, count: UInt64, fieldCount: UInt32, reserved: UInt32
        do throws(BinaryFormatError) {
            magic = try r.u32()
            version = try r.u32()
            count = try r.u64()
            fieldCount = try r.u32()
            reserved = try r.u32()
        } catch {
            throw SearchIndexError(error)
        }
        guard magic == Self.magic.withUnsafeBytes({ UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) }) else {
            throw SearchIndexError("not a search index file")
        }
        guard version == Self.formatVersion else { throw SearchIndexError("format version \(version), expected \(Self.formatVersion)") }
        guard count == UInt64(articleCount) else { throw SearchIndexError("made for \(count) articles, not \(articleCount)") }
        // The writer always writes zero here: anything else is not a file it wrote (and would
        // not write back the same).
        guard reserved == 0 else { throw SearchIndexError("reserved header field is \(reserved), not 0") }
        guard fieldCount == UInt32(SearchAnalysis.fieldCount) else { throw SearchIndexError("\(fieldCount) fields, expected \(SearchAnalysis.fieldCount)") }
        var fields: [FieldIndex] = []
        for _ in 0..<Int(fieldCount) {
            var f = FieldIndex(articleCount: articleCount)
            do throws(BinaryFormatError) {
                f.termBytes = try r.readArray(UInt8.self)
                f.termEnds = try r.readArray(UInt32.self)
                f.postingStarts = try r.readArray(UInt32.self)
                f.postings = try r.readArray(UInt32.self)
                f.denseTerms = try r.readArray(UInt32.self)
                f.bitsets = try r.readArray(UInt64.self)
                f.rankToTerm = try r.readArray(UInt32.self)
                f.termToRank = try r.readArray(UInt32.self)
                f.docStarts = try r.readArray(UInt64.self)
                f.codes = try r.readArray(UInt16.self)
                f.joinBits = try r.readArray(UInt64.self)
            } catch {
                throw SearchIndexError(error)
            }
            try f.validate()
            fields.append(f)
        }
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

extension FieldIndex {
    /// The 11 arrays in file order: count, element size, and their bytes little-endian.
    func forEachArray(_ body: (_ count: Int, _ size: Int, _ bytes: ((UnsafeRawBufferPointer) -> Void) -> Void) -> Void) {
        func one<T: FixedWidthInteger>(_ a: [T]) {
            body(a.count, MemoryLayout<T>.size) { give in
                #if _endian(little)
                a.withUnsafeBytes(give)
                #else
                var w = BinaryWriter()
                for x in a { w.raw(withUnsafeBytes(of: x.littleEndian) { Array($0) }) }
                w.bytes.withUnsafeBytes(give)
                #endif
            }
        }
        one(termBytes)
        one(termEnds)
        one(postingStarts)
        one(postings)
        one(denseTerms)
        one(bitsets)
        one(rankToTerm)
        one(termToRank)
        one(docStarts)
        one(codes)
        one(joinBits)
    }
}
