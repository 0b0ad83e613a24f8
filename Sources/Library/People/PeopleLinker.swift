#if canImport(Glibc)
import Glibc
#endif

/// Linking across the corpus: the persons of each article (`EntityMention.local`) become people.
///
/// Article persons with the same surname key are one person when their given names are
/// compatible (`NameMatching.givenCompatible`: spellings, transliterations, a misspelt given
/// name); a shared given name alone never links (Vladimir Lenin is not Vladimir Putin), and
/// different given names under one surname stay different people. An article person known only
/// by surname ("Trotsky") joins the one person of that surname named in full elsewhere; when
/// there are none, the surname-only article persons are one person ("Lenin"); when there are
/// several, they are one person of their own, named by the surname, rather than a guess. A
/// surname alone that its article kept apart from the person it names in full ("Mrs Penrose"
/// beside "Derek Penrose") never joins that person's corpus person.
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
    ///
    /// Linear in the corpus: strings are numbered once (hashing), then grouped by number, and a
    /// surname's given names are matched through `GivenClusters`' index.
    static func link(articleCount: Int, summaries: inout [Summary], releasing: Bool) -> PeopleIndex {
        // Article persons and the mentions in corpus order; surnames and given names numbered.
        var persons = PersonColumns()
        var allSpellings: [SpellingRow] = []
        var flat = MentionColumns()
        var candidates: [(article: Int, start: Int32, end: Int32, surnameKey: String, text: String)] = []
        // Sized up front (candidates may join each list): growing by doubling would briefly hold
        // two copies of the largest lists, the peak of a large corpus's loading.
        let candidateCount = summaries.reduce(0) { $0 + $1.candidates.count }
        let personCount = summaries.reduce(0) { $0 + $1.persons.count }
        flat.reserve(summaries.reduce(0) { $0 + $1.mentions.count } + candidateCount)
        persons.reserve(personCount + candidateCount)
        allSpellings.reserveCapacity(summaries.reduce(0) { $0 + $1.spellings.count } + candidateCount)
        candidates.reserveCapacity(candidateCount)
        var surnames = Interner(capacity: personCount / 4), givens = Interner(capacity: personCount / 4)
        // The spellings' texts, numbered as they come (in corpus order, not person by person).
        var texts = Interner()
        var surnameOf: [Int32] = [], givenOf: [Int32] = []   // by article person
        surnameOf.reserveCapacity(personCount)
        givenOf.reserveCapacity(personCount)
        // Taken summaries are freed as they are gathered, and the memory they held given back
        // every sixteenth of the way: they and what is gathered from them are not both whole
        // in memory (the strings kept are the pool's, so they hold none of those pages).
        var pool = releasing ? StringPool(copying: summaries.prefix(articleCount)) : StringPool()
        let releaseEvery = max(1024, summaries.count / 16)
        for a in 0..<min(articleCount, summaries.count) {
            let summary = summaries[a]
            if releasing {
                summaries[a] = Summary()
                if a % releaseEvery == releaseEvery - 1 { releaseFreedMemory() }
            }
            let base = Int32(flat.count)
            let personBase = Int32(persons.count)
            for person in summary.persons {
                surnameOf.append(surnames.number(pool.keep(person.surname)))
                let given = pool.keep(person.given)
                let spelt = given.isEmpty ? -1 : givens.spellingNumber(given)
                givenOf.append(spelt < 0 ? -1 : givens.number(ofSpelling: spelt))
                persons.append(first: person.first + base, mentions: person.mentions, sure: person.sure, article: Int32(a), given: spelt)
            }
            for spelling in summary.spellings {
                allSpellings.append(SpellingRow(text: texts.spellingNumber(pool.keep(spelling.text)), person: spelling.person + personBase,
                                                count: spelling.count, rank: spelling.rank, first: spelling.first + base))
            }
            for m in summary.mentions {
                flat.append(article: Int32(a), start: m.start, end: m.end, articlePerson: personBase + m.person)
            }
            for c in summary.candidates { candidates.append((a, c.start, c.end, pool.keep(c.surnameKey), pool.keep(c.text))) }
        }
        pool = StringPool()
        summaries = []
        if releasing { releaseFreedMemory() }

        // Corpus people: group article persons by surname (groups in order of first
        // appearance, members in corpus order), then by given name. What the groups read of
        // their members is laid out group by group first (`members.grouped`), so that each
        // group reads it in a stream rather than picking it from across the corpus.
        let members = Grouping(surnameOf, groups: surnames.count)
        let memberGiven = members.grouped(givenOf, groupOf: surnameOf)
        let memberFirst = members.grouped(persons.first, groupOf: surnameOf)
        let memberMentions = members.grouped(persons.mentions, groupOf: surnameOf)
        givenOf = []
        var personOfMember = [Int](repeating: -1, count: surnameOf.count)
        var peopleCount = 0
        var prepared = [NameMatching.GivenName?](repeating: nil, count: givens.count)
        var localOf = [Int32](repeating: -1, count: givens.count)
        // The one person each group's members all are, if they are one and named in full.
        var groupOwner = [Int](repeating: -1, count: surnames.count)
        /// Whether surname-only member `i` is in an article that also names someone of its
        /// surname (`list`, members) in full: the article kept them apart. `fullIn`: those articles.
        func keptApart(_ i: Int, _ list: Range<Int>, _ fullIn: inout Set<Int32>?) -> Bool {
            if fullIn == nil { fullIn = Set(list.filter { memberGiven[$0] >= 0 }.map { persons.article[Int(members.items[$0])] }) }
            return fullIn!.contains(persons.article[Int(members.items[i])])
        }
        for group in 0..<surnames.count {
            let list = members.range(group)
            // Distinct given names, most mentioned first (so the usual spelling leads). A given
            // name is spelt as the group first met it.
            var local: [(given: Int32, total: Int, first: Int, spelt: Int32)] = []
            for i in list where memberGiven[i] >= 0 {
                let g = Int(memberGiven[i])
                let first = Int(memberFirst[i])
                if localOf[g] < 0 {
                    localOf[g] = Int32(local.count)
                    local.append((memberGiven[i], 0, first, persons.given[Int(members.items[i])]))
                }
                let k = Int(localOf[g])
                local[k].total += Int(memberMentions[i])
                local[k].first = min(local[k].first, first)
            }
            let order = local.indices.sorted {
                let x = local[$0], y = local[$1]
                if x.total != y.total { return x.total > y.total }
                return x.first != y.first ? x.first < y.first : textOrder(givens.spelling(x.spelt), givens.spelling(y.spelt))
            }
            var clusters = GivenClusters(expected: order.count)
            var clusterPerson: [Int] = []
            var personOfLocal = [Int](repeating: -1, count: local.count)
            for k in order {
                let g = Int(local[k].given)
                let spelling = givens.spelling(local[k].spelt)
                // (The lexicon is only made when needed: an empty catalog links no names.)
                let name: NameMatching.GivenName
                if givens.mixed[g] {
                    name = NameMatching.GivenName(NameMatching.key(spelling), .shared)
                } else if let made = prepared[g] {
                    name = made
                } else {
                    name = NameMatching.GivenName(NameMatching.key(spelling), .shared)
                    prepared[g] = name
                }
                let c = clusters.place(name)
                if c == clusterPerson.count {
                    clusterPerson.append(peopleCount)
                    peopleCount += 1
                }
                personOfLocal[k] = clusterPerson[c]
            }
            var surnameOnly = -1
            // Articles naming someone of this surname in full: a surname alone there that the
            // article kept apart from them ("Mrs Penrose" beside "Derek Penrose") is someone else.
            var fullIn: Set<Int32>?
            for i in list {
                if memberGiven[i] >= 0 {
                    personOfMember[i] = personOfLocal[Int(localOf[Int(memberGiven[i])])]
                } else if clusterPerson.count == 1 && !keptApart(i, list, &fullIn) {
                    personOfMember[i] = clusterPerson[0]
                } else {
                    if surnameOnly < 0 { surnameOnly = peopleCount; peopleCount += 1 }
                    personOfMember[i] = surnameOnly
                }
            }
            // All one person, named in full: one cluster, and no surname alone kept apart.
            if clusterPerson.count == 1 && surnameOnly < 0 { groupOwner[group] = clusterPerson[0] }
            for entry in local { localOf[Int(entry.given)] = -1 }
        }
        var personOf = members.ungrouped(personOfMember, groupOf: surnameOf)
        personOfMember = []

        // Candidates ("Ferreira left early."): the one person of that surname, if there is one
        // and the corpus is sure of them. One capitalised phrase taken for a name once (a wire
        // sign-off, a table heading) must not mark its last word in every other article: the
        // person must be named in full with a known given name or after a title, or named more
        // than once in an article, or named in full in two articles.
        var fullArticles = [Int](repeating: 0, count: peopleCount)
        var sure = [Bool](repeating: false, count: peopleCount)
        for p in 0..<persons.count where persons.given[p] >= 0 {
            fullArticles[personOf[p]] += 1
            if persons.sure[p] || persons.mentions[p] >= 2 || fullArticles[personOf[p]] >= 2 { sure[personOf[p]] = true }
        }
        // One person, named in full somewhere (not a surname known only from context).
        let onlyPerson = groupOwner.map { $0 >= 0 && sure[$0] ? $0 : -1 }
        var added = false
        var taken: TakenRanges?
        if !candidates.indices.dropFirst().allSatisfy({ (candidates[$0 - 1].article, candidates[$0 - 1].start) <= (candidates[$0].article, candidates[$0].start) }) {
            candidates.sort { ($0.article, $0.start) < ($1.article, $1.start) }
        }
        for c in candidates {
            guard let group = surnames.find(c.surnameKey), onlyPerson[Int(group)] >= 0 else { continue }
            if taken == nil { taken = TakenRanges(articles: flat.articles, starts: flat.starts, ends: flat.ends, articleCount: articleCount) }
            // Skip one that overlaps a mention already there (only possible with foreign input).
            if !taken!.claim(article: c.article, c.start..<c.end) { continue }
            allSpellings.append(SpellingRow(text: texts.spellingNumber(c.text), person: Int32(persons.count), count: 1, rank: 2, first: Int32(flat.count)))
            persons.append(first: Int32(flat.count), mentions: 1, sure: false, article: Int32(c.article), given: -1)
            personOf.append(onlyPerson[Int(group)])
            flat.append(article: Int32(c.article), start: c.start, end: c.end, articlePerson: Int32(persons.count - 1))
            added = true
        }
        taken = nil
        candidates = []
        if added {
            flat.sortByPlace()
            // First mentions count in corpus order.
            var firstOf = [Int32](repeating: Int32.max, count: persons.count)
            for (i, p) in flat.articlePersons.enumerated() { firstOf[Int(p)] = min(firstOf[Int(p)], Int32(i)) }
            persons.first = firstOf
            for k in allSpellings.indices { allSpellings[k].first = firstOf[Int(allSpellings[k].person)] }
        }

        // Names, aliases and first mentions.
        var firstMention = [Int](repeating: Int.max, count: peopleCount)
        var mentionTotals = [Int](repeating: 0, count: peopleCount)
        for p in 0..<persons.count {
            let person = personOf[p]
            firstMention[person] = min(firstMention[person], Int(persons.first[p]))
            mentionTotals[person] += Int(persons.mentions[p])
        }
        persons = PersonColumns()
        let (names, aliases) = namesAndAliases(&allSpellings, texts: texts, personOf: personOf, peopleCount: peopleCount)
        texts = Interner()

        // Ids by first mention, so earlier people keep the plain form.
        var ids = [String](repeating: "", count: peopleCount)
        var used = Set<String>(minimumCapacity: peopleCount)
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
        for a in flat.articles { articleFirst[Int(a) + 1] += 1 }
        for a in 0..<articleCount { articleFirst[a + 1] += articleFirst[a] }
        // The columns become the index's own: the article persons turned into owners in place,
        // the articles (in article order, as `articleFirst` counts them) each mention's article,
        // and what linking used let go first (`derive` then adds a column of its own).
        for k in flat.articlePersons.indices { flat.articlePersons[k] = rankOf[personOf[Int(flat.articlePersons[k])]] }
        personOf = []
        return PeopleIndex(people: people, articleCount: articleCount, articleFirst: articleFirst,
                           starts: flat.starts, ends: flat.ends, owners: flat.articlePersons, articleOf: flat.articles)
    }

    /// Each person's display name and aliases from the spellings of their article persons
    /// (`personOf`; `texts` numbers their texts): the aliases are the distinct texts, most
    /// frequent first; the name is the best form (full before surname), then the most frequent,
    /// then the first mentioned. Empties `spellings`.
    static func namesAndAliases(_ spellings: inout [SpellingRow], texts: Interner, personOf: [Int], peopleCount: Int)
        -> (names: [String], aliases: [[String]]) {
        // The spellings person by person, each person's in corpus order (a counting sort): the
        // loop below then reads them in one stream, not gathered from across the whole list.
        var starts = [Int32](repeating: 0, count: peopleCount + 1)
        for row in spellings { starts[personOf[Int(row.person)] + 1] += 1 }
        for p in 0..<peopleCount { starts[p + 1] += starts[p] }
        var fill = starts
        let rows = [SpellingRow](unsafeUninitializedCapacity: spellings.count) { buffer, count in
            for row in spellings {
                let p = personOf[Int(row.person)]
                (buffer.baseAddress! + Int(fill[p])).initialize(to: row)
                fill[p] += 1
            }
            count = spellings.count
        }
        spellings = []
        var localOf = [Int32](repeating: -1, count: texts.count)
        struct Spelling { var text: Int32; var spelt: String; var count: Int; var rank: Int; var first: Int }
        var names: [String] = []
        var aliases: [[String]] = []
        names.reserveCapacity(peopleCount)
        aliases.reserveCapacity(peopleCount)
        var entries: [Spelling] = []
        for person in 0..<peopleCount {
            // Distinct texts (as `String` compares them), each spelt as the person first had it.
            entries.removeAll(keepingCapacity: true)
            for k in Int(starts[person])..<Int(starts[person + 1]) {
                let sp = rows[k]
                let t = Int(texts.number(ofSpelling: sp.text))
                if localOf[t] < 0 {
                    localOf[t] = Int32(entries.count)
                    entries.append(Spelling(text: Int32(t), spelt: texts.spelling(sp.text), count: 0, rank: Int(sp.rank), first: Int(sp.first)))
                }
                let e = Int(localOf[t])
                entries[e].count += Int(sp.count)
                entries[e].rank = min(entries[e].rank, Int(sp.rank))
                entries[e].first = min(entries[e].first, Int(sp.first))
            }
            for e in entries { localOf[Int(e.text)] = -1 }
            // Every order here ends with the text itself (the same in every process).
            entries.sort { x, y in x.count != y.count ? x.count > y.count : textOrder(x.spelt, y.spelt) }
            aliases.append(entries.map(\.spelt))
            let best = entries.min { x, y in
                if x.rank != y.rank { return x.rank < y.rank }
                if x.count != y.count { return x.count > y.count }
                return x.first != y.first ? x.first < y.first : textOrder(x.spelt, y.spelt)
            }
            names.append(best?.spelt ?? "")
        }
        return (names, aliases)
    }

    /// Items numbered by group (`groupOf[i]` in `0..<groups`), listed group by group, each
    /// group's items in their order: a counting sort.
    struct Grouping {
        let starts: [Int32]
        let items: [Int32]

        init(_ groupOf: [Int32], groups: Int) {
            var starts = [Int32](repeating: 0, count: groups + 1)
            for g in groupOf { starts[Int(g) + 1] += 1 }
            for g in 0..<groups { starts[g + 1] += starts[g] }
            var fill = starts
            var items = [Int32](repeating: 0, count: groupOf.count)
            for (i, g) in groupOf.enumerated() {
                items[Int(fill[Int(g)])] = Int32(i)
                fill[Int(g)] += 1
            }
            self.starts = starts
            self.items = items
        }

        /// `values` (one an item) listed as `items` lists the items: group by group. Written in
        /// a stream a group, read in item order (no gathering from across `values`).
        func grouped<T: FixedWidthInteger>(_ values: [T], groupOf: [Int32]) -> [T] {
            var fill = starts
            var out = [T](repeating: 0, count: values.count)
            for (i, g) in groupOf.enumerated() {
                out[Int(fill[Int(g)])] = values[i]
                fill[Int(g)] += 1
            }
            return out
        }

        /// The inverse of `grouped`: values listed group by group, back in item order.
        func ungrouped<T: FixedWidthInteger>(_ values: [T], groupOf: [Int32]) -> [T] {
            var fill = starts
            return groupOf.map { g in
                defer { fill[Int(g)] += 1 }
                return values[Int(fill[Int(g)])]
            }
        }

        /// Where group `group`'s items are in `items`.
        func range(_ group: Int) -> Range<Int> { Int(starts[group])..<Int(starts[group + 1]) }
    }

    /// A total order on texts, the same in every process: by UTF-8 bytes (`<` on `String`
    /// calls canonically equivalent spellings equal), compared with `memcmp` (the sorts of
    /// names call this hundreds of thousands of times at 100,000 articles).
    static func textOrder(_ a: String, _ b: String) -> Bool {
        // (In place, without copying either string; any string not stored as UTF-8 goes the
        // generic way.)
        let ordered = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in
                let n = min(x.count, y.count)
                let c = n == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, n)
                return c != 0 ? c < 0 : x.count < y.count
            }
        }
        if let ordered = ordered ?? nil { return ordered }
        return a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// "Vladimir Putin" → "vladimir-putin"; letters and digits of any script are kept.
    /// `plain`: through `plainSlug` when it can answer (tests compare the two).
    static func slug(_ name: String, plain: Bool = true) -> String {
        if plain, let slug = plainSlug(name) { return slug }
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
