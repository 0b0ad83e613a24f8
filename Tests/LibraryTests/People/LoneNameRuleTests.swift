import Testing
@testable import Library

/// The rules of `people7` for names standing alone, each on invented sentences unlike the gold
/// articles'.
@Suite struct LoneNameRuleTests {
    /// A known given name alone that nobody in the article carries in full, before a verb of
    /// saying or being or with a possessive, is a one-name person; a given name alone with
    /// nothing of the kind after it is not taken.
    @Test func givenNameAloneBeforeAVerbIsSomeone() {
        #expect(personTexts("The letters stopped in March. Gregory wrote again in June.") == ["Gregory"])
        #expect(personTexts("Nobody at the depot knew where Vernon was that night.") == ["Vernon"])
        #expect(personTexts("The meeting ended early, and Priscilla's notes were lost.") == ["Priscilla"])
        #expect(personTexts("The meeting ended early near Priscilla Street.") == [])
        // Someone named in full with that given name takes it, as before.
        let idx = index(["Gregory Palmer left in March. Gregory wrote again in June."])
        #expect(idx.people.count == 1)
        #expect(idx.people.first?.mentionCount == 2)
    }
}
