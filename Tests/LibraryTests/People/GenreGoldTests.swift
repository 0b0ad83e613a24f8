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
        // Held out: written after the rules were done, and first scored as they stood.
        let held = try heldOut("genres2", label: "genres held out", verbose: verbose)
        #expect(held.f1 >= 0.80)
        // Held out: genres3 (a court report, a match report with line-ups, a forum thread) was
        // written and annotated before the family-linking and genre rules of `people7`, and
        // scored as the code stood (Gold/genres3/README.md). Not tuned on.
        let third = try heldOut("genres3", label: "genres3 held out", verbose: verbose)
        #expect(third.f1 >= GenreGoldTests.genres3Floor.f1)
        #expect(third.linkF1 >= GenreGoldTests.genres3Floor.b3)
    }

    /// Scores a held-out folder (at least three articles), printing each article's scores.
    func heldOut(_ folder: String, label: String, verbose: Bool) throws -> GoldTests.Scores {
        let articles = try GoldTests.load(folder)
        #expect(articles.count >= 3)
        for (i, article) in articles.enumerated() {
            print("people gold, \(article.name): \(GoldTests.evaluate(articles, scored: [i], verbose: verbose))")
        }
        let scores = GoldTests.evaluate(articles)
        print("people gold, \(label) (\(articles.count) articles): \(scores)")
        return scores
    }

    /// Below the scores genres3 had when first measured (README there), so a drop shows.
    static let genres3Floor = (f1: 0.85, b3: 0.94)
}
