import Testing
@testable import Library

/// The parts linking is made of answer what the rules they stand for say: the given-name index
/// what comparing with every cluster answers, the plain-ASCII paths what folding answers, the
/// taken ranges what checking every mention answers.
@Suite struct LinkingPartsTests {
    /// Given names with their near misses: known names and their spellings, one- and two-letter
    /// slips (swaps, drops, doublings, changes), initials, short and long names.
    static let givenNames: [String] = {
        let base = ["Vladimir", "Yevgeny", "Evgeny", "Aleksandr", "Alexander", "Sebastian", "Maria", "Mario", "Ivan", "Ivana",
                    "Konstantin", "Christopher", "Bartholomew", "Maximiliane", "Friederike", "Kwame", "Li", "Wei", "Ana", "Anna",
                    "Oleksandr", "Mohammed", "Muhammad", "Katherine", "Catherine", "Brindle", "Quennell", "Ottoline",
                    "Rosamund", "Halvard", "Leocadia", "Zanele", "Thabo", "Siobhan", "Aoife", "Declan", "Joao", "João"]
        var rng = SplitMix64(seed: 42)
        var out = base
        for name in base {
            let letters = Array(name.lowercased())
            for _ in 0..<3 {
                var slip = letters
                let i = Int(rng.next() % UInt64(slip.count))
                switch rng.next() % 4 {
                case 0: if i + 1 < slip.count { slip.swapAt(i, i + 1) }
                case 1: slip.remove(at: i)
                case 2: slip.insert(slip[i], at: i)
                default: slip[i] = Character(Unicode.Scalar(UInt8(0x61 + rng.next() % 26)))
                }
                if rng.next() % 2 == 0, slip.count > 6 { slip[slip.count - 2] = "e" }   // a second slip
                out.append(String(slip))
            }
        }
        out += ["V", "Y", "S", "K", "M", "A"]
        return out
    }()

    @Test func givenNameIndexAgreesWithTheScan() {
        let lexicon = Lexicon.shared
        let names = Self.givenNames.map { NameMatching.GivenName(Lexicon.fold($0), lexicon) }
        var rng = SplitMix64(seed: 7)
        for round in 0..<6 {
            let order = round == 0 ? Array(names.indices) : names.indices.shuffled(using: &rng)
            var scan = PeopleIndex.GivenClusters(indexFrom: Int.max)
            var indexed = PeopleIndex.GivenClusters(indexFrom: 0)
            let a = order.map { scan.place(names[$0]) }
            let b = order.map { indexed.place(names[$0]) }
            #expect(a == b)
            // The names do fall together (by spelling, group, initial, slips), and not all into one.
            #expect(scan.count < names.count / 2 && scan.count > 10)
        }
    }

    @Test func editDistanceOneWithoutTables() {
        let words = ["sebastian", "sebastain", "sebastan", "sebasttian", "sebastianx", "xsebastian", "sebastion", "abc", "ab", "b", ""]
        for x in words {
            for y in words {
                let a = Lexicon.fold(x), b = Lexicon.fold(y)
                #expect(NameMatching.withinOneLevenshtein(a, b) == (NameMatching.distance(a, b, limit: 2) <= 1), "\(x) \(y)")
            }
        }
    }

    @Test func plainPathsAgreeWithFolding() {
        let alphabet = Array("aZk9 -'\t\n\r.!Mq") + ["\r\n"]
        var rng = SplitMix64(seed: 3)
        for _ in 0..<400 {
            let n = Int(rng.next() % 14)
            let text = String((0..<n).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
            #expect(PeopleIndex.slug(text) == PeopleIndex.slug(text, plain: false))
            #expect(PeopleIndex.searchKey(text) == PeopleIndex.searchKey(text, plain: false))
            let person = Person(id: PeopleIndex.slug(text), name: text, aliases: [text, text.uppercased(), "O'Neill " + text, "Ann-Marie"],
                                mentionCount: 1, articleCount: 1)
            #expect(PeopleIndex.searchKeys(for: person) == PeopleIndex.searchKeys(for: person, plain: false))
        }
        #expect(PeopleIndex.plainSlug("José") == nil && PeopleIndex.plainSearchKey("a\r\nb") == nil)
    }

    @Test func takenRangesAgreeWithEveryMention() {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<40 {
            let articles = 6
            var flat: [PeopleIndex.FlatMention] = []
            for a in 0..<articles {
                var starts = (0..<Int(rng.next() % 6)).map { _ in Int32(rng.next() % 60) }
                if rng.next() % 2 == 0 { starts.sort() }
                for s in starts { flat.append(.init(article: Int32(a), start: s, end: s + 1 + Int32(rng.next() % 8), articlePerson: 0)) }
            }
            var candidates: [(article: Int, range: Range<Int32>)] = (0..<20).map { _ in
                let s = Int32(rng.next() % 70)
                return (Int(rng.next() % UInt64(articles)), s..<(s + 1 + Int32(rng.next() % 5)))
            }
            candidates.sort { ($0.article, $0.range.lowerBound) < ($1.article, $1.range.lowerBound) }
            var taken = PeopleIndex.TakenRanges(flat, articleCount: articles)
            var claimed: [(article: Int, range: Range<Int32>)] = []
            for c in candidates {
                let clear = !flat.contains { Int($0.article) == c.article && ($0.start..<$0.end).overlaps(c.range) }
                    && !claimed.contains { $0.article == c.article && $0.range.overlaps(c.range) }
                #expect(taken.claim(article: c.article, c.range) == clear)
                if clear { claimed.append(c) }
            }
        }
    }

    /// The mention columns sorted by place are the rows sorted the same way (a stable sort:
    /// mentions at one place keep their order), column for column.
    @Test func mentionColumnsSortAsRowsDo() {
        var rng = SplitMix64(seed: 12)
        for _ in 0..<40 {
            var rows: [PeopleIndex.FlatMention] = []
            var columns = PeopleIndex.MentionColumns()
            for k in 0..<Int(rng.next() % 50) {
                let row = PeopleIndex.FlatMention(article: Int32(rng.next() % 5), start: Int32(rng.next() % 12),
                                                  end: Int32(rng.next() % 30), articlePerson: Int32(k))
                rows.append(row)
                columns.append(article: row.article, start: row.start, end: row.end, articlePerson: row.articlePerson)
            }
            rows.sort { ($0.article, $0.start, $0.articlePerson) < ($1.article, $1.start, $1.articlePerson) }
            columns.sortByPlace()
            #expect(columns.articles == rows.map(\.article))
            #expect(columns.starts == rows.map(\.start))
            #expect(columns.ends == rows.map(\.end))
            #expect(columns.articlePersons == rows.map(\.articlePerson))
        }
    }

    /// A surname with many given names (past the point where the index takes over): a slip still
    /// joins its name, and different names stay apart.
    @Test func manyNamesakesStillLink() {
        var texts: [String] = []
        let givens = ["Ivan", "Olga", "Maria", "Anna", "Omar", "Hassan", "Fatima", "Amina", "Priya", "Rahul", "Anjali", "Arjun",
                      "Deepa", "Sanjay", "Carmen", "Luis", "Beatriz", "Rafael", "Ingrid", "Lars", "Astrid", "Pieter", "Margaret",
                      "William", "Jonathan", "Rebecca", "Declan", "Eleanor", "Marcus", "Teresa", "Gabriel", "Sebastian"]
        #expect(givens.count > PeopleIndex.GivenClusters().indexFrom)
        for g in givens { texts.append("Minister \(g) Novak spoke on Monday. Novak left.") }
        texts.append("Critics quoted Sebastain Novak at length. Sebastain Novak replied.")
        let idx = index(texts)
        #expect(idx.named("Sebastian Novak")?.aliases.contains("Sebastain Novak") == true)
        #expect(idx.people.filter { $0.name.hasSuffix(" Novak") }.count == givens.count)
    }
}
