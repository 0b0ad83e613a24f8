import Testing
@testable import Library

/// Error kinds seen on real news, each on articles written for the test.
@Suite struct RealNewsTests {
    /// Places and team names whose words look like a name ("Hong Kong", "Costa Rica"): the
    /// statistics drawn from tagged news know their words name places and clubs.
    @Test func placesAndClubsThatLookLikeNamesAreNotPeople() {
        #expect(personTexts("Floods cut roads in Sri Lanka and Costa Rica on Tuesday, officials said.").isEmpty)
        #expect(personTexts("Shares in Hong Kong rose, while the Hong Kong dollar held steady.").isEmpty)
        #expect(personTexts("Fiorentina beat Juventus 2-1 while Leverkusen drew with Dortmund.").isEmpty)
        // A real name beside them is still found.
        #expect(personTexts("In Hong Kong, Halvard Quennell said Leverkusen played well.") == ["Halvard Quennell"])
    }
}

extension RealNewsTests {
    /// A headline in capitals names the person the article names in mixed case.
    @Test func capitalsHeadlinesNameThePeopleOfTheArticle() {
        let text = "RUGBY - QUENNELL BACK FOR HARBOUR SIDE, BRINDLE MARROW OUT.\n\nOSLO 1996-08-28\n\n"
            + "Halvard Quennell returns on Saturday after injury, while Brindle Marrow is out. Quennell said he was fit."
        #expect(personTexts(text) == ["QUENNELL", "BRINDLE MARROW", "Halvard Quennell", "Brindle Marrow", "Quennell"])
        // Words in capitals the article does not name stay alone.
        #expect(personTexts("RUGBY - HARBOUR SIDE WIN.\n\nOSLO 1996-08-28\n\nHalvard Quennell scored.") == ["Halvard Quennell"])
    }
}

extension RealNewsTests {
    /// Results lists, scorer lines and scorecards: the country in brackets, the minute of a goal,
    /// a scorecard's "c" and "b" say who is a person where no sentence does.
    @Test func namesInListsAndTables() {
        let results = "Men's triple jump\n\n1. Brindle Quennell (Norway) 17.50 metres\n2. Tovald Marrow (U.S.) 17.29\n3. Ostrowicz (Poland) 17.01\n"
        #expect(personTexts(results) == ["Brindle Quennell", "Tovald Marrow", "Ostrowicz"])
        let scorers = "Harbour 2 (Quennell 23rd, Marrow 90th) Riverside 1 (Ostrowicz 15th)\n"
        #expect(personTexts(scorers) == ["Quennell", "Marrow", "Ostrowicz"])
        let card = "B. Tremayne c Quennell b Marrow 43\n"
        #expect(personTexts(card).suffix(2) == ["Quennell", "Marrow"])
        #expect(personTexts("Scorers: Quennell (50th minute), Tovald Marrow (penalty, 78th)\n") == ["Quennell", "Tovald Marrow"])
        #expect(personTexts("141 Tovald Quennell 72 69, Ostrowicz 70 71\n") == ["Tovald Quennell", "Ostrowicz"])
        // A given name for a surname ("Ostrowicz Ahmed") in a scorecard is still the whole name.
        #expect(personTexts("B. Tremayne lbw b Ostrowicz Ahmed 51\n").last == "Ostrowicz Ahmed")
        // A team before a score is not a person, nor a place in brackets after a team.
        #expect(personTexts("Harbour 2 Riverside 1\nHarbour (Norway) won.\n").isEmpty)
    }
}

extension RealNewsTests {
    /// Names made of words that are also cue words, demonyms or title words: "Greg Norman",
    /// "Lance Armstrong" (not a "Lance Corporal"), while streets and titles stay what they are.
    @Test func namesMadeOfCueWords() {
        #expect(personTexts("He said Greg Norman won, and Lance Armstrong was second.") == ["Greg Norman", "Lance Armstrong"])
        #expect(personTexts("Lance Corporal Ivan Quennell died in James Street.") == ["Ivan Quennell"])
    }
}

extension RealNewsTests {
    /// Particles inside a name whose given name no list knows: "Tovald de Quennell".
    @Test func particlesInsideUnknownNames() {
        #expect(personTexts("It rained, but Tovald de Quennell with 49 not out helped.") == ["Tovald de Quennell"])
    }
}

extension RealNewsTests {
    /// Firms named after partners ("Quennell Marrow & Co") and wire sign-offs ("-- Oslo
    /// Newsroom") name no one.
    @Test func firmsAndSignOffs() {
        #expect(personTexts("Shares of Tovald Quennell & Co rose, said Brindle Marrow & Partners.").isEmpty)
        #expect(personTexts("Bonds were flat.\n\n-- Halvard Newsroom +47 22 00 00").isEmpty)
    }
}

extension RealNewsTests {
    /// A sentence opening with two words no list knows, then a verb or a comma: a name whose
    /// given name is not in the lists ("Tovald Quennell hit ...").
    @Test func unknownNamesOpeningASentence() {
        #expect(personTexts("The game was tied. Tovald Quennell hit a 1-1 pitch to left.") == ["Tovald Quennell"])
        #expect(personTexts("Sales rose. Brindle Marrow, another former engineer, left.") == ["Brindle Marrow"])
        // A place and a common word do not make one.
        #expect(personTexts("Sales rose. Cuba Harbour said so.").isEmpty)
    }
}

extension RealNewsTests {
    /// A reporter's sign-off names the reporter.
    @Test func signOffs() {
        #expect(personTexts("Bonds were flat.\n\n-- Tovald Quennell, Oslo Newsroom +47 22 00 00") == ["Tovald Quennell"])
    }
}

extension RealNewsTests {
    /// A common word for a surname after a given name, mid-sentence: "Jimmy Key took the loss".
    @Test func commonWordSurnames() {
        #expect(personTexts("The Yankees lost as Jimmy Key took the loss.") == ["Jimmy Key"])
        // Not when a capitalised word follows or the first word is a common word too.
        #expect(personTexts("They met at the Key West office.").isEmpty)
    }
}
