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
        let heldOut = try GoldTests.load("genres2")
        #expect(heldOut.count >= 3)
        for (i, article) in heldOut.enumerated() {
            print("people gold, \(article.name): \(GoldTests.evaluate(heldOut, scored: [i], verbose: verbose))")
        }
        let held = GoldTests.evaluate(heldOut)
        print("people gold, genres held out (\(heldOut.count) articles): \(held)")
        #expect(held.f1 >= 0.80)
        // Held out: genres3 (a court report, a match report with line-ups, a forum thread) was
        // written and annotated before the family-linking and genre rules of `people7`, and
        // scored as the code stood (Gold/genres3/README.md). Not tuned on.
        let third = try GoldTests.load("genres3")
        #expect(third.count >= 3)
        for (i, article) in third.enumerated() {
            print("people gold, \(article.name): \(GoldTests.evaluate(third, scored: [i], verbose: verbose))")
        }
        let thirdScores = GoldTests.evaluate(third)
        print("people gold, genres3 held out (\(third.count) articles): \(thirdScores)")
        #expect(thirdScores.f1 >= GenreGoldTests.genres3Floor.f1)
        #expect(thirdScores.linkF1 >= GenreGoldTests.genres3Floor.b3)
    }

    /// Below the scores genres3 had when first measured (README there), so a drop shows.
    static let genres3Floor = (f1: 0.85, b3: 0.94)
}
