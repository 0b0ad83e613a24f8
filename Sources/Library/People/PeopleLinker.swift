/// Linking across the corpus: the persons of each article (`EntityMention.local`) become people.
///
/// Article persons with the same surname key are one person when their given names are
/// compatible (`NameMatching.givenCompatible`: spellings, transliterations, a misspelt given
/// name); a shared given name alone never links (Vladimir Lenin is not Vladimir Putin), and
/// different given names under one surname stay different people. An article person known only
/// by surname ("Trotsky") joins the one person of that surname named in full elsewhere; when
/// there are none, the surname-only article persons are one person ("Lenin"); when there are
/// several, they are one person of their own, named by the surname, rather than a guess.
extension PeopleIndex {
    struct ArticlePerson {
        var surname: String
        var given: String
        var mentions: Int
        var first: Int
        /// Distinct spellings in this article (few): text, count, best form rank, first mention.
        var spellings: [(text: String, count: Int, rank: Int, first: Int)]
    }

    struct FlatMention {
        var article: Int32
        var start: Int32
        var end: Int32
        var articlePerson: Int32
    }

    /// Links the person mentions `PeopleDetector.detect` found (`mentions[i]` for `articles[i]`).
    public static func build(articles: [Article], mentions: [[EntityMention]]) -> PeopleIndex {
        build(articleCount: articles.count, mentions: mentions)
    }

    public static func build(articleCount: Int, mentions: [[EntityMention]]) -> PeopleIndex {
        // Article persons and the mentions in corpus order.
        var persons: [ArticlePerson] = []
        var flat: [FlatMention] = []
        var order: [Int] = []
        var candidates: [(article: Int, index: Int)] = []
        flat.reserveCapacity(mentions.reduce(0) { $0 + $1.count })
        for a in 0..<min(articleCount, mentions.count) {
            mentions[a].withUnsafeBufferPointer { list in
                order.removeAll(keepingCapacity: true)
                var sorted = true
                for i in list.indices
                where list[i].kind == .person && list[i].start >= 0 && list[i].end > list[i].start && list[i].end <= Int(Int32.max) {
                    if list[i].form == .candidate || list[i].local < 0 {
                        if list[i].form == .candidate { candidates.append((a, i)) }
                        continue
                    }
                    if let last = order.last, (list[last].start, list[last].end) > (list[i].start, list[i].end) { sorted = false }
                    order.append(i)
                }
                if !sorted { order.sort { (list[$0].start, list[$0].end) < (list[$1].start, list[$1].end) } }
                var personOfLocal: [Int: Int] = [:]
                var lastEnd = -1
                for i in order where list[i].start >= lastEnd {
                    lastEnd = list[i].end
                    let local = list[i].local
                    let p: Int
                    if let known = personOfLocal[local] {
                        p = known
                    } else {
                        p = persons.count
                        personOfLocal[local] = p
                        persons.append(ArticlePerson(surname: list[i].surnameKey, given: list[i].givenKey, mentions: 0,
                                                     first: flat.count, spellings: []))
                    }
                    let form = list[i].form
                    let rank = form == .full ? 0 : form == .fullUncertain ? 1 : 2
                    persons[p].mentions += 1
                    if let k = persons[p].spellings.firstIndex(where: { $0.text == list[i].text }) {
                        persons[p].spellings[k].count += 1
                        persons[p].spellings[k].rank = min(persons[p].spellings[k].rank, rank)
                    } else {
                        persons[p].spellings.append((list[i].text, 1, rank, flat.count))
                    }
                    flat.append(FlatMention(article: Int32(a), start: Int32(list[i].start), end: Int32(list[i].end), articlePerson: Int32(p)))
                }
            }
        }

        // Corpus people: group article persons by surname, then by given name.
        var personOf = [Int](repeating: -1, count: persons.count)
        var peopleCount = 0
        var groups: [String: [Int]] = [:]
        var groupOrder: [String] = []
        for (p, person) in persons.enumerated() {
            if groups[person.surname] == nil { groupOrder.append(person.surname) }
            groups[person.surname, default: []].append(p)
        }
        for surname in groupOrder {
            let members = groups[surname]!
            // Distinct given names, most mentioned first (so the usual spelling leads).
            var givenTotals: [String: (total: Int, first: Int)] = [:]
            for p in members where !persons[p].given.isEmpty {
                let g = persons[p].given
                let old = givenTotals[g] ?? (0, persons[p].first)
                givenTotals[g] = (old.total + persons[p].mentions, min(old.first, persons[p].first))
            }
            let givens = givenTotals.keys.sorted {
                let x = givenTotals[$0]!, y = givenTotals[$1]!
                return x.total != y.total ? x.total > y.total : x.first < y.first
            }
            var clusters: [(representative: [UInt32], person: Int)] = []
            var personOfGiven: [String: Int] = [:]
            for g in givens {
                let key = NameMatching.key(g)
                if let c = clusters.first(where: { NameMatching.givenCompatible($0.representative, key) }) {
                    personOfGiven[g] = c.person
                } else {
                    clusters.append((key, peopleCount))
                    personOfGiven[g] = peopleCount
                    peopleCount += 1
                }
            }
            var surnameOnly = -1
            for p in members {
                if let person = personOfGiven[persons[p].given] {
                    personOf[p] = person
                } else if clusters.count == 1 {
                    personOf[p] = clusters[0].person
                } else {
                    if surnameOnly < 0 { surnameOnly = peopleCount; peopleCount += 1 }
                    personOf[p] = surnameOnly
                }
            }
        }

        // Candidates ("Ferreira left early."): the one person of that surname, if there is one.
        var onlyPerson: [String: Int] = [:]
        for surname in groupOrder {
            let members = groups[surname]!
            let owners = Set(members.map { personOf[$0] })
            // One person, named in full somewhere (not a surname known only from context).
            if owners.count == 1 && members.contains(where: { !persons[$0].given.isEmpty }) { onlyPerson[surname] = owners.first! }
        }
        var added = false
        for c in candidates {
            let m = mentions[c.article][c.index]
            guard let person = onlyPerson[m.surnameKey] else { continue }
            // Skip one that overlaps a mention already there (only possible with foreign input).
            if flat.contains(where: { Int($0.article) == c.article && Int($0.start) < m.end && m.start < Int($0.end) }) { continue }
            persons.append(ArticlePerson(surname: m.surnameKey, given: "", mentions: 1, first: flat.count, spellings: [(m.text, 1, 2, flat.count)]))
            personOf.append(person)
            flat.append(FlatMention(article: Int32(c.article), start: Int32(m.start), end: Int32(m.end), articlePerson: Int32(persons.count - 1)))
            added = true
        }
        if added {
            flat.sort { ($0.article, $0.start) < ($1.article, $1.start) }
            // First mentions count in corpus order.
            var firstOf = [Int](repeating: Int.max, count: persons.count)
            for (i, m) in flat.enumerated() { firstOf[Int(m.articlePerson)] = min(firstOf[Int(m.articlePerson)], i) }
            for p in persons.indices {
                persons[p].first = firstOf[p]
                for k in persons[p].spellings.indices { persons[p].spellings[k].first = firstOf[p] }
            }
        }

        // Names, aliases and first mentions.
        struct Spelling { var count: Int; var rank: Int; var first: Int }
        var spellings = [[String: Spelling]](repeating: [:], count: peopleCount)
        var firstMention = [Int](repeating: Int.max, count: peopleCount)
        var mentionTotals = [Int](repeating: 0, count: peopleCount)
        var articleTotals = [Int](repeating: 0, count: peopleCount)
        for (p, ap) in persons.enumerated() {
            let person = personOf[p]
            for sp in ap.spellings {
                var s = spellings[person][sp.text] ?? Spelling(count: 0, rank: sp.rank, first: sp.first)
                s.count += sp.count
                s.rank = min(s.rank, sp.rank)
                s.first = min(s.first, sp.first)
                spellings[person][sp.text] = s
            }
            firstMention[person] = min(firstMention[person], ap.first)
            mentionTotals[person] += ap.mentions
        }
        var lastArticle = [Int32](repeating: -1, count: peopleCount)
        for m in flat {
            let person = personOf[Int(m.articlePerson)]
            if lastArticle[person] != m.article { articleTotals[person] += 1; lastArticle[person] = m.article }
        }
        var names: [String] = []
        var aliases: [[String]] = []
        for person in 0..<peopleCount {
            let entries = spellings[person].sorted { x, y in
                x.value.count != y.value.count ? x.value.count > y.value.count : x.value.first < y.value.first
            }
            aliases.append(entries.map(\.key))
            let best = entries.min { x, y in
                if x.value.rank != y.value.rank { return x.value.rank < y.value.rank }
                if x.value.count != y.value.count { return x.value.count > y.value.count }
                return x.value.first < y.value.first
            }
            names.append(best?.key ?? "")
        }

        // Ids by first mention, so earlier people keep the plain form.
        var ids = [String](repeating: "", count: peopleCount)
        var used = Set<String>()
        for person in (0..<peopleCount).sorted(by: { firstMention[$0] < firstMention[$1] }) {
            let base = slug(names[person])
            var id = base
            var n = 2
            while used.contains(id) { id = base + "-" + String(n); n += 1 }
            used.insert(id)
            ids[person] = id
        }

        // Most mentioned first.
        let ranking = (0..<peopleCount).sorted { x, y in
            if mentionTotals[x] != mentionTotals[y] { return mentionTotals[x] > mentionTotals[y] }
            if articleTotals[x] != articleTotals[y] { return articleTotals[x] > articleTotals[y] }
            return firstMention[x] < firstMention[y]
        }
        var rankOf = [Int32](repeating: 0, count: peopleCount)
        for (rank, person) in ranking.enumerated() { rankOf[person] = Int32(rank) }
        let people = ranking.map { Person(id: ids[$0], name: names[$0], aliases: aliases[$0], mentionCount: 0, articleCount: 0) }

        var articleFirst = [Int32](repeating: 0, count: articleCount + 1)
        for m in flat { articleFirst[Int(m.article) + 1] += 1 }
        for a in 0..<articleCount { articleFirst[a + 1] += articleFirst[a] }
        return PeopleIndex(people: people, articleCount: articleCount, articleFirst: articleFirst,
                           starts: flat.map(\.start), ends: flat.map(\.end),
                           owners: flat.map { rankOf[personOf[Int($0.articlePerson)]] })
    }

    /// "Vladimir Putin" → "vladimir-putin"; letters and digits of any script are kept.
    static func slug(_ name: String) -> String {
        var out = ""
        var dash = false
        for ch in Folding.key(name) {
            if ch.isLetter || ch.isNumber {
                if dash && !out.isEmpty { out.append("-") }
                out.append(ch)
                dash = false
            } else {
                dash = true
            }
        }
        return out.isEmpty ? "person" : out
    }
}
