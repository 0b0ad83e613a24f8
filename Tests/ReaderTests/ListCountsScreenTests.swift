import Foundation
import Testing
import TestSupport
import ReaderTestSupport
import Library
@testable import ReaderUI

/// A start with no cache shows the list before the words are counted: the lengths and reading
/// times fill in as the counts arrive, and nothing on the list moves.
@Suite struct ListCountsScreenTests {
    /// 30 articles of 10 to 300 words, in no order of length.
    static func folder() -> TempFolder {
        let dir = TempFolder()
        for i in 0..<30 {
            let words = 10 + (i * 7919) % 29 * 10
            dir.write(String(format: "%02d.txt", i), "Headline number \(i)\n\n" + String(repeating: "word ", count: words - 3) + "\n")
        }
        return dir
    }

    static let size = Size(rows: 12, columns: 100)

    static func lengthColumn(_ s: AppState) -> [String] {
        (1...10).map { r in String(s.row(r).split(separator: " ").suffix(2).joined(separator: " ")) }
    }

    static func titles(_ s: AppState) -> [String] { s.list.visible.map { s.corpus.articles[$0].title } }

    /// The counts for the articles `indices`, as `Corpus.countingWords` hands them over.
    static func counts(_ indices: [Int], from full: Corpus) -> WordCounts {
        WordCounts(articles: indices, words: indices.map { full.articles[$0].words })
    }

    @Test func theListShowsFirstAndTheCountsFillInWithoutMovingTheCursor() {
        let dir = Self.folder()
        let heads = Corpus.scan([dir.path], reusing: nil, counting: false)
        let full = heads.countingWords()
        var s = AppState(catalog: Catalog(unindexed: heads), size: Self.size)
        #expect(s.countingWords)
        // Every title on the first screen; each length a dim `…`, no reading time yet.
        #expect(s.row(1).contains("Headline number 0") && s.row(10).contains("Headline number 9"))
        #expect(Self.lengthColumn(s).allSatisfy { $0.hasSuffix("…") })
        #expect(!s.row(11).contains(" min "))
        // The cursor moved down the list, the screen scrolled.
        for _ in 0..<14 { s.press("j") }
        let (selection, top, selected) = (s.list.selection, s.list.top, s.list.selectedArticle)
        #expect(top > 0)
        let shownTitles = (1...10).map { s.row($0).prefix(40) }

        // The counts of some articles arrive: theirs fill in, nothing moves.
        let some = Array(top..<(top + 5))
        s.send(.wordsCounted(Self.counts(some, from: full)))
        #expect((s.list.selection, s.list.top, s.list.selectedArticle) == (selection, top, selected))
        #expect((1...10).map { s.row($0).prefix(40) } == shownTitles)
        for (r, article) in some.enumerated() {
            #expect(s.row(1 + r).hasSuffix(counted(full.articles[article].words, "word")))
        }
        #expect(Self.lengthColumn(s)[5...].allSatisfy { $0.hasSuffix("…") })
        #expect(!s.row(11).contains(" min "))               // the selected article is not counted yet

        // Then every count: the corpus with them replaces the list's, nothing moves.
        s.send(.wordsCounted(Self.counts(Array(full.articles.indices), from: full)))
        #expect(s.row(11).contains("\(full.articles[selected!].readingMinutes) min"))
        s.send(.listCounted(ReadyCatalog(Catalog(unindexed: full))))
        #expect(s.corpus === full)
        #expect(!s.countingWords)
        #expect((s.list.selection, s.list.top, s.list.selectedArticle) == (selection, top, selected))
        #expect((1...10).map { s.row($0).prefix(40) } == shownTitles)
        for r in 1...10 {
            #expect(s.row(r).hasSuffix(counted(full.articles[s.list.visible[top + r - 1]].words, "word")))
        }
        #expect(s.message == nil)
        // Keys go on as before.
        s.press("j")
        #expect(s.list.selection == selection + 1)
    }

    /// "Longest first" before the counts: the files' order (the order of ties), said in the
    /// header; sorted once when every count is in, the selected article kept on its row.
    @Test func longestFirstWaitsForEveryCountThenSortsOnce() {
        let dir = Self.folder()
        let heads = Corpus.scan([dir.path], reusing: nil, counting: false)
        let full = heads.countingWords()
        var s = AppState(catalog: Catalog(unindexed: heads), size: Self.size)
        s.press("s", "s", "s")
        #expect(s.list.order.sort == .length)
        #expect(s.row(0).contains("longest first (counting words…)"))
        #expect(s.list.visible == Array(0..<30))
        for _ in 0..<4 { s.press("j") }
        let selected = s.list.selectedArticle!
        let row = s.list.selection - s.list.top
        // Counts arriving one batch at a time move nothing.
        s.send(.wordsCounted(Self.counts(Array(0..<15), from: full)))
        #expect(s.list.visible == Array(0..<30))
        #expect(s.list.selectedArticle == selected)
        s.send(.wordsCounted(Self.counts(Array(15..<30), from: full)))
        #expect(s.list.visible == Array(0..<30))
        // Every count in: sorted, longest first, the article still selected, on the same row.
        s.send(.listCounted(ReadyCatalog(Catalog(unindexed: full))))
        #expect(!s.row(0).contains("counting"))
        #expect(s.row(0).contains("longest first"))
        let words = s.list.visible.map { full.articles[$0].words }
        #expect(words == words.sorted(by: >))
        #expect(s.list.visible != Array(0..<30))
        #expect(s.list.selectedArticle == selected)
        #expect(s.list.selection - s.list.top == row)
    }

    /// Through the loader and the runner's hand-off, as the reader starts with no cache: the
    /// first screen from the heads of the files, then the counts, then the indexes — and no
    /// "the folders changed" from the list getting its counts.
    @Test func theLoaderHandsTheCountsOverBeforeTheIndexes() {
        let dir = Self.folder()
        let loader = CatalogLoader.start(paths: [dir.path], cache: nil, deferred: true, countingLater: true)
        var s = AppState(catalog: Catalog(unindexed: loader.corpus), size: Self.size, indexing: loader.progress)
        #expect(s.row(3).hasSuffix("…"))
        s.press("j", "j")
        loader.begin()
        let catalog = loader.wait()
        Runner.takeIndexes(&s, from: loader.ready, refreshed: loader.refreshed, counts: loader.counts)
        #expect(s.indexing == nil)
        #expect(s.corpus === catalog.corpus)
        #expect(s.list.selectedArticle == 2)
        #expect(s.row(3).hasSuffix(counted(catalog.corpus.articles[2].words, "word")))
        #expect(s.message == nil)
        // Without the counts handed over, the indexes' list is still taken as the same list.
        let again = CatalogLoader.start(paths: [dir.path], cache: nil, deferred: true, countingLater: true)
        var t = AppState(catalog: Catalog(unindexed: again.corpus), size: Self.size, indexing: again.progress)
        t.press("j")
        _ = again.wait()
        Runner.takeIndexes(&t, from: again.ready)
        #expect(!t.countingWords)
        #expect(t.list.selectedArticle == 1)
        #expect(t.message == nil)
        #expect(t.row(2).hasSuffix(counted(t.corpus.articles[1].words, "word")))
    }
}
