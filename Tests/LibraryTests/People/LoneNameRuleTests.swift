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

/// The persons `Detection` has found in `text` before `mentions()`, with the revisions of
/// `revise()` or without them: a rule's test shows the rule is what changes the outcome.
func foundPersons(_ text: String, revised: Bool) -> [String] {
    let article = ArticleText(text)
    return article.scalars.withUnsafeBufferPointer { buffer in
        var d = Detection(buffer)
        d.tokenize()
        d.findNames()
        d.applyModel()
        if revised { d.revise() }
        return d.found.filter { $0.kind == .person && $0.form != .candidate }.sorted { $0.first < $1.first }.map {
            d.text(Int(d.tokens[$0.first].start), Int(d.tokens[$0.last].end))
        }
    }
}

@Suite struct RevisionRuleTests {
    /// King or Queen, a given name and another capitalised word: named after a monarch.
    @Test func namedAfterAMonarch() {
        let text = "He read aloud from the King James Bible every night."
        #expect(foundPersons(text, revised: false) == ["James Bible"])
        #expect(foundPersons(text, revised: true) == [])
        #expect(personTexts("The ship was launched by Queen Elizabeth in 1938.") == ["Elizabeth"])
    }

    /// A given name alone before a verb of saying or being becomes a one-name person.
    @Test func loneGivenIsPromoted() {
        let text = "The letters stopped in March. Gregory wrote again in June."
        #expect(personTexts(text) == ["Gregory"])
        let d = PeopleDetector.detect(ArticleText(text)).first
        #expect(d?.form == .surname)
    }

    /// "Surname, Given (Year)" in a reference list: the given names are the person's too.
    @Test func invertedReference() {
        let text = """
            The dig at Saqqara was led by Abu Talib Mansour until 1971, then by Abu Nasr Haddad.

            Further reading
            Mansour, Abu Talib (1988). Forty Seasons in the Sand. Cairo.
            """
        #expect(!foundPersons(text, revised: false).contains("Abu Talib"))
        #expect(foundPersons(text, revised: true).contains("Abu Talib"))
        // "Abu" alone would be either man's: the surname before the comma says whose.
        let idx = index([text])
        #expect(idx.people.count == 2)
        #expect(idx.named("Abu Talib Mansour")?.mentionCount == 3)
        // Not a place or a date after the comma.
        #expect(!personTexts("Mansour, Cairo (1988) is out of print.").contains("Cairo"))
    }
}
