/// For phrases starting from a word nearly every article has ("the", "of"): the word that follows
/// each of its occurrences, article by article, so `"the t` is answered by reading those few
/// codes instead of scanning every article's whole text for "the".
///
/// Derived from the forward codes whenever an index is made or read (never serialised), for at
/// most `maxWords` words: the most frequent ones in at least a quarter of the articles, as long as
/// their occurrences together stay under `budget` of all words (what it costs in memory).
struct PhraseFollowers: Sendable {
    /// `slot[rank]`: which list a word of that rank has (rank < `FieldIndex.directLimit`), or 255.
    private(set) var slot: [UInt8] = []
    /// Per listed word: `starts[d]..<starts[d + 1]` are article `d`'s entries in `units`: the
    /// code of the word after each occurrence (one unit, or two for a rare word, as in the text).
    private(set) var lists: [(rank: Int, starts: [UInt32], units: [UInt16])] = []

    static let maxWords = 4
    /// At most this share of all words are followers.
    static let budget = 0.07

    init() {}

    init(_ index: FieldIndex) {
        let units = index.codes
        guard !units.isEmpty, index.articleCount > 0 else { return }
        let direct = FieldIndex.directLimit
        // How often each common word occurs (rare words take two units: they are never listed).
        var occurrences = [Int](repeating: 0, count: min(direct, index.termCount))
        var words = 0
        units.withUnsafeBufferPointer { u in
            var p = 0
            while p < u.count {
                let c = Int(u[p])
                if c < direct { occurrences[c] += 1; p += 1 } else { p += 2 }
                words += 1
            }
        }
        var chosen: [Int] = []
        var total = 0
        for rank in occurrences.indices.sorted(by: { occurrences[$0] > occurrences[$1] }).prefix(4 * Self.maxWords) {
            if chosen.count == Self.maxWords { break }
            let t = Int(index.rankToTerm[rank])
            guard index.documentFrequency(t) * 4 >= index.articleCount else { continue }
            if Double(total + occurrences[rank]) > Self.budget * Double(words) { break }
            chosen.append(rank)
            total += occurrences[rank]
        }
        guard !chosen.isEmpty else { return }
        slot = [UInt8](repeating: 255, count: occurrences.count)
        for (k, rank) in chosen.enumerated() { slot[rank] = UInt8(k) }
        var starts = [[UInt32]](repeating: [UInt32](repeating: 0, count: index.articleCount + 1), count: chosen.count)
        var lists = chosen.map { _ in [UInt16]() }
        for k in chosen.indices { lists[k].reserveCapacity(occurrences[chosen[k]]) }
        units.withUnsafeBufferPointer { u in
            slot.withUnsafeBufferPointer { s in
                for d in 0..<index.articleCount {
                    let end = Int(index.docStarts[d + 1])
                    var p = Int(index.docStarts[d])
                    while p < end {
                        let c = Int(u[p])
                        if c >= direct { p += 2; continue }
                        p += 1
                        let k = Int(s[c])
                        if k != 255 && p < end {
                            lists[k].append(u[p])
                            if Int(u[p]) >= direct { lists[k].append(u[p + 1]) }
                        }
                    }
                    for k in chosen.indices { starts[k][d + 1] = UInt32(lists[k].count) }
                }
            }
        }
        self.lists = chosen.indices.map { (chosen[$0], starts[$0], lists[$0]) }
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
