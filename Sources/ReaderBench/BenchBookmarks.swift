import Foundation
import Library
import ReaderUI

extension BenchRun {
    /// Section 9: `reader bookmarks import` of W3C annotation collections of two sizes, into an
    /// empty bookmarks file each run; linear means the larger takes about as many times longer
    /// as it has annotations more.
    func bookmarkImport(small: Int = 2_000, large: Int = 20_000) throws -> Section {
        var figures: [Figure] = []
        for n in [small, large] {
            let file = sandbox.root + "/annotations-\(n).json"
            try BookmarkSamples.w3c(count: n).write(toFile: file, atomically: false, encoding: .utf8)
            figures.append(try measureProcess("reader bookmarks import, \(Fmt.grouped(n)) W3C annotations",
                                              [reader, "bookmarks", "import", file], home: .freshEachRun))
        }
        let factor = Double(large) / Double(small)
        var ratio = Figure("import \(Fmt.grouped(large)) ÷ import \(Fmt.grouped(small))", unit: "×",
                           median: figures[1].median / max(figures[0].median, 0.001),
                           note: "linear: about \(Fmt.number(factor)); quadratic: about \(Fmt.number(factor * factor))")
        ratio.target = Target(2 * factor, atMost: true, unit: "×")
        figures.append(ratio)
        return Section(title: "9. Bookmarks import (whole processes, into an empty bookmarks file each run)", figures: figures)
    }
}

/// Made-up bookmarks for measuring: `count` distinct places spread over 100 articles.
enum BookmarkSamples {
    static func w3c(count: Int) -> String {
        let text = ArticleText(String(repeating: "The harbour board met again on Friday to discuss the ferry timetable.\n", count: 20))
        let t = Timestamp(milliseconds: 1_700_000_000_000)
        let bookmarks = (0..<count).map { i -> Bookmark in
            let ref = ArticleRef(path: "article-\(i % 100).txt", root: "/srv/bench", hash: "")
            let start = (i * 7) % (text.count - 40)
            return Bookmark.make(article: ref, text: text, range: start..<(start + 30), note: "note \(i)",
                                 tags: i % 3 == 0 ? ["bench"] : [], now: t.adding(milliseconds: Int64(i)))
        }
        return BookmarkExchange.w3c(bookmarks)
    }
}
