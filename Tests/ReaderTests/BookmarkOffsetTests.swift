import Foundation
import Testing
@testable import ReaderUI
import Library
import TestSupport
import ReaderTestSupport

/// Bookmarks whose offsets are near the ends of `Int` in the reader (issue 16, item 3): opening
/// their article (margin marks) and jumping to them from the list resolve them without overflow.
@Suite struct BookmarkOffsetTests {
    static let corpus = Catalog(documents: [
        ("coast/lighthouse.txt", "Keeping the light at Vemork\n\n" + (1...40).map { "Paragraph \($0): the keeper logged the weather." }.joined(separator: "\n\n")),
    ])

    @Test func hugeOffsetsResolveInTheReader() throws {
        let dir = TempFolder()
        defer { dir.remove() }
        let store = BookmarkStore(path: dir.file("bookmarks.json"))
        store.load()
        let svc = Services(positions: nil, bookmarks: store)
        var state = AppState(catalog: Self.corpus, size: Size(rows: 24, columns: 90))
        let article = state.corpus.articles[0]
        let text = try state.corpus.text(of: 0).get()
        let ref = ArticleRef(article: article, text: text)
        let quote = TextQuote(exact: "Paragraph 30: the keeper", prefix: "", suffix: "")
        let t = Timestamp(milliseconds: 1_700_000_000_000)
        let hostile = [Int.max..<Int.max, (Int.max - 3)..<Int.max, Int.min..<Int.min, 0..<Int.max].enumerated().map { n, r in
            Bookmark(id: "b\(n)", article: ref, range: r, quote: quote, note: "note \(n)", tags: [], created: t, changed: t)
        }
        state.apply(.bookmarksChanged(hostile, BookmarkStatus()))
        // Open the article: its margin marks are resolved.
        runLoop(&state, svc, [.enter])
        #expect(state.screen == .article)
        let at = try #require(text.string(0..<text.count).range(of: "Paragraph 30")).lowerBound
        let offset = text.string(0..<text.count).unicodeScalars.distance(from: text.string(0..<text.count).unicodeScalars.startIndex, to: at)
        #expect(state.reading?.marks == Array(repeating: offset..<(offset + 24), count: 4))
        // Jump to each from the bookmarks screen.
        for k in 0..<hostile.count {
            // q: back to the bookmarks screen the article was opened from.
            runLoop(&state, svc, (k == 0 ? [.char("q"), .char("'")] : [.char("q"), .char("g")]) + Array(repeating: Key.char("j"), count: k) + [.enter])
            #expect(state.screen == .article)
            #expect(state.reading?.flash == offset..<(offset + 24))
        }
    }
}
