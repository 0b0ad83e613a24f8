import Testing
@testable import Library

/// Persons whose names are common words or look like other things, as real news writes them
/// (the examples are invented, in the style of the CoNLL-2003 training split where these cases
/// were studied).
@Suite struct CommonWordNameTests {
    /// "Hill" ends places' names too: after a given name (and a nationality) it is a surname.
    @Test func givenNameThenPlaceWordIsAPerson() {
        #expect(personTexts("At Denver, Dean Hill allowed two runs in seven innings. Hill struck out six.") == ["Dean Hill", "Hill"])
        #expect(personTexts("The Canadian Dean Hill called his rival a cheat on court.") == ["Dean Hill"])
        #expect(personTexts("Outspoken Canadian Dean Hill called his rival a cheat on court.") == ["Dean Hill"])
    }

    /// A surname that is a common word: the article names the person in full, then the bare
    /// word mid-sentence is the same person.
    @Test func commonWordSurnameKnownInFull() {
        let text = "The coach, Tony Young, said the squad was ready. Fans on Saturday cheered Young loudly."
        #expect(personTexts(text) == ["Tony Young", "Young"])
        // Without the full name the word stays a word.
        #expect(personTexts("Fans on Saturday cheered Young players loudly.") == [])
    }

    /// A given name and a common word at a sentence start, a results line's bracket after it.
    @Test func commonWordSurnameAtSentenceStart() {
        #expect(personTexts("Jimmy Key (9-10) took the loss as the home side lost again.") == ["Jimmy Key"])
    }

    /// An initial "A." is no article: "A. Giles" on a scorecard.
    @Test func initialAIsNotTheArticle() {
        let text = "Warwickshire 310 (A. Giles 83, T. Munton 54 not out) v Kent."
        #expect(personTexts(text).contains("A. Giles"))
    }

    /// The given name alone of the one person the article names in full with it.
    @Test func givenNameOfAFullNameAlone() {
        let text = "Jansher Khan won his eighth title on Sunday. The crowd cheered when Jansher lifted the cup."
        #expect(personTexts(text) == ["Jansher Khan", "Jansher"])
    }

    /// Two capitalised parts joined by an Arabic connector are one name.
    @Test func arabicConnectorJoinsOneName() {
        let text = "Pakistan first innings\nM. Atherton c Inzamam-ul-Haq b Mushtaq Ahmed 43\nA. Stewart b Saqlain Mushtaq 12"
        #expect(personTexts(text).contains("Inzamam-ul-Haq"))
    }

    /// "van" is a given name too, but in lower case inside a name it is the particle.
    @Test func lowerCaseParticleIsNoGivenName() {
        #expect(personTexts("Defenders Raymond Atteveld and Erwin van der Looi were sent off.") == ["Raymond Atteveld", "Erwin van der Looi"])
        #expect(personTexts("The chief spokesman Nikolaus van der Pas told a news briefing that it was over.") == ["Nikolaus van der Pas"])
    }

    /// A name the span model joins ("Rusty" + "Kemp") makes its surname known, in a headline
    /// in capitals and alone, as a full name the rules find does.
    @Test func joinedNameMakesItsSurnameKnown() {
        let text = "BASEBALL - KEMP HOMER LIFTS TEXAS PAST INDIANS.\n\nCLEVELAND 1996-08-22\n\nRusty Kemp's two-run homer in the top of the 10th inning rallied the Texas Rangers to a 10-8 victory.\n\nKemp hit a 1-1 pitch over the right-field fence.\n"
        #expect(personTexts(text) == ["KEMP", "Rusty Kemp", "Kemp"])
    }

    /// "Lee" opens surname-first names ("Lee Teng-hui"), but before a word that ends names in
    /// news it is a given name: "Lee Kemp" is Kemp, in the headline too.
    @Test func surnameFirstWordBeforeASurnameIsAGivenName() {
        let text = "SOCCER - KEMP HITS WINNER TO EASE PRESSURE ON LEEDS.\n\nLEEDS, England 1996-08-26\n\nThe former England winger Lee Kemp hit a superb strike from the edge of the penalty area to give Leeds their first win of the season.\n\nKemp repaid a huge slice of the fee with a second-half goal.\n"
        #expect(personTexts(text) == ["KEMP", "Lee Kemp", "Kemp"])
    }

    /// A word the span model is sure is no name in its article stays no name there, whoever
    /// another article names with it: "Windows 95" after a cricketer "Matt Windows".
    @Test func sureNonNameIsNotMadeAPersonByAnotherArticle() {
        let idx = index([
            "Cricket - Essex poised.\n\nChelmsford 1996-08-22\n\nMatt Windows took four wickets for 32 runs as Essex bowled out the visitors.\n",
            "Huge Windows 95 sales fail to meet expectations.\n\nSEATTLE 1996-08-22\n\nEven though millions of copies of Windows 95 have been sold, shelves were jammed with boxes of Windows 95.\n\nSales of Windows 95 and the Office 95 upgrade were slow, and the older version of Windows is still used.\n",
        ])
        #expect(idx.named("Matt Windows")?.articleCount == 1)
        #expect(idx.mentions(inArticle: 1).isEmpty)
    }

    /// One capital alone is no surname nobody knows, so "Income N" in a table does not make
    /// every "N/A" a person.
    @Test func oneCapitalIsNoUnknownSurname() {
        let text = "IPO FILING -- Homestead Lodging Inc.\n\nCompany Name Homestead Lodging Inc\n\nEstimated price range N/A\n\nTotal shares to be offered N/A\n\nShrs offered by company N/A\n\nFinancial Data in 000s: 1995 1994\n\n- Revenue N/A N/A\n\n- Net Income N/A N/A\n"
        #expect(personTexts(text) == [])
    }
}
