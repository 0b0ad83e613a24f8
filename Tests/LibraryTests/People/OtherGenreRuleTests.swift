import Testing
@testable import Library

/// The rules made for text that is not news wire (blogs, notes, features, encyclopaedia pages),
/// each on invented sentences unlike the gold articles'.
@Suite struct OtherGenreRuleTests {
    /// A place-name word English surnames share ends a place after any other word, a person's
    /// name after a given name.
    @Test func placeWordsSurnamesShare() {
        #expect(personTexts("We crossed Raven Beck and climbed Harrow Fell before lunch.") == [])
        #expect(mentionKinds("We crossed Raven Beck at noon.")["Raven Beck"] == .place)
        #expect(personTexts("The photographs are by Lucy Marsh and Owen Vale.") == ["Lucy Marsh", "Owen Vale"])
    }

    /// A given name alone that a role names, or that stands beside a person named in full.
    @Test func givenNameNamedByARole() {
        #expect(personTexts("He left the farm to his son Gerald last spring.") == ["Gerald"])
        #expect(personTexts("Their daughter, Imogen, runs the shop now.") == ["Imogen"])
        #expect(personTexts("She is survived by her sons, Kevin and Stuart, and a sister.") == ["Kevin", "Stuart"])
        #expect(personTexts("We went up with Hamish Reid and Gemma. At the top, Gemma found the path.") == ["Hamish Reid", "Gemma", "Gemma"])
        // A word qualifying the role after it is a club or a country, not a person.
        #expect(!personTexts("The midfielder Pablo and Boca defender Ruiz were suspended.").contains("Boca"))
    }

    /// Scorers and the minutes of their goals, in brackets after a score.
    @Test func scorersInBrackets() {
        let text = "Deportivo 2 (Lucarelli 12, Mbeki 77 pen) Osasuna 1 (Herrera 45)"
        #expect(personTexts(text) == ["Lucarelli", "Mbeki", "Herrera"])
    }

    /// Arabic names opened by "Abu" or "Abdel", and a hyphenated particle ending a pair.
    @Test func arabicNames() {
        #expect(personTexts("The book was edited by Abu Talib Mansour in Beirut.") == ["Abu Talib Mansour"])
        #expect(personTexts("Later, Samira el-Haddad took over the excavation.") == ["Samira el-Haddad"])
        #expect(personTexts("The temple at Abu Simbel was moved in the 1960s.") == [])
    }

    /// Three-word surname-first names and Hokkien surnames.
    @Test func surnameFirstThreeWords() {
        #expect(personTexts("The stall was opened by Goh Boon Kiat in 1962.") == ["Goh Boon Kiat"])
    }

    /// Organisation words of other languages end organisations' names.
    @Test func foreignOrganisationWords() {
        #expect(!personTexts("The striker joined Atlético Sociedad last year.").contains { $0.contains("Sociedad") })
        #expect(mentionKinds("He studied at the Universidad Complutense and the Kunst Stiftung.")["Kunst Stiftung"] == .organisation)
    }

    /// No apposition nor unknown pair after "in", "at", "near": two unknown words there are a place.
    @Test func placesAfterPrepositions() {
        #expect(personTexts("She grew up in Tollcross, the youngest of five.") == [])
        #expect(personTexts("They opened a surgery in Craigie Moss, a suburb of the city.") == [])
    }

    /// A common word as a given name in a list of persons; a determiner is none.
    @Test func commonWordGivenNameInAList() {
        #expect(personTexts("Present: Alan Pryce, Joy Okafor, Hope Mbatha and Dawn Kettle.").contains("Dawn Kettle"))
        #expect(!personTexts("Edited by Ruth Kessler, The Annual Survey of Birds is out.").contains { $0.hasPrefix("The") })
    }

    /// A word alone on its line is a heading; a word opening a sentence before a full name
    /// describes the person.
    @Test func headingsAndDescriptions() {
        let text = "Background\n\nThe survey began in May.\n\nBackground reading is listed below."
        #expect(personTexts(text) == [])
        #expect(personTexts("Illustrator Margaret Okafor drew the maps.") == ["Margaret Okafor"])
    }

    /// A byline in capitals; a headline in capitals names no one by itself.
    @Test func bylineInCapitals() {
        #expect(personTexts("By GWENDOLYN ASHCROFT\n\nThe hall reopened on Friday.") == ["GWENDOLYN ASHCROFT"])
        #expect(personTexts("CYCLING - DAVID WINS AGAIN\n\nThe race ended in rain.") == [])
    }

    /// A word with an English ending heading a table's column is no name in a results list.
    @Test func columnHeadingIsNoName() {
        #expect(personTexts("| Site | Salinity (PSU) | Notes |\n|------|------|------|\n| Weir | 31 | clear |") == [])
    }
}
