import Testing
import TestSupport
@testable import Library

/// The list's orders: each sorts by its field, ties keep the order the files were found in, and
/// any subset (a filter's result) is arranged the same way.
struct SortOrderTests {
    static func article(_ path: String, _ title: String, author: String?, words: Int, modified: Int64) -> Article {
        Article(location: RawPath(path), path: path, format: .text, title: title, titleIsDerived: false, author: author,
                words: words, size: words * 6, modified: modified)
    }

    static let articles = [
        article("a.txt", "Zebra crossing", author: "Önder", words: 300, modified: 10),
        article("b.txt", "apple harvest", author: nil, words: 100, modified: 30),
        article("c.txt", "Éclair recipes", author: "anna", words: 300, modified: 30),
        article("d.txt", "apple harvest", author: "Anna", words: 50, modified: 20),
    ]

    static func order(_ sort: SortOrder, lastRead: [Int: Double] = [:]) -> [Int] {
        sort.order(articles, lastRead: { lastRead[$0] })
    }

    @Test func eachOrderSortsByItsFieldWithStableTies() {
        #expect(Self.order(.path) == [0, 1, 2, 3])
        // Case and accents ignored; equal titles in file order.
        #expect(Self.order(.title) == [1, 3, 2, 0])
        // "anna" and "Anna" tie (file order); no author last.
        #expect(Self.order(.author) == [2, 3, 0, 1])
        // Longest first; 300 and 300 tie.
        #expect(Self.order(.length) == [0, 2, 1, 3])
        // Newest first; 30 and 30 tie.
        #expect(Self.order(.date) == [1, 2, 3, 0])
        // Latest first; never read last, in file order.
        #expect(Self.order(.lastRead, lastRead: [2: 100, 0: 500]) == [0, 2, 1, 3])
    }

    @Test func nextCyclesThroughEveryOrder() {
        var seen: [SortOrder] = []
        var sort = SortOrder.path
        repeat { seen.append(sort); sort = sort.next } while sort != .path
        #expect(seen == SortOrder.allCases)
    }

    @Test func subsetsAreArrangedInTheOrderAndPlacesFound() {
        let order = ArticleOrder(.title, articles: Self.articles, lastRead: { _ in nil })
        #expect(order.arrange([0, 2, 3]) == [3, 2, 0])
        #expect(order.arrange([0, 1, 2, 3]) == [1, 3, 2, 0])
        let arranged = order.arrange([0, 3])
        #expect(order.place(of: 3, in: arranged) == 0)
        // Not shown: where it would be (after "apple harvest" d, before "Zebra").
        #expect(order.place(of: 2, in: arranged) == 1)
        // A large corpus takes the linear path: the same result as sorting.
        let many = (0..<500).map { Self.article("f\($0).txt", "t\(($0 * 7919) % 500)", author: nil, words: $0, modified: 0) }
        let big = ArticleOrder(.title, articles: many, lastRead: { _ in nil })
        let subset = Array(stride(from: 0, to: 500, by: 3))
        #expect(big.arrange(subset) == subset.sorted { big.place(of: $0, in: big.order) < big.place(of: $1, in: big.order) })
        #expect(big.arrange(Array(subset.prefix(5))) == Array(subset.prefix(5)).sorted { many[$0].title < many[$1].title })
    }
}
