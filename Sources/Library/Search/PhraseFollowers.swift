/// For phrases starting from a word nearly every article has ("the", "of"): the word that follows
/// each of its occurrences, article by article, so `"the t` is answered by reading those few
/// codes instead of scanning every article's whole text for "the".
///
/// Derived from the forward codes whenever an index is made or read (never serialised), for at
/// most `maxWords` words: the most frequent ones in at least a quarter of the articles, as long as
/// their occurrences together stay under `budget` of all words (what it costs in memory); and only
/// in fields of at least `minimumUnits` codes (a smaller one is scanned in a few milliseconds).
struct PhraseFollowers: Sendable {
    /// `slot[rank]`: which list a word of that rank has (rank < `FieldIndex.directLimit`), or 255.
    private(set) var slot: [UInt8] = []
    /// Per listed word: `starts[d]..<starts[d + 1]` are article `d`'s entries in `units`: the
    /// code of the word after each occurrence (one unit, or two for a rare word, as in the text).
    private(set) var lists: [(rank: Int, starts: [UInt32], units: [UInt16])] = []

    static let maxWords = 1
    /// At most this share of all words are followers.
    static let budget = 0.07
    /// Units looked at to choose the words.
    static let sample = 4_000_000

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
        var chosen: [Int] = []
        var total = 0
        for rank in occurrences.indices.sorted(by: { occurrences[$0] > occurrences[$1] }).prefix(4 * Self.maxWords) {
            if chosen.count == Self.maxWords || occurrences[rank] == 0 { break }
            let t = Int(index.rankToTerm[rank])
            guard index.documentFrequency(t) * 4 >= n else { continue }
            if Double(total + occurrences[rank]) > Self.budget * Double(words) { break }
            chosen.append(rank)
            total += occurrences[rank]
        }
        guard !chosen.isEmpty else { return }
        // Only as long as the highest listed rank: listed words are common, their ranks low.
        slot = [UInt8](repeating: 255, count: chosen.max()! + 1)
        for (k, rank) in chosen.enumerated() { slot[rank] = UInt8(k) }
        // Every list in one buffer while filling: list k from base[k], at most two units per
        // occurrence (counted in the whole text now).
        let lists = chosen.count
        var counts = [Int](repeating: 0, count: lists)
        units.withUnsafeBufferPointer { u in
            var p = 0
            while p < u.count {
                let c = Int(u[p])
                if c >= direct { p += 2; continue }
                p += 1
                if c < slot.count && slot[c] != 255 { counts[Int(slot[c])] += 1 }
            }
        }
        var base = [0]
        for k in 0..<lists { base.append(base[k] + 2 * counts[k]) }
        var flat = [UInt16](repeating: 0, count: base[lists])
        var starts = [UInt32](repeating: 0, count: lists * (n + 1))
        var cursor = Array(base.prefix(lists))
        units.withUnsafeBufferPointer { u in
            index.docStarts.withUnsafeBufferPointer { doc in
                slot.withUnsafeBufferPointer { s in
                    flat.withUnsafeMutableBufferPointer { out in
                        starts.withUnsafeMutableBufferPointer { st in
                            cursor.withUnsafeMutableBufferPointer { cur in
                                for d in 0..<n {
                                    let end = Int(doc[d + 1])
                                    var p = Int(doc[d])
                                    while p < end {
                                        let c = Int(u[p])
                                        if c >= direct { p += 2; continue }
                                        p += 1
                                        let k = c < s.count ? Int(s[c]) : 255
                                        if k != 255 && p < end {
                                            out[cur[k]] = u[p]
                                            cur[k] += 1
                                            if Int(u[p]) >= direct { out[cur[k]] = u[p + 1]; cur[k] += 1 }
                                        }
                                    }
                                    for k in 0..<lists { st[k * (n + 1) + d + 1] = UInt32(cur[k] - base[k]) }
                                }
                            }
                        }
                    }
                }
            }
        }
        self.lists = (0..<lists).map { k in
            (chosen[k], Array(starts[k * (n + 1)..<(k + 1) * (n + 1)]), Array(flat[base[k]..<cursor[k]]))
        }
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
