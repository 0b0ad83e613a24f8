import Testing
@testable import Library

/// Issue 15, the live filter at 100,000 articles: `"the t` scanned every article's words for
/// "the" (phrase followers now answer it), and `person:b` compared every person's every name as
/// a string (a table of names by first byte now). The answers must not change: every prefix of
/// these queries, typed into a live filter on generated articles, against a brute-force search.
@Suite("Filter speed-ups give the same answers")
struct FilterSpeedupTests {
    static let queries = [
        "\"the treaty", "\"the nobel", "\"the t x", "\"of the c", "\"said the m", "\"the treaty of the",
        "\"the’s", "\"the s", "harbour \"the r", "-\"the t", "\"by the o\" OR \"the w",
        "person:berg", "person:müller", "person:o’s", "person:van der", "person:maría z", "berg person:s",
    ]

    /// The catalog, its index with followers (for any size of text: the corpus is small), and
    /// what brute force needs.
    static func catalog() -> (Catalog, SearchIndex, [BruteForce.Doc]) {
        let generator = CorpusGenerator(seed: 11)
        let docs = (0..<260).map { i -> (path: String, text: String) in
            let d = generator.document(i)
            return (d.name, d.text)
        }
        let catalog = Catalog(documents: docs)
        let brute = catalog.corpus.articles.enumerated().map { i, a in
            BruteForce.Doc(text: BruteForce.words(docs[i].text), title: BruteForce.words(a.title),
                           author: BruteForce.words(a.author ?? ""))
        }
        var index = catalog.search
        for f in index.fields.indices { index.fields[f].followers = PhraseFollowers(index.fields[f], minimumUnits: 0) }
        return (catalog, index, brute)
    }

    /// `person:` as it was answered before the name table: every person's keys compared as strings.
    static func slowResolver(_ people: PeopleIndex) -> SearchIndex.PersonResolver {
        { name, isPrefix in
            let q = PeopleIndex.searchKey(name)
            let all = people.people.indices
            func prefixed() -> [Int] { q.isEmpty ? Array(all) : all.filter { p in people.searchKeys[p].contains { $0.hasPrefix(q) } } }
            var ids = prefixed()
            if !isPrefix {
                let exact = all.filter { p in people.searchKeys[p].contains { $0 == q } }
                if !exact.isEmpty { ids = exact }
            }
            return ids.isEmpty ? nil : Array(Set(ids.flatMap { people.articles(mentioning: $0) }))
        }
    }

    @Test func everyPrefixAgreesWithBruteForce() throws {
        let (catalog, index, brute) = Self.catalog()
        // A corpus this small has no followers of its own: only the one made for the test does.
        #expect(catalog.search.fields[SearchIndex.textField].followers.lists.isEmpty)
        // The followers are in use: "the" is among the words that have them.
        #expect(index.fields[SearchIndex.textField].followers.lists.count > 0)
        let slow = Self.slowResolver(catalog.people)
        var nonTrivial = 0
        for script in Self.queries {
            var filter = LiveFilter(articleCount: catalog.corpus.articles.count)
            for end in script.indices {
                let typed = String(script[...end])
                filter.update(typed, index: index, people: catalog.personResolver)
                guard let query = try? Query.parse(typed, prefixLast: true, lenient: true) else { continue }
                let expected = brute.indices.filter { BruteForce.matches(query, brute[$0], people: slow, index: $0) }
                #expect(filter.result.articles == expected, "\(typed)")
                if !expected.isEmpty && expected.count < brute.count { nonTrivial += 1 }
            }
        }
        #expect(nonTrivial > 60)
    }

    /// The followers are what the codes say: each listed word's next word, article by article.
    @Test func followersAreTheNextWords() throws {
        let (_, index, _) = Self.catalog()
        let f = index.fields[SearchIndex.textField]
        #expect(!f.followers.lists.isEmpty)
        f.codes.withUnsafeBufferPointer { u in
            for list in f.followers.lists {
                for d in 0..<f.articleCount {
                    var expected: [UInt16] = []
                    var p = Int(f.docStarts[d])
                    let end = Int(f.docStarts[d + 1])
                    while p < end {
                        let (rank, next) = f.wordAt(p, u)
                        if rank == list.rank && next < end { expected += u[next..<f.wordAt(next, u).next] }
                        p = next
                    }
                    #expect(Array(list.units[Int(list.starts[d])..<Int(list.starts[d + 1])]) == expected)
                }
            }
        }
    }

    /// The name table answers as comparing the strings does, for ASCII queries and others, on
    /// keys with combining marks, CR LF and a Kelvin sign (canonically a K).
    @Test func nameTableAgreesWithStringComparison() throws {
        let keys: [[String]] = [
            ["berg", "bergman", "b"], ["e\u{301}mile", "emile", "é"], ["a\r\nb", "a"], ["\u{212A}elvin", "k"],
            ["van der berg", "van", "der"], ["o'sullivan"], [""], ["x\u{300}", "xavier"], ["ber"],
        ]
        let table = NameTable(keys: keys)
        var queries: Set<String> = ["K", "Kelvin", "a\r", "a\r\n", "e", "é", "e\u{301}", "x", "zz"]
        for list in keys { for key in list { for end in key.indices { queries.insert(String(key[...end])) } } }
        for q in queries where !q.isEmpty {
            for exact in [false, true] {
                var found = Set<Int>()
                let answered = table.people(q, exact: exact) { found.insert($0) } != nil
                let expected = Set(keys.indices.filter { p in keys[p].contains { exact ? $0 == q : $0.hasPrefix(q) } })
                if answered { #expect(found == expected, "\(q.unicodeScalars.map { $0.value }) exact \(exact)") }
                #expect(answered == NameTable.isPlain(q.utf8), "\(q)")
            }
        }
    }
}
