import Foundation
import Testing
@testable import ReaderUI
@testable import Library
import TestSupport
import ReaderTestSupport

/// Issue 15: a warm start shows the cache's list at once and walks the folders afterwards; what
/// changed since the last run replaces the list under the reader, which stays on the same article.
@Suite struct CorpusRefreshTests {
    static func folder() -> TempFolder {
        let dir = TempFolder()
        for (name, title) in [("a", "Alpha"), ("b", "Bravo"), ("c", "Charlie"), ("d", "Delta"), ("e", "Echo")] {
            dir.write("corpus/\(name).txt", "\(title) report\n\nThe \(title.lowercased()) desk filed this on Monday. Oswin Marchetti agreed.\n")
        }
        return dir
    }

    /// A loader started on the folder as it is now, with the cache of the last run.
    static func warmLoader(_ dir: TempFolder) -> CatalogLoader {
        CatalogLoader.start(paths: [dir.file("corpus")], cache: CatalogCache(path: dir.file("cache.bin"), roots: [dir.file("corpus")], options: LoadOptions()))
    }

    static func titles(_ s: AppState) -> [String] { s.list.visible.map { s.corpus.articles[$0].title } }

    /// Changes since the last run: b removed, "Aardvark" added before it, d retitled.
    static func change(_ dir: TempFolder) throws {
        usleep(20_000)
        try FileManager.default.removeItem(atPath: dir.file("corpus/b.txt"))
        dir.write("corpus/aa.txt", "Aardvark report\n\nNew this week.\n")
        dir.write("corpus/d.txt", "Delta revised\n\nThe delta desk filed this again. Oswin Marchetti agreed twice.\n")
    }

    @Test func theCachedListComesFirstAndTheChangesReplaceItOnTheSameArticle() throws {
        let dir = Self.folder()
        _ = Self.warmLoader(dir).wait()                   // the last run: its cache
        try Self.change(dir)
        let loader = Self.warmLoader(dir)
        var s = AppState(catalog: Catalog(unindexed: loader.corpus), size: Size(rows: 12, columns: 80), indexing: loader.progress)
        // The first screen is the cache's: the folder is not walked before it.
        #expect(Self.titles(s) == ["Alpha report", "Bravo report", "Charlie report", "Delta report", "Echo report"])
        s.press("j", "j", "j")                              // Delta
        s.press(.enter)
        #expect(s.screen == .article && s.reading?.index == 3)
        _ = loader.wait()
        Runner.takeIndexes(&s, from: loader.ready, refreshed: loader.refreshed)
        #expect(s.indexing == nil)
        #expect(Self.titles(s) == ["Alpha report", "Aardvark report", "Charlie report", "Delta revised", "Echo report"])
        // Still reading Delta, now the fourth article of the new list; its people found.
        #expect(s.screen == .article)
        #expect(s.reading.map { s.corpus.articles[$0.index].title } == "Delta revised")
        #expect(s.reading?.mentions.isEmpty == false)
        s.press("q")
        #expect(s.screen == .list)
        #expect(s.list.selectedArticle.map { s.corpus.articles[$0].title } == "Delta revised")
        // The place saved on leaving is Delta's, under its own key.
        #expect(s.readProgress[s.positionKey(of: s.list.selectedArticle!)] != nil)
        #expect(!s.screenText.contains("Bravo"))
    }

    @Test func unchangedFoldersHandNothingOver() {
        let dir = Self.folder()
        _ = Self.warmLoader(dir).wait()
        let loader = Self.warmLoader(dir)
        let catalog = loader.wait()
        #expect(loader.source == .cache)
        #expect(loader.refreshed.take() == nil)
        #expect(catalog.corpus === loader.corpus)
    }

    @Test func theCursorKeepsItsArticleAndRowTheJumpsAndMarksFollow() throws {
        let dir = Self.folder()
        _ = Self.warmLoader(dir).wait()
        try Self.change(dir)
        let loader = Self.warmLoader(dir)
        let old = loader.corpus
        let keyE = ArticleKeys(old).key(4)
        var s = AppState(catalog: Catalog(unindexed: old), size: Size(rows: 12, columns: 80),
                         savedPositions: [keyE: SavedPosition(offset: 10, quote: "", time: 1, read: 40)], indexing: loader.progress)
        let bookmark = Bookmark.make(article: ArticleRef(path: "c.txt", root: ArticleRef.absolute(dir.file("corpus")), hash: ""),
                                     text: ArticleText("Charlie report"), range: 0..<7, note: "", tags: [])
        s.apply(.bookmarksChanged([bookmark], BookmarkStatus()))
        #expect(s.bookmarkedArticles == [2])
        s.press("G")                                      // Echo, the last row
        let row = s.list.selection - s.list.top
        s.navigation.jumps = [JumpPosition(article: 1, topOffset: 0, selection: nil), JumpPosition(article: 3, topOffset: 5, selection: nil)]
        #expect(s.readProgress[keyE] == 40)
        _ = loader.wait()
        Runner.takeIndexes(&s, from: loader.ready, refreshed: loader.refreshed)
        let titles = s.corpus.articles.map(\.title)
        #expect(s.list.selectedArticle.map { titles[$0] } == "Echo report")
        #expect(s.list.selection - s.list.top == row)
        // Bravo's place in the jump list is gone with it; Delta's follows it.
        #expect(s.jumpList.map { titles[$0.article] } == ["Delta revised"])
        #expect(s.bookmarkedArticles.map { titles[$0] } == ["Charlie report"])
        #expect(s.readProgress[s.positionKey(of: s.list.selectedArticle!)] == 40)
        #expect(s.message?.text == "The folders changed since the last run: 1 article added, 1 removed, 1 changed")
    }

    @Test func aFilterRunsAgainAndAnOpenArticleThatIsGoneCloses() throws {
        let dir = Self.folder()
        _ = Self.warmLoader(dir).wait()
        let unchanged = Self.warmLoader(dir)
        _ = unchanged.wait()
        var s = AppState(catalog: Catalog(unindexed: unchanged.corpus), size: Size(rows: 12, columns: 80), indexing: unchanged.progress)
        s.press("/")
        s.press(typing("report"))
        s.press(.enter)
        #expect(Self.titles(s).count == 5)
        s.press("j")                                      // Bravo
        s.press(.enter)
        #expect(s.reading.map { s.corpus.articles[$0.index].title } == "Bravo report")
        // Bravo is deleted while it is open (before the walk).
        try Self.change(dir)
        let loader = Self.warmLoader(dir)
        _ = loader.wait()
        Runner.takeIndexes(&s, from: loader.ready, refreshed: loader.refreshed)
        #expect(s.reading == nil)
        #expect(s.screen == .list)
        #expect(s.message?.kind == .error && s.message?.text.contains("b.txt is no longer there") == true)
        // The filter is the new list's: Delta revised no longer says "report"; Aardvark does.
        #expect(Self.titles(s) == ["Alpha report", "Aardvark report", "Charlie report", "Echo report"])
        // The cursor is on the article after the one that went.
        #expect(s.list.selectedArticle.map { s.corpus.articles[$0].title } == "Charlie report")
    }
}
