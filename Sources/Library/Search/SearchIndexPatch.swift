import Dispatch

extension SearchIndex {
    /// Where each article of a patched index comes from (`SearchIndex.patched`).
    public enum Source: Sendable, Equatable {
        /// An article of the earlier index, unchanged.
        case kept(Int)
        /// An article of the index of the new and changed articles.
        case fresh(Int)
    }

    /// The index of a corpus whose unchanged articles `old` has: article `i` of the result is
    /// `sources[i]`, an article of `old` or of `fresh` (an index of the new and changed articles
    /// only, built as usual). The articles of `old` that no source names are dropped; those kept
    /// keep their order, and so do the fresh ones. The result is the index a full build over the same articles
    /// gives, byte for byte, in time proportional to the index (not to the texts): no file is
    /// read, and only what the changed articles touch is worked out again.
    ///
    /// Nil when `sources` does not fit the two indexes (an article out of range or named twice,
    /// the articles of either index out of their order, a fresh article left out).
    public static func patched(_ old: SearchIndex, fresh: SearchIndex, sources: [Source]) -> SearchIndex? {
        var newOfOld = [Int32](repeating: -1, count: old.articleCount)
        var newOfFresh = [Int32](repeating: -1, count: fresh.articleCount)
        var lastKept = -1, lastFresh = -1
        for (i, source) in sources.enumerated() {
            switch source {
            case .kept(let a):
                guard a > lastKept, a < old.articleCount else { return nil }
                lastKept = a
                newOfOld[a] = Int32(i)
            case .fresh(let a):
                guard a > lastFresh, a < fresh.articleCount else { return nil }
                lastFresh = a
                newOfFresh[a] = Int32(i)
            }
        }
        // Beyond `maxRank` words the rarest share a code: their words cannot be told apart.
        guard !newOfFresh.contains(-1), old.fields.count == SearchAnalysis.fieldCount, fresh.fields.count == SearchAnalysis.fieldCount,
              (old.fields + fresh.fields).allSatisfy({ $0.termCount < FieldIndex.maxRank }) else {
            return nil
        }
        let slots = ResultSlots<FieldIndex>(count: SearchAnalysis.fieldCount)
        let (newOfOldCopy, newOfFreshCopy) = (newOfOld, newOfFresh)
        DispatchQueue.concurrentPerform(iterations: SearchAnalysis.fieldCount) { f in
            var patch = FieldPatch(old: old.fields[f], fresh: fresh.fields[f], newOfOld: newOfOldCopy, newOfFresh: newOfFreshCopy,
                                   sources: sources)
            slots[f] = patch.build()
        }
        return SearchIndex(articleCount: sources.count, fields: slots.values)
    }
}

/// One field of `SearchIndex.patched`: the same steps as `FieldIndexBuilder`, from two indexes.
struct FieldPatch {
    let old: FieldIndex
    let fresh: FieldIndex
    let newOfOld: [Int32]
    let newOfFresh: [Int32]
    let sources: [SearchIndex.Source]
    var result: FieldIndex

    init(old: FieldIndex, fresh: FieldIndex, newOfOld: [Int32], newOfFresh: [Int32], sources: [SearchIndex.Source]) {
        self.old = old
        self.fresh = fresh
        self.newOfOld = newOfOld
        self.newOfFresh = newOfFresh
        self.sources = sources
        result = FieldIndex(articleCount: sources.count)
    }

    /// Calls `body(article)` for each article having word `k` of `index`, in order.
    @inline(__always)
    static func forEachArticle(of k: Int, in index: FieldIndex, _ body: (Int) -> Void) {
        let lo = Int(index.postingStarts[k]), hi = Int(index.postingStarts[k + 1])
        if lo < hi {
            for i in lo..<hi { body(Int(index.postings[i])) }
            return
        }
        guard let slot = index.denseSlot(k) else { return }
        let w = index.bitsetWords
        for i in 0..<w {
            var bits = index.bitsets[slot * w + i]
            while bits != 0 {
                body(i << 6 | bits.trailingZeroBitCount)
                bits &= bits - 1
            }
        }
    }

    /// How many articles have each word of `index` (those `keep` says no to left out).
    static func articlesPerWord(_ index: FieldIndex, keep: [Int32]) -> [Int] {
        let v = index.termCount
        var df = [Int](repeating: 0, count: v)
        for k in 0..<v { df[k] = Int(index.postingStarts[k + 1] - index.postingStarts[k]) }
        let w = index.bitsetWords
        for (slot, t) in index.denseTerms.enumerated() {
            var n = 0
            for i in slot * w..<(slot + 1) * w { n += index.bitsets[i].nonzeroBitCount }
            df[Int(t)] = n
        }
        var last = [Int32](repeating: -1, count: v)
        for a in 0..<index.articleCount where keep[a] < 0 {
            index.forEachTerm(of: a) { k, _ in
                if last[k] != Int32(a) { last[k] = Int32(a); df[k] -= 1 }
            }
        }
        return df
    }

    mutating func build() -> FieldIndex {
        let n = sources.count
        let dfOld = Self.articlesPerWord(old, keep: newOfOld)
        let dfFresh = Self.articlesPerWord(fresh, keep: newOfFresh)

        // 1. The vocabulary: both sorted, merged (words no article has any more left out).
        var oldToNew = [Int32](repeating: -1, count: old.termCount)
        var freshToNew = [Int32](repeating: -1, count: fresh.termCount)
        var df: [Int] = []
        var i = 0, j = 0
        func skipGone() { while i < old.termCount && dfOld[i] == 0 { i += 1 } }
        skipGone()
        while i < old.termCount || j < fresh.termCount {
            var order = 0
            if i == old.termCount { order = 1 } else if j == fresh.termCount { order = -1 } else {
                let a = old.termBytes[old.termRange(i)], b = fresh.termBytes[fresh.termRange(j)]
                order = a.elementsEqual(b) ? 0 : a.lexicographicallyPrecedes(b) ? -1 : 1
            }
            let s = Int32(df.count)
            if order <= 0 {
                result.termBytes.append(contentsOf: old.termBytes[old.termRange(i)])
                oldToNew[i] = s
                df.append(dfOld[i] + (order == 0 ? dfFresh[j] : 0))
                if order == 0 { freshToNew[j] = s; j += 1 }
                i += 1
                skipGone()
            } else {
                result.termBytes.append(contentsOf: fresh.termBytes[fresh.termRange(j)])
                freshToNew[j] = s
                df.append(dfFresh[j])
                j += 1
            }
            result.termEnds.append(UInt32(result.termBytes.count))
        }
        let vocabulary = df.count

        // 2. Ranks by how many articles have the word, as `FieldIndexBuilder` gives them.
        result.rank { df[$0] }

        // 3. Postings: a sorted array, or a bitset where that is smaller.
        let bitsetWords = result.bitsetWords
        let (denseSlotOf, total) = result.placePostings { df[$0] }
        var postings = [UInt32](repeating: 0, count: total)
        var bitsets = [UInt64](repeating: 0, count: result.denseTerms.count * bitsetWords)
        var cursor = Array(result.postingStarts.dropLast())
        var mixed = [Bool](repeating: false, count: vocabulary)
        for (index, toNew, newOf) in [(old, oldToNew, newOfOld), (fresh, freshToNew, newOfFresh)] {
            for k in 0..<index.termCount where toNew[k] >= 0 {
                let s = Int(toNew[k])
                let slot = Int(denseSlotOf[s])
                if slot < 0 && cursor[s] > result.postingStarts[s] { mixed[s] = true }
                Self.forEachArticle(of: k, in: index) { a in
                    let d = Int(newOf[a])
                    guard d >= 0 else { return }
                    if slot >= 0 {
                        bitsets[slot * bitsetWords + d >> 6] |= 1 << UInt64(d & 63)
                    } else {
                        postings[Int(cursor[s])] = UInt32(d)
                        cursor[s] += 1
                    }
                }
            }
        }
        // A word of both indexes: its two runs of articles merged.
        for s in 0..<vocabulary where mixed[s] {
            postings[Int(result.postingStarts[s])..<Int(result.postingStarts[s + 1])].sort()
        }
        result.postings = Column(postings)
        result.bitsets = Column(bitsets)

        // 4. The forward codes, article by article, in the new ranks.
        var codes: [UInt16] = []
        codes.reserveCapacity(old.codes.count + fresh.codes.count)
        var joinBits: [UInt64] = []
        var docStarts = [UInt64](repeating: 0, count: n + 1)
        let termToRank = result.termToRank
        for (d, source) in sources.enumerated() {
            docStarts[d] = UInt64(codes.count)
            let (index, a, toNew) = switch source {
            case .kept(let a): (old, a, oldToNew)
            case .fresh(let a): (fresh, a, freshToNew)
            }
            index.forEachTerm(of: a) { k, joined in
                FieldIndex.appendWord(rank: Int(termToRank[Int(toNew[k])]), joined: joined, to: &codes, &joinBits)
            }
        }
        docStarts[n] = UInt64(codes.count)
        while joinBits.count < (codes.count + 63) >> 6 { joinBits.append(0) }
        result.codes = Column(codes)
        result.docStarts = Column(docStarts)
        result.joinBits = Column(joinBits)
        return result
    }
}

extension FieldIndex {
    /// Calls `body(word, joined)` for each word of article `a`, in order (`word`: its sorted number).
    @inline(__always)
    func forEachTerm(of a: Int, _ body: (Int, Bool) -> Void) {
        codes.withUnsafeBufferPointer { u in
            var p = Int(docStarts[a])
            let end = Int(docStarts[a + 1])
            while p < end {
                let first = Int(u[p])
                let joined = isJoined(p)
                var rank = first
                if first >= FieldIndex.directLimit {
                    rank = FieldIndex.directLimit + (first - FieldIndex.directLimit) << 12 + (Int(u[p + 1]) - FieldIndex.directLimit)
                    p += 2
                } else {
                    p += 1
                }
                body(Int(rankToTerm[rank]), joined)
            }
        }
    }
}
