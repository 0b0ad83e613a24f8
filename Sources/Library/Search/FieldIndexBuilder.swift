/// Merges the per-article analyses of one field into a `FieldIndex`.
struct FieldIndexBuilder {
    let field: Int
    let analyses: [SearchAnalysis]

    // Global words in order of first appearance.
    private var bytes: [UInt8] = []
    private var ends: [UInt32] = []
    private var hashes: [UInt64] = []
    /// Open addressing: `hash >> 32 << 32 | (entry + 1)`, 0 when empty.
    private var table = [UInt64](repeating: 0, count: 1 << 12)

    init(field: Int, analyses: [SearchAnalysis]) {
        self.field = field
        self.analyses = analyses
    }

    private mutating func intern(_ a: SearchAnalysis, _ k: Int) -> Int {
        let hash = a.termHashes[k]
        let tag = hash & 0xFFFF_FFFF_0000_0000
        let r = a.termRange(k)
        var mask = table.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let cell = table[slot]
            if cell == 0 { break }
            if cell & 0xFFFF_FFFF_0000_0000 == tag {
                let entry = Int(cell & 0xFFFF_FFFF) - 1
                let start = entry == 0 ? 0 : Int(ends[entry - 1])
                let end = Int(ends[entry])
                if end - start == r.count && bytes[start..<end].elementsEqual(a.termBytes[r]) { return entry }
            }
            slot = (slot + 1) & mask
        }
        let g = ends.count
        bytes.append(contentsOf: a.termBytes[r])
        ends.append(UInt32(bytes.count))
        hashes.append(hash)
        table[slot] = tag | UInt64(g + 1)
        if ends.count * 2 > table.count {
            table = [UInt64](repeating: 0, count: table.count * 2)
            mask = table.count - 1
            for (e, h) in hashes.enumerated() {
                var s = Int(truncatingIfNeeded: h) & mask
                while table[s] != 0 { s = (s + 1) & mask }
                table[s] = (h & 0xFFFF_FFFF_0000_0000) | UInt64(e + 1)
            }
        }
        return g
    }

    private func globalRange(_ g: Int) -> Range<Int> {
        (g == 0 ? 0 : Int(ends[g - 1]))..<Int(ends[g])
    }

    mutating func build() -> FieldIndex {
        let n = analyses.count
        let bit = UInt8(1) << UInt8(field)
        var index = FieldIndex(articleCount: n)

        // 1. Intern every article's words of this field; count articles.
        var localStarts = [Int](repeating: 0, count: n + 1)
        var localToGlobal: [UInt32] = []
        var df: [UInt32] = []
        for (d, a) in analyses.enumerated() {
            localStarts[d] = localToGlobal.count
            for k in 0..<a.termCount {
                if a.termFields[k] & bit == 0 {
                    localToGlobal.append(UInt32.max)
                    continue
                }
                let g = intern(a, k)
                if g == df.count { df.append(0) }
                df[g] += 1
                localToGlobal.append(UInt32(g))
            }
        }
        localStarts[n] = localToGlobal.count
        let vocabulary = ends.count

        // 2. Sort the vocabulary bytewise.
        var order = Array(0..<vocabulary)
        bytes.withUnsafeBufferPointer { b in
            order.sort { x, y in
                let rx = globalRange(x), ry = globalRange(y)
                return UnsafeBufferPointer(rebasing: b[rx]).lexicographicallyPrecedes(UnsafeBufferPointer(rebasing: b[ry]))
            }
        }
        var sortedOf = [UInt32](repeating: 0, count: vocabulary)
        index.termBytes.reserveCapacity(bytes.count)
        index.termEnds.reserveCapacity(vocabulary)
        for (s, g) in order.enumerated() {
            sortedOf[g] = UInt32(s)
            index.termBytes.append(contentsOf: bytes[globalRange(g)])
            index.termEnds.append(UInt32(index.termBytes.count))
        }
        bytes = []
        hashes = []
        table = []

        // 3. Ranks for the forward codes: by how many articles have the word (close enough to
        // how often it occurs, and known without reading the words again).
        var byFrequency = Array(0..<vocabulary)
        byFrequency.sort { df[$0] != df[$1] ? df[$0] > df[$1] : sortedOf[$0] < sortedOf[$1] }
        index.rankToTerm = [UInt32](repeating: 0, count: vocabulary)
        index.termToRank = [UInt32](repeating: 0, count: vocabulary)
        var rankOfGlobal = [UInt32](repeating: 0, count: vocabulary)
        for (rank, g) in byFrequency.enumerated() {
            let r = UInt32(min(rank, FieldIndex.maxRank - 1))
            index.rankToTerm[rank] = sortedOf[g]
            index.termToRank[Int(sortedOf[g])] = r
            rankOfGlobal[g] = r
        }

        // 4. Postings: sorted arrays, or bitsets where those are smaller.
        let words = index.bitsetWords
        var sortedDF = [UInt32](repeating: 0, count: vocabulary)
        for g in 0..<vocabulary { sortedDF[Int(sortedOf[g])] = df[g] }
        var denseSlotOf = [Int32](repeating: -1, count: vocabulary)
        index.postingStarts = [UInt32](repeating: 0, count: vocabulary + 1)
        var total = 0
        for s in 0..<vocabulary {
            index.postingStarts[s] = UInt32(total)
            if Int(sortedDF[s]) * 4 > words * 8 {
                denseSlotOf[s] = Int32(index.denseTerms.count)
                index.denseTerms.append(UInt32(s))
            } else {
                total += Int(sortedDF[s])
            }
        }
        index.postingStarts[vocabulary] = UInt32(total)
        index.postings = [UInt32](repeating: 0, count: total)
        index.bitsets = [UInt64](repeating: 0, count: index.denseTerms.count * words)
        var cursor = Array(index.postingStarts.dropLast())
        for d in 0..<n {
            for i in localStarts[d]..<localStarts[d + 1] {
                let g = localToGlobal[i]
                if g == UInt32.max { continue }
                let s = Int(sortedOf[Int(g)])
                let slot = denseSlotOf[s]
                if slot >= 0 {
                    index.bitsets[Int(slot) * words + d >> 6] |= 1 << UInt64(d & 63)
                } else {
                    index.postings[Int(cursor[s])] = UInt32(d)
                    cursor[s] += 1
                }
            }
        }

        // 5. The forward index: decode each article's word stream straight into the codes.
        var wordCount = 0
        for a in analyses { wordCount += a.wordCounts[field] }
        var docStarts = [UInt64](repeating: 0, count: n + 1)
        // Every word takes one code unless the vocabulary has rare words needing two.
        let capacity = vocabulary <= FieldIndex.directLimit ? wordCount : 2 * wordCount
        var joinBits = [UInt64](repeating: 0, count: (capacity + 63) >> 6)
        var used = 0
        var codes = [UInt16](unsafeUninitializedCapacity: capacity) { out, initialized in
            joinBits.withUnsafeMutableBufferPointer { joinBits in
                localToGlobal.withUnsafeBufferPointer { localToGlobal in
                    rankOfGlobal.withUnsafeBufferPointer { rankOfGlobal in
                        var u = 0
                        for (d, a) in analyses.enumerated() {
                            let base = localStarts[d]
                            a.streams[field].withUnsafeBufferPointer { b in
                                var i = 0
                                while i < b.count {
                                    let value = SearchAnalysis.readVarint(b, &i)
                                    let rank = Int(rankOfGlobal[Int(localToGlobal[base + value >> 1])])
                                    if value & 1 != 0 { joinBits[u >> 6] |= 1 << UInt64(u & 63) }
                                    if rank < FieldIndex.directLimit {
                                        out.initializeElement(at: u, to: UInt16(rank))
                                        u += 1
                                    } else {
                                        let extra = rank - FieldIndex.directLimit
                                        out.initializeElement(at: u, to: UInt16(FieldIndex.directLimit + extra >> 12))
                                        out.initializeElement(at: u + 1, to: UInt16(FieldIndex.directLimit + extra & 0xFFF))
                                        u += 2
                                    }
                                }
                            }
                            docStarts[d + 1] = UInt64(u)
                        }
                        used = u
                    }
                }
            }
            initialized = used
        }
        if codes.capacity > used + used / 8 { codes = codes.withUnsafeBufferPointer { Array($0) } }
        index.codes = codes
        index.docStarts = docStarts
        joinBits.removeLast(joinBits.count - ((used + 63) >> 6))
        index.joinBits = joinBits
        return index
    }
}
