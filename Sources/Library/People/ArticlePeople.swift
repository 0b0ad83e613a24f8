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
    struct Cluster {
        var skeleton: [UInt32]
        var hasGiven: Bool
        var representative: [UInt32]
        /// Given names seen in full forms: key, whether the lexicon knows it, how often.
        var givens: [(key: [UInt32], known: Bool, count: Int)]
        /// Word hashes of its full forms, so "García Márquez" joins "Gabriel García Márquez".
        var words: Set<UInt64>
        var firstToken: Int
    }

    mutating func mentions() -> [EntityMention] {
        found = textOrder().map { found[$0] }
        var clusters: [Cluster] = []
        var assigned = [Int](repeating: -1, count: found.count)
        // Indexes that keep a name-dense article linear, by surname skeleton (numbered once per
        // distinct word): the clusters named in full, their full mentions in text order, the
        // cluster of a surname with no full form.
        var skeletonList: [[UInt32]] = []
        var skeletonNumbers = Numbering<[UInt32]>(capacity: found.count)
        var fullClusters: [[Int]] = []
        var fullPositions: [[(token: Int, cluster: Int)]] = []
        var surnameOnlyCluster: [Int] = []
        var skeletons = WordTable<Int>()

        /// The skeleton of word `t`'s surname and its number.
        func skeletonOf(_ t: Int, _ me: inout Detection) -> (skeleton: [UInt32], number: Int) {
            if let known = skeletons[me.tokens[t].hash] { return (skeletonList[known], known) }
            let sk = NameMatching.skeleton(me.key(t))
            let (number, new) = skeletonNumbers.number(sk)
            if new {
                skeletonList.append(sk)
                fullClusters.append([])
                fullPositions.append([])
                surnameOnlyCluster.append(-1)
            }
            skeletons.set(me.tokens[t].hash, number)
            return (sk, number)
        }

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
        // Full names.
        for (i, f) in found.enumerated() where f.kind == .person && (f.form == .full || f.form == .fullUncertain) {
            let (sk, number) = skeletonOf(f.core, &self)
            let given = key(f.given)
            let givenHash = tokens[f.given].hash
            var target = -1
            for c in fullClusters[number] {
                if NameMatching.givenCompatible(clusters[c].representative, given, lexicon: lexicon)
                    || (f.form == .fullUncertain && clusters[c].words.contains(givenHash)) {
                    target = c
                    break
                }
            }
            if target < 0 {
                target = clusters.count
                clusters.append(Cluster(skeleton: sk, hasGiven: true, representative: given, givens: [], words: [], firstToken: f.first))
                fullClusters[number].append(target)
            }
            let known = lex(f.given).contains(.given)
            if let g = clusters[target].givens.firstIndex(where: { $0.key == given }) {
                clusters[target].givens[g].count += 1
            } else {
                clusters[target].givens.append((given, known, 1))
            }
            for t in f.first...f.last where t != f.given { clusters[target].words.insert(tokens[t].hash) }
            assigned[i] = target
            fullPositions[number].append((f.first, target))
        }
        // The persons named in full by given name, made when first needed.
        var byGiven: GivenIndex?
        func cluster(given: [UInt32], _ clusters: [Cluster]) -> Int? {
            if byGiven == nil { byGiven = GivenIndex(clusters, lexicon) }
            return byGiven!.cluster(given)
        }
        // Surnames alone (a family's members: `kinTarget`).
        var kin = Kin()
        for (i, f) in found.enumerated() where f.kind == .person && f.form == .surname {
            let (sk, number) = skeletonOf(f.core, &self)
            var target = -1
            let positions = fullPositions[number]
            let titled = titleSex(before: f.first)
            if titled != .unknown && namesACouple(f.first) { continue }  // "Mr and Mrs Penrose": a family, no one person
            if !positions.isEmpty {
                // The one named in full most recently before it, else the next after it
                // (`positions` is in text order), unless the family's rules say otherwise.
                var lo = 0, hi = positions.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if positions[mid].token < f.first { lo = mid + 1 } else { hi = mid }
                }
                target = lo > 0 ? positions[lo - 1].cluster : positions[lo].cluster
                if fullClusters[number].count > 1 || titled != .unknown {
                    target = kinTarget(i, persons: fullClusters[number], positions: positions, nearest: target, assigned: assigned, kin: &kin)
                }
            }
            if target >= 0 {
                // A person named in full.
            } else if positions.isEmpty, let c = cluster(given: key(f.core), clusters) {
                target = c  // "Sheikh Faisal" for "Faisal bin Nasser al-Thani"
            } else if surnameOnlyCluster[number] >= 0 {
                target = surnameOnlyCluster[number]
            } else {
                target = clusters.count
                clusters.append(Cluster(skeleton: sk, hasGiven: false, representative: [], givens: [], words: [], firstToken: f.first))
                surnameOnlyCluster[number] = target
            }
            assigned[i] = target
        }
        // Given names alone.
        for (i, f) in found.enumerated() where f.kind == .person && f.form == .given {
            if let c = cluster(given: key(f.given), clusters) {
                assigned[i] = c
            } else if f.core >= 0 {
                // "Sadiq, Abu Bakr (2003)": the person of that surname with that given name.
                let given = key(f.given)
                assigned[i] = fullClusters[skeletonOf(f.core, &self).number].first { clusters[$0].givens.contains { $0.key == given } } ?? -1
            }
        }

        // Number the article's persons in order of first mention.
        for (i, f) in found.enumerated() where assigned[i] >= 0 {
            clusters[assigned[i]].firstToken = min(clusters[assigned[i]].firstToken, f.first)
        }
        let order = clusters.indices.sorted { clusters[$0].firstToken < clusters[$1].firstToken }
        var local = [Int](repeating: 0, count: clusters.count)
        for (n, c) in order.enumerated() { local[c] = n }
        let surnameKeys = clusters.map { Detection.string($0.skeleton) }
        let givenKeys = clusters.map { cluster -> String in
            guard cluster.hasGiven else { return "" }
            // The preferred spelling: known to the lexicon, then the most frequent, then the first.
            var best = cluster.givens[0]
            for g in cluster.givens.dropFirst() where (g.known && !best.known) || (g.known == best.known && g.count > best.count) {
                best = g
            }
            return Detection.string(best.key)
        }

        var out: [EntityMention] = []
        out.reserveCapacity(found.count)
        var candidateKeys = WordTable<String>()
        // `next`: the text made before it with the same hash, or -1.
        var texts: [(start: Int, end: Int, text: String, next: Int)] = []
        texts.reserveCapacity(found.count)
        var textsByHash = WordTable<Int>(capacity: found.count)
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
                    key = string(NameMatching.skeleton(self.key(f.core)))
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

    /// The persons of the article named in full, by their given names (and the lexicon's groups
    /// of spellings of given names).
    struct GivenIndex {
        var byKey: [[UInt32]: Set<Int>] = [:]
        var byGroup: [Int32: Set<Int>] = [:]
        let lexicon: Lexicon

        init(_ clusters: [Cluster], _ lexicon: Lexicon) {
            self.lexicon = lexicon
            for (c, cluster) in clusters.enumerated() where cluster.hasGiven {
                for g in cluster.givens {
                    byKey[g.key, default: []].insert(c)
                    let group = NameMatching.givenGroup(g.key, lexicon)
                    if group >= 0 { byGroup[group, default: []].insert(c) }
                }
            }
        }

        /// The one person named in full with this given name (or a spelling of it), if only one is.
        func cluster(_ given: [UInt32]) -> Int? {
            var found = byKey[given] ?? []
            let group = NameMatching.givenGroup(given, lexicon)
            if group >= 0, let more = byGroup[group] { found.formUnion(more) }
            return found.count == 1 ? found.first : nil
        }
    }

    /// The text of scalars `start..<end`, encoded directly (faster than appending scalars).
    func text(_ start: Int, _ end: Int) -> String {
        let p = s.baseAddress.unsafelyUnwrapped
        return Detection.makeString(count: end - start) { p[start &+ $0].value }
    }

    func string(_ values: [UInt32]) -> String { Detection.string(values) }

    /// (Static, so that closures over clusters need not copy the detection.)
    static func string(_ values: [UInt32]) -> String {
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
