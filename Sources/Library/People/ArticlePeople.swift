/// Within one article: which person mentions are the same person.
///
/// Full names join when their surnames share a skeleton and their given names are compatible
/// (`NameMatching.givenCompatible`: "Vladmir Putin" joins "Vladimir Putin", "Yevgeny" joins
/// "Evgeny", "Maria Kowalski" never joins "Piotr Kowalski"). A surname alone joins the person of
/// that surname; when two share it, the one named in full most recently before it (else next
/// after it). A given name alone joins the one person of the article with that given name, or is
/// dropped. Surnames with no full form make a one-name person ("Lenin").
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
        found.sort { $0.first < $1.first }
        var clusters: [Cluster] = []
        var assigned = [Int](repeating: -1, count: found.count)
        var fullPositions: [(token: Int, cluster: Int)] = []
        var skeletons = SmallMap<[UInt32]>()

        func skeletonOf(_ t: Int, _ me: inout Detection) -> [UInt32] {
            if let known = skeletons[me.tokens[t].hash] { return known }
            let sk = NameMatching.skeleton(me.key(t))
            skeletons.set(me.tokens[t].hash, sk)
            return sk
        }

        // "Will Zhang resign?": a sentence-start word that is both a given name and a common word,
        // before the surname of someone else the article names in full, is not their given name.
        for i in found.indices where found[i].kind == .person && found[i].form == .full && found[i].given == found[i].first
            && found[i].core > found[i].given && !isMid(found[i].given) && lex(found[i].given).contains(.common) {
            let f = found[i]
            let h = tokens[f.core].hash
            let other = found.contains { $0.kind == .person && ($0.form == .full || $0.form == .fullUncertain) && $0.core >= 0
                && tokens[$0.core].hash == h && $0.given >= 0 && tokens[$0.given].hash != tokens[f.given].hash }
            if other {
                found[i].first = f.given + 1
                found[i].given = -1
                found[i].form = .surname
            }
        }
        // Full names.
        for (i, f) in found.enumerated() where f.kind == .person && (f.form == .full || f.form == .fullUncertain) {
            let sk = skeletonOf(f.core, &self)
            let given = key(f.given)
            let givenHash = tokens[f.given].hash
            var target = -1
            for (c, cluster) in clusters.enumerated() where cluster.hasGiven && cluster.skeleton == sk {
                if NameMatching.givenCompatible(cluster.representative, given, lexicon: lexicon)
                    || (f.form == .fullUncertain && cluster.words.contains(givenHash)) {
                    target = c
                    break
                }
            }
            if target < 0 {
                target = clusters.count
                clusters.append(Cluster(skeleton: sk, hasGiven: true, representative: given, givens: [], words: [], firstToken: f.first))
            }
            let known = lex(f.given).contains(.given)
            if let g = clusters[target].givens.firstIndex(where: { $0.key == given }) {
                clusters[target].givens[g].count += 1
            } else {
                clusters[target].givens.append((given, known, 1))
            }
            for t in f.first...f.last where t != f.given { clusters[target].words.insert(tokens[t].hash) }
            assigned[i] = target
            fullPositions.append((f.first, target))
        }
        // Surnames alone.
        for (i, f) in found.enumerated() where f.kind == .person && f.form == .surname {
            let sk = skeletonOf(f.core, &self)
            var target = -1
            if clusters.contains(where: { $0.hasGiven && $0.skeleton == sk }) {
                var before = -1, after = -1
                for p in fullPositions where clusters[p.cluster].skeleton == sk {
                    if p.token < f.first { before = p.cluster } else if after < 0 { after = p.cluster }
                }
                target = before >= 0 ? before : after
            } else if let c = clusterByGiven(key(f.core), clusters) {
                target = c  // "Sheikh Faisal" for "Faisal bin Nasser al-Thani"
            } else if let c = clusters.firstIndex(where: { !$0.hasGiven && $0.skeleton == sk }) {
                target = c
            } else {
                target = clusters.count
                clusters.append(Cluster(skeleton: sk, hasGiven: false, representative: [], givens: [], words: [], firstToken: f.first))
            }
            assigned[i] = target
        }
        // Given names alone.
        for (i, f) in found.enumerated() where f.kind == .person && f.form == .given {
            if let c = clusterByGiven(key(f.given), clusters) { assigned[i] = c }
        }

        // Number the article's persons in order of first mention.
        for (i, f) in found.enumerated() where assigned[i] >= 0 {
            clusters[assigned[i]].firstToken = min(clusters[assigned[i]].firstToken, f.first)
        }
        let order = clusters.indices.sorted { clusters[$0].firstToken < clusters[$1].firstToken }
        var local = [Int](repeating: 0, count: clusters.count)
        for (n, c) in order.enumerated() { local[c] = n }
        let surnameKeys = clusters.map { string($0.skeleton) }
        let givenKeys = clusters.map { cluster -> String in
            guard cluster.hasGiven else { return "" }
            // The preferred spelling: known to the lexicon, then the most frequent, then the first.
            var best = cluster.givens[0]
            for g in cluster.givens.dropFirst() where (g.known && !best.known) || (g.known == best.known && g.count > best.count) {
                best = g
            }
            return string(best.key)
        }

        var out: [EntityMention] = []
        out.reserveCapacity(found.count)
        var candidateKeys: [UInt64: String] = [:]
        var texts: [(start: Int, end: Int, text: String)] = []
        // One `String` per distinct surface in the article ("Putin" is made once, not 30 times).
        func text(_ start: Int, _ end: Int, _ me: inout Detection) -> String {
            for known in texts.reversed() where known.end - known.start == end - start {
                if me.s[known.start..<known.end].elementsEqual(me.s[start..<end]) { return known.text }
            }
            let made = me.text(start, end)
            texts.append((start, end, made))
            return made
        }
        for (i, f) in found.enumerated() {
            let start = Int(tokens[f.first].start), end = Int(tokens[f.last].end)
            if f.kind == .person && f.form == .candidate {
                let h = tokens[f.core].hash
                let key: String
                if let known = candidateKeys[h] { key = known } else {
                    key = string(NameMatching.skeleton(self.key(f.core)))
                    candidateKeys[h] = key
                }
                out.append(EntityMention(start: start, end: end, kind: .person, form: .candidate, local: -1,
                                         surnameKey: key, givenKey: "", text: text(start, end, &self)))
            } else if f.kind == .person {
                let c = assigned[i]
                guard c >= 0 else { continue }
                out.append(EntityMention(start: start, end: end, kind: .person, form: f.form, local: local[c],
                                         surnameKey: surnameKeys[c], givenKey: givenKeys[c], text: text(start, end, &self)))
            } else {
                out.append(EntityMention(start: start, end: end, kind: f.kind, text: text(start, end, &self)))
            }
        }
        return out
    }

    /// The one person of the article named in full with this given name (or a spelling of it).
    func clusterByGiven(_ given: [UInt32], _ clusters: [Cluster]) -> Int? {
        let group = NameMatching.givenGroup(given, lexicon)
        var target: Int?
        for (c, cluster) in clusters.enumerated() where cluster.hasGiven {
            if cluster.givens.contains(where: { $0.key == given || (group >= 0 && NameMatching.givenGroup($0.key, lexicon) == group) }) {
                if target != nil { return nil }
                target = c
            }
        }
        return target
    }

    /// The text of scalars `start..<end`, encoded directly (faster than appending scalars).
    func text(_ start: Int, _ end: Int) -> String {
        string(s[start..<end].lazy.map(\.value))
    }

    func string<C: Collection>(_ values: C) -> String where C.Element == UInt32 {
        String(unsafeUninitializedCapacity: values.count * 4) { buffer in
            var n = 0
            for v in values {
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
            return n
        }
    }
}
