import Foundation
import Testing
import TestSupport
import ReaderTestSupport
import Library
@testable import ReaderUI

/// Defects a review found (the "polish2" pass): counts in the wrong number, settings problems
/// that could not be read whole, texts naming fixed keys although keys can be rebound.
struct CountsAndHintsTests {
    // MARK: Counts

    /// The list said "1 words" for a one-word article.
    @Test func aOneWordArticleIsOneWord() throws {
        let catalog = Catalog(documents: [("one.txt", "Hello\n"), ("two.txt", "Harbour\n\nThe quay is mended.\n")])
        let one = try #require(catalog.corpus.articles.firstIndex { $0.path.hasSuffix("one.txt") })
        try #require(catalog.corpus.articles[one].words == 1)
        var s = AppState(catalog: catalog, size: Size(rows: 10, columns: 100))
        let screen = s.screenText
        #expect(!screen.contains("1 words"), "\(screen)")
        #expect(screen.contains(" 1 word\n") || screen.hasSuffix(" 1 word"), "\(screen)")
        s.press("j")
        #expect(s.screenText.contains(" 1 word"))
    }

    /// Every "N things" is in the number it is (the list header, the word lengths, the find
    /// count, skipped files, the people being found).
    @Test func countsAreInTheirNumber() {
        #expect(counted(0, "word") == "0 words")
        #expect(counted(1, "word") == "1 word")
        #expect(counted(2000, "word") == "2,000 words")
        #expect(counted(1, "match", "matches") == "1 match")
        #expect(counted(3, "match", "matches") == "3 matches")
        #expect(formatCount(0, "bookmark", "bookmarks") == "none")
        let s = AppState(catalog: Catalog(documents: [("one.txt", "Hello\n")]), size: Size(rows: 10, columns: 100))
        #expect(s.row(0).contains("reader  1 article") && !s.row(0).contains("1 articles"), "\(s.row(0))")
    }
}
