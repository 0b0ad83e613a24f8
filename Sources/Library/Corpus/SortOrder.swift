/// The orders the article list can be sorted in (the list's `s` cycles them; `config.toml`'s
/// `sort` picks the first). Ties keep the order the files were found in (each root in turn, names
/// sorted bytewise), so every order is stable and the same on every run.
public enum SortOrder: String, CaseIterable, Sendable {
    /// As found: each root in turn, folders and names sorted bytewise.
    case path
    case title
    case author
    /// Longest first.
    case length
    /// Newest first: the date the article gives (front matter, a page's published time), else
    /// its file's modification time.
    case date
    /// The last time each article was read here, latest first; unread articles last.
    case lastRead = "last-read"

    /// As the list's header says it.
    public var label: String {
        switch self {
        case .path: return "by path"
        case .title: return "by title"
        case .author: return "by author"
        case .length: return "longest first"
        case .date: return "newest first"
        case .lastRead: return "last read first"
        }
    }

    /// The next order (the list's `s`).
    public var next: SortOrder {
        let all = SortOrder.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }

    /// The articles' indices in this order. `lastRead` gives when an article was last read
    /// (seconds since 1970), nil for one never read. Titles and authors compare case- and
    /// accent-insensitively; an article with no author sorts after those with one.
    public func order(_ articles: [Article], lastRead: (Int) -> Double?) -> [Int] {
        let indices = Array(articles.indices)
        switch self {
        case .path: return indices
        case .title: return Self.stable(indices, by: articles.map { Folding.key($0.title) }, <)
        case .author:
            let keys = articles.map { $0.author.map { [Folding.key($0)] } ?? [] }
            return Self.stable(indices, by: keys) { a, b in
                guard let x = a.first else { return false }
                guard let y = b.first else { return true }
                return x < y
            }
        case .length: return Self.stable(indices, by: articles.map(\.words), >)
        case .date: return Self.stable(indices, by: articles.map(\.sortDate)) { $0 > $1 }
        case .lastRead:
            let keys = indices.map { lastRead($0).map { [$0] } ?? [] }
            return Self.stable(indices, by: keys) { a, b in
                guard let x = a.first else { return false }
                guard let y = b.first else { return true }
                return x > y
            }
        }
    }

    /// `indices` sorted by `keys[i]` with `before`, equal keys in index order.
    static func stable<K>(_ indices: [Int], by keys: [K], _ before: (K, K) -> Bool) -> [Int] {
        indices.sorted { a, b in
            if before(keys[a], keys[b]) { return true }
            if before(keys[b], keys[a]) { return false }
            return a < b
        }
    }
}

/// The article list's order: every article's place in one `SortOrder`, to arrange any subset
/// (a filter's result) in that order in time linear in the corpus.
public struct ArticleOrder: Equatable, Sendable {
    public let sort: SortOrder
    /// Article indices in order.
    public let order: [Int]
    /// Each article's place in `order`.
    let rank: [Int]

    /// The order the files were found in (`.path`).
    public init(count: Int) { self.init(.path, unsortedCount: count) }

    /// `sort` while the values it sorts by are not known yet (the word counts, being made):
    /// the order the files were found in, which is the order of ties, until it is made again.
    public init(_ sort: SortOrder, unsortedCount count: Int) {
        self.sort = sort
        order = Array(0..<count)
        rank = order
    }

    public init(_ sort: SortOrder, articles: [Article], lastRead: (Int) -> Double?) {
        self.sort = sort
        order = sort.order(articles, lastRead: lastRead)
        var rank = [Int](repeating: 0, count: order.count)
        for (place, article) in order.enumerated() { rank[article] = place }
        self.rank = rank
    }

    /// `articles` (distinct indices, in any order) in this order.
    public func arrange(_ articles: [Int]) -> [Int] {
        if articles.count * 16 < order.count { return articles.sorted { rank[$0] < rank[$1] } }
        var member = [Bool](repeating: false, count: order.count)
        for a in articles where a < member.count { member[a] = true }
        return order.filter { member[$0] }
    }

    /// Where `article` is in `arranged` (a result of `arrange`), or where it would be: the
    /// place of the first article after it.
    public func place(of article: Int, in arranged: [Int]) -> Int {
        guard article < rank.count else { return arranged.count }
        let r = rank[article]
        var low = 0, high = arranged.count
        while low < high {
            let mid = (low + high) / 2
            if rank[arranged[mid]] < r { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
