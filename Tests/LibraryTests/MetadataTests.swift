import Testing
@testable import Library

/// Titles and authors from messy web text. Every article here is written for these tests.
@Suite struct MetadataTests {
    func meta(_ text: String, format: Article.Format = .text, file: String = "some-file.txt") -> Metadata {
        Metadata.extract(from: ArticleText(text), format: format, fileName: file)
    }

    @Test func headlineAfterBylineAndChrome() {
        let m = meta("""
            By Henrietta Oduya
            Loading comments... Please wait
            Analysis

            Harbour workers vote to end the summer strike

            Dockers in the port city accepted the offer on Tuesday after six weeks.
            """)
        #expect(m.title == "Harbour workers vote to end the summer strike")
        #expect(!m.titleIsDerived)
        #expect(m.author == "Henrietta Oduya")
    }

    @Test func bylineWithRoleAndDateline() {
        let m = meta("""
            Published 3 March 2021, 14:05
            Words by Tomasz Wieczorek, Science Correspondent

            Glacier retreat doubles in a decade, survey finds

            The survey team measured...
            """)
        #expect(m.title == "Glacier retreat doubles in a decade, survey finds")
        #expect(m.author == "Tomasz Wieczorek")
    }

    @Test func photoCaptionsAreNotTitles() {
        let m = meta("""
            Farmers block the ring road at dawn (Photo: Lina Marsh/Reuters)

            Farmers protest new water charges

            Tractors blocked...
            """)
        #expect(m.title == "Farmers protest new water charges")
        let bracketed = meta("A crowd outside the courthouse [AP Photo]\n\nCourt rules on ferry contract\n\nText.")
        #expect(bracketed.title == "Court rules on ferry contract")
    }

    @Test func noHeadlineDerivesATitleFromTheOpeningWords() {
        let m = meta("""
            The river authority said on Monday that the reservoir had fallen to its lowest level since records began, and that restrictions would follow.

            More text.
            """)
        #expect(m.titleIsDerived)
        #expect(m.title.hasPrefix("The river authority said on Monday"))
        #expect(m.title.hasSuffix("…"))
        #expect(m.title.count <= Metadata.derivedTitleLength + 1)
        #expect(m.author == nil)
    }

    @Test func markdownFrontMatterAndHeadings() {
        let front = meta("---\ntitle: \"Night trains return\"\nauthor: Bea Kovač\ntags: [rail]\n---\n\n# Something else\n", format: .markdown)
        #expect(front.title == "Night trains return")
        #expect(front.author == "Bea Kovač")
        let heading = meta("Intro line that is not a heading\n\n# The *quiet* return of [night trains](http://x)\n\nBody", format: .markdown)
        #expect(heading.title == "The quiet return of night trains")
        let setext = meta("Night trains\n============\n\nBody", format: .markdown)
        #expect(setext.title == "Night trains")
        let unclosed = meta("---\ntitle: Broken\nno end", format: .markdown)
        #expect(unclosed.title != "Broken")
    }

    /// A Markdown note with no title of its own is named by its first line as it reads, its
    /// inline markup (footnote references, emphasis, links, entities, inline HTML) gone.
    @Test func aFirstLineTitleIsItsRenderedText() {
        let cases: [(String, String)] = [
            ("A claim[^1] here about the harbour\n\nMore.\n\n[^1]: A note.\n", "A claim here about the harbour"),
            ("A claim[^note] with no note\n", "A claim with no note"),
            ("**Bold** start and __strong__ words\n\nBody.\n", "Bold start and strong words"),
            ("See [the survey](https://example.org/s \"Survey\") and [a [nested] link](u)\n", "See the survey and a [nested] link"),
            ("Fish &amp; chips at <b>noon</b>, `a * b` too\n", "Fish & chips at noon, a * b too"),
            ("Visit <https://example.org/a_b> today\n", "Visit https://example.org/a_b today"),
            ("~~Old~~ new plan, \\*really\\*, snake_case_name kept\n", "Old new plan, *really*, snake_case_name kept"),
            ("- A list item with *emphasis* first\n", "A list item with emphasis first"),
        ]
        for (text, title) in cases {
            #expect(meta(text, format: .markdown, file: "note.md").title == title, "\(text)")
        }
        #expect(meta("# A claim[^1] with *style* &amp; _more_\n\n[^1]: x\n", format: .markdown).title == "A claim with style & more")
        // Plain text keeps its characters as they are.
        #expect(meta("Fish &amp; chips **today**\n").title == "Fish &amp; chips **today**")
    }

    @Test func emptyAndBlankFilesUseTheFileName() {
        let empty = meta("", file: "quarterly_report-2020.txt")
        #expect(empty.title == "quarterly report 2020")
        #expect(empty.titleIsDerived)
        #expect(empty.words == 0)
        #expect(meta("   \n\n\t\n", file: "x.md").title == "x")
    }

    @Test func controlCharactersNeverReachTitles() {
        let m = meta("\u{1B}]0;evil\u{07}Tide tables for the estuary\n\nBody")
        #expect(!m.title.unicodeScalars.contains { $0.value < 0x20 })
        #expect(m.title.contains("Tide tables"))
    }

    @Test func sentenceIsNotTakenForABylineOrHeadline() {
        let m = meta("By the time the ferry arrived, the harbour was closed and the crowd had gone home for the night.\n")
        #expect(m.author == nil)
        #expect(m.titleIsDerived)
    }

    @Test func wordCounts() {
        #expect(Metadata.countWords(ArticleText("It’s a well-known fact: 3 cats.")) == 7)
        #expect(Metadata.countWords(ArticleText("日本語のテキスト")) == 8)
        #expect(Metadata.countWords(ArticleText("")) == 0)
        #expect(Metadata.countWords(ArticleText("Zoë and Björn")) == 3)
    }

    @Test func readingTime() {
        let a = Article(location: RawPath("a"), path: "a", format: .text, title: "", titleIsDerived: false,
                        author: nil, words: 1000, size: 0, modified: 0)
        #expect(a.readingMinutes == 4)
    }
}

@Suite struct WordCountEquivalenceTests {
    /// Counting on bytes (the fast loading path) gives what counting on decoded text gives.
    @Test func bytesAndScalarsAgree() {
        var rng = SplitMix64(seed: 99)
        let pieces: [[UInt8]] = [Array("word".utf8), Array(" ".utf8), Array("’".utf8), Array("'".utf8), Array("日本".utf8),
                                 Array("é".utf8), [0xFF], [0xE2, 0x82], Array("42".utf8), Array("\n".utf8), Array("—".utf8),
                                 Array("Ωmega".utf8), Array("👍".utf8), [0xC0, 0xAF]]
        for _ in 0..<500 {
            var bytes: [UInt8] = []
            for _ in 0..<rng.next(60) { bytes += pieces[rng.next(pieces.count)] }
            let fromText = Metadata.countWords(ArticleText(utf8: bytes))
            let fromBytes = bytes.withUnsafeBufferPointer { Metadata.countWords(utf8: $0) }
            #expect(fromText == fromBytes, "\(bytes)")
        }
    }

    /// Words and invalid bytes counted in one pass, eight ASCII bytes at a time, agree with the
    /// character-level count and the decoder's count, wherever in a block of eight the
    /// apostrophes, non-ASCII characters and invalid bytes fall.
    @Test func onePassCountAgrees() {
        var rng = SplitMix64(seed: 7)
        let pieces: [[UInt8]] = [Array("a".utf8), Array("Z".utf8), Array("A".utf8), Array("z".utf8), Array("0".utf8), Array("9".utf8), Array(" ".utf8), Array("'".utf8),
                                 Array("’".utf8), Array("é".utf8), Array("日".utf8), Array(".".utf8), Array("\n".utf8),
                                 Array("@".utf8), Array("[".utf8), Array("`".utf8), Array("{".utf8), Array("/".utf8),
                                 Array(":".utf8), [0x09], [0x7F], [0xFF], [0xE2, 0x82], Array("words and more".utf8)]
        for _ in 0..<2000 {
            var bytes: [UInt8] = []
            for _ in 0..<rng.next(80) { bytes += pieces[rng.next(pieces.count)] }
            let expected = (Metadata.countWords(ArticleText(utf8: bytes)), bytes.withUnsafeBufferPointer { UTF8Decoder.invalidByteCount($0) })
            let counted = bytes.withUnsafeBufferPointer { Metadata.countWordsAndInvalidBytes(utf8: $0) }
            #expect(counted.words == expected.0 && counted.invalid == expected.1, "\(bytes)")
        }
    }

    /// The head's lines read straight from the bytes give the heading the decoded head gives:
    /// long lines, CR LF and CR-only endings, a byte-order mark, invalid bytes, controls, tabs,
    /// bidi marks, front matter, and heads cut inside a character.
    @Test func headFromBytesReadsAsTheDecodedHead() {
        var rng = SplitMix64(seed: 11)
        let lines = ["Harbour reopens after the storm", "By Ilse Marrow", "", "  ", "\t", "Published 28 Jun 2023",
                     "Photo: Jan Berg (Reuters)", "Subscribe to our newsletter", "---", "title: Front matter title",
                     "author: Ana Lima", "# A Markdown heading", "Body text that goes on. It has sentences, commas.",
                     String(repeating: "long line of words ", count: 20), String(repeating: "ü", count: 300),
                     "tab\tin line", "\u{1B}[31mred\u{1B}[0m", "bidi \u{202E}mark", "São Paulo, Zoë and Björn",
                     "https://example.com/x", "日本語の見出し", "\u{FEFF}inner BOM", "By the time it came, it went."]
        let endings: [[UInt8]] = [[0x0A], [0x0D, 0x0A], [0x0D]]
        for round in 0..<600 {
            var bytes: [UInt8] = round % 7 == 0 ? [0xEF, 0xBB, 0xBF] : []
            let ending = endings[rng.next(endings.count)]
            for _ in 0..<rng.next(14) {
                bytes += Array(lines[rng.next(lines.count)].utf8)
                if rng.next(9) == 0 { bytes += [0xFF] }
                if rng.next(11) == 0 { bytes += [0x0D] }
                bytes += rng.next(13) == 0 ? endings[rng.next(endings.count)] : ending
            }
            for format in [Article.Format.text, .markdown] {
                for limit in [Metadata.headBytes, 37, 300, 1000] {
                    var cut = min(bytes.count, limit)
                    while cut < bytes.count && cut > 0 && bytes[cut] & 0xC0 == 0x80 { cut -= 1 }
                    let decoded = Metadata.heading(of: ArticleText(utf8: Array(bytes[0..<cut])), format: format, fileName: "f.txt")
                    let read = bytes.withUnsafeBufferPointer { Metadata.heading(utf8: $0, limit: limit, format: format, fileName: "f.txt") }
                    #expect(read == decoded, "\(bytes)")
                }
            }
        }
    }

    @Test func headOnlyExtractionFindsTheSameTitle() {
        let text = "By Ilse Marrow\n\nWinter ferries cancelled\n\n" + String(repeating: "Long body text here. ", count: 3000)
        let full = Metadata.extract(from: ArticleText(text), format: .text, fileName: "x.txt")
        let head = Array(text.utf8).withUnsafeBufferPointer { Metadata.extract(utf8: $0, format: .text, fileName: "x.txt") }
        #expect(full == head)
        #expect(head.title == "Winter ferries cancelled")
        #expect(head.words == 3 + 3 + 4 * 3000)
    }

    /// The byte-level shortcuts the scan takes agree with the character-level definitions.
    @Test func byteShortcutsAgreeWithCharacters() {
        let lines = ["", " ", "a", "  two  words ", "Published 28 Jun 2023", "São Paulo at dawn", "e\u{301} \u{301}x y",
                     "tab\tseparated words", "a\r\nb c", "日本 語", "| a | b |", "one•two·three", "2023-06-28",
                     "Mensah’s — “quoted” … naïve café", "Ça va İstanbul ß", "x\u{2028}y a\u{AD}b", "Στο ΣΠΙΤΙ", "\u{212A}elvin",
                     "a \u{200D}b", "\u{600} x", "x \u{34F}y", "ǅ ɏ ɐ", " . Latest News |", "· Home •", ":|", "\u{A0}x\u{A0}",
                     "By Ada Quill", "by\u{301} Ada", "BY  Ada", "Words by ", "author:\u{301}x", "reporting by\u{301}x", "b", "by",
                     "Text by x", " by x", "words \u{301}by x", "Posted By\tX", "a  \u{301}b", "end \u{301}", "x\t"]
        for line in lines {
            #expect(Metadata.spaceSeparatedCount(line) == line.split(separator: " ").count, "\(line)")
            #expect(Metadata.characterCount(line) == line.count, "\(line)")
            #expect(Metadata.lowercase(line) == line.lowercased(), "\(line)")
            #expect(Metadata.trimmedOfSeparators(line) == line.trimmingCharacters(".:|·•"), "\(line)")
            #expect(line.trimmingSpaces == String(line.drop { " \t\u{A0}\r".contains($0) }.reversed().drop { " \t\u{A0}\r".contains($0) }.reversed()), "\(line)")
            for phrases in [["news"], ["x", "ß"], ["|", "•"], [" . "], ["na\u{EF}ve"], ["ab", "a", "by "], [""]] {
                #expect(line.containsAny(phrases.map { Array($0.utf8) }) == phrases.contains { line.containsText($0) }, "\(line)")
            }
            // A byline's prefix told from the bytes (when they can tell), as the characters say.
            if let told = Metadata.startsWithASCII(line, oneOf: Metadata.bylinePrefixBytes, longest: Metadata.longestBylinePrefix) {
                #expect(told == Metadata.bylinePrefixes.contains { line.lowercased().hasPrefix($0) }, "\(line)")
            }
            #expect(Metadata.collapseSpaces(line) == line.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " "), "\(line)")
            #expect(Metadata.clip(line, to: 3) == (line.count <= 3 ? line : String(line.prefix(2)) + "…"), "\(line)")
        }
        let names = ["a.txt", "B.TXT", "c.Md", "d.markdown", "e.text", "f.txt~", "g", ".txt", "h.", "i.md.bak", "j.mD",
                     "k.mar\u{212A}down", "l.tx\u{0074}", "m.TEXT"]
        for name in names {
            #expect(FileScanner.isArticleName(Array(name.utf8)) == FileScanner.articleExtensions.contains(RawPath(name).fileExtension), "\(name)")
        }
    }
}
