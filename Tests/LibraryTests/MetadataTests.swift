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
                     "tab\tseparated words", "a\r\nb c", "日本 語", "| a | b |", "one•two·three", "2023-06-28"]
        for line in lines {
            #expect(Metadata.spaceSeparatedCount(line) == line.split(separator: " ").count, "\(line)")
            #expect(Metadata.characterCount(line) == line.count, "\(line)")
        }
        let names = ["a.txt", "B.TXT", "c.Md", "d.markdown", "e.text", "f.txt~", "g", ".txt", "h.", "i.md.bak", "j.mD",
                     "k.mar\u{212A}down", "l.tx\u{0074}", "m.TEXT"]
        for name in names {
            #expect(FileScanner.isArticleName(Array(name.utf8)) == FileScanner.articleExtensions.contains(RawPath(name).fileExtension), "\(name)")
        }
    }
}
