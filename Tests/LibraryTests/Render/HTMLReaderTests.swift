import Foundation
import Testing
import Library
import TestSupport

/// Saved web pages: the main content, the metadata, charsets, and what is dropped.
@Suite struct HTMLReaderTests {
    static func page(_ name: String) throws -> HTMLPage {
        HTMLReader.read(Array(try Data(contentsOf: URL(fileURLWithPath: RenderTests.samples + "/" + name))))
    }

    @Test func savedPageMainContentAndMetadata() throws {
        let page = try Self.page("saved-page.html")
        let text = page.text.string
        #expect(page.title == "Floods return to the valley as the mill culvert fails")
        #expect(page.author == "Ilse Brandt")
        #expect(page.date == "2026-04-21T07:30:00Z")
        #expect(text.hasPrefix("Floods return to the valley as the mill culvert fails\n\nBy Ilse Brandt"))
        for dropped in ["Advertisement", "tracked", "font-family", "Most read", "Subscribe", "Privacy", "ad slot", "Sport"] {
            #expect(!text.contains(dropped), "\(dropped)")
        }
        #expect(text.contains("“We told them in February,” said Tomas Reyes"))
        #expect(text.contains("1. Heavy rain from 9 p.m., 38 mm in six hours.\n2. The culvert"))
        #expect(text.contains("Time\tGauge (m)\tRain (mm/h)\n21:00\t1.9\t4"))
        #expect(page.document.links.map(\.url) == ["https://wiki.example.org/river-survey/2026/week-3", "/news/2025/11/culvert-warning"])
        let first = page.document.links[0]
        #expect(page.text.string(first.offset..<(first.offset + first.text.unicodeScalars.count)) == first.text)
    }

    @Test func renditionMapIsIntoTheExtractedText() throws {
        let page = try Self.page("saved-page.html")
        for width in [30, 80] {
            let r = page.document.rendition(width: width)
            for d in 0..<r.display.count where !r.isSynthetic(d) {
                #expect(page.text.scalars[r.sourceOffset(ofDisplay: d)] == r.display.scalars[d])
            }
        }
    }

    @Test func latin1PageIsDecoded() throws {
        let page = try Self.page("latin1-page.html")
        #expect(page.title == "Café Brück: a menu in Latin-1")
        #expect(page.text.string.contains("Renée François depuis 1998, sert une soupe à l’oignon « comme avant »"))
        #expect(page.text.string.contains("4,50 € la soupe"))
        #expect(!page.text.string.contains("\u{FFFD}"))
        #expect(!page.text.string.contains("Accueil"))   // the navigation bar is not the content
        // Undeclared Windows-1252 bytes are decoded too.
        let bare = HTMLReader.read(Array("<p>caf".utf8) + [0xE9, 0x20, 0x93, 0x71, 0x94] + Array("</p>".utf8))
        #expect(bare.text.string == "café “q”")
    }

    /// The sample folder as a new user's: every article named, dated and decoded as it says,
    /// and drawn at 40, 80 and 160 columns with no line wider than the column.
    @Test func theSampleFolderReads() throws {
        let corpus = Corpus.load([RenderTests.samples])
        #expect(corpus.skipped.isEmpty)
        func article(_ name: String) throws -> Article { try #require(corpus.articles.first { $0.fileName == name }) }
        let cafe = try article("cafe-culture-1252.html")
        #expect(cafe.title == "Café culture – a “short” history")   // not "… | The Harbour Gazette"
        #expect(cafe.author == "Renée Dupré")
        #expect(cafe.date?.day == "2025-11-02")
        let marche = try article("marche-latin9.html")   // ISO-8859-15, decoded through iconv
        #expect(marche.title == "Prix en € : le marché du samedi")
        #expect(try corpus.text(of: corpus.articles.firstIndex(of: marche)!).get().string.contains("les œufs € 0,40"))
        #expect(try article("ferry-page.html").date?.day == "2026-02-07")   // itemprop datePublished, RFC 2822
        #expect(try article("ferry-page.html").title == "The night ferry returns to the northern isles")
        #expect(try article("tide-log.md").date?.day == "2026-03-14")
        #expect(try article("reading-commons.md").title == "Reading notes on Elinor Ostrom's Governing the Commons")
        for (i, a) in corpus.articles.enumerated() {
            let text = try corpus.text(of: i).get()
            let document = ArticleRendering.document(text, format: a.format)
            for width in [40, 80, 160] {
                let lines = RenderTests.lines(ArticleRendering.rendition(text, document: document, width: width))
                for line in lines {
                    let cells = Sanitizer.pieces(line).reduce(0) { $0 + $1.width }
                    #expect(cells <= width, "\(a.fileName) at \(width): \(line)")
                }
            }
        }
    }

    @Test func mostParagraphTextWinsWithoutArticleOrMain() throws {
        let page = try Self.page("no-article.html")
        #expect(page.text.string.hasPrefix("The broad beans went in"))
        #expect(!page.text.string.contains("Archive") && !page.text.string.contains("Lovely post"))
        #expect(page.author == "Sam Whitfield")
    }

    @Test func badInputNeverCrashesOrHangs() {
        let deepDivs = String(repeating: "<div>", count: 10_000) + "deep" + String(repeating: "</div>", count: 10_000)
        #expect(HTMLReader.read(Array(deepDivs.utf8)).text.string.contains("deep"))
        let deepLists = String(repeating: "<ul><li>", count: 10_000) + "x"
        _ = HTMLReader.read(Array(deepLists.utf8)).document.rendition(width: 40)
        _ = HTMLReader.read(Array("<p><b><i>unclosed <a href='x'>link <table><tr><td>cell".utf8)).document.rendition(width: 20)
        _ = HTMLReader.read([]).document.rendition(width: 10)
        var rng = SystemRandomNumberGenerator()
        let binary = (0..<100_000).map { _ in UInt8.random(in: 0...255, using: &rng) }
        _ = HTMLReader.read(binary).document.rendition(width: 80)
    }
}

/// Markdown that could hurt: deep nesting, huge tables, malformed input.
@Suite struct MarkdownBadInputTests {
    @Test func deepNestingAndHugeTables() {
        let clock = ContinuousClock()
        let lists = String(repeating: "- ", count: 10_000) + "x\n"
        _ = MarkdownRenderer.document(ArticleText(lists)).rendition(width: 40)
        let quotes = String(repeating: ">", count: 10_000) + " x\n"
        _ = MarkdownRenderer.document(ArticleText(quotes)).rendition(width: 40)
        var nested = ""
        for depth in 0..<2_000 { nested += String(repeating: "  ", count: depth) + "- item \(depth)\n" }
        _ = MarkdownRenderer.document(ArticleText(nested)).rendition(width: 60)
        // A 5 MB table takes about five times a 1 MB one (linear, not quadratic).
        func table(_ bytes: Int) -> Duration {
            var table = "| a | b | c |\n|---|---|---|\n"
            let row = "| some cell text | 12345 | another cell with words |\n"
            table += String(repeating: row, count: bytes / row.utf8.count)
            let start = clock.now
            let lines = MarkdownRenderer.document(ArticleText(table)).rendition(width: 80).layout.lineCount
            #expect(lines >= bytes / row.utf8.count)
            return clock.now - start
        }
        let small = table(1_000_000)
        let large = table(5_000_000)
        #expect(large < small * 12, "1 MB: \(small), 5 MB: \(large)")
        _ = MarkdownRenderer.document(ArticleText("[unclosed](\n**bold *it\n```\nfence never closed\n| a |\n|-\n<div>\n")).rendition(width: 5)
    }
}
