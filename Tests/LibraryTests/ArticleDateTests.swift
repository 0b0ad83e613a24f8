import Foundation
import Testing
import TestSupport
@testable import Library

/// An article's date: from Markdown front matter (YAML and TOML) and a saved page's metadata,
/// kept in the catalog cache, used by the "newest first" order; a date that does not read is
/// ignored, never a crash.
@Suite struct ArticleDateTests {
    func markdown(_ text: String) -> Metadata {
        Metadata.extract(from: ArticleText(text), format: .markdown, fileName: "note.md")
    }

    func page(_ html: String) -> Metadata {
        Metadata.extract(page: HTMLReader.read(Array(html.utf8)), fileName: "page.html")
    }

    @Test func yamlFrontMatterDate() {
        let m = markdown("---\ntitle: Tide tables\nauthor: Ines Obi\ndate: 2023-06-28\n---\n\nLow water at noon.\n")
        #expect(m.date?.day == "2023-06-28")
        #expect(m.date?.seconds == 1_687_910_400)
        #expect(m.title == "Tide tables")
        // Quoted, with a time and a zone: the day as written, the instant for sorting.
        let zoned = markdown("---\ndate: \"2023-06-28 23:30:00 -05:00\"\n---\nText.\n")
        #expect(zoned.date?.day == "2023-06-28")
        #expect(zoned.date == ArticleDate(seconds: 1_687_910_400 + 86_400 + 4 * 3600 + 1800, offsetMinutes: -300))
    }

    @Test func tomlFrontMatterDate() {
        let m = markdown("+++\ntitle = \"Ferry strike\"\ndate = 2024-02-29T08:15:00Z\n+++\n\nBoats stayed in.\n")
        #expect(m.date?.day == "2024-02-29")
        #expect(m.title == "Ferry strike")
        let quoted = markdown("+++\ndate = '2021-11-05'\n+++\n")
        #expect(quoted.date?.day == "2021-11-05")
    }

    @Test func pageMetaPublishedTime() {
        let m = page("""
            <html><head><title>Harbour reopens</title>
            <meta property="article:published_time" content="2022-10-01T06:00:00+09:00"></head>
            <body><article><p>The harbour reopened.</p><time datetime="2020-01-01">old</time></article></body></html>
            """)
        // The meta tag wins over a <time> in the text; the day is Tokyo's, as written.
        #expect(m.date?.day == "2022-10-01")
        #expect(m.date?.seconds == 1_664_571_600)
    }

    @Test func pageTimeElement() {
        let m = page("<html><body><article><h1>Storm</h1><p>By Jo Penn, <time datetime=\"2019-07-14T18:00:00Z\">Sunday</time></p><p>Rain.</p></article></body></html>")
        #expect(m.date?.day == "2019-07-14")
        // A <time> holding words only and no datetime is passed over for one that reads.
        let later = page("<html><body><time>3 hours ago</time><article><p>Text <time>March 5, 2018</time>.</p></article></body></html>")
        #expect(later.date?.day == "2018-03-05")
        #expect(page("<html><body><p>No date here.</p></body></html>").date == nil)
    }

    @Test func malformedDatesAreIgnored() {
        for bad in ["next Tuesday", "2023-13-01", "2023-02-29", "2023-06-28T25:00", "2023-06-28 and more", "99999-01-01",
                    "2023-06-28T10:00+99:00", "", "-", "2023-", "\u{202E}2023-06-28", "June 31, 2023", String(repeating: "9", count: 10_000)] {
            #expect(ArticleDate(parsing: bad) == nil, "\(bad.prefix(30))")
            let m = markdown("---\ntitle: T\ndate: \(bad)\n---\n\nBody.\n")
            #expect(m.date == nil)
            #expect(m.title == "T")
        }
        #expect(page("<html><head><meta name=\"date\" content=\"yesterday\"></head><body><p>x</p></body></html>").date == nil)
    }

    @Test func formsPeopleWrite() {
        let cases: [(String, String)] = [
            ("2023-06-28T14:02:00.123Z", "2023-06-28"), ("2023/06/28", "2023-06-28"), ("2023-6-8", "2023-06-08"),
            ("Wed, 28 Jun 2023 14:02:00 +0000", "2023-06-28"), ("28 June 2023", "2023-06-28"),
            ("Sept 3, 2020", "2020-09-03"), ("1969-12-31T23:59:59Z", "1969-12-31"), ("2023-06-28 14:02 UTC", "2023-06-28"),
        ]
        for (text, day) in cases { #expect(ArticleDate(parsing: text)?.day == day, "\(text)") }
    }

    @Test func newestFirstSortsByTheArticlesDateElseTheFiles() {
        func article(_ path: String, modified: Int64, date: String?) -> Article {
            Article(location: RawPath(path), path: path, format: .markdown, title: path, titleIsDerived: false, author: nil,
                    words: 1, size: 1, modified: modified * 1_000_000_000, date: date.flatMap(ArticleDate.init(parsing:)))
        }
        let articles = [
            article("old-page-saved-today.html", modified: 1_800_000_000, date: "2001-01-01"),
            article("undated-note.md", modified: 1_600_000_000, date: nil),   // 2020-09-13
            article("dated-note.md", modified: 1_000_000_000, date: "2022-01-01"),
        ]
        #expect(SortOrder.date.order(articles, lastRead: { _ in nil }) == [2, 1, 0])
        #expect(articles[0].shownDay?.day == "2001-01-01" && articles[0].shownDay?.isFileDate == false)
        #expect(articles[1].shownDay?.isFileDate == true)
        #expect(articles[1].shownDay?.day == ArticleDate.localDay(nanoseconds: 1_600_000_000 * 1_000_000_000))
    }

    @Test func theCacheKeepsTheDateAndRefusesTheFormerVersion() throws {
        let dir = TempFolder()
        dir.write("a.md", "---\ntitle: Tide tables\ndate: 2023-06-28T23:30:00-05:00\n---\n\nLow water.\n")
        dir.write("b.txt", "Undated\n\nText.\n")
        let cache = CatalogCache(path: dir.file("cache/catalog.bin"), roots: [dir.path], options: LoadOptions())
        let listed = Corpus.scan([dir.path], cache: cache)
        #expect(listed.articles.map(\.date) == [ArticleDate(parsing: "2023-06-28T23:30:00-05:00"), nil])
        let records = try #require(cache.readRecords())
        #expect(records.compactMap { $0.article?.date } == [ArticleDate(seconds: 1_688_013_000, offsetMinutes: -300)])
        #expect(Corpus.scan([dir.path], options: LoadOptions(), reusing: records).articles == listed.articles)
        // A cache written by version 3 (no dates) is not read: it is rebuilt.
        var bytes = try #require(FileManager.default.contents(atPath: cache.path).map { [UInt8]($0) })
        bytes[8] = 3
        bytes[9] = 0; bytes[10] = 0; bytes[11] = 0
        dir.write("cache/catalog.bin", bytes: bytes)
        #expect(cache.readRecords() == nil)
    }
}
