import Testing
@testable import Library

@Suite("Match ranges")
struct MatchRangeTests {
    /// The matched texts, with their colours.
    func found(_ query: String, in text: String, prefixLast: Bool = false) throws -> [String] {
        let q = try Query.parse(query, prefixLast: prefixLast)
        let article = ArticleText(text)
        return q.matches(in: article).map { "\(article.string($0.range))#\($0.term)" }
    }

    @Test func foldsCaseAndAccents() throws {
        #expect(try found("jose", in: "José met JOSE and jose, not Josef.") == ["José#0", "JOSE#0", "jose#0"])
        #expect(try found("josé", in: "Jose") == ["Jose#0"])
        // A combining accent is part of the highlighted word.
        #expect(try found("sebastien", in: "Se\u{301}bastien said") == ["Se\u{301}bastien#0"])
        #expect(try found("strasse", in: "Die Straße.") == ["Straße#0"])
        #expect(try found("lodz", in: "in Łódź today") == ["Łódź#0"])
    }

    @Test func wholeWordsAndPrefixes() throws {
        #expect(try found("the", in: "The theatre then the") == ["The#0", "the#0"])
        #expect(try found("prig", in: "Prigozhin and prig", prefixLast: true) == ["Prigozhin#0", "prig#0"])
        #expect(try found("putin prig", in: "Putin, Prigozhin", prefixLast: true) == ["Putin#0", "Prigozhin#1"])
    }

    @Test func possessivesAndApostrophes() throws {
        #expect(try found("putin", in: "Putin’s aide and Putin's plan") == ["Putin#0", "Putin#0"])
        #expect(try found("putin's", in: "Putin’s aide, Putin s aide") == ["Putin’s#0"])
        #expect(try found("o'brien", in: "O’Brien, O'Brien’s, O Brien, Mo'Brien") == ["O’Brien#0", "O'Brien#0"])
        #expect(try found("brien", in: "O’Brien") == ["Brien#0"])
    }

    @Test func phrasesAcrossLinesAndPunctuation() throws {
        let text = "Vladimir\nPutin met vladimir, putin; then Vladimir Putin’s aide. Vladimir - the Putin"
        #expect(try found("\"vladimir putin\"", in: text) == ["Vladimir\nPutin#0", "vladimir, putin#0", "Vladimir Putin#0"])
        #expect(try found("\"vladimir pu\"", in: text, prefixLast: false) == [])
        let q = try Query.parse("\"vladimir pu", prefixLast: true, lenient: true)
        #expect(q.matches(in: ArticleText(text)).count == 3)
        #expect(try found("rostov-on-don", in: "Rostov on Don, Rostov-on-Don") == ["Rostov on Don#0", "Rostov-on-Don#0"])
    }

    @Test func eachTermItsColourExcludedNotHighlighted() throws {
        let text = "Wagner and Prigozhin; the Wagner group"
        #expect(try found("prigozhin wagner -group", in: text) == ["Wagner#1", "Prigozhin#0", "Wagner#1"])
        #expect(try found("person:wagner title:group", in: text) == ["group#0"])
        // Overlaps: the earlier, longer match wins.
        #expect(try found("\"wagner group\" group", in: text) == ["Wagner group#0"])
        #expect(try found("wagner \"wagner group\"", in: text) == ["Wagner#0", "Wagner group#1"])
    }

    @Test func offsetsCountScalarsAndAreSorted() throws {
        let text = ArticleText("😀 Zoë x\u{301} zoe ZOË")
        let q = try Query.parse("zoe")
        let m = q.matches(in: text)
        #expect(m.map(\.range) == [2..<5, 9..<12, 13..<16])
        #expect(m.map { text.string($0.range) } == ["Zoë", "zoe", "ZOË"])
    }

    @Test func invisibleCharactersInsideWords() throws {
        #expect(try found("putin", in: "Pu\u{AD}tin and Pu\u{200B}tin") == ["Pu\u{AD}tin#0", "Pu\u{200B}tin#0"])
    }

    @Test func wordsAgreeWithTheReferenceOnRandomText() {
        let alphabet: [Unicode.Scalar] = ["a", "B", "z", "0", "é", "É", "ß", "Æ", "ı", "Ω", "ж", "東", "京", "'", "’", "‘", "ʼ",
                                          " ", "\n", "-", ".", "_", "*", "\u{301}", "\u{AD}", "\u{200B}", "\u{200D}", "\u{FEFF}",
                                          "\u{1B}", "\t", "😀", "½", "\u{2028}", "ǰ", "Ǆ"]
        var rng = SplitMix(seed: 77)
        for _ in 0..<2000 {
            var view = String.UnicodeScalarView()
            for _ in 0..<rng.next(24) { view.append(alphabet[rng.next(alphabet.count)]) }
            let text = String(view)
            let mine = WordScanner.words(text).map { BruteForce.Word(key: String(String.UnicodeScalarView($0.key)), joined: $0.word.joined) }
            #expect(mine == BruteForce.words(text), "\(text.debugDescription)")
            // Ranges cover each word's own letters.
            let scalars = Array(text.unicodeScalars)
            for w in WordScanner.words(text) {
                #expect(w.word.start < w.word.end && w.word.end <= scalars.count)
                #expect(Folding.key(String(String.UnicodeScalarView(scalars[w.word.start..<w.word.end]))).unicodeScalars.filter {
                    $0.properties.isAlphabetic || $0.properties.numericType != nil
                }.count == w.key.count)
            }
        }
    }

    @Test func matchesInALargeArticle() throws {
        // About 1 MB: every word found, in order.
        var text = ""
        let line = "Prigozhin’s men crossed the river; Vladimir Putin watched. "
        while text.utf8.count < 1_000_000 { text += line }
        let article = ArticleText(text)
        let q = try Query.parse("putin \"vladimir putin\" prig", prefixLast: true)
        let m = q.matches(in: article)
        let lines = text.utf8.count / line.utf8.count
        #expect(m.count == 2 * lines)
        #expect(zip(m, m.dropFirst()).allSatisfy { $0.range.upperBound <= $1.range.lowerBound })
    }
}

@Suite("File search")
struct FileSearchTests {
    func search(_ query: String, _ text: String, name: String = "a.txt") throws -> FileSearcher.Outcome {
        let searcher = FileSearcher(query: try Query.parse(query))
        return searcher.search(bytes: Array(text.utf8), file: FileRef(location: RawPath(name), path: name, followLinks: true))
    }

    func hits(_ query: String, _ text: String, name: String = "a.txt") throws -> [String]? {
        guard case .matched(let article, let hits, _) = try search(query, text, name: name) else { return nil }
        return hits.map { "\($0.line):\($0.column):\(article.string($0.range))" }
    }

    @Test func linesColumnsAndMatches() throws {
        let text = "Headline about José\n\nFirst line.\nJose and JOSÉ again"
        #expect(try hits("jose", text) == ["1:16:José", "4:1:Jose", "4:10:JOSÉ"])
        #expect(try hits("jose -again", text) == nil)
        #expect(try hits("nothing", text) == nil)
    }

    @Test func titleAndAuthorMatchWithoutText() throws {
        // The title comes from the file name when the file has no text.
        #expect(try hits("visit", "", name: "putin-visit.txt") == [])
        #expect(try hits("title:putin", "", name: "putin-visit.txt") == [])
        // An author: word is shown in the author, not in the text.
        #expect(try hits("author:doe", "Headline\nBy Jane Doe\n\nText.") == [])
        #expect(try hits("author:doe", "Headline\n\nDoe wrote this.") == nil)
        // Markup removed from a headline joins the word: the title matches, the text does not.
        #expect(try hits("putin", "# **Pu**tin returns\n\nText.", name: "a.md") == [])
    }

    @Test func skipsBinaryAndUTF16() throws {
        guard case .skipped(let why) = try search("x", "x\u{0}y") else { Issue.record("not skipped"); return }
        #expect(why.contains("binary"))
        let searcher = FileSearcher(query: try Query.parse("x"))
        guard case .skipped = searcher.search(bytes: [0xFF, 0xFE, 0x78, 0], file: FileRef(location: RawPath("u.txt"), path: "u.txt", followLinks: true)) else {
            Issue.record("UTF-16 not skipped"); return
        }
    }

    @Test func prefilterNeverRejectsAMatch() throws {
        // Accents, case, markup, invisible characters between the letters.
        for text in ["JOSÉ", "jo\u{AD}se", "Jo*se*", "Jo\u{301}se", "x_jose_", "ǰose"] {
            let p = Prefilter(literal: Array("jose".unicodeScalars))
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBufferPointer { p.mayContain($0) }, "\(text)")
        }
        let p = Prefilter(literal: Array("jose".unicodeScalars))
        #expect(!Array("jo se, josh, jo-se".utf8).withUnsafeBufferPointer { p.mayContain($0) })
    }

    @Test(arguments: [5, 6] as [UInt64])
    func agreesWithTheIndex(seed: UInt64) throws {
        let (corpus, _) = SearchIndexTests.corpus(seed: seed, count: 80)
        let index = SearchIndexTests.index(corpus)
        var rng = SplitMix(seed: seed)
        for _ in 0..<150 {
            guard let q = try? Query.parse(SearchIndexTests.randomQuery(&rng)) else { continue }
            let searcher = FileSearcher(query: q)
            var viaFiles: [Int] = []
            var viaFilesOnlyAsked: [Int] = []   // as reader search -l asks
            for i in corpus.articles.indices {
                let article = corpus.articles[i]
                let text = try corpus.text(of: i).get()
                let bytes = Array(text.string.utf8)
                for wantHits in [true, false] {
                    let outcome = searcher.search(bytes: bytes, file: FileRef(location: article.location, path: article.path, followLinks: true),
                                                  wantHits: wantHits)
                    if case .matched(_, let hits, _) = outcome {
                        if wantHits {
                            viaFiles.append(i)
                            #expect(hits.map(\.range) == q.matches(in: text, textOnly: true).map(\.range))
                        } else {
                            viaFilesOnlyAsked.append(i)
                        }
                    }
                }
            }
            #expect(viaFiles == index.articles(matching: q), "\(q)")
            #expect(viaFilesOnlyAsked == viaFiles, "\(q)")
        }
    }

    /// The prefilter is certain of a word only where the exact matcher would find it.
    @Test func certainOnlyOfWholePlainWords() throws {
        let p = Prefilter(literal: Array("costly".unicodeScalars))
        func presence(_ text: String) -> Prefilter.Presence {
            Array(text.utf8).withUnsafeBufferPointer { p.presence(in: $0, wantCertain: true) }
        }
        for text in ["costly", "A costly war.", "(COSTLY)", "costly's price", "x-costly-y", "\"Costly\"\n", "Costlyness costly"] {
            #expect(presence(text) == .certain, "\(text)")
        }
        // Possible only: the matcher must decide (apostrophe before, accents, marks, markup).
        for text in ["o'costly", "costlý", "costly\u{301}", "co\u{AD}stly", "*costly*", "_costly", "costlyness", "écostly"] {
            #expect(presence(text) == .possible, "\(text)")
        }
        #expect(presence("cost ly, costs") == .absent)
        // Whatever the prefilter says, the searcher's answer is the matcher's.
        let searcher = FileSearcher(query: try Query.parse("costly war"))
        #expect(searcher.confirmedByPrefilters)
        #expect(try !FileSearcher(query: Query.parse("costly OR war")).confirmedByPrefilters)
        #expect(try !FileSearcher(query: Query.parse("\"costly war\"")).confirmedByPrefilters)
        #expect(try !FileSearcher(query: Query.parse("costly wa", prefixLast: true)).confirmedByPrefilters)
        #expect(try !FileSearcher(query: Query.parse("o'brien")).confirmedByPrefilters)
        let file = FileRef(location: RawPath("/none/a.txt"), path: "a.txt", followLinks: true)
        for (text, matches) in [("A costly war.", true), ("costly, war", true), ("costly's war", true), ("o'costly war", true), ("costlý war", true), ("costly ware", false), ("costly", false)] {
            let outcome = searcher.search(bytes: Array(text.utf8), file: file, wantHits: false)
            if case .matched = outcome { #expect(matches, "\(text)") } else { #expect(!matches, "\(text)") }
        }
    }

    @Test func contextLines() throws {
        let long = String(repeating: "word ", count: 60) + "Prigozhin" + String(repeating: " more", count: 60)
        let text = ArticleText("Short line with Prigozhin\n" + long + "\nEnd\u{1B}[31m Prigozhin")
        let q = try Query.parse("prigozhin")
        let hits = FileSearcher.locate(q.matches(in: text), in: text)
        #expect(hits.map(\.line) == [1, 2, 3])
        #expect(FileSearcher.context(of: hits[0], in: text) == "Short line with Prigozhin")
        let middle = FileSearcher.context(of: hits[1], in: text)
        #expect(middle.hasPrefix("…word") && middle.hasSuffix("more…") && middle.contains("Prigozhin"))
        #expect(middle.count <= 110)
        var out: [UInt8] = []
        FileSearcher.appendSanitizedContext(of: hits[2], in: text, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "End^[[31m Prigozhin")
        out = []
        FileSearcher.appendSanitizedContext(of: hits[1], in: text, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == middle)
    }
}
