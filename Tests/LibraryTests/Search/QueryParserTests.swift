import Testing
@testable import Library

@Suite("Query parser")
struct QueryParserTests {
    func tree(_ text: String, prefixLast: Bool = false, lenient: Bool = false) throws -> String {
        try Query.parse(text, prefixLast: prefixLast, lenient: lenient).description
    }

    func failure(_ text: String, lenient: Bool = false) -> QueryError? {
        do {
            _ = try Query.parse(text, lenient: lenient)
            return nil
        } catch {
            return error
        }
    }

    @Test func wordsAreAndedAndFolded() throws {
        #expect(try tree("Putin  WAGNER") == "AND(putin, wagner)")
        #expect(try tree("José") == "jose")
        #expect(try tree("Straße") == "strasse")
    }

    @Test func phrasesAndPunctuatedWords() throws {
        #expect(try tree("\"Vladimir  Putin\"") == "\"vladimir putin\"")
        #expect(try tree("“smart quotes”") == "\"smart quotes\"")
        #expect(try tree("rostov-on-don") == "\"rostov on don\"")
        #expect(try tree("\"one\"") == "one")
    }

    @Test func apostrophesJoinParts() throws {
        let q = try Query.parse("O’Brien putin's")
        #expect(q.terms[0].parts == ["o", "brien"])
        #expect(q.terms[0].joins == [true])
        #expect(q.terms[1].parts == ["putin", "s"])
        #expect(q.description == "AND(\"o'brien\", \"putin's\")")
        // A trailing apostrophe is only punctuation.
        #expect(try tree("putin'") == "putin")
    }

    @Test func exclusionOrAndGroups() throws {
        #expect(try tree("a -b -\"c d\"") == "AND(a, NOT(b), NOT(\"c d\"))")
        #expect(try tree("a OR b") == "OR(a, b)")
        #expect(try tree("a|b | c") == "OR(a, b, c)")
        #expect(try tree("kremlin putin OR medvedev") == "AND(kremlin, OR(putin, medvedev))")
        #expect(try tree("(a b) OR c") == "OR(AND(a, b), c)")
        #expect(try tree("-(a OR b) c") == "AND(NOT(OR(a, b)), c)")
        #expect(try tree("war or peace") == "AND(war, or, peace)")
    }

    @Test func fields() throws {
        #expect(try tree("title:Putin author:\"Jane Doe\"") == "AND(title:putin, author:\"jane doe\")")
        #expect(try tree("Title:(a OR b)") == "OR(title:a, title:b)")
        #expect(try tree("-author:x") == "NOT(author:x)")
        let q = try Query.parse("person:Prigozhin")
        #expect(q.terms[0].field == .person)
        #expect(q.terms[0].text == "Prigozhin")
        #expect(q.usesPeople)
        // `word:` with nothing after it is the word; digits before a colon are not a field.
        #expect(try tree("update: putin") == "AND(update, putin)")
        #expect(try tree("10:30") == "\"10 30\"")
    }

    @Test func prefixLast() throws {
        #expect(try tree("putin prig", prefixLast: true) == "AND(putin, prig*)")
        #expect(try tree("putin prig ", prefixLast: true) == "AND(putin, prig)")
        #expect(try tree("\"vladimir pu\"", prefixLast: true) == "\"vladimir pu\"")
        #expect(try tree("\"vladimir pu", prefixLast: true, lenient: true) == "\"vladimir pu\"*")
        #expect(try tree("title:prig", prefixLast: true) == "title:prig*")
        #expect(try tree("a -prig", prefixLast: true) == "AND(a, NOT(prig))")
        #expect(try tree("o'bri", prefixLast: true) == "\"o'bri\"*")
        #expect(try tree("prig", prefixLast: false) == "prig")
    }

    @Test func highlightsNumberDistinctPositiveTerms() throws {
        let q = try Query.parse("putin -wagner \"a b\" Putin person:x title:putin")
        #expect(q.terms.map(\.highlight) == [0, nil, 1, 0, nil, 0])
        #expect(q.highlightCount == 2)
    }

    @Test func malformedQueriesSayWhatAndWhere() {
        #expect(failure("putin \"wagner") == QueryError("unclosed quote (opened here)", column: 7))
        #expect(failure("a - b")?.column == 3)
        #expect(failure("-")?.message.contains("'-' needs") == true)
        #expect(failure("OR a") == QueryError("OR needs something before it", column: 1))
        #expect(failure("a OR") == QueryError("OR needs something after it", column: 3))
        #expect(failure("a | ") == QueryError("'|' needs something after it", column: 3))
        #expect(failure("a OR OR b")?.column == 3)
        #expect(failure("title:")?.message.contains("title: needs") == true)
        #expect(failure("a title: b")?.column == 3)
        #expect(failure("colour:red")?.message.contains("unknown field 'colour:'") == true)
        #expect(failure("(a b")?.column == 1)
        #expect(failure("a b)")?.column == 4)
        #expect(failure("()")?.message == "empty parentheses")
        #expect(failure("\"\"")?.message == "empty phrase \"\"")
        #expect(failure("") == QueryError("empty query", column: 1))
        #expect(failure("   ") == QueryError("empty query", column: 1))
        #expect(failure("a &&")?.message == "'&&' has no letters or digits to search for")
        #expect(failure("title:(author:x)")?.message.contains("inside a field") == true)
        // Columns count characters, not bytes or scalars.
        #expect(failure("Ĵosé́ \"x")?.column == 6)
    }

    @Test func lenientForgivesUnfinishedTyping() throws {
        #expect(try tree("\"vladimir pu", lenient: true) == "\"vladimir pu\"")
        #expect(try tree("putin -", lenient: true) == "putin")
        #expect(try tree("putin OR", lenient: true) == "putin")
        #expect(try tree("OR putin", lenient: true) == "putin")
        #expect(try tree("(a OR b", lenient: true) == "OR(a, b)")
        #expect(try tree("a) b", lenient: true) == "AND(a, b)")
        #expect(try tree("a title:", lenient: true) == "a")
        #expect(try tree("", lenient: true) == "ALL")
        #expect(try tree("&&", lenient: true) == "ALL")
        #expect(try Query.parse("", lenient: true).matchesEverything)
        // Unknown fields stay errors: no prefix of a valid query looks like one.
        #expect(failure("colour:red", lenient: true) != nil)
    }

    @Test func neverCrashesOnOddInput() {
        let pieces = ["\"", "(", ")", "-", "|", "OR", " ", "title:", "person:", "a", "é", "'", "’", ":", "“", "\u{301}", "\u{AD}", "\0", "\n"]
        var rng = SplitMix(seed: 42)
        for _ in 0..<3000 {
            var text = ""
            for _ in 0..<rng.next(8) { text += pieces[rng.next(pieces.count)] }
            for lenient in [false, true] {
                do {
                    let q = try Query.parse(text, prefixLast: rng.next(2) == 0, lenient: lenient)
                    #expect(!q.terms.isEmpty || q.matchesEverything || lenient, "\(text)")
                } catch {
                    #expect(!lenient || error.message.contains("unknown field") || error.message.contains("inside a field"),
                            "lenient parse of \(text) failed: \(error)")
                    #expect(error.column >= 1 && error.column <= text.count + 1)
                }
            }
        }
    }
}

/// A small deterministic random generator for tests.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next64() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func next(_ n: Int) -> Int { n <= 0 ? 0 : Int(next64() % UInt64(n)) }
}

/// Fuzz finding (query target): an error quoting a phrase that holds a vertical tab or another
/// control character spanned lines; errors name the text in the sanitiser's markers instead.
@Suite struct QueryErrorLineTests {
    @Test func errorsQuotingControlCharactersStayOnOneLine() {
        for text in ["\"\u{0B}\u{0}\u{0}\"", "\"\u{2028}\"", "\"\u{85}\"", "\"\n\"", "title:\"\u{1B}[;\u{07}\""] {
            do {
                _ = try Query.parse(text)
                Issue.record("\(text.debugDescription) parsed")
            } catch {   // Query.parse throws QueryError only
                let message = error.message
                let oneLine = !message.contains(where: \.isNewline)
                let noControls = !message.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
                #expect(oneLine && noControls, "\(message.debugDescription)")
            }
        }
    }
}
