import Library

/// The list's order (`s`) and what of the list is remembered between runs (`ListMemory`: the
/// order, the filter, the selected article), restored at start and saved at the end.
extension AppState {
    /// Lists the articles in `sort`, the selected one still selected and on screen.
    mutating func sortList(_ sort: SortOrder) {
        let selected = list.selectedArticle
        list.order = articleOrder(sort)
        showInList(list.filter?.articles ?? Array(corpus.articles.indices), keeping: selected)
        list.top = max(0, list.selection - listRows / 2)
        clampList()
        message = .info("Sorted \(sort.label)" + bracketHint([(.cycleOrder, .char("s"), sort.next.label)], in: .list, colon: true))
    }

    func articleOrder(_ sort: SortOrder) -> ArticleOrder {
        // Longest first while the words are counted: the order of ties (ListScreen+Counts).
        if sort == .length && countingWords { return ArticleOrder(.length, unsortedCount: corpus.articles.count) }
        var lastRead: [Int: Double] = [:]
        if sort == .lastRead {
            // Read in this run first, the latest first (reducers read no clock: the order they
            // were left in); then by the time saved.
            for i in corpus.articles.indices {
                let key = positionKey(of: i)
                if let n = readSequence[key] { lastRead[i] = 1e15 + Double(n) } else if let saved = savedPositions[key] { lastRead[i] = saved.time }
            }
        }
        return ArticleOrder(sort, articles: corpus.articles, lastRead: { lastRead[$0] })
    }

    /// The list as it was left: its order (else `defaultSort`), its filter, the article
    /// selected (found by its path; if it is gone, the first row).
    mutating func restoreList(_ memory: ListMemory, defaultSort: SortOrder) {
        let sort = memory.sort ?? defaultSort
        if sort != list.order.sort { list.order = articleOrder(sort) }
        if let filter = memory.filter, !filter.isEmpty {
            setListFilter(filter)
            message = nil
        } else {
            showInList(Array(corpus.articles.indices), keeping: nil)
        }
        if let path = memory.cursor, let article = articleKeys.find(absolutePath: path) {
            // Until the indexes are ready a filter searches titles and authors only: the article
            // may show only when it is run again.
            list.restoring = article
            if let row = list.visible.firstIndex(of: article) { list.selection = row }
        }
        list.top = max(0, list.selection - listRows / 2)
        clampList()
    }

    /// What to remember of the list: its order, its filter, the selected article's path.
    public var listMemory: ListMemory {
        let cursor = list.selectedArticle.map { i in
            let a = corpus.articles[i]
            return ArticleRef(path: a.relativePath, root: ArticleRef.absolute(a.root), hash: "").absolutePath
        }
        return ListMemory(sort: list.order.sort, filter: list.filter?.shownQuery, cursor: cursor)
    }
}
