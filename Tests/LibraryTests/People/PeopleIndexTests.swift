import Testing
@testable import Library

@Suite struct PeopleIndexTests {
    static let texts = [
        "Senator Olga Brandt opened the debate. Brandt spoke for an hour.",   // 0
        "Nothing about anyone here.",                                           // 1
        "Brandt’s rival, Tomas Ferreira, answered. Olga Brandt replied.",      // 2
        "Ferreira left early.",                                                 // 3
    ]

    static func sample() -> PeopleIndex { index(texts) }

    func person(_ idx: PeopleIndex, _ name: String) -> Int { idx.people.firstIndex { $0.name == name }! }

    @Test func peopleAreSortedByMentionsWithCounts() {
        let idx = PeopleIndexTests.sample()
        #expect(idx.people.map(\.name) == ["Olga Brandt", "Tomas Ferreira"])
        #expect(idx.people.map(\.mentionCount) == [4, 2])
        #expect(idx.people.map(\.articleCount) == [2, 2])
        #expect(idx.mentionCount == 6)
    }

    @Test func mentionsInAnArticleByOffset() {
        let idx = PeopleIndexTests.sample()
        let m = idx.mentions(inArticle: 2)
        let text = ArticleText(PeopleIndexTests.texts[2])
        #expect(m.map { text.string($0.range) } == ["Brandt", "Tomas Ferreira", "Olga Brandt"])
        #expect(m.map(\.person) == [0, 1, 0])
        #expect(idx.mentions(inArticle: 1).isEmpty)
        #expect(idx.mentions(inArticle: 99).isEmpty)
        #expect(idx.mentions(inArticle: -1).isEmpty)
        #expect(idx.mention(inArticle: 2, at: 3)?.range == 0..<6)
        #expect(idx.mention(inArticle: 2, at: 6) == nil)
        #expect(idx.mention(inArticle: 7, at: 0) == nil)
    }

    @Test func mentionsOfAPersonInCorpusOrder() {
        let idx = PeopleIndexTests.sample()
        let brandt = person(idx, "Olga Brandt")
        #expect(idx.mentions(of: brandt).map(\.article) == [0, 0, 2, 2])
        #expect(idx.articles(mentioning: brandt) == [0, 2])
        #expect(idx.articles(mentioning: person(idx, "Tomas Ferreira")) == [2, 3])
        #expect(idx.mentions(of: 5).isEmpty)
    }

    @Test func nextAndPreviousCrossArticles() {
        let idx = PeopleIndexTests.sample()
        let brandt = person(idx, "Olga Brandt")
        let all = idx.mentions(of: brandt)
        // From the second mention in article 0, the next is the first in article 2.
        let next = idx.nextMention(of: brandt, from: 0, offset: all[1].range.lowerBound)
        #expect(next == MentionLocation(article: 2, range: all[2].range, wrapped: false))
        // From inside article 1 (no mentions) forward and back.
        #expect(idx.nextMention(of: brandt, from: 1, offset: 0)?.article == 2)
        #expect(idx.previousMention(of: brandt, from: 1, offset: 0)?.range == all[1].range)
        // At the ends: nil, or round with `wrapping`.
        #expect(idx.nextMention(of: brandt, from: 2, offset: all[3].range.lowerBound) == nil)
        #expect(idx.nextMention(of: brandt, from: 2, offset: all[3].range.lowerBound, wrapping: true)
                == MentionLocation(article: 0, range: all[0].range, wrapped: true))
        #expect(idx.previousMention(of: brandt, from: 0, offset: all[0].range.lowerBound) == nil)
        #expect(idx.previousMention(of: brandt, from: 0, offset: 0, wrapping: true)?.range == all[3].range)
        #expect(idx.nextMention(of: 42, from: 0, offset: 0) == nil)
    }

    @Test func matchingIgnoresCaseAndAccentsAndTakesPrefixes() {
        let idx = index(["Maria José Peña met Siobhán O’Brien.", "Peña and O'Brien agreed."])
        let pena = idx.people.firstIndex { $0.name == "Maria José Peña" }!
        let obrien = idx.people.firstIndex { $0.name == "Siobhán O’Brien" }!
        #expect(idx.people(matching: "pena") == [pena])
        #expect(idx.people(matching: "PEÑ") == [pena])
        #expect(idx.people(matching: "jose") == [pena])
        #expect(idx.people(matching: "maria jose p") == [pena])
        #expect(idx.people(matching: "obrien") == [obrien])
        #expect(idx.people(matching: "o’bri") == [obrien])
        #expect(idx.people(matching: "siobhan") == [obrien])
        #expect(idx.people(matching: "zz").isEmpty)
        #expect(Set(idx.people(matching: "")) == Set(idx.people.indices))
        #expect(idx.person(id: idx.people[pena].id) == pena)
    }

    @Test func namedPrefersWholeWords() {
        let idx = index(["Anna Petrova met Annabel Petrov. Petrova and Petrov left."])
        #expect(idx.people(matching: "anna").count == 2)
        #expect(idx.people(named: "anna").map { idx.people[$0].name } == ["Anna Petrova"])
        #expect(idx.people(named: "petro").count == 2)
    }

    // MARK: Serialisation

    @Test func serialisationRoundTrips() throws {
        let idx = PeopleIndexTests.sample()
        let bytes = idx.serialize()
        let back = try PeopleIndex(serialized: bytes, articleCount: PeopleIndexTests.texts.count)
        #expect(back == idx)
        // Its buffer is made the exact size at once.
        #expect(bytes.count == idx.serializedSize)
        let empty = index(["", "no names"])
        #expect(empty.serialize().count == empty.serializedSize)
        #expect(try PeopleIndex(serialized: empty.serialize(), articleCount: 2) == empty)
    }

    @Test func damagedCachesThrowAndNeverCrash() {
        let idx = PeopleIndexTests.sample()
        let bytes = idx.serialize()
        let n = PeopleIndexTests.texts.count
        #expect(throws: PeopleIndex.FormatError.notAnIndex) { try PeopleIndex(serialized: [], articleCount: n) }
        #expect(throws: PeopleIndex.FormatError.articleCountMismatch(expected: 5, found: 4)) {
            try PeopleIndex(serialized: bytes, articleCount: 5)
        }
        var version = bytes
        version[4] = 9
        #expect(throws: PeopleIndex.FormatError.unsupportedVersion(9)) { try PeopleIndex(serialized: version, articleCount: n) }
        // Every truncation throws.
        for length in 0..<bytes.count {
            #expect(throws: PeopleIndex.FormatError.self) { try PeopleIndex(serialized: Array(bytes[0..<length]), articleCount: n) }
        }
        #expect(throws: PeopleIndex.FormatError.self) { try PeopleIndex(serialized: bytes + [0], articleCount: n) }
        // Every single corrupted byte either throws or reads as a valid index.
        for i in 0..<bytes.count {
            for value: UInt8 in [0x00, 0xFF, bytes[i] &+ 1, 0x80] {
                var damaged = bytes
                damaged[i] = value
                if let read = try? PeopleIndex(serialized: damaged, articleCount: n) {
                    for a in 0..<n { _ = read.mentions(inArticle: a) }
                    for p in read.people.indices { _ = read.mentions(of: p); _ = read.nextMention(of: p, from: 0, offset: 0, wrapping: true) }
                }
            }
        }
        // Huge counts are refused before anything is allocated.
        var huge = bytes
        huge[16] = 0xFF; huge[17] = 0xFF; huge[18] = 0xFF; huge[19] = 0x7F
        #expect(throws: PeopleIndex.FormatError.self) { try PeopleIndex(serialized: huge, articleCount: n) }
    }

    @Test func buildIgnoresBadInput() {
        let bad = [
            EntityMention(start: 5, end: 3, kind: .person, local: 0, surnameKey: "x", text: "x"),
            EntityMention(start: -1, end: 3, kind: .person, local: 0, surnameKey: "x", text: "x"),
            EntityMention(start: 0, end: 4, kind: .person, local: 0, surnameKey: "smith", text: "Ann Smith"),
            EntityMention(start: 2, end: 6, kind: .person, local: 0, surnameKey: "smith", text: "overlap"),
            EntityMention(start: 10, end: 14, kind: .place, text: "Oslo"),
        ]
        let idx = PeopleIndex.build(articleCount: 3, mentions: [bad])
        #expect(idx.mentionCount == 1)
        #expect(idx.people.map(\.name) == ["Ann Smith"])
        #expect(idx.mentions(inArticle: 2).isEmpty)
    }
}
