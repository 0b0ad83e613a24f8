import Testing
@testable import Library

/// Linking within a family: two people of one article share a surname. A title that fixes the
/// sex (Mrs, Ms, Miss, Lady; Mr, Sir, Lord) never joins a person of the other sex; a bare
/// surname is the one named in full most recently, unless that one was named only as someone's
/// relative; "Mr and Mrs Penrose" and "the Penroses" name a family, not one person.
@Suite struct FamilyLinkingTests {
    /// The mentions of one article: text → display name of its person (the last one wins when a
    /// text occurs twice, so tests use distinct texts or check `all`).
    func linked(_ text: String) -> (names: [String: String], all: [(String, String)]) {
        let idx = index([text])
        var names: [String: String] = [:]
        var all: [(String, String)] = []
        let scalars = Array(text.unicodeScalars)
        for m in idx.mentions(inArticle: 0) {
            let surface = String(String.UnicodeScalarView(scalars[m.range]))
            names[surface] = idx.people[m.person].name
            all.append((surface, idx.people[m.person].name))
        }
        return (names, all)
    }

    @Test func aTitleOfOneSexNeverJoinsThePersonOfTheOther() {
        let (_, all) = linked("""
            Margaret Penrose ran the school for thirty years. Mrs Penrose retired in 1997. \
            She married Derek Penrose, a mining engineer, in 1962. Councillor Ann Bray said \
            Mrs Penrose had been a pillar of the village.
            """)
        let penroses = all.filter { $0.0 == "Penrose" }.map(\.1)
        #expect(penroses == ["Margaret Penrose", "Margaret Penrose"])
        #expect(all.contains { $0 == ("Derek Penrose", "Derek Penrose") })
    }

    @Test func mrJoinsTheManEvenWhenAWomanWasNamedLast() {
        let (_, all) = linked("""
            Steven Harbottle read the statement. His wife, Joanne Harbottle, sat in the gallery. \
            Mr Harbottle later spoke outside court.
            """)
        #expect(all.filter { $0.0 == "Harbottle" }.map(\.1) == ["Steven Harbottle"])
    }

    @Test func theSexOfAPersonComesFromTheirTitleOrRoleWhenTheGivenNameSaysNothing() {
        // "Alexis" and "Jordan" are given to both sexes: the title and the role noun decide.
        let (_, all) = linked("""
            Mrs Alexis Varga opened the shop in 1990. Her husband, Jordan Varga, kept the books. \
            Years later Mrs Varga sold it.
            """)
        #expect(all.filter { $0.0 == "Varga" }.map(\.1) == ["Alexis Varga"])
    }

    @Test func aTitleOfTheOtherSexIsSomeoneElse() {
        // Only Derek is named in full: "Mrs Penrose" is not him.
        let (_, all) = linked("""
            Derek Penrose, a mining engineer, died in 2015. Mrs Penrose said he loved the sea. \
            Penrose had worked at South Crofty for thirty years.
            """)
        let people = Dictionary(all.map { ($0.0, $0.1) }, uniquingKeysWith: { a, _ in a })
        #expect(people["Derek Penrose"] == "Derek Penrose")
        let surnames = all.filter { $0.0 == "Penrose" }.map(\.1)
        #expect(surnames.count == 2)
        #expect(surnames[0] != "Derek Penrose")
        #expect(surnames[1] == "Derek Penrose")
    }

    @Test func aRelativeNamedInPassingDoesNotTakeTheSurnameOver() {
        // The defendant is "Thwaites"; his father, named in passing, does not take the name over.
        let (_, all) = linked("""
            Gary Thwaites, 44, admitted the offence. Messages on Thwaites's phone were read. \
            He is the main carer for his father, Ronald Thwaites. Thwaites was jailed for six years.
            """)
        #expect(all.filter { $0.0 == "Thwaites" }.map(\.1) == ["Gary Thwaites", "Gary Thwaites"])
        #expect(all.contains { $0 == ("Ronald Thwaites", "Ronald Thwaites") })
    }

    @Test func aParentNamedAfterSonOfDoesNotTakeTheSurnameOver() {
        let (_, all) = linked("""
            Yusuf Haddad was born in Minya, the third son of Hassan Haddad, a cotton merchant. \
            Haddad studied in Cairo and later taught at Alexandria.
            """)
        #expect(all.filter { $0.0 == "Haddad" }.map(\.1) == ["Yusuf Haddad"])
    }

    @Test func aBareSurnameWithNoHistoryGoesToTheMostRecentFullName() {
        let (_, all) = linked("""
            Ralf Okafor won the first race. Later Michael Okafor crashed at the hairpin. \
            Okafor was taken to hospital.
            """)
        #expect(all.filter { $0.0 == "Okafor" }.map(\.1) == ["Michael Okafor"])
    }

    @Test func aCoupleOrAFamilyIsNotOnePerson() {
        let (names, all) = linked("""
            Derek Penrose spoke first. Mr and Mrs Penrose moved to Truro in 1970, and the \
            Penroses kept a boat at Falmouth.
            """)
        #expect(names["Derek Penrose"] == "Derek Penrose")
        #expect(all.count == 1, "\(all)")
        let (_, ampersand) = linked("Karen Hocking opened the fete. Mr & Mrs Hocking judged the cakes.")
        #expect(ampersand.map(\.0) == ["Karen Hocking"])
    }
}
