/// For phrases starting from the word nearly every article has most ("the"): the word that follows
/// each of its occurrences, article by article, so `"the t` is answered by reading those few
/// codes instead of scanning every article's whole text for "the".
///
/// Derived from the forward codes whenever an index is made (and kept with it in the cache, so
/// that reading an index back does not scan its codes), for one word: the most frequent (judged from the first `sample` units) of those in at least a quarter
/// of the articles, if its occurrences stay under `budget` of all words (what it costs in memory);
/// and only in fields of at least `minimumUnits` codes (a smaller one is scanned in milliseconds).
/// The lists are an array so more words could be listed; `slot` says which list a rank has.
struct PhraseFollowers: Sendable {
    /// `slot[rank]`: which list a word of that rank has (rank < `FieldIndex.directLimit`), or 255.
    private(set) var slot: Column<UInt8> = []
    /// Per listed word: `starts[d]..<starts[d + 1]` are article `d`'s entries in `units`: the
    /// code of the word after each occurrence (one unit, or two for a rare word, as in the text).
    private(set) var lists: [(rank: Int, starts: Column<UInt32>, units: Column<UInt16>)] = []

    /// At most this share of all words are followers.
    static let budget = 0.07
    /// Units looked at to choose the words.
    static let sample = 1_000_000

    init() {}

    /// Below this many code units a phrase scans every article's text in a few milliseconds:
    /// no followers (they would only cost memory).
    static let minimumUnits = 1_000_000

    init(_ index: FieldIndex, minimumUnits: Int = Self.minimumUnits) {
        let units = index.codes
        let n = index.articleCount
        guard units.count >= max(1, minimumUnits), n > 0 else { return }
        let direct = FieldIndex.directLimit
        // How often each common word occurs (rare words take two units: they are never listed),
        // judged from the first `sample` units: the choice only decides what is fast.
        var occurrences = [Int](repeating: 0, count: min(direct, index.termCount))
        var words = 0
        units.withUnsafeBufferPointer { u in
            occurrences.withUnsafeMutableBufferPointer { o in
                let limit = min(u.count, Self.sample)
                var p = 0
                while p < limit {
                    let c = Int(u[p])
                    if c < direct { o[c] += 1; p += 1 } else { p += 2 }
                    words += 1
                }
            }
        }
        // The most frequent word in at least a quarter of the articles, within the budget.
        var rank = -1
        var tried = Set<Int>()
        while rank < 0 && tried.count < 4 {
            var best = -1
            for r in occurrences.indices where occurrences[r] > 0 && !tried.contains(r) && (best < 0 || occurrences[r] > occurrences[best]) { best = r }
            guard best >= 0, Double(occurrences[best]) <= Self.budget * Double(words) else { return }
            tried.insert(best)
            if index.documentFrequency(Int(index.rankToTerm[best])) * 4 >= n { rank = best }
        }
        guard rank >= 0 else { return }
        // Only as long as the listed rank: a common word's rank is low.
        var slot = [UInt8](repeating: 255, count: rank + 1)
        slot[rank] = 0
        self.slot = Column(slot)
        var starts = [UInt32](repeating: 0, count: n + 1)
        var out: [UInt16] = []
        out.reserveCapacity(units.count / max(1, words) * occurrences[rank] * 2)
        units.withUnsafeBufferPointer { u in
            index.docStarts.withUnsafeBufferPointer { doc in
                starts.withUnsafeMutableBufferPointer { st in
                    let code = UInt16(rank)
                    for d in 0..<n {
                        let end = Int(doc[d + 1])
                        var p = Int(doc[d])
                        while p < end {
                            let c = u[p]
                            if Int(c) >= direct { p += 2; continue }
                            p += 1
                            if c == code && p < end {
                                out.append(u[p])
                                if Int(u[p]) >= direct { out.append(u[p + 1]) }
                            }
                        }
                        st[d + 1] = UInt32(out.count)
                    }
                }
            }
        }
        lists = [(rank, Column(starts), Column(out))]
    }

    var memoryBytes: Int { slot.count + lists.reduce(0) { $0 + $1.starts.count * 4 + $1.units.count * 2 } }

    /// The list of the word of `rank`, if it has one.
    func list(of rank: Int) -> Int? {
        guard rank >= 0 && rank < slot.count, slot[rank] != 255 else { return nil }
        return Int(slot[rank])
    }

    /// Whether article `doc` has list `k`'s word followed by a word `next` accepts.
    func has(_ doc: Int, list k: Int, followedBy next: FieldIndex.PartCode, in index: FieldIndex) -> Bool {
        let l = lists[k]
        let end = Int(l.starts[doc + 1])
        return l.units.withUnsafeBufferPointer { u in
            var i = Int(l.starts[doc])
            while i < end {
                let (rank, after) = index.wordAt(i, u)
                if index.accepts(next, rank: rank) { return true }
                i = after
            }
            return false
        }
    }
}

extension PhraseFollowers {
    /// What the cache keeps: `slot`, then the list's starts and units (all empty without one).
    var stored: (slot: Column<UInt8>, starts: Column<UInt32>, units: Column<UInt16>) {
        (slot, lists.first?.starts ?? [], lists.first?.units ?? [])
    }

    /// The followers `stored` gave, for `index` (whose other arrays are checked): throws unless
    /// they are well formed (one word listed, a common one the index has; an article's entries
    /// within its bounds; every code whole and of a word the index has), so a damaged cache
    /// never makes a lookup go out of bounds. Their pages are given back once checked.
    init(slot: Column<UInt8>, starts: Column<UInt32>, units: Column<UInt16>, of index: FieldIndex) throws(SearchIndexError) {
        defer { slot.release(); starts.release(); units.release() }
        if slot.isEmpty {
            guard starts.isEmpty, units.isEmpty else { throw SearchIndexError("corrupt phrase followers") }
            return
        }
        let fail = SearchIndexError("corrupt phrase followers")
        let rank = slot.count - 1
        guard rank < FieldIndex.directLimit, rank < index.termCount, slot[rank] == 0, !slot.dropLast().contains(where: { $0 != 255 }),
              starts.count == index.articleCount + 1, starts.first == 0, Int(starts[index.articleCount]) == units.count else { throw fail }
        // In order first: every article's entries then lie within the units.
        for d in 0..<index.articleCount where starts[d] > starts[d + 1] { throw fail }
        let ok = units.withUnsafeBufferPointer { u in
            starts.withUnsafeBufferPointer { st in
                for d in 0..<index.articleCount {
                    var i = Int(st[d])
                    let end = Int(st[d + 1])
                    while i < end {
                        let first = Int(u[i])
                        if first < FieldIndex.directLimit {
                            guard first < index.termCount else { return false }
                            i += 1
                        } else {
                            guard i + 1 < end, Int(u[i + 1]) >= FieldIndex.directLimit, index.wordAt(i, u).rank < index.termCount else { return false }
                            i += 2
                        }
                    }
                }
                return true
            }
        }
        guard ok else { throw fail }
        self.slot = slot
        lists = [(rank, starts, units)]
    }
}
