/// The index of one field (text, title or author) of every article:
///
/// - a vocabulary of folded words, sorted bytewise (UTF-8) in one buffer, so the words with a
///   given prefix are one range found by binary search;
/// - postings: for each word, the articles containing it, as a sorted `UInt32` array, or as a
///   bitset when that is smaller (words in more than 1 article in 32);
/// - a forward index for phrases: each article's words in order as 16-bit codes, words numbered
///   by how many articles have them so common words take one code and rare words (rank 61,440
///   and up) two; plus one bit per code for "joined to the previous word by an apostrophe". A
///   phrase is checked by scanning the candidate articles' codes for its rarest word, never by
///   reading files. (Beyond 16.8 million distinct words the rarest share a code, and phrases with
///   them may match wrongly.)
struct FieldIndex {
    let articleCount: Int
    // Vocabulary (sorted).
    // Each array is a `Column`: in the heap as built, in the cache file's mapping as read back.
    var termBytes: Column<UInt8> = []
    var termEnds: Column<UInt32> = []
    // Postings.
    var postingStarts: Column<UInt32> = [0]
    var postings: Column<UInt32> = []
    /// Sorted words whose postings are bitsets, and those bitsets (`bitsetWords` each).
    var denseTerms: Column<UInt32> = []
    var bitsets: Column<UInt64> = []
    // Forward index.
    /// `rankToTerm[rank]`: the sorted word number of the word with that frequency rank.
    var rankToTerm: Column<UInt32> = []
    var termToRank: Column<UInt32> = []
    var docStarts: Column<UInt64> = [0]
    var codes: Column<UInt16> = []
    var joinBits: Column<UInt64> = []
    /// Derived from the codes (see `SearchIndex.init`), and kept with the index in the cache.
    var followers = PhraseFollowers()

    static let directLimit = 0xF000
    static let maxRank = directLimit + 0x1000 * 0x1000

    var termCount: Int { termEnds.count }
    var bitsetWords: Int { (articleCount + 63) >> 6 }

    init(articleCount: Int) {
        self.articleCount = articleCount
    }

    var memoryBytes: Int {
        termBytes.count + termEnds.count * 4 + postingStarts.count * 4 + postings.count * 4 + denseTerms.count * 4
            + bitsets.count * 8 + rankToTerm.count * 4 + termToRank.count * 4 + docStarts.count * 8 + codes.count * 2
            + joinBits.count * 8 + followers.memoryBytes
    }

    @inline(__always) func termRange(_ k: Int) -> Range<Int> {
        (k == 0 ? 0 : Int(termEnds[k - 1]))..<Int(termEnds[k])
    }

    // MARK: Looking words up

    /// -1, 0, 1: word `k` compared with `key`, looking only at `key.count` bytes when `prefix`.
    @inline(__always)
    func compare(_ k: Int, _ key: [UInt8], prefix: Bool) -> Int {
        let r = termRange(k)
        let n = prefix ? min(r.count, key.count) : r.count
        var i = 0
        while i < n && i < key.count {
            let a = termBytes[r.lowerBound + i]
            let b = key[i]
            if a != b { return a < b ? -1 : 1 }
            i += 1
        }
        if prefix { return r.count < key.count ? -1 : 0 }
        return r.count == key.count ? 0 : (r.count < key.count ? -1 : 1)
    }

    /// The first word not ordered before `key` (with `prefix`: whose first bytes are not before).
    func lowerBound(_ key: [UInt8], prefix: Bool, orAfter: Bool) -> Int {
        var lo = 0
        var hi = termCount
        while lo < hi {
            let mid = (lo + hi) >> 1
            let c = compare(mid, key, prefix: prefix)
            if c < 0 || (orAfter && c == 0) { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The sorted word numbers matching `key` exactly, or as a prefix.
    func terms(_ key: [UInt8], prefix: Bool) -> Range<Int> {
        let lo = lowerBound(key, prefix: prefix, orAfter: false)
        if !prefix {
            return lo < termCount && compare(lo, key, prefix: false) == 0 ? lo..<lo + 1 : lo..<lo
        }
        return lo..<lowerBound(key, prefix: true, orAfter: true)
    }

    // MARK: Postings

    func denseSlot(_ k: Int) -> Int? {
        var lo = 0
        var hi = denseTerms.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if Int(denseTerms[mid]) < k { lo = mid + 1 } else { hi = mid }
        }
        return lo < denseTerms.count && Int(denseTerms[lo]) == k ? lo : nil
    }

    /// How many articles contain word `k`.
    func documentFrequency(_ k: Int) -> Int {
        let sparse = Int(postingStarts[k + 1]) - Int(postingStarts[k])
        if sparse > 0 { return sparse }
        guard let slot = denseSlot(k) else { return 0 }
        let w = bitsetWords
        var n = 0
        for i in slot * w..<(slot + 1) * w { n += bitsets[i].nonzeroBitCount }
        return n
    }

    /// Adds the articles of words `range` to `set`.
    func addPostings(_ range: Range<Int>, to set: inout DocSet) {
        if range.isEmpty { return }
        let w = bitsetWords
        // Dense words in the range: consecutive entries of `denseTerms`.
        var slot = denseSlotAtOrAfter(range.lowerBound)
        set.words.withUnsafeMutableBufferPointer { out in
            bitsets.withUnsafeBufferPointer { bits in
                while slot < denseTerms.count && Int(denseTerms[slot]) < range.upperBound {
                    let base = slot * w
                    for i in 0..<w { out[i] |= bits[base + i] }
                    slot += 1
                }
            }
            postings.withUnsafeBufferPointer { p in
                for i in Int(postingStarts[range.lowerBound])..<Int(postingStarts[range.upperBound]) {
                    let d = Int(p[i])
                    out[d >> 6] |= 1 << UInt64(d & 63)
                }
            }
        }
    }

    func denseSlotAtOrAfter(_ k: Int) -> Int {
        var lo = 0
        var hi = denseTerms.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if Int(denseTerms[mid]) < k { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    // MARK: Phrases

    /// One part of a phrase, resolved: an exact word (by rank) or a range of sorted words.
    struct PartCode {
        var rank: Int          // exact: the rank; -1 for a prefix
        var terms: Range<Int>  // the sorted words it accepts
        var joined: Bool       // must be joined to the previous part by an apostrophe
    }

    @inline(__always)
    func accepts(_ part: PartCode, rank: Int) -> Bool {
        if part.rank >= 0 { return part.rank == rank }
        let t = Int(rankToTerm[rank])
        return part.terms.contains(t)
    }

    @inline(__always)
    func isJoined(_ unit: Int) -> Bool { joinBits[unit >> 6] & (1 << UInt64(unit & 63)) != 0 }

    /// The word whose codes end just before `p` (a word start): its rank and first unit.
    @inline(__always)
    func wordBefore(_ p: Int, _ u: UnsafeBufferPointer<UInt16>) -> (rank: Int, start: Int) {
        let last = Int(u[p - 1])
        if last < Self.directLimit { return (last, p - 1) }
        let first = Int(u[p - 2])
        return (Self.directLimit + (first - Self.directLimit) << 12 + (last - Self.directLimit), p - 2)
    }

    /// The word starting at `p`: its rank and the unit after it.
    @inline(__always)
    func wordAt(_ p: Int, _ u: UnsafeBufferPointer<UInt16>) -> (rank: Int, next: Int) {
        let first = Int(u[p])
        if first < Self.directLimit { return (first, p + 1) }
        let second = Int(u[p + 1])
        return (Self.directLimit + (first - Self.directLimit) << 12 + (second - Self.directLimit), p + 2)
    }

    /// Whether article `doc` has the phrase `parts` (consecutive words), anchored on
    /// `parts[anchor]`, an exact word.
    func hasPhrase(doc: Int, parts: [PartCode], anchor: Int) -> Bool {
        let start = Int(docStarts[doc])
        let end = Int(docStarts[doc + 1])
        if end - start < parts.count { return false }
        let rank = parts[anchor].rank
        return codes.withUnsafeBufferPointer { u in
            if rank < Self.directLimit {
                let code = UInt16(rank)
                let lanes: UInt64 = 0x0001_0001_0001_0001
                let pattern = lanes &* UInt64(code)
                let base = UnsafeRawPointer(u.baseAddress!)
                let high: UInt64 = 0x8000_8000_8000_8000
                var p = start
                // Eight codes at a time; a lane of `x` is zero where the code is the anchor. The
                // lowest flagged lane is always a true one (a borrow only flags lanes above a
                // zero), so the scan jumps straight to it.
                while p + 8 <= end {
                    let x = base.loadUnaligned(fromByteOffset: p * 2, as: UInt64.self) ^ pattern
                    let y = base.loadUnaligned(fromByteOffset: p * 2 + 8, as: UInt64.self) ^ pattern
                    let mx = (x &- lanes) & ~x & high
                    let my = (y &- lanes) & ~y & high
                    if mx | my == 0 { p += 8; continue }
                    p += mx != 0 ? mx.trailingZeroBitCount >> 4 : 4 + my.trailingZeroBitCount >> 4
                    if verify(at: p, parts: parts, anchor: anchor, start: start, end: end, u) { return true }
                    p += 1
                }
                while p < end {
                    if u[p] == code && verify(at: p, parts: parts, anchor: anchor, start: start, end: end, u) { return true }
                    p += 1
                }
                return false
            }
            // A rare anchor: walk word by word.
            var p = start
            while p < end {
                let (r, next) = wordAt(p, u)
                if r == rank && verify(at: p, parts: parts, anchor: anchor, start: start, end: end, u) { return true }
                p = next
            }
            return false
        }
    }

    /// Checks the parts around an anchor found at word start `p`.
    @inline(__always)
    func verify(at p: Int, parts: [PartCode], anchor: Int, start: Int, end: Int, _ u: UnsafeBufferPointer<UInt16>) -> Bool {
        // Backwards.
        var q = p
        var m = anchor - 1
        while m >= 0 {
            if parts[m + 1].joined && !isJoined(q) { return false }
            if q <= start { return false }
            let (r, s) = wordBefore(q, u)
            if !accepts(parts[m], rank: r) { return false }
            q = s
            m -= 1
        }
        // Forwards.
        var (_, next) = wordAt(p, u)
        m = anchor + 1
        while m < parts.count {
            if next >= end { return false }
            if parts[m].joined && !isJoined(next) { return false }
            let (r, after) = wordAt(next, u)
            if !accepts(parts[m], rank: r) { return false }
            next = after
            m += 1
        }
        return true
    }
}
