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
        var mentions: Int32
        var first: Int32
        /// Named in full with a known given name or after a title somewhere in its article.
        var sure = false
    }

    /// A distinct spelling of an article person: text, count, best form rank, first mention.
    struct ArticleSpelling {
        var text: String
        var person: Int32
        var count: Int32
        var rank: Int32
        var first: Int32
    }

    struct FlatMention {
        var article: Int32
        var start: Int32
        var end: Int32
        var articlePerson: Int32
    }

    /// One article's persons and mentions, boiled down for linking: what `build` needs and no
    /// more (a few integers a mention, the strings once a person). Made in the loading threads,
    /// so the mentions of ten thousand articles never wait in memory all at once.
    public struct Summary: Sendable {
        var persons: [ArticlePerson] = []
        var spellings: [ArticleSpelling] = []
        var mentions: [(start: Int32, end: Int32, person: Int32)] = []
        var candidates: [(start: Int32, end: Int32, surnameKey: String, text: String)] = []

        public init() {}

        public init(_ list: [EntityMention]) {
            var order: [Int] = []
            var sorted = true
            for i in list.indices
            where list[i].kind == .person && list[i].start >= 0 && list[i].end > list[i].start && list[i].end <= Int(Int32.max) {
                if list[i].form == .candidate || list[i].local < 0 {
                    if list[i].form == .candidate {
                        candidates.append((Int32(list[i].start), Int32(list[i].end), compact(list[i].surnameKey), compact(list[i].text)))
                    }
                    continue
                }
                if let last = order.last, (list[last].start, list[last].end) > (list[i].start, list[i].end) { sorted = false }
                order.append(i)
            }
            if !sorted { order.sort { (list[$0].start, list[$0].end) < (list[$1].start, list[$1].end) } }
            var personOfLocal = Numbering<Int>()
            var spellingOf: [Int: [String: Int]] = [:]   // article person → text → spelling
            var lastEnd = -1
            for i in order where list[i].start >= lastEnd {
                lastEnd = list[i].end
                let (p, new) = personOfLocal.number(list[i].local)
                if new {
                    persons.append(ArticlePerson(surname: compact(list[i].surnameKey), given: compact(list[i].givenKey), mentions: 0,
                                                 first: Int32(mentions.count)))
                }
                let form = list[i].form
                let rank: Int32 = form == .full ? 0 : form == .fullUncertain ? 1 : 2
                persons[p].mentions += 1
                if form == .full || list[i].titled { persons[p].sure = true }
                if let k = spellingOf[p]?[list[i].text] {
                    spellings[k].count += 1
                    spellings[k].rank = min(spellings[k].rank, rank)
                } else {
                    spellingOf[p, default: [:]][list[i].text] = spellings.count
                    spellings.append(ArticleSpelling(text: compact(list[i].text), person: Int32(p), count: 1, rank: rank, first: Int32(mentions.count)))
                }
                mentions.append((Int32(list[i].start), Int32(list[i].end), Int32(p)))
            }
            // Exactly sized copies (`Array(array)` would share the grown buffer).
            persons = persons.withUnsafeBufferPointer { Array($0) }
            spellings = spellings.withUnsafeBufferPointer { Array($0) }
            mentions = mentions.withUnsafeBufferPointer { Array($0) }
            candidates = candidates.withUnsafeBufferPointer { Array($0) }
        }

        /// A fresh copy holding only its text: strings made while detecting may carry spare
        /// capacity, which ten thousand articles' summaries would keep alive. Short names (up to
        /// 15 bytes) then live inside the string itself, with no allocation at all.
        func compact(_ s: String) -> String { String(decoding: Array(s.utf8), as: UTF8.self) }
    }

    /// Links the person mentions `PeopleDetector.detect` found (`mentions[i]` for `articles[i]`).
    public static func build(articles: [Article], mentions: [[EntityMention]]) -> PeopleIndex {
        build(articleCount: articles.count, mentions: mentions)
    }

    public static func build(articleCount: Int, mentions: [[EntityMention]]) -> PeopleIndex {
        build(articleCount: articleCount, summaries: mentions.map(Summary.init))
    }

    /// Links articles' summaries (`summaries[i]` for article `i`) into the corpus's people.
    public static func build(articleCount: Int, summaries: [Summary]) -> PeopleIndex {
        var copy = summaries
        return link(articleCount: articleCount, summaries: &copy, releasing: false)
    }

    /// The same, emptying `summaries` once they are gathered (and the memory they held given
    /// back), before the linking's own working memory is allocated.
    public static func build(articleCount: Int, taking summaries: inout [Summary]) -> PeopleIndex {
        link(articleCount: articleCount, summaries: &summaries, releasing: true)
    }

    /// `releasing`: the caller gave up its summaries, so emptying them frees memory worth giving
    /// back to the system (otherwise the trim would cost time for nothing).
    static func link(articleCount: Int, summaries: inout [Summary], releasing: Bool) -> PeopleIndex {
        // Article persons and the mentions in corpus order.
        var persons: [ArticlePerson] = []
        var allSpellings: [ArticleSpelling] = []
        var flat: [FlatMention] = []
        var candidates: [(article: Int, start: Int32, end: Int32, surnameKey: String, text: String)] = []
        // Sized up front (candidates may join each list): growing by doubling would briefly hold
        // two copies of the largest lists, the peak of a large corpus's loading.
        let candidateCount = summaries.reduce(0) { $0 + $1.candidates.count }
        flat.reserveCapacity(summaries.reduce(0) { $0 + $1.mentions.count } + candidateCount)
        persons.reserveCapacity(summaries.reduce(0) { $0 + $1.persons.count } + candidateCount)
        allSpellings.reserveCapacity(summaries.reduce(0) { $0 + $1.spellings.count } + candidateCount)
        candidates.reserveCapacity(candidateCount)
        for a in 0..<min(articleCount, summaries.count) {
            let summary = summaries[a]
            let base = Int32(flat.count)
            let personBase = Int32(persons.count)
            for var person in summary.persons {
                person.first += base
                persons.append(person)
            }
            for var spelling in summary.spellings {
                spelling.first += base
                spelling.person += personBase
                allSpellings.append(spelling)
            }
            for m in summary.mentions {
                flat.append(FlatMention(article: Int32(a), start: m.start, end: m.end, articlePerson: personBase + m.person))
            }
            for c in summary.candidates { candidates.append((a, c.start, c.end, c.surnameKey, c.text)) }
        }
        summaries = []
        if releasing { releaseFreedMemory() }

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
                let old = givenTotals[g] ?? (0, Int(persons[p].first))
                givenTotals[g] = (old.total + Int(persons[p].mentions), min(old.first, Int(persons[p].first)))
            }
            let givens = givenTotals.keys.sorted {
                let x = givenTotals[$0]!, y = givenTotals[$1]!
                if x.total != y.total { return x.total > y.total }
                return x.first != y.first ? x.first < y.first : textOrder($0, $1)
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

        // Candidates ("Ferreira left early."): the one person of that surname, if there is one
        // and the corpus is sure of them. One capitalised phrase taken for a name once (a wire
        // sign-off, a table heading) must not mark its last word in every other article: the
        // person must be named in full with a known given name or after a title, or named more
        // than once in an article, or named in full in two articles.
        var fullArticles = [Int](repeating: 0, count: peopleCount)
        var sure = [Bool](repeating: false, count: peopleCount)
        for (p, person) in persons.enumerated() where !person.given.isEmpty {
            fullArticles[personOf[p]] += 1
            if person.sure || person.mentions >= 2 || fullArticles[personOf[p]] >= 2 { sure[personOf[p]] = true }
        }
        var onlyPerson: [String: Int] = [:]
        for surname in groupOrder {
            let members = groups[surname]!
            let owners = Set(members.map { personOf[$0] })
            // One person, named in full somewhere (not a surname known only from context).
            if owners.count == 1 && members.contains(where: { !persons[$0].given.isEmpty }) && sure[owners.first!] {
                onlyPerson[surname] = owners.first!
            }
        }
        var added = false
        var taken = TakenRanges(flat)
        if !candidates.indices.dropFirst().allSatisfy({ (candidates[$0 - 1].article, candidates[$0 - 1].start) <= (candidates[$0].article, candidates[$0].start) }) {
            candidates.sort { ($0.article, $0.start) < ($1.article, $1.start) }
        }
        for c in candidates {
            guard let person = onlyPerson[c.surnameKey] else { continue }
            // Skip one that overlaps a mention already there (only possible with foreign input).
            if !taken.claim(article: c.article, c.start..<c.end) { continue }
            allSpellings.append(ArticleSpelling(text: c.text, person: Int32(persons.count), count: 1, rank: 2, first: Int32(flat.count)))
            persons.append(ArticlePerson(surname: c.surnameKey, given: "", mentions: 1, first: Int32(flat.count)))
            personOf.append(person)
            flat.append(FlatMention(article: Int32(c.article), start: c.start, end: c.end, articlePerson: Int32(persons.count - 1)))
            added = true
        }
        if added {
            flat.sort { ($0.article, $0.start) < ($1.article, $1.start) }
            // First mentions count in corpus order.
            var firstOf = [Int32](repeating: Int32.max, count: persons.count)
            for (i, m) in flat.enumerated() { firstOf[Int(m.articlePerson)] = min(firstOf[Int(m.articlePerson)], Int32(i)) }
            for p in persons.indices { persons[p].first = firstOf[p] }
            for k in allSpellings.indices { allSpellings[k].first = firstOf[Int(allSpellings[k].person)] }
        }

        // Names, aliases and first mentions.
        struct Spelling { var count: Int; var rank: Int; var first: Int }
        var spellings = [[String: Spelling]](repeating: [:], count: peopleCount)
        var firstMention = [Int](repeating: Int.max, count: peopleCount)
        var mentionTotals = [Int](repeating: 0, count: peopleCount)
        for sp in allSpellings {
            let person = personOf[Int(sp.person)]
            var s = spellings[person][sp.text] ?? Spelling(count: 0, rank: Int(sp.rank), first: Int(sp.first))
            s.count += Int(sp.count)
            s.rank = min(s.rank, Int(sp.rank))
            s.first = min(s.first, Int(sp.first))
            spellings[person][sp.text] = s
        }
        for (p, ap) in persons.enumerated() {
            let person = personOf[p]
            firstMention[person] = min(firstMention[person], Int(ap.first))
            mentionTotals[person] += Int(ap.mentions)
        }
        var names: [String] = []
        var aliases: [[String]] = []
        for person in 0..<peopleCount {
            // A dictionary's order changes from run to run (its hashes are seeded per process):
            // every order here ends with the text itself.
            let entries = spellings[person].sorted { x, y in
                x.value.count != y.value.count ? x.value.count > y.value.count : textOrder(x.key, y.key)
            }
            aliases.append(entries.map(\.key))
            let best = entries.min { x, y in
                if x.value.rank != y.value.rank { return x.value.rank < y.value.rank }
                if x.value.count != y.value.count { return x.value.count > y.value.count }
                return x.value.first != y.value.first ? x.value.first < y.value.first : textOrder(x.key, y.key)
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

        // Most mentioned first, then by name; ids (unique) settle the rest.
        let ranking = (0..<peopleCount).sorted { x, y in
            if mentionTotals[x] != mentionTotals[y] { return mentionTotals[x] > mentionTotals[y] }
            if names[x] != names[y] { return textOrder(names[x], names[y]) }
            return textOrder(ids[x], ids[y])
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

    /// The ranges of each article taken by mentions, to tell in O(log n) whether a candidate
    /// overlaps one (a scan of every mention per candidate was quadratic). Candidates must be
    /// claimed in order of article and start.
    struct TakenRanges {
        /// Per article, sorted, overlapping ones merged.
        var ranges: [Int32: [Range<Int32>]] = [:]
        var lastClaimed: (article: Int, end: Int32) = (-1, 0)

        init(_ flat: [FlatMention]) {
            for m in flat { ranges[m.article, default: []].append(m.start..<m.end) }
            for key in ranges.keys {
                var merged: [Range<Int32>] = []
                for r in ranges[key]!.sorted(by: { $0.lowerBound < $1.lowerBound }) {
                    if let last = merged.last, r.lowerBound < last.upperBound {
                        merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
                    } else {
                        merged.append(r)
                    }
                }
                ranges[key] = merged
            }
        }

        /// Takes `range` of `article` unless it overlaps a mention or a range claimed before.
        mutating func claim(article: Int, _ range: Range<Int32>) -> Bool {
            if lastClaimed.article == article && range.lowerBound < lastClaimed.end { return false }
            if let list = ranges[Int32(article)] {
                var lo = 0, hi = list.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if list[mid].lowerBound < range.upperBound { lo = mid + 1 } else { hi = mid }
                }
                // Of the ranges starting before `range` ends, only the last can reach into it.
                if lo > 0 && list[lo - 1].upperBound > range.lowerBound { return false }
            }
            lastClaimed = (article, lastClaimed.article == article ? max(lastClaimed.end, range.upperBound) : range.upperBound)
            return true
        }
    }

    /// A total order on texts, the same in every process: by UTF-8 bytes (`<` on `String`
    /// calls canonically equivalent spellings equal).
    static func textOrder(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
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
