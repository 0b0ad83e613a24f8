import Testing
@testable import Library

/// The span model (`PeopleDetector+Model.swift`): what it overrules in the rules' doubtful
/// names, in articles written here in the style of wire news (none of it from CoNLL-2003).
@Suite struct SpanModelTests {
    /// The persons one article names, as `reader people` lists them (candidates linked or
    /// dropped by the index), each with its mentions' texts.
    static func people(_ text: String) -> [String: [String]] {
        let mentions = [PeopleDetector.detect(ArticleText(text))]
        let index = PeopleIndex.build(articleCount: 1, mentions: mentions)
        var out: [String: [String]] = [:]
        for p in index.people.indices {
            let scalars = Array(text.unicodeScalars)
            out[index.people[p].name] = index.mentions(of: p).map { String(String.UnicodeScalarView(scalars[$0.range])) }
        }
        return out
    }

    @Test func wordsAloneThatNameThingsAreNotPeople() {
        let found = Self.people("""
            Airline grounds fleet after fire.

            MOSCOW 1996-08-29

            The Karavia Airlines Ilyushin 154 flight from Moscow was carrying 129 passengers.

            "It was hard," said Dr. Michael Stroud, a veteran Eco-Trek participant.

            The official al-Nahar newspaper said on Thursday that the talks had failed.
            """)
        #expect(found["Michael Stroud"] == ["Michael Stroud"])
        #expect(found["Ilyushin"] == nil)
        #expect(found["Eco-Trek"] == nil)
        #expect(found["al-Nahar"] == nil)
    }

    @Test func anUnknownWordThatSpeaksInQuotesIsAPersonAllThroughTheArticle() {
        let found = Self.people("""
            Coach says squad is ready.

            BERLIN 1996-08-29

            "We'll have to see which other players are fit," Oberhaus said.

            "The match between the two teams will be excellent," Oberhaus said on Thursday.
            """)
        #expect(found["Oberhaus"] == ["Oberhaus", "Oberhaus"])
    }

    /// The rules' best evidence — a word after a title ("Miss"), a headline word in capitals —
    /// is no longer beyond the model's reach: a title contest and a sports headline name no one.
    @Test func wordsAfterATitleOrInAHeadlineThatNameNoOneAreDropped() {
        let pageant = Self.people("""
            Miss Universe skips gala.

            LAS VEGAS 1996-08-22

            Miss Universe, Venezuela's Carla Ortega, did not attend the gala on Wednesday.

            Ortega, who won the Miss Universe title in May, said she was tired.
            """)
        #expect(pageant["Universe"] == nil)
        #expect(pageant["Carla Ortega"] == ["Carla Ortega", "Ortega"])
        let standings = Self.people("""
            BASEBALL - MAJOR LEAGUE STANDINGS AFTER TUESDAY'S GAMES.

            NEW YORK 1996-08-28

            Major League Baseball standings after games played on Tuesday.

            Jeff Hollander homered twice for Boston.
            """)
        #expect(standings["BASEBALL"] == nil)
        #expect(standings["Jeff Hollander"] == ["Jeff Hollander"])
    }

    /// A given name the lexicon lacks, left alone by the rules before a surname ("Trainer
    /// Dorran" at a sentence start, "Rusty" a common word), joins it: one name, not a surname alone.
    @Test func aWordAloneBeforeASurnameJoinsIt() {
        let found = Self.people("""
            Ferguson back in squad.

            GLASGOW 1996-08-22

            Trainer Dorran Ferguson kept faith with the side that won the cup.

            Rusty Campbell's two-run homer in the 10th lifted Texas.
            """)
        #expect(found["Dorran Ferguson"]?.contains("Dorran Ferguson") == true)
        #expect(found["Rusty Campbell"] == ["Rusty Campbell"])
        #expect(found["Campbell"] == nil)
    }

    @Test func weightsDecodeToTheRecordsWritten() {
        // One record: feature hash 0x0102030405060708, weight 1.5 (0x3FC00000), little-endian.
        let bytes: [UInt8] = [0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01, 0x00, 0x00, 0xC0, 0x3F]
        let model = SpanModel(base64(bytes))
        #expect(!model.isEmpty)
        #expect(model.weight(0x0102_0304_0506_0708) == 1.5)
        #expect(model.weight(42) == 0)
        #expect(model.score([0x0102_0304_0506_0708, 0x0102_0304_0506_0708, 7]) == 3)
        #expect(!SpanModel.shared.isEmpty)
    }

    @Test func base64SkipsWhatIsNotOfItsAlphabet() {
        let bytes = (0...255).map { UInt8($0) } + [7]
        var text = ""
        for (i, c) in base64(bytes).enumerated() { text.append(c); if i % 13 == 12 { text += "\n    " } }
        #expect(SpanModel.decodeBase64(text) == bytes)
        #expect(SpanModel.decodeBase64("") == [])
    }

    func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var out = ""
        var i = 0
        while i < bytes.count {
            let n = min(3, bytes.count - i)
            var v: UInt32 = 0
            for j in 0..<3 { v = v << 8 | UInt32(j < n ? bytes[i + j] : 0) }
            for j in 0..<4 { out.append(j <= n ? alphabet[Int(v >> (18 - 6 * UInt32(j)) & 63)] : "=") }
            i += 3
        }
        return out
    }

    /// `people-train --cross-fit` reads each part of the training split with word statistics
    /// that never saw it: the spans' features must come from the lexicon it passes, not the
    /// shipped one ("Anderson" is a surname only by the statistics).
    @Test func trainingSpansReadTheStatisticsTheyAreGiven() {
        let text = ArticleText("Talks resume.\n\nThe offer was rejected, Anderson told reporters on Monday.\n")
        var none = Lexicon.Statistics()
        none.surnames = ""
        func features(_ spans: [TrainingSpan]) -> [UInt64]? {
            spans.first { $0.start == 39 && $0.end == 47 }?.features
        }
        let shipped = features(PeopleDetector.trainingSpans(text))
        let withoutSurnames = features(PeopleDetector.trainingSpans(text, lexicon: Lexicon(statistics: none)))
        #expect(shipped != nil)
        #expect(shipped != withoutSurnames)
        #expect(features(PeopleDetector.trainingSpans(text, lexicon: Lexicon(statistics: Lexicon.Statistics()))) == shipped)
    }
}
