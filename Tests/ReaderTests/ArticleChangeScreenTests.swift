import Foundation
import Testing
@testable import ReaderUI
import Library
import TestSupport
import ReaderTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// An article changed or deleted on disk while the reader runs (issue 16, item 11): opening it
/// again shows the file as it is now, finds the place and the bookmarks again by their quotes,
/// and says so; a deleted one is an error on the status line and the reader stays where it was.
@Suite struct ArticleChangeScreenTests {
    static let body = (1...80).map { "Paragraph \($0): the ferry left the harbour of Velmstad at dawn." }.joined(separator: "\n\n")
    static let old = "A timetable\n\n" + body

    @Test func changedArticleIsReloadedAndDeletedOneReported() throws {
        let dir = TempFolder()
        defer { dir.remove() }
        dir.write("corpus/a.txt", Self.old)
        dir.write("corpus/b.txt", "Another\n\nNothing changes here.")
        let store = BookmarkStore(path: dir.file("bookmarks.json"))
        store.load()
        let svc = Services(positions: nil, bookmarks: store)
        var state = AppState(catalog: Catalog.load([dir.file("corpus")]), size: Size(rows: 24, columns: 90))
        let a = try #require(state.corpus.articles.firstIndex { $0.path.hasSuffix("a.txt") })
        #expect(a == 0)   // the first in the list

        // Open, read two pages on, bookmark a place; back to the list.
        runLoop(&state, svc, [.enter, .char(" "), .char(" ")])
        let oldText = try #require(state.reading?.text)
        let top = try #require(state.reading?.topOffset)
        #expect(top > 0)
        let placeQuote = oldText.string(top..<(top + 40))
        let mark = offset(of: "Paragraph 50:", in: oldText)
        let bookmark = Bookmark.make(article: state.corpus.articles[a], text: oldText, range: mark..<(mark + 13), note: "fifty")
        try store.add(bookmark)
        svc.syncBookmarks(&state)
        runLoop(&state, svc, [.char("q")])
        #expect(state.screen == .list)

        // Edited on disk: a correction at the top.
        let correction = "Correction: the timetable below was revised on Tuesday.\n\n"
        dir.write("corpus/a.txt", "A timetable\n\n" + correction + Self.body)
        runLoop(&state, svc, [.enter])
        #expect(state.screen == .article)
        let r = try #require(state.reading)
        #expect(r.text.string(0..<r.text.count).contains("Correction: the timetable"))
        #expect(r.text.string(r.topOffset..<(r.topOffset + 40)) == placeQuote)
        let moved = offset(of: "Paragraph 50:", in: r.text)
        #expect(r.marks == [moved..<(moved + 13)])
        #expect(moved == mark + correction.unicodeScalars.count)
        let changed = try #require(state.message)
        #expect(changed.text.contains("a.txt changed on disk"), "\(changed.text)")

        // Deleted: opening it says so and the list stays.
        runLoop(&state, svc, [.char("q")])
        unlink(dir.file("corpus/a.txt"))
        runLoop(&state, svc, [.enter])
        #expect(state.screen == .list)
        #expect(state.message?.kind == .error)
        #expect(state.message?.text.contains("a.txt: no longer there") == true, "\(state.message?.text ?? "")")
        // From the bookmarks screen too: the error, and the bookmarks screen stays.
        runLoop(&state, svc, [.char("'"), .enter])
        #expect(state.screen == .bookmarks)
        #expect(state.message?.text.contains("a.txt: no longer there") == true, "\(state.message?.text ?? "")")
        // The other article still opens.
        runLoop(&state, svc, [.char("q"), .char("j"), .enter])
        #expect(state.screen == .article && state.reading?.index != a)
    }

    @Test func jumpFromThePeopleScreenReadsTheFileAgain() throws {
        let dir = TempFolder()
        defer { dir.remove() }
        let ferry = "Ferry strike spreads\n\nPort director Margarethe Lindqvist said the strike would end soon. "
            + "Lindqvist met union leader Tomasz Wieczorek on Monday.\n\nLate in the evening Lindqvist’s office issued a statement."
        dir.write("corpus/a-ferry.txt", ferry)
        dir.write("corpus/b-tides.txt", "Tide tables revised\n\nThe survey was ordered by Margarethe Lindqvist last spring.")
        var state = AppState(catalog: Catalog.load([dir.file("corpus")]), size: Size(rows: 24, columns: 110))
        let svc = Services.none
        // Reading the article, then to a mention in it from the people screen's concordance.
        runLoop(&state, svc, [.enter, .char("p"), .enter])
        #expect(state.screen == .concordance)
        dir.write("corpus/a-ferry.txt", ferry.replacingOccurrences(of: "Ferry strike spreads\n\n", with: "Ferry strike spreads\n\nUpdated at noon.\n\n"))
        runLoop(&state, svc, [.enter])
        #expect(state.screen == .article && state.reading?.index == 0)
        let text = try #require(state.reading?.text)
        #expect(text.string(0..<text.count).contains("Updated at noon."))
        // Deleted: the concordance stays, with the error.
        unlink(dir.file("corpus/a-ferry.txt"))
        runLoop(&state, svc, [.char("p"), .enter, .enter])
        #expect(state.screen == .concordance)
        #expect(state.message?.text.contains("a-ferry.txt: no longer there") == true, "\(state.message?.text ?? "")")
    }
}
