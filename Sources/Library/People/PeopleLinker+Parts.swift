#if canImport(Glibc)
import Glibc
#endif

/// The parts linking is made of: numbering strings, sorting one surname's given names into
/// people, and the ranges candidates must not overlap. Each does in time linear in what it is
/// given (hashing, not comparing every pair) what the rule it stands for says.
extension PeopleIndex {
    /// Numbers distinct strings (as `String` compares them: canonically equivalent spellings are
    /// one string) in order of first appearance. `first[n]` is the first spelling seen of string
    /// `n`; `mixed[n]` says whether another spelling (other scalars, canonically equivalent) of
    /// it came later, where the caller must use the spelling it met itself.
    struct Interner {
        private var numbers: [String: Int32] = [:]
        private(set) var first: [String] = []
        private(set) var mixed: [Bool] = []
        /// The byte strings met (`spellings`, with their numbers), found by a hash of their
        /// bytes: most strings come again and again with the same bytes, and hashing those is
        /// far cheaper than `String`'s hashing (which must treat equivalent spellings alike).
        private var byBytes = HashSlots()
        private var spellings: [String] = []
        private var spellingNumbers: [Int32] = []

        init(capacity: Int = 0) { numbers.reserveCapacity(capacity) }

        var count: Int { first.count }

        mutating func number(_ s: String) -> Int32 { spellingNumbers[Int(spellingNumber(s))] }

        /// The number of `s`'s byte string among the byte strings met, in order of first
        /// appearance: `spelling(_:)` gives it back, `number(ofSpelling:)` the string's number.
        mutating func spellingNumber(_ s: String) -> Int32 {
            var s = s
            let h = s.withUTF8 { Self.hash($0) }
            let k = byBytes[h]
            if k >= 0 && Self.sameBytes(spellings[Int(k)], s) { return k }
            // (Two byte strings with one hash, never seen: the second is listed each time it comes.)
            if k < 0 { byBytes[h] = Int32(spellings.count) }
            spellingNumbers.append(numberByString(s))
            spellings.append(s)
            return Int32(spellings.count - 1)
        }

        func spelling(_ k: Int32) -> String { spellings[Int(k)] }

        func number(ofSpelling k: Int32) -> Int32 { spellingNumbers[Int(k)] }

        private mutating func numberByString(_ s: String) -> Int32 {
            if let n = numbers[s] {
                if !mixed[Int(n)] && !Self.sameBytes(first[Int(n)], s) { mixed[Int(n)] = true }
                return n
            }
            let n = Int32(first.count)
            numbers[s] = n
            first.append(s)
            mixed.append(false)
            return n
        }

        func find(_ s: String) -> Int32? {
            var s = s
            let k = byBytes[s.withUTF8 { Self.hash($0) }]
            if k >= 0 && Self.sameBytes(spellings[Int(k)], s) { return spellingNumbers[Int(k)] }
            return numbers[s]
        }

        static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
            var h = Lexicon.fnvOffset
            for b in bytes { h = (h ^ UInt64(b)) &* Lexicon.fnvPrime }
            return h
        }

        static func sameBytes(_ a: String, _ b: String) -> Bool {
            var a = a, b = b
            return a.withUTF8 { x in b.withUTF8 { y in x.count == y.count && (x.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0) } }
        }
    }

    /// One surname's given names sorted into people, in the order `link` offers them (most
    /// mentioned first): each joins the first cluster (in order of creation) whose
    /// representative — its first given name — is compatible (`NameMatching.givenCompatible`),
    /// else starts a cluster of its own.
    ///
    /// Past `indexFrom` clusters, the representatives are also indexed by what compatibility
    /// rests on (the name itself, its initial, its lexicon group, its skeleton, and its skeleton
    /// less one or two letters, which any skeleton within edit distance 1 or 2 shares with it),
    /// so that a name is compared only with the few clusters it might join, not with each. The
    /// index only proposes: every proposal is checked with `givenCompatible` and the first
    /// (lowest numbered) that passes wins, so the answer is the same as the scan's.
    struct GivenClusters {
        private(set) var representatives: [NameMatching.GivenName] = []
        /// The index, a multimap of lists linked through `next` (no array per key): the last
        /// entry under each key, and for each entry its cluster and the entry before it.
        private var last = HashSlots()
        private var cluster: [Int32] = []
        private var next: [Int32] = []
        private var indexed = false
        let indexFrom: Int
        /// How many names will be placed, at most (to size the index).
        let expected: Int

        init(indexFrom: Int = 16, expected: Int = 0) {
            self.indexFrom = indexFrom
            self.expected = expected
        }

        var count: Int { representatives.count }

        /// The cluster `name` joins, made if need be.
        mutating func place(_ name: NameMatching.GivenName) -> Int {
            if let c = find(name) { return c }
            representatives.append(name)
            if indexed {
                add(representatives.count - 1)
            } else if representatives.count > indexFrom {
                indexed = true
                last.reserve(expected * 16)
                for c in representatives.indices { add(c) }
            }
            return representatives.count - 1
        }

        func find(_ name: NameMatching.GivenName) -> Int? {
            guard indexed else { return representatives.firstIndex { NameMatching.givenCompatible($0, name) } }
            var proposed: [Int32] = []
            Self.keys(of: name, asQuery: true) { key in
                var e = last[key]
                while e >= 0 {
                    proposed.append(cluster[Int(e)])
                    e = next[Int(e)]
                }
            }
            proposed.sort()
            var previous: Int32 = -1
            for c in proposed where c != previous {
                previous = c
                if NameMatching.givenCompatible(representatives[Int(c)], name) { return Int(c) }
            }
            return nil
        }

        private mutating func add(_ c: Int) {
            Self.keys(of: representatives[c], asQuery: false) { key in
                // The same key twice in a row for one cluster (a doubled deletion) is left out.
                let e = last[key]
                if e >= 0 && cluster[Int(e)] == Int32(c) { return }
                next.append(e)
                cluster.append(Int32(c))
                last[key] = Int32(cluster.count - 1)
            }
        }

        /// The index's keys for a representative, or those to look up for a query: a
        /// representative compatible with a query shares at least one key with it.
        static func keys(of name: NameMatching.GivenName, asQuery: Bool, _ emit: (UInt64) -> Void) {
            let key = name.key
            emit(hash(1, key))
            guard let initial = key.first else { return }
            // An initial matches any name with that first letter, and only those.
            if key.count == 1 {
                emit(hash(asQuery ? 3 : 2, [initial]))
                return
            }
            emit(hash(asQuery ? 2 : 3, [initial]))
            if name.group >= 0 { emit(hash(4, [UInt32(bitPattern: name.group)])) }
            // Edit distance d between skeletons: deleting at most d letters from each leaves
            // the same letters (those the alignment keeps). d is at most 1, or 2 when both
            // skeletons have 8 letters or more; no fuzzy match below 4.
            // Polynomial hashes (`h(A + B) = h(A)·P^|B| + h(B)`), so that each skeleton less
            // one or two letters is hashed from prefix hashes in constant time.
            let s = name.skeleton, n = s.count
            let p: UInt64 = 0x100_0000_01B3, tag: UInt64 = 0x5BD1_E995_5BD1_E995
            if n < 4 { return emit(hash(5, s)) }
            var power = [UInt64](repeating: 1, count: n + 1)
            var prefix = [UInt64](repeating: 0, count: n + 1)
            for k in 0..<n {
                power[k + 1] = power[k] &* p
                prefix[k + 1] = prefix[k] &* p &+ UInt64(s[k]) &+ 1
            }
            /// The hash of `s[a..<b]`.
            func part(_ a: Int, _ b: Int) -> UInt64 { prefix[b] &- prefix[a] &* power[b - a] }
            emit(prefix[n] ^ tag)
            for i in 0..<n {
                emit((prefix[i] &* power[n - i - 1] &+ part(i + 1, n)) ^ tag)
                guard n >= 8 else { continue }
                for j in (i + 1)..<n {
                    emit(((prefix[i] &* power[j - i - 1] &+ part(i + 1, j)) &* power[n - j - 1] &+ part(j + 1, n)) ^ tag)
                }
            }
        }

        static func seed(_ tag: UInt64) -> UInt64 { Lexicon.fnvOffset ^ (tag &* 0x9E37_79B9_7F4A_7C15) }

        static func hash(_ tag: UInt64, _ values: [UInt32]) -> UInt64 {
            var h = seed(tag)
            for v in values { h = (h ^ UInt64(v)) &* Lexicon.fnvPrime }
            return h
        }
    }

    /// A map from hashes (already well mixed) to numbers, -1 for a hash not there: open
    /// addressing, without `Hasher`'s rounds on every lookup. A key and its number share a slot
    /// (one cache line read a probe, where two arrays took two).
    struct HashSlots {
        private struct Slot {
            var key: UInt64
            var value: Int32
        }
        private var slots: [Slot] = []
        private var used = 0

        subscript(key: UInt64) -> Int32 {
            get {
                slots.withUnsafeBufferPointer { s in
                    guard !s.isEmpty else { return -1 }
                    var i = Self.slot(key, s.count)
                    while s[i].value >= 0 {
                        if s[i].key == key { return s[i].value }
                        i = (i + 1) & (s.count - 1)
                    }
                    return -1
                }
            }
            set {
                if (used + 1) * 2 > slots.count { grow() }
                slots.withUnsafeMutableBufferPointer { s in
                    var i = Self.slot(key, s.count)
                    while s[i].value >= 0 && s[i].key != key { i = (i + 1) & (s.count - 1) }
                    if s[i].value < 0 { used += 1 }
                    s[i] = Slot(key: key, value: newValue)
                }
            }
        }

        private static func slot(_ key: UInt64, _ count: Int) -> Int {
            Int(truncatingIfNeeded: ((key ^ (key >> 31)) &* 0x9E37_79B9_7F4A_7C15) >> 20) & (count - 1)
        }

        mutating func reserve(_ count: Int) {
            var size = 64
            while size < count * 2 { size *= 2 }
            if size > slots.count { grow(to: size) }
        }

        private mutating func grow(to size: Int? = nil) {
            let old = slots
            slots = [Slot](repeating: Slot(key: 0, value: -1), count: size ?? max(64, slots.count * 2))
            used = 0
            for slot in old where slot.value >= 0 { self[slot.key] = slot.value }
        }
    }

    /// The article persons as `link` gathers them, a column per field it reads (a row with two
    /// strings was 48 bytes a person, most of which no loop read). Their names are numbered
    /// (`given`: the given name's spelling in the given names' `Interner`, -1 for none).
    struct PersonColumns {
        var first: [Int32] = []
        var mentions: [Int32] = []
        var sure: [Bool] = []
        var article: [Int32] = []
        var given: [Int32] = []

        var count: Int { first.count }

        mutating func reserve(_ n: Int) {
            first.reserveCapacity(n)
            mentions.reserveCapacity(n)
            sure.reserveCapacity(n)
            article.reserveCapacity(n)
            given.reserveCapacity(n)
        }

        mutating func append(first: Int32, mentions: Int32, sure: Bool, article: Int32, given: Int32) {
            self.first.append(first)
            self.mentions.append(mentions)
            self.sure.append(sure)
            self.article.append(article)
            self.given.append(given)
        }
    }

    /// A spelling of an article person as `link` keeps it: the text is its number in the
    /// spellings' `Interner` (`spellingNumber`).
    struct SpellingRow {
        var text: Int32
        var person: Int32
        var count: Int32
        var rank: Int32
        var first: Int32
    }

    /// The corpus's mentions as `link` gathers them, a column per field: the index keeps the
    /// starts and ends as they are and the article persons turned into owners in place, so the
    /// mentions are never all copied (a row per mention and the index's columns made from it
    /// were both whole in memory at the linking's peak).
    struct MentionColumns {
        var articles: [Int32] = []
        var starts: [Int32] = []
        var ends: [Int32] = []
        var articlePersons: [Int32] = []

        var count: Int { starts.count }

        mutating func reserve(_ n: Int) {
            articles.reserveCapacity(n)
            starts.reserveCapacity(n)
            ends.reserveCapacity(n)
            articlePersons.reserveCapacity(n)
        }

        mutating func append(article: Int32, start: Int32, end: Int32, articlePerson: Int32) {
            articles.append(article)
            starts.append(start)
            ends.append(end)
            articlePersons.append(articlePerson)
        }

        /// In order of article, then start; mentions in the same place keep their order.
        mutating func sortByPlace() {
            var order = (0..<Int32(count)).map { $0 }
            order.sort { x, y in
                let (i, j) = (Int(x), Int(y))
                if articles[i] != articles[j] { return articles[i] < articles[j] }
                return starts[i] != starts[j] ? starts[i] < starts[j] : x < y
            }
            articles = order.map { articles[Int($0)] }
            starts = order.map { starts[Int($0)] }
            ends = order.map { ends[Int($0)] }
            articlePersons = order.map { articlePersons[Int($0)] }
        }
    }

    /// The ranges of each article taken by mentions, to tell in O(log n) whether a candidate
    /// overlaps one. Candidates must be claimed in order of article and start.
    struct TakenRanges {
        /// Article `a`'s ranges are `lows[k]..<highs[k]` for `k` in `firsts[a]..<firsts[a + 1]`:
        /// sorted, overlapping ones merged.
        var firsts: [Int32]
        var lows: [Int32] = []
        var highs: [Int32] = []
        var lastClaimed: (article: Int, end: Int32) = (-1, 0)

        /// `flat` in order of article (as `link` gathers it), each article's mentions in any order.
        init(_ flat: [FlatMention], articleCount: Int) {
            self.init(articles: flat.map(\.article), starts: flat.map(\.start), ends: flat.map(\.end), articleCount: articleCount)
        }

        /// The same from columns (`MentionColumns`).
        init(articles: [Int32], starts: [Int32], ends: [Int32], articleCount: Int) {
            firsts = [Int32](repeating: 0, count: articleCount + 1)
            lows.reserveCapacity(starts.count)
            highs.reserveCapacity(starts.count)
            var i = 0
            var scratch: [Range<Int32>] = []
            for a in 0..<articleCount {
                firsts[a] = Int32(lows.count)
                let begin = i
                var sorted = true
                while i < articles.count && Int(articles[i]) == a {
                    if i > begin && starts[i] < starts[i - 1] { sorted = false }
                    i += 1
                }
                if sorted {
                    for k in begin..<i { merge(starts[k]..<ends[k], from: firsts[a]) }
                } else {
                    scratch = (begin..<i).map { starts[$0]..<ends[$0] }
                    scratch.sort { $0.lowerBound < $1.lowerBound }
                    for r in scratch { merge(r, from: firsts[a]) }
                }
            }
            firsts[articleCount] = Int32(lows.count)
        }

        /// Appends `r` to the ranges from `from` on (one article's), merged with the last if they overlap.
        private mutating func merge(_ r: Range<Int32>, from: Int32) {
            if lows.count > Int(from), r.lowerBound < highs[highs.count - 1] {
                highs[highs.count - 1] = max(highs[highs.count - 1], r.upperBound)
            } else {
                lows.append(r.lowerBound)
                highs.append(r.upperBound)
            }
        }

        /// Takes `range` of `article` unless it overlaps a mention or a range claimed before.
        mutating func claim(article: Int, _ range: Range<Int32>) -> Bool {
            if lastClaimed.article == article && range.lowerBound < lastClaimed.end { return false }
            var lo = Int(firsts[article]), hi = Int(firsts[article + 1])
            let first = lo
            while lo < hi {
                let mid = (lo + hi) / 2
                if lows[mid] < range.upperBound { lo = mid + 1 } else { hi = mid }
            }
            // Of the ranges starting before `range` ends, only the last can reach into it.
            if lo > first && highs[lo - 1] > range.lowerBound { return false }
            lastClaimed = (article, lastClaimed.article == article ? max(lastClaimed.end, range.upperBound) : range.upperBound)
            return true
        }
    }
}

extension PeopleIndex {
    /// `slug` and `searchKey` for plain ASCII text, without `Folding` and `Character`s (each
    /// ASCII byte but CR is a character of its own, and folding only lowers A–Z); nil for any
    /// other text.
    static func plainSlug(_ name: String) -> String? {
        guard var bytes = lowered(name) else { return nil }
        var out = 0
        var dash = false
        for i in bytes.indices {
            let b = bytes[i]
            if (0x61...0x7A).contains(b) || (0x30...0x39).contains(b) {
                if dash && out > 0 { bytes[out] = 0x2D; out += 1 }
                bytes[out] = b
                out += 1
                dash = false
            } else {
                dash = true
            }
        }
        // A dash is only written before a letter that follows one, so `out <= i` throughout.
        return out == 0 ? "person" : String(decoding: bytes[..<out], as: UTF8.self)
    }

    static func plainSearchKey(_ s: String) -> String? {
        plainSearchKeyBytes(s).map { String(decoding: $0, as: UTF8.self) }
    }

    /// `searchKeys(for:)` when every alias is plain ASCII (the id, each alias's key and the
    /// parts of that key between spaces and hyphens, each once, in that order); else nil.
    static func plainSearchKeys(for person: Person) -> [String]? {
        var keys: [String] = [person.id]
        for alias in person.aliases {
            guard let whole = plainSearchKeyBytes(alias) else { return nil }
            keys.append(String(decoding: whole, as: UTF8.self))
            var start = 0
            for i in 0...whole.count where i == whole.count || whole[i] == 0x20 || whole[i] == 0x2D {
                if i > start { keys.append(String(decoding: whole[start..<i], as: UTF8.self)) }
                start = i + 1
            }
        }
        if keys.count > 24 {
            var seen = Set<String>()
            return keys.filter { seen.insert($0).inserted }
        }
        var out: [String] = []
        out.reserveCapacity(keys.count)
        for key in keys where !out.contains(key) { out.append(key) }
        return out
    }

    private static func plainSearchKeyBytes(_ s: String) -> [UInt8]? {
        guard let bytes = lowered(s) else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var gap = false
        for b in bytes where b != 0x27 {
            if b == 0x20 || b == 0x09 || b == 0x0A {
                gap = true
            } else {
                if gap && !out.isEmpty { out.append(0x20) }
                out.append(b)
                gap = false
            }
        }
        return out
    }

    /// The bytes of `s` with A–Z lowered, when it is ASCII without CR.
    private static func lowered(_ s: String) -> [UInt8]? {
        var bytes = Array(s.utf8)
        for i in bytes.indices {
            let b = bytes[i]
            if b >= 0x80 || b == 0x0D { return nil }
            if (0x41...0x5A).contains(b) { bytes[i] = b + 0x20 }
        }
        return bytes
    }
}
