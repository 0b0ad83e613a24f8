import Testing
@testable import Library

/// Linking summaries it is given to keep (`build(taking:)`: freed as they are gathered, their
/// long strings copied first) makes the same index as linking a copy.
@Suite struct LinkingTakenTests {
    /// Names past 15 bytes of UTF-8 (strings with storage of their own), one spelt two ways
    /// with the same letters (a composed and a decomposed "é"), short names, a candidate.
    static let texts: [String] = (0..<30).map { k in
        let e = k % 3 == 0 ? "e\u{301}" : "\u{E9}"
        let surnames = ["Oyelaran-Whitfield", "Castellanos-Moreno", "Abernathy-Lindqvist", "Okonkwo-Hargreaves"]
        let other = surnames[k % surnames.count]
        return """
            Minister Maximiliano Fernández-Castellanos spoke in the capital. Fernández-Castellanos left. \
            Dr. Anastasia Vel\(e)zquez-Oyelaran replied, and Li Zhang agreed. \
            \(other) arrived late; Bartholomew \(other) did not. Reporters asked \(other) twice. \
            \(k % 2 == 0 ? "Minister Rosalind Featherstonehaugh spoke." : "Featherstonehaugh left early.")
            """
    }

    static func summaries(_ texts: [String]) -> [PeopleIndex.Summary] {
        texts.map { PeopleIndex.Summary(PeopleDetector.detect(ArticleText($0))) }
    }

    @Test func takenSummariesLinkAsACopyDoes() {
        let given = Self.summaries(Self.texts)
        #expect(given.contains { !$0.candidates.isEmpty })
        let kept = PeopleIndex.build(articleCount: given.count, summaries: given)
        var taken = Self.summaries(Self.texts)
        let linked = PeopleIndex.build(articleCount: taken.count, taking: &taken)
        #expect(taken.isEmpty)
        #expect(kept.people.count > 5)
        #expect(kept.people.contains { $0.name.utf8.count > 15 })
        #expect(linked == kept)
        #expect(linked.serialize() == kept.serialize())
        // A spelling keeps its bytes: the name spelt with a decomposed "é" first is spelt so.
        let aliases = linked.people.flatMap(\.aliases).map { Array($0.utf8) }
        #expect(aliases.contains(Array("Anastasia Vele\u{301}zquez-Oyelaran".utf8)))
        #expect(!aliases.contains(Array("Anastasia Vel\u{E9}zquez-Oyelaran".utf8)))
        #expect(linked.named("Rosalind Featherstonehaugh")?.aliases.contains("Featherstonehaugh") == true)
    }

    @Test func moreSummariesThanArticlesLinkTheFirstOnly() {
        let given = Self.summaries(Self.texts)
        let kept = PeopleIndex.build(articleCount: 20, summaries: given)
        var taken = Self.summaries(Self.texts)
        #expect(PeopleIndex.build(articleCount: 20, taking: &taken) == kept)
        #expect(kept == PeopleIndex.build(articleCount: 20, summaries: Array(given.prefix(20))))
    }
}
