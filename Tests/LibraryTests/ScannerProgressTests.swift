import Foundation
import Testing
import TestSupport
@testable import Library

/// Every loop that walks text must move forward on every input: a scanner that returns without
/// advancing makes its caller spin forever (issue 16, item 2: one `ʼ` not followed by a letter
/// hung people detection for the whole corpus). Each scanner traps (`precondition`) rather than
/// spin, so these tests end on every input by construction: a regression crashes, never hangs.
@Suite struct ScannerProgressTests {
    static let hangingText = "She said ʻnoʼ.\n"

    @Test func modifierApostropheWithoutALetterAfterIt() {
        for text in [Self.hangingText, "ʼ", "ʼ.", "Aʼ", "ʼʼʼ", "Kovalʼ said ʼ Ivan Petrenkoʼs ʼ"] {
            _ = PeopleDetector.detect(ArticleText(text))
        }
        // Still an apostrophe inside a word, and a letter where a word starts with it.
        #expect(personTexts("Later Ivan Petrenkoʼs aide met Petrenko.") == ["Ivan Petrenko", "Petrenko"])
    }

    @Test func peopleCommandAndPersonSearchFinishOnTheHangingFile() throws {
        let dir = TempFolder("progress")
        dir.write("quote.txt", Self.hangingText)
        dir.write("b.txt", "Talks\n\nMaria Sokolova met Peter Brandt. Sokolova said ʼnoʼ.\n")
        // `reader people`: load with detection, then link.
        let (corpus, found) = Corpus.load([dir.path]) { _, text in PeopleDetector.detect(text) }
        let index = PeopleIndex.build(articles: corpus.articles, mentions: found)
        #expect(index.people.map(\.name).contains("Maria Sokolova"))
        // `reader search person:sokolova`: the people index from the catalog, then the file search.
        let catalog = Catalog.load([dir.path])
        let people: FileSearchRun.PeopleLookup = { name, _ in
            let ids = catalog.people.people(named: name)
            return ids.isEmpty ? nil : Set(ids.flatMap { catalog.people.articles(mentioning: $0) }.map { catalog.corpus.articles[$0].path })
        }
        var out: [UInt8] = []
        let status = FileSearchRun(pathsOnly: true).run(query: "person:sokolova", roots: [dir.path], people: people,
                                                        output: { out += $0 }, warn: { _ in })
        #expect(status == 0)
        #expect(String(decoding: out, as: UTF8.self) == dir.path + "/b.txt\n")
    }

    /// Random strings over apostrophes, quotes, hyphens, combining marks, format characters,
    /// invalid bytes and other odd scalars, through every scanner of the library.
    @Test(arguments: 0..<4) func randomOddTextThroughEveryScanner(seed: UInt64) throws {
        let alphabet: [String] = [
            "'", "’", "‘", "ʼ", "ʻ", "＇", "\"", "“", "”", "«", "»", "-", "‐", "‑", "—", ".", ",", "…", ":", "?", "!",
            " ", "\n", "\r", "\r\n", "\t", "\u{A0}", "\u{2028}", "\u{301}", "\u{308}", "\u{200C}", "\u{200D}", "\u{AD}",
            "\u{200B}", "\u{202E}", "\u{FEFF}", "\u{FFFD}", "\u{1D173}", "\u{E0041}", "\u{1F44D}", "\u{1F3FD}",
            "\u{1F1FA}", "ß", "İ", "ﬁ", "ǅ", "한", "\u{1161}", "中", "ि", "क", "a", "s", "S", "t", "ll", "Ivan",
            "Petrenko", "O", "A.", "de", "#", "*", "[", "](", "---", "title:", "By ", "0", "9",
        ]
        var rng = SplitMix64(seed: seed)
        for _ in 0..<300 {
            var s = ""
            for _ in 0..<(1 + Int(rng.next() % 40)) { s += alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            var bytes = Array(s.utf8)
            if rng.next() % 4 == 0 { bytes.insert(0xFF, at: Int(rng.next() % UInt64(bytes.count + 1))) }
            let text = ArticleText(utf8: bytes)
            _ = PeopleDetector.detect(text)
            _ = text.scalars.withUnsafeBufferPointer { b -> Int in
                var n = 0
                WordScanner.scan(b) { word, _ in
                    #expect(word.start < word.end)
                    n += 1
                }
                return n
            }
            _ = Sanitizer.pieces(text, range: nil, startColumn: 0)
            _ = Layout(text: text, width: 1 + Int(rng.next() % 30)).lineCount
            for format in [Article.Format.text, .markdown] {
                _ = Metadata.extract(from: text, format: format, fileName: "x.txt")
                _ = bytes.withUnsafeBufferPointer { Metadata.extract(utf8: $0, format: format, fileName: "x.txt") }
            }
            _ = Metadata.countWords(text)
            let words = WordScanner.words(s).map { String(String.UnicodeScalarView($0.key)) }
            for q in words.prefix(2) + ["ʼ", "o'", "\"a b"] {
                guard let query = try? Query.parse(q) else { continue }
                _ = query.matches(in: text)
                _ = FileSearcher(query: query).search(bytes: bytes, file: FileRef(location: RawPath("x.txt"), path: "x.txt", followLinks: false))
            }
        }
    }
}
