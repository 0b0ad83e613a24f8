import Foundation
import Testing
import TestSupport
@testable import Library

/// Importing many bookmarks is linear (issue 16, item 12: 10,000 took 24 s, 30,000 over 300 s,
/// from lookups by id and place over every bookmark for each one imported, and from applying each
/// change by a search of the whole list).
@Suite struct ImportScaleTests {
    @Test func twentyThousandAnnotationsImportQuickly() throws {
        let dir = TempFolder()
        defer { dir.remove() }
        let text = ArticleText(Sample.article)
        let t = Timestamp(milliseconds: 1_700_000_000_000)
        let n = 20_000
        let incoming = (0..<n).map { i in
            Bookmark.make(article: ArticleRef(path: "a\(i % 100).txt", root: "/srv", hash: ""), text: text,
                          range: (i % 300)..<(i % 300 + 20), note: "note \(i)", now: t.adding(milliseconds: Int64(i)))
        }
        let annotations = Array(BookmarkExchange.w3c(incoming).utf8)
        let store = BookmarkStore(path: dir.file("bookmarks.json"), clock: TestClock().read)
        #expect(store.load() == .ok)
        let clock = ContinuousClock()
        let started = clock.now
        let parsed = try BookmarkExchange.parse(annotations)
        let result = try store.importBookmarks(parsed.bookmarks)
        // Twice: everything is already there.
        let again = try store.importBookmarks(parsed.bookmarks + parsed.bookmarks.prefix(100).map { b in
            var copy = b
            copy.id = Bookmark.newID()   // same place and note under another id: a duplicate too
            return copy
        })
        let elapsed = clock.now - started
        #expect(result.added == n && result.duplicates == 0)
        #expect(again.added == 0 && again.duplicates == n + 100)
        #expect(store.bookmarks.count == n && !store.hasUnsavedChanges)
        // Quadratic took minutes here; linear takes a few seconds even in a debug build.
        #expect(elapsed < .seconds(30), "importing \(n) took \(elapsed)")
        print("import of \(n) annotations, twice: \(elapsed)")
    }
}
