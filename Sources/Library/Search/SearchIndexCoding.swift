/// Saving and loading a `SearchIndex` (for a cache): a little-endian binary format written and
/// read with `BinaryWriter` and `BinaryReader`,
///
///     "RSIX" · version u32 · articleCount u64 · fieldCount u32 · 0 u32
///     per field, 14 arrays: count u64, elements, zero padding to 8 bytes (the last three:
///       the phrase followers)
///     checksum64 u64 (over everything before it)
///
/// Loading checks the magic, version, article count, checksum, and then every structural
/// property the search relies on (sorted vocabulary, postings in bounds and increasing, forward
/// codes well formed), so a damaged or foreign file throws `SearchIndexError` and never crashes.
/// Every array starts 8-aligned from the start of the index: read from a mapped file
/// (`MappedReader`) the arrays are used where they lie.
public struct SearchIndexError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    init(_ error: BinaryFormatError) { self.message = error.message }
    public var description: String { "search index: " + message }
}

extension SearchIndex {
    static let magic: [UInt8] = Array("RSIX".utf8)
    /// 2: `checksum64` instead of a checksum of its own.
    /// 3: each field's phrase followers after its arrays (read back, not derived again).
    public static let formatVersion: UInt32 = 3

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

    /// Reads what `serialize()` wrote up to its checksum (which is not read), from memory,
    /// straight from a file (`FilePartReader`: the arrays are never in memory twice), or from a
    /// mapped file (`MappedReader`: the arrays stay in the file; the pages the checks read are
    /// given back as they go, so only what searches touch later counts in memory).
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
            let slot: Column<UInt8>, starts: Column<UInt32>, units: Column<UInt16>
            do throws(BinaryFormatError) {
                f.termBytes = try r.readColumn(UInt8.self)
                f.termEnds = try r.readColumn(UInt32.self)
                f.postingStarts = try r.readColumn(UInt32.self)
                f.postings = try r.readColumn(UInt32.self)
                f.denseTerms = try r.readColumn(UInt32.self)
                f.bitsets = try r.readColumn(UInt64.self)
                f.rankToTerm = try r.readColumn(UInt32.self)
                f.termToRank = try r.readColumn(UInt32.self)
                f.docStarts = try r.readColumn(UInt64.self)
                f.codes = try r.readColumn(UInt16.self)
                f.joinBits = try r.readColumn(UInt64.self)
                (slot, starts, units) = (try r.readColumn(UInt8.self), try r.readColumn(UInt32.self), try r.readColumn(UInt16.self))
            } catch {
                throw SearchIndexError(error)
            }
            try f.validate()
            f.followers = try PhraseFollowers(slot: slot, starts: starts, units: units, of: f)
            fields.append(f)
        }
        self.init(articleCount: articleCount, fields: fields, derivingFollowers: false)
    }
}

extension FieldIndex {
    /// Throws unless every invariant the lookups rely on holds. The pages of mapped arrays are
    /// given back as they are checked (`Column.release`): checking a cached index does not make
    /// all of it count in memory.
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
        termEnds.release()
        termBytes.release()
        // Postings.
        guard postingStarts.count == v + 1, postingStarts.first == 0, Int(postingStarts[v]) == postings.count else {
            throw fail("postings")
        }
        // In order first: every list then lies within the postings.
        for k in 0..<v where postingStarts[k] > postingStarts[k + 1] { throw fail("postings") }
        let postingsOK = postingStarts.withUnsafeBufferPointer { starts in
            postings.withUnsafeBufferPointer { p in
                var released = 0
                for k in 0..<v {
                    let a = Int(starts[k]), b = Int(starts[k + 1])
                    var last = -1
                    for i in a..<b {
                        let d = Int(p[i])
                        guard d > last, d < articleCount else { return false }
                        last = d
                    }
                    if b - released >= Self.releaseChunk {
                        postings.release(upTo: b)
                        released = b
                    }
                }
                return true
            }
        }
        guard postingsOK else { throw fail("postings") }
        postings.release()
        var lastDense = -1
        for t in denseTerms {
            guard Int(t) > lastDense, Int(t) < v, postingStarts[Int(t)] == postingStarts[Int(t) + 1] else { throw fail("dense postings") }
            lastDense = Int(t)
        }
        postingStarts.release()
        let w = bitsetWords
        guard bitsets.count == denseTerms.count * w else { throw fail("bitsets") }
        if articleCount & 63 != 0 {
            let padding = ~((UInt64(1) << UInt64(articleCount & 63)) - 1)
            for slot in 0..<denseTerms.count where bitsets[slot * w + w - 1] & padding != 0 { throw fail("bitsets") }
        }
        bitsets.release()
        // Ranks: a permutation (of clamped ranks) in both directions.
        guard rankToTerm.count == v, termToRank.count == v else { throw fail("ranks") }
        var seen = [Bool](repeating: false, count: v)
        for (rank, t) in rankToTerm.enumerated() {
            guard Int(t) < v, !seen[Int(t)], Int(termToRank[Int(t)]) == min(rank, FieldIndex.maxRank - 1) else { throw fail("ranks") }
            seen[Int(t)] = true
        }
        rankToTerm.release()
        termToRank.release()
        // Forward codes.
        guard docStarts.count == articleCount + 1, docStarts.first == 0, docStarts.last == UInt64(codes.count) else {
            throw fail("forward index")
        }
        guard joinBits.count == (codes.count + 63) >> 6 else { throw fail("forward index") }
        for d in 0..<articleCount where docStarts[d] > docStarts[d + 1] { throw fail("forward index") }
        let codesOK = docStarts.withUnsafeBufferPointer { starts in
            codes.withUnsafeBufferPointer { u in
                var released = 0
                for d in 0..<articleCount {
                    var p = Int(starts[d])
                    let end = Int(starts[d + 1])
                    while p < end {
                        let first = Int(u[p])
                        var rank = first
                        if first >= FieldIndex.directLimit {
                            guard p + 1 < end, Int(u[p + 1]) >= FieldIndex.directLimit, !isJoined(p + 1) else { return false }
                            rank = wordAt(p, u).rank
                            p += 2
                        } else {
                            p += 1
                        }
                        guard rank < v else { return false }
                    }
                    if end - released >= Self.releaseChunk {
                        codes.release(upTo: end)
                        joinBits.release(upTo: end >> 6)
                        released = end
                    }
                }
                return true
            }
        }
        guard codesOK else { throw fail("forward codes") }
        docStarts.release()
        codes.release()
        joinBits.release()
    }

    /// How many elements of a mapped array are checked before their pages are given back.
    static let releaseChunk = 1 << 18
}

extension FieldIndex {
    /// The 14 arrays in file order: count, element size, and their bytes little-endian.
    func forEachArray(_ body: (_ count: Int, _ size: Int, _ bytes: ((UnsafeRawBufferPointer) -> Void) -> Void) -> Void) {
        func one<T: FixedWidthInteger>(_ a: Column<T>) {
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
        let (slot, starts, units) = followers.stored
        one(slot)
        one(starts)
        one(units)
    }
}
