import Foundation
import Testing
@testable import Library

/// Quality on text that is not news wire: a blog post, a magazine profile, an encyclopaedia
/// biography, Markdown notes (lists, headings, tables), a saved web page's text (navigation and
/// tab-separated cells), a wire report with a headline in capitals and a standings table, a book
/// review and a local paper's tributes, in British and American English, with Arabic, Dutch,
/// Portuguese, Chinese, Korean and Spanish names. Written and annotated before the detector was
/// tuned on them (`Gold/genres`, the `GoldTests` format).
@Suite struct GenreGoldTests {
    @Test func qualityOnOtherGenres() throws {
        let articles = try GoldTests.load("genres")
        #expect(articles.count >= 6)
        let verbose = ProcessInfo.processInfo.environment["PEOPLE_GOLD_VERBOSE"] != nil
        for (i, article) in articles.enumerated() {
            let scores = GoldTests.evaluate(articles, scored: [i], verbose: verbose)
            print("people gold, \(article.name): \(scores)")
        }
        let all = GoldTests.evaluate(articles)
        print("people gold, genres (\(articles.count) articles): \(all)")
        #expect(all.f1 >= 0.80)
        #expect(all.linkF1 >= 0.90)
    }
}
