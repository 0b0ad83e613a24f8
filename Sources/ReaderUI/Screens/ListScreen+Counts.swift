import Library

/// The list before its word counts are known: a start with no cache shows the list as soon as
/// every file's title is read, and counts the words after (`Corpus.wordsPending`). The lengths
/// and reading times fill in as the counts arrive (`Action.wordsCounted`), the rows and the
/// cursor staying where they are. "Longest first" lists the articles in the order they were
/// found until then — the order of ties, an unknown count being equal to every other — and is
/// sorted once every count is in (`Action.listCounted`), not as each arrives (rows would jump
/// under the cursor while it is read): the selected article stays selected, on its row.
extension AppState {
    /// Article `index`'s length in words; nil while it is being counted.
    public func words(of index: Int) -> Int? {
        guard let arrived = arrivedWords else { return corpus.articles[index].words }
        return index < arrived.count && arrived[index] >= 0 ? arrived[index] : nil
    }

    /// Whether the list's word counts are still being made.
    public var countingWords: Bool { arrivedWords != nil }

    mutating func wordsCounted(_ counts: WordCounts) {
        guard var arrived = arrivedWords else { return }
        arrivedWords = nil   // the array changed in place
        for (article, words) in zip(counts.articles, counts.words) where arrived.indices.contains(article) { arrived[article] = words }
        arrivedWords = arrived
    }

    /// Every count is in: `counted`, the list shown with them, replaces it.
    mutating func listCounted(_ counted: Corpus) {
        guard counted !== corpus, counted.isSameList(as: corpus) else { return }
        catalog = Catalog(corpus: counted, people: catalog.people, search: catalog.search)
        arrivedWords = nil
        guard list.order.sort == .length else { return }
        let selected = list.selectedArticle
        let row = list.selection - list.top
        list.order = articleOrder(.length)
        showInList(list.filter?.articles ?? Array(corpus.articles.indices), keeping: selected)
        list.top = max(0, list.selection - row)
        clampList()
    }
}
