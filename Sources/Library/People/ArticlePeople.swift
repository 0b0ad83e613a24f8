/// Within one article: which person mentions are the same person.
///
/// Full names join when their surnames share a skeleton and their given names are compatible
/// (`NameMatching.givenCompatible`: "Vladmir Putin" joins "Vladimir Putin", "Yevgeny" joins
/// "Evgeny", "Maria Kowalski" never joins "Piotr Kowalski"). A surname alone joins the person of
/// that surname; when two share it, the one named in full most recently before it (else next
/// after it), within what a title's sex and a relative named in passing allow
/// (`ArticlePeople+Family.swift`). A given name alone joins the one person of the article with
/// that given name, or is dropped. Surnames with no full form make a one-name person ("Lenin").
extension Detection {
    /// A person of the article. Its names, given names and words live in `Persons`' flat lists.
    struct Cluster {
        /// The number of its surname's skeleton (`Persons.skeletons`).
        var skeleton: Int
        var hasGiven: Bool
        /// The given name it was first named with (folded, in `Persons.pool`).
        var representative: Range<Int>
        /// Given names seen in full forms (`Persons.givens`, first and last), in order of first use.
        var firstGiven = -1, lastGiven = -1
        /// Word hashes of its full forms (`Persons.words`), so "García Márquez" joins "Gabriel García Márquez".
        var firstWord = -1
        var firstToken: Int
        /// The next person named in full whose surname has the same skeleton, or -1.
        var nextFull = -1
    }

    /// What `mentions()` knows of the article's persons, in flat lists (a name costs no array,
    /// set or dictionary of its own); each list numbers its entries, which link by number.
    struct Persons {
        /// Folded words and skeletons, side by side.
        var pool: [UInt32] = []
        var clusters: [Cluster] = []
        /// Distinct surname skeletons: where in `pool`, the next with the same hash, the first and
        /// last person named in full with it, the person of the surname alone when none is.
        var skeletons: [(key: Range<Int>, next: Int, firstFull: Int, lastFull: Int, surnameOnly: Int)] = []
        var skeletonsByHash = WordTable<Int>()
        /// A surname word's skeleton number, by word hash.
        var skeletonOfWord = WordTable<Int>()
        var givens: [(key: Range<Int>, known: Bool, count: Int, next: Int)] = []
        var words: [(hash: UInt64, next: Int)] = []

        func equal(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
            pool[a].elementsEqual(pool[b])
        }

        func hash(_ key: Range<Int>) -> UInt64 { Lexicon.hash(pool[key]) }

        /// Whether person `c`'s full forms have the word of hash `h`.
        func has(_ c: Int, word h: UInt64) -> Bool {
            var w = clusters[c].firstWord
            while w >= 0 {
                if words[w].hash == h { return true }
                w = words[w].next
            }
            return false
        }

        /// The persons named in full whose surname has skeleton `number`, in the order first named.
        func fullClusters(_ number: Int) -> [Int] {
            var out: [Int] = []
            var c = skeletons[number].firstFull
            while c >= 0 {
                out.append(c)
                c = clusters[c].nextFull
            }
            return out
        }

        /// Where person `c`'s given name `key` is in `givens`, if they were named in full with it.
        func given(_ c: Int, _ key: Range<Int>) -> Int? {
            var g = clusters[c].firstGiven
            while g >= 0 {
                if equal(givens[g].key, key) { return g }
                g = givens[g].next
            }
            return nil
        }

        mutating func add(_ c: Int, word h: UInt64) {
            guard !has(c, word: h) else { return }
            words.append((h, clusters[c].firstWord))
            clusters[c].firstWord = words.count - 1
        }

        /// One more use of given name `key` by person `c`.
        mutating func add(_ c: Int, given key: Range<Int>, known: Bool) {
            if let g = given(c, key) {
                givens[g].count += 1
                return
            }
            givens.append((key, known, 1, -1))
            if clusters[c].lastGiven >= 0 { givens[clusters[c].lastGiven].next = givens.count - 1 } else { clusters[c].firstGiven = givens.count - 1 }
            clusters[c].lastGiven = givens.count - 1
        }

        /// A new person named in full, after the others with skeleton `number`.
        mutating func addFull(_ cluster: Cluster) -> Int {
            let c = clusters.count
            clusters.append(cluster)
            let number = cluster.skeleton
            if skeletons[number].lastFull >= 0 { clusters[skeletons[number].lastFull].nextFull = c } else { skeletons[number].firstFull = c }
            skeletons[number].lastFull = c
            return c
        }

        /// `NameMatching.givenCompatible` of two keys in `pool`.
        func givenCompatible(_ a: Range<Int>, _ b: Range<Int>, _ lexicon: Lexicon) -> Bool {
            equal(a, b) || NameMatching.givenCompatible(Array(pool[a]), Array(pool[b]), lexicon: lexicon)
        }

        func givenGroup(_ key: Range<Int>, _ lexicon: Lexicon) -> Int32 {
            pool.withUnsafeBufferPointer { NameMatching.givenGroup(UnsafeBufferPointer(rebasing: $0[key]), lexicon) }
        }
    }

    /// Word `t` folded, appended to `persons.pool`.
    mutating func addKey(_ t: Int, to persons: inout Persons) -> Range<Int> {
        fillKey(t)
        let start = persons.pool.count
        persons.pool.append(contentsOf: keyBuffer)
        return start..<persons.pool.count
    }

    /// The number of the skeleton of surname word `t`: numbered once per distinct word, and
    /// distinct skeletons once each.
    mutating func skeletonNumber(_ t: Int, _ persons: inout Persons) -> Int {
        let word = tokens[t].hash
        if let known = persons.skeletonOfWord[word] { return known }
        fillKey(t)
        let start = persons.pool.count
        keyBuffer.withUnsafeBufferPointer { NameMatching.skeleton($0, into: &persons.pool) }
        let key = start..<persons.pool.count
        let h = persons.hash(key)
        let first = persons.skeletonsByHash[h] ?? -1
        var number = first
        while number >= 0 && !persons.equal(persons.skeletons[number].key, key) { number = persons.skeletons[number].next }
        if number >= 0 {
            persons.pool.removeSubrange(key)
        } else {
            number = persons.skeletons.count
            persons.skeletons.append((key, first, -1, -1, -1))
            persons.skeletonsByHash.set(h, number)
        }
        persons.skeletonOfWord.set(word, number)
        return number
    }

    mutating func mentions() -> [EntityMention] {
        found = textOrder().map { found[$0] }
        var persons = Persons()
        persons.pool.reserveCapacity(found.count * 8)
        var assigned = [Int](repeating: -1, count: found.count)

        // "Will Zhang resign?": a sentence-start word that is both a given name and a common word,
        // before the surname of someone else the article names in full, is not their given name.
        // How many full names have each surname (word hash) with each given name (word hash),
        // counted when first needed (rarely).
        var givensOfSurname: [UInt64: [UInt64: Int]]?
        for i in found.indices where found[i].kind == .person && found[i].form == .full && found[i].given == found[i].first
            && found[i].core > found[i].given && !isMid(found[i].given) && lex(found[i].given).contains(.common) {
            let f = found[i]
            let h = tokens[f.core].hash, g = tokens[f.given].hash
            if givensOfSurname == nil {
                var counts: [UInt64: [UInt64: Int]] = [:]
                for f in found where f.kind == .person && (f.form == .full || f.form == .fullUncertain) && f.core >= 0 && f.given >= 0 {
                    counts[tokens[f.core].hash, default: [:]][tokens[f.given].hash, default: 0] += 1
                }
                givensOfSurname = counts
            }
            let other = givensOfSurname![h]?.contains { $0.key != g && $0.value > 0 } ?? false
            if other {
                found[i].first = f.given + 1
                found[i].given = -1
                found[i].form = .surname
                givensOfSurname![h]![g]! -= 1
            }
        }
        // Full names; where each is, by skeleton number, to find them again below.
        var fullPositions: [(number: Int, token: Int, cluster: Int)] = []
        var seen = SeenFullNames()
        for (i, f) in found.enumerated() where f.kind == .person && (f.form == .full || f.form == .fullUncertain) {
            let number = skeletonNumber(f.core, &persons)
            let given = addKey(f.given, to: &persons)
            let givenHash = tokens[f.given].hash
            // The first person of that surname whose given name is compatible (persons are only
            // added after the others, so a full name seen before finds the same one again).
            let skeleton = persons.skeletons[number]
            let many = f.form == .full && skeleton.firstFull != skeleton.lastFull
            let known = many ? seen.cluster(number, given, givenHash, persons) : -1
            var target = known
            var c = target < 0 ? skeleton.firstFull : -1
            while c >= 0 {
                linkSteps += 1
                if persons.givenCompatible(persons.clusters[c].representative, given, lexicon)
                    || (f.form == .fullUncertain && persons.has(c, word: givenHash)) {
                    target = c
                    break
                }
                c = persons.clusters[c].nextFull
            }
            if target < 0 {
                target = persons.addFull(Cluster(skeleton: number, hasGiven: true, representative: given, firstToken: f.first))
            }
            if many && known < 0 { seen.add(number, given, givenHash, target) }
            persons.add(target, given: given, known: lex(f.given).contains(.given))
            for t in f.first...f.last where t != f.given { persons.add(target, word: tokens[t].hash) }
            assigned[i] = target
            fullPositions.append((number, f.first, target))
        }
        // The full names of each skeleton together, in text order: skeleton `k`'s are
        // `positions[positionStart[k]..<positionStart[k + 1]]`.
        let numbered = persons.skeletons.count
        var positionStart = [Int](repeating: 0, count: numbered + 1)
        for p in fullPositions { positionStart[p.number + 1] += 1 }
        for k in 0..<numbered { positionStart[k + 1] += positionStart[k] }
        var positions = [(token: Int, cluster: Int)](repeating: (0, 0), count: fullPositions.count)
        var next = positionStart
        for p in fullPositions {
            positions[next[p.number]] = (p.token, p.cluster)
            next[p.number] += 1
        }
        // The persons named in full by given name, made when first needed.
        var byGiven: GivenIndex?
        func cluster(given: Range<Int>, _ persons: inout Persons) -> Int? {
            if byGiven == nil { byGiven = GivenIndex(persons, lexicon) }
            return byGiven!.cluster(given, persons, lexicon)
        }
        // Surnames alone (a family's members: `kinTarget`).
        var kin = Kin()
        for (i, f) in found.enumerated() where f.kind == .person && f.form == .surname {
            let number = skeletonNumber(f.core, &persons)
            var target = -1
            let titled = titleSex(before: f.first)
            if titled != .unknown && namesACouple(f.first) { continue }  // "Mr and Mrs Penrose": a family, no one person
            let named = number < numbered && positionStart[number] < positionStart[number + 1]
            if named {
                // The one named in full most recently before it, else the next after it
                // (`positions` of a skeleton are in text order), unless the family's rules say otherwise.
                var lo = positionStart[number], hi = positionStart[number + 1]
                let first = lo
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if positions[mid].token < f.first { lo = mid + 1 } else { hi = mid }
                }
                target = lo > first ? positions[lo - 1].cluster : positions[lo].cluster
                if persons.clusters[persons.skeletons[number].firstFull].nextFull >= 0 || titled != .unknown {
                    passingTokens(positions, clusters: persons.clusters.count, &kin)
                    target = kinTarget(i, number: number, persons, positions: positions[first..<positionStart[number + 1]], before: lo,
                                       nearest: target, assigned: assigned, kin: &kin)
                }
            }
            if target >= 0 {
                // A person named in full.
            } else if !named, let c = cluster(given: addKey(f.core, to: &persons), &persons) {
                target = c  // "Sheikh Faisal" for "Faisal bin Nasser al-Thani"
            } else if persons.skeletons[number].surnameOnly >= 0 {
                target = persons.skeletons[number].surnameOnly
            } else {
                target = persons.clusters.count
                persons.clusters.append(Cluster(skeleton: number, hasGiven: false, representative: 0..<0, firstToken: f.first))
                persons.skeletons[number].surnameOnly = target
            }
            assigned[i] = target
        }
        linkSteps += kin.steps
        // Given names alone.
        for (i, f) in found.enumerated() where f.kind == .person && f.form == .given {
            let given = addKey(f.given, to: &persons)
            if let c = cluster(given: given, &persons) {
                assigned[i] = c
            } else if f.core >= 0 {
                // "Sadiq, Abu Bakr (2003)": the person of that surname with that given name.
                let number = skeletonNumber(f.core, &persons)
                assigned[i] = persons.fullClusters(number).first { persons.given($0, given) != nil } ?? -1
            }
        }

        // Number the article's persons in order of first mention.
        for (i, f) in found.enumerated() where assigned[i] >= 0 {
            persons.clusters[assigned[i]].firstToken = min(persons.clusters[assigned[i]].firstToken, f.first)
        }
        let clusters = persons.clusters
        let order = clusters.indices.sorted { clusters[$0].firstToken < clusters[$1].firstToken }
        var local = [Int](repeating: 0, count: clusters.count)
        for (n, c) in order.enumerated() { local[c] = n }
        let surnameKeys = clusters.map { string(persons.pool[persons.skeletons[$0.skeleton].key]) }
        let givenKeys = clusters.map { cluster -> String in
            guard cluster.hasGiven else { return "" }
            // The preferred spelling: known to the lexicon, then the most frequent, then the first.
            var best = persons.givens[cluster.firstGiven]
            var g = best.next
            while g >= 0 {
                let given = persons.givens[g]
                if (given.known && !best.known) || (given.known == best.known && given.count > best.count) { best = given }
                g = given.next
            }
            return string(persons.pool[best.key])
        }

        var out: [EntityMention] = []
        out.reserveCapacity(found.count)
        var candidateKeys = WordTable<String>()
        // `next`: the text made before it with the same hash, or -1.
        var texts: [(start: Int, end: Int, text: String, next: Int)] = []
        texts.reserveCapacity(found.count)
        var textsByHash = WordTable<Int>(atMost: found.count)
        // One `String` per distinct surface in the article ("Putin" is made once, not 30 times).
        func text(_ start: Int, _ end: Int, _ me: inout Detection) -> String {
            let s = me.s
            var h = Lexicon.fnvOffset
            for k in start..<end { h = (h ^ UInt64(s[k].value)) &* Lexicon.fnvPrime }
            let first = textsByHash[h] ?? -1
            var t = first
            while t >= 0 {
                if texts[t].end - texts[t].start == end - start && s[texts[t].start..<texts[t].end].elementsEqual(s[start..<end]) {
                    return texts[t].text
                }
                t = texts[t].next
            }
            let made = me.text(start, end)
            textsByHash.set(h, texts.count)
            texts.append((start, end, made, first))
            return made
        }
        for (i, f) in found.enumerated() {
            let start = Int(tokens[f.first].start), end = Int(tokens[f.last].end)
            if f.kind == .person && f.form == .candidate {
                let h = tokens[f.core].hash
                let key: String
                if let known = candidateKeys[h] { key = known } else {
                    fillKey(f.core)
                    let from = persons.pool.count
                    keyBuffer.withUnsafeBufferPointer { NameMatching.skeleton($0, into: &persons.pool) }
                    key = string(persons.pool[from...])
                    persons.pool.removeSubrange(from...)
                    candidateKeys.set(h, key)
                }
                out.append(EntityMention(start: start, end: end, kind: .person, form: .candidate, local: -1,
                                         surnameKey: key, givenKey: "", text: text(start, end, &self)))
            } else if f.kind == .person {
                let c = assigned[i]
                guard c >= 0 else { continue }
                out.append(EntityMention(start: start, end: end, kind: .person, form: f.form, local: local[c],
                                         surnameKey: surnameKeys[c], givenKey: givenKeys[c], text: text(start, end, &self),
                                         titled: f.titled))
            } else {
                out.append(EntityMention(start: start, end: end, kind: f.kind, text: text(start, end, &self)))
            }
        }
        return out
    }

    /// The person each full name joined, by surname skeleton and given name, once the surname
    /// has several: a name-dense article names hundreds of one surname's persons, and a full name
    /// met again is not compared with every one of them again.
    struct SeenFullNames {
        var heads = WordTable<Int>()
        var entries: [(number: Int, given: Range<Int>, cluster: Int, next: Int)] = []

        func key(_ number: Int, _ givenHash: UInt64) -> UInt64 {
            givenHash ^ (UInt64(truncatingIfNeeded: number) &* 0x9E37_79B9_7F4A_7C15)
        }

        /// The person a full name with skeleton `number` and given name `given` joined, or -1.
        func cluster(_ number: Int, _ given: Range<Int>, _ givenHash: UInt64, _ persons: Persons) -> Int {
            var e = heads[key(number, givenHash)] ?? -1
            while e >= 0 {
                if entries[e].number == number && persons.equal(entries[e].given, given) { return entries[e].cluster }
                e = entries[e].next
            }
            return -1
        }

        mutating func add(_ number: Int, _ given: Range<Int>, _ givenHash: UInt64, _ cluster: Int) {
            let k = key(number, givenHash)
            entries.append((number, given, cluster, heads[k] ?? -1))
            heads.set(k, entries.count - 1)
        }
    }

    /// The persons of the article named in full, by their given names (and the lexicon's groups
    /// of spellings of given names): lists linked by number, headed by key hash and by group.
    struct GivenIndex {
        var byKey = WordTable<Int>(), byGroup = WordTable<Int>()
        var entries: [(cluster: Int, key: Range<Int>, next: Int)] = []

        init(_ persons: Persons, _ lexicon: Lexicon) {
            for (c, cluster) in persons.clusters.enumerated() where cluster.hasGiven {
                var g = cluster.firstGiven
                while g >= 0 {
                    let key = persons.givens[g].key
                    let h = persons.hash(key)
                    entries.append((c, key, byKey[h] ?? -1))
                    byKey.set(h, entries.count - 1)
                    let group = persons.givenGroup(key, lexicon)
                    if group >= 0 {
                        let k = UInt64(UInt32(bitPattern: group))
                        entries.append((c, 0..<0, byGroup[k] ?? -1))
                        byGroup.set(k, entries.count - 1)
                    }
                    g = persons.givens[g].next
                }
            }
        }

        /// The one person named in full with this given name (or a spelling of it), if only one is.
        func cluster(_ given: Range<Int>, _ persons: Persons, _ lexicon: Lexicon) -> Int? {
            var only = -1
            var e = byKey[persons.hash(given)] ?? -1
            while e >= 0 {
                if persons.equal(entries[e].key, given) {
                    if only >= 0 && only != entries[e].cluster { return nil }
                    only = entries[e].cluster
                }
                e = entries[e].next
            }
            let group = persons.givenGroup(given, lexicon)
            if group >= 0 {
                e = byGroup[UInt64(UInt32(bitPattern: group))] ?? -1
                while e >= 0 {
                    if only >= 0 && only != entries[e].cluster { return nil }
                    only = entries[e].cluster
                    e = entries[e].next
                }
            }
            return only >= 0 ? only : nil
        }
    }

    /// The text of scalars `start..<end`, encoded directly (faster than appending scalars).
    func text(_ start: Int, _ end: Int) -> String {
        let p = s.baseAddress.unsafelyUnwrapped
        return Detection.makeString(count: end - start) { p[start &+ $0].value }
    }

    func string(_ values: ArraySlice<UInt32>) -> String {
        values.withUnsafeBufferPointer { v in Detection.makeString(count: v.count) { v[$0] } }
    }

    /// The string of `count` scalar values, `value(k)` the k-th, encoded on the stack: a string
    /// of 15 bytes or fewer is then made in place, allocating nothing.
    @inline(__always)
    static func makeString(count: Int, _ value: (Int) -> UInt32) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count * 4) { buffer in
            var n = 0
            for k in 0..<count {
                let v = value(k)
                if v < 0x80 {
                    buffer[n] = UInt8(v); n += 1
                } else if v < 0x800 {
                    buffer[n] = UInt8(0xC0 | v >> 6); buffer[n + 1] = UInt8(0x80 | v & 0x3F); n += 2
                } else if v < 0x10000 {
                    buffer[n] = UInt8(0xE0 | v >> 12); buffer[n + 1] = UInt8(0x80 | v >> 6 & 0x3F)
                    buffer[n + 2] = UInt8(0x80 | v & 0x3F); n += 3
                } else {
                    buffer[n] = UInt8(0xF0 | v >> 18); buffer[n + 1] = UInt8(0x80 | v >> 12 & 0x3F)
                    buffer[n + 2] = UInt8(0x80 | v >> 6 & 0x3F); buffer[n + 3] = UInt8(0x80 | v & 0x3F); n += 4
                }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<n]), as: UTF8.self)
        }
    }
}
