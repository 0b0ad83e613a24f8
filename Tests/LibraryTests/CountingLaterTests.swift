import Foundation
import Testing
@testable import Library
import TestSupport

/// A start with no cache reads only the beginning of each text for the list, and counts the
/// words after (`Corpus.scan(…, counting: false)`, `countingWords`): what it ends with is what
/// reading every file whole makes, to the byte.
@Suite struct CountingLaterTests {
    /// Every kind of file whose head and whole differ: long texts with and without a headline
    /// in their first 4 KiB, longer than the 64 KiB looked at for one, old Mac line endings
    /// with a line feed only after the head, invalid UTF-8 after the head, a byte-order mark,
    /// front matter, wide characters, a web page, an empty file, binary files.
    static func folder() -> TempFolder {
        let dir = TempFolder()
        let para = String(repeating: "The committee met again on Tuesday and could not agree. ", count: 20) + "\n\n"
        dir.write("01-short.txt", "Short headline\n\nBy Ada Quill\n\nA few words here.\n")
        dir.write("02-front.md", "---\ntitle: Front matter title\nauthor: Bo Lind\ndate: 2023-06-28\n---\n\n# Heading\n\n" + para)
        dir.write("03-long-headline.txt", "Long article headline\n\n" + String(repeating: para, count: 30))
        // One opening paragraph longer than the head: no headline, the title made from its words.
        dir.write("04-no-headline.txt", String(repeating: "lorem ipsum dolor sit amet ", count: 400) + "\n\n" + para)
        dir.write("05-beyond-64k.md", String(repeating: "x", count: 70_000) + "\n\n# Late heading\n\n" + para)
        dir.write("06-old-mac.txt", bytes: Array((String(repeating: "line of text\r", count: 500) + "\nfinally a line feed\n" + para).utf8))
        dir.write("07-invalid-late.txt", bytes: Array(("Invalid bytes later\n\n" + String(repeating: para, count: 10)).utf8) + [0xFF, 0xFE, 0x41, 0xC3])
        dir.write("08-bom.txt", bytes: [0xEF, 0xBB, 0xBF] + Array("With a mark\n\nWords after it.\n".utf8))
        dir.write("09-wide.txt", "漢字の見出し\n\n" + String(repeating: "日本語の文章です。", count: 2000))
        dir.write("10-page.html", "<html><head><title>A saved page</title></head><body><article><p>" + para + "</p></article></body></html>")
        dir.write("11-empty.txt", "")
        dir.write("12-binary.txt", bytes: [0x7F, 0x45, 0x4C, 0x46, 0x00, 0x01])
        dir.write("13-nul-late.txt", bytes: Array(("Text first\n\n" + String(repeating: para, count: 10)).utf8) + [0x00, 0x41])
        return dir
    }

    @Test func theHeadsThenTheCountsMakeWhatReadingWholeFilesMakes() {
        let dir = Self.folder()
        let whole = Corpus.scan([dir.path])
        let heads = Corpus.scan([dir.path], reusing: nil, counting: false)
        #expect(!whole.wordsPending && heads.wordsPending)
        // The list is the same but for the counts (and the notes made with them).
        #expect(heads.articles.map(\.title) == whole.articles.map(\.title))
        #expect(heads.articles.map(\.author) == whole.articles.map(\.author))
        #expect(heads.articles.map(\.date) == whole.articles.map(\.date))
        #expect(heads.articles.map(\.location) == whole.articles.map(\.location))
        #expect(heads.skipped == whole.skipped)
        #expect(heads.articles.filter { $0.format != .html }.allSatisfy { $0.words == 0 })
        #expect(whole.articles.filter { $0.format != .html }.allSatisfy { $0.words > 0 || $0.size == 0 })

        let feed = WordCountFeed()
        let counted = heads.countingWords(into: feed)
        #expect(!counted.wordsPending)
        #expect(counted.records == whole.records)
        #expect(counted.articles == whole.articles)
        #expect(counted.issues == whole.issues)
        #expect(counted.issues.contains { $0.problem.contains("invalid UTF-8") })
        #expect(counted.isSameList(as: heads) && !whole.isSameList(as: heads))
        // Every count handed over, then the corpus, once.
        let (counts, corpus) = feed.take()
        #expect(corpus === counted)
        var byArticle: [Int: Int] = [:]
        for (a, w) in zip(counts?.articles ?? [], counts?.words ?? []) { byArticle[a] = w }
        #expect(byArticle == Dictionary(uniqueKeysWithValues: whole.articles.enumerated().map { ($0.offset, $0.element.words) }))
        #expect(feed.take().counts == nil && feed.take().corpus == nil)
        // Counted already: nothing to do.
        #expect(counted.countingWords() === counted)
    }

    /// A file that is gone by the time its words are counted keeps its place in the list.
    @Test func aFileGoneBeforeItsCountKeepsItsArticle() throws {
        let dir = TempFolder()
        dir.write("a.txt", "Alpha\n\nOne two three.\n")
        dir.write("b.txt", "Bravo\n\nFour five.\n")
        let heads = Corpus.scan([dir.path], reusing: nil, counting: false)
        try FileManager.default.removeItem(atPath: dir.file("a.txt"))
        let counted = heads.countingWords()
        #expect(counted.articles.map(\.title) == ["Alpha", "Bravo"])
        #expect(counted.articles.map(\.words) == [0, 3])
        // Not remembered as counted: the next start reads it again, even if it comes back
        // unchanged (a file unreadable for a moment keeps its stamp).
        #expect(counted.records.map { $0.stamp == nil } == [true, false])
    }

    /// The loader counting later: its list first, without counts; the counts, then the
    /// indexes made for the counted list; the cache it writes has the counts, so the next
    /// start (and `reader list`) finds what a whole read finds.
    @Test func theLoaderCountsBeforeTheIndexesAndCachesTheCounts() {
        let dir = Self.folder()
        let cache = CatalogCache(path: dir.file("cache.bin"), roots: [dir.path], options: LoadOptions())
        let whole = Corpus.scan([dir.path])
        let loader = CatalogLoader.start(paths: [dir.path], cache: cache, deferred: true, countingLater: true)
        #expect(loader.corpus.wordsPending)
        #expect(loader.counts.take().counts == nil)           // nothing before `begin`
        let catalog = loader.wait()
        #expect(catalog.corpus.isSameList(as: loader.corpus))
        #expect(catalog.corpus.records == whole.records)
        #expect(loader.counts.take().corpus === catalog.corpus)
        let warm = CatalogLoader.start(paths: [dir.path], cache: cache, countingLater: true)
        #expect(!warm.corpus.wordsPending)
        #expect(warm.corpus.records == whole.records)
        _ = warm.wait()
        #expect(warm.source == .cache)
    }
}
