import Testing
@testable import Library

/// One name-dense article (bench section 7; issue 16: 12.7 MB took 18 s): linking its persons
/// must cost in proportion to its size, however many persons share a surname and however often
/// each recurs. Counted, not timed: `Detection.linkSteps` (persons compared, mentions gone
/// through) for an article and for one four times as long.
@Suite struct DenseArticleScaleTests {
    static let givens = ["Anna", "Piotr", "Maria", "Thomas", "Helen", "Derek", "Margaret", "Ruth", "Simon", "Clare", "Martin", "Joanne",
                         "Peter", "Susan", "George", "Alice", "Daniel", "Laura", "Robert", "Emily", "Walter", "Fiona", "Henry", "Grace",
                         "Oliver", "Irene"]
    static let surnames = ["Kowalski", "Penrose", "Brennan"]

    /// `reports` short reports end to end: each names a person (`givens` given names × 3
    /// surnames) in full, then by surname alone, and a relative in passing; the first few also a
    /// titled surname. As in a real name-dense article, the persons grow more slowly than the
    /// text (here twice as many for four times the text).
    static func article(reports: Int, givens: Int) -> String {
        var out = ""
        for i in 0..<reports {
            let given = Self.givens[i % givens], surname = surnames[i % surnames.count]
            let relative = Self.givens[(i * 7 + 3) % givens]
            out += "\(given) \(surname) spoke to reporters in the town hall on Monday. \(surname) said the plan would work. "
            out += "His father, \(relative) \(surname), agreed. Later \(surname) left."
            out += i < 8 ? " Mrs \(surname) and Mr \(surname) stayed behind.\n\n" : "\n\n"
        }
        return out
    }

    @Test func linkingGrowsAsTheArticleDoes() {
        let small = PeopleDetector.detectCounting(ArticleText(Self.article(reports: 80, givens: 13)))
        let large = PeopleDetector.detectCounting(ArticleText(Self.article(reports: 320, givens: 26)))
        let persons = { (m: [EntityMention]) in m.filter { $0.kind == .person && $0.local >= 0 } }
        // The article is what it should be: name-dense, with many persons of each surname.
        #expect(persons(small.mentions).count >= 80 * 4)
        #expect(persons(large.mentions).count >= 320 * 4)
        #expect(Set(persons(large.mentions).map(\.local)).count >= 3 * 26)
        // Linear is 4; comparing each full name with every person of its surname again, or
        // going through a surname's mentions for each surname alone, made it 6 to 16.
        #expect(small.linkSteps > 0)
        #expect(Double(large.linkSteps) <= 4.4 * Double(small.linkSteps), "\(small.linkSteps) → \(large.linkSteps) steps")
    }

    /// A table sized for an article's names holds no more room than `WordTable.presized` up
    /// front, and grows past it as keys come.
    @Test func aTableForManyNamesGrowsAsKeysCome() {
        var table = WordTable<Int>(atMost: 150_000)
        let n = WordTable<Int>.presized * 5
        for k in 0..<n { table.set(UInt64(k) &* 0x9E37_79B9_7F4A_7C15, k) }
        #expect(table.count == n)
        #expect((0..<n).allSatisfy { table[UInt64($0) &* 0x9E37_79B9_7F4A_7C15] == $0 })
        #expect(table[12345] == nil)
    }
}
