import Foundation
import Library

// Finding things in the reader: the article list filtered as you type (`/` in the list) and the
// search in an article (`/`, `?`, `n`, `N`), both with the query language of `Query.parse`.

/// The list's filter: a query (typed after `/`, or `person:"Name"` from the people panel),
/// evaluated against the catalog's search index as it is typed (`LiveFilter`), so filtering never
/// reads an article again. While the text index is still being built (empty), titles and authors
/// are searched instead, from a small index of those made on the spot.
public struct ListFilter: Sendable, Equatable {
    public private(set) var live: LiveFilter
    /// The result came from titles and authors only (the text index was not built yet).
    public private(set) var titlesOnly = false
    /// Articles in the search index the result came from: a replaced index is noticed.
    private var indexedCount = -1
    /// Titles and authors, indexed while the text index is missing.
    private var metadataIndex: SearchIndex?
    /// The article selected when the filter was opened: kept selected while it matches.
    var anchor: Int?

    init(articleCount: Int, anchor: Int?) {
        live = LiveFilter(articleCount: articleCount)
        self.anchor = anchor
    }

    /// The text as typed (it may not parse: then `error` says why and the result is the last
    /// good one).
    public var text: String { live.text }
    /// The query the result is for (the last that parsed).
    public var query: Query? { live.query }
    public var error: QueryError? { live.error }
    public var articles: [Int] { live.result.articles }

    /// The query to show in the list's header, if it narrows anything.
    public var shownQuery: String? {
        guard let query, !query.matchesEverything else { return nil }
        // Trimmed from both ends without Foundation: the header asks for it on every frame,
        // and a pasted filter may be 100 kB long.
        var shown = Substring(query.source)
        while let c = shown.first, c.isWhitespace { shown.removeFirst() }
        while let c = shown.last, c.isWhitespace { shown.removeLast() }
        return shown.isEmpty ? nil : String(shown)
    }

    /// Whether the catalog's index differs from the one the result came from.
    func isStale(for catalog: Catalog) -> Bool {
        catalog.search.articleCount != indexedCount || AppState.textIndexBuilding(catalog) != titlesOnly
    }

    /// Filters for `text` (parsed leniently, its last word a prefix).
    mutating func update(_ text: String, catalog: Catalog) {
        if isStale(for: catalog) {
            // Another index: start again from everything, with the last good query first.
            let lastGood = live.query?.source
            titlesOnly = AppState.textIndexBuilding(catalog)
            indexedCount = catalog.search.articleCount
            metadataIndex = titlesOnly ? Self.titlesAndAuthors(catalog.corpus.articles) : nil
            live = LiveFilter(articleCount: catalog.corpus.articles.count)
            if let lastGood, lastGood != text { run(lastGood, catalog) }
        }
        run(text, catalog)
    }

    private mutating func run(_ text: String, _ catalog: Catalog) {
        live.update(text, index: metadataIndex ?? catalog.search, people: catalog.personResolver)
    }

    /// An index of the articles' titles and authors only.
    static func titlesAndAuthors(_ articles: [Article]) -> SearchIndex {
        let builder = SearchIndexBuilder()
        let none = ArticleText("")
        return builder.build(articles: articles, analyses: articles.map { builder.analyze($0, none) })
    }

    /// The query that lists the articles mentioning a person: `person:"Name"`.
    static func personQuery(_ name: String) -> String {
        "person:\"" + name.filter { $0 != "\"" && $0 != "“" && $0 != "”" && $0 != "„" } + "\""
    }

    public static func == (a: ListFilter, b: ListFilter) -> Bool {
        a.text == b.text && a.query == b.query && a.error == b.error && a.articles == b.articles
            && a.titlesOnly == b.titlesOnly && a.anchor == b.anchor
    }
}

/// The last search made in an article, kept across articles: `n` in another article and `/`
/// Enter repeat it; opened articles highlight it while `highlighting` (a search is on).
public struct FindState: Equatable, Sendable {
    public var last: Query?
    /// `/` (true) or `?`: the direction `n` goes.
    public var forward = true
    public var highlighting = false

    /// Opening an article from the list: it highlights what the list's filter matches, if the
    /// filter narrows the list by words (`n` then steps through them); otherwise nothing.
    mutating func openingFromList(_ filter: ListFilter?) {
        if let query = filter?.query, filter?.shownQuery != nil, query.highlightCount > 0 {
            last = query
            forward = true
            highlighting = true
        } else {
            highlighting = false
        }
    }
}

/// A search in the open article: where its words are in the text (computed once for the article
/// and the query) and which match is current.
public struct ArticleSearch: Equatable, Sendable {
    public let query: Query
    /// Sorted, not overlapping; `term` is the colour of the query word that matched.
    public let matches: [SearchMatch]
    /// Index into `matches` of the current match (the last one gone to), if any.
    public var current: Int?

    init(query: Query, text: ArticleText) {
        self.query = query
        matches = query.matches(in: text)
    }

    public var currentRange: Range<Int>? { current.map { matches[$0].range } }

    /// For the status line: `match 3/17`, `17 matches`, `no matches`.
    public var counter: String {
        if let current { return "match \(current + 1)/\(formatCount(matches.count))" }
        if matches.isEmpty { return "no matches" }
        return "\(formatCount(matches.count)) match\(matches.count == 1 ? "" : "es")"
    }
}

extension AppState {
    /// Whether the catalog's text index is still being built (articles loaded, none indexed).
    static func textIndexBuilding(_ catalog: Catalog) -> Bool {
        catalog.search.articleCount == 0 && catalog.corpus.articles.count > 0
    }

    var textIndexBuilding: Bool { AppState.textIndexBuilding(catalog) }

    // MARK: The list's filter

    /// `/` in the list: the prompt, starting from the filter in place.
    mutating func openListFilter() {
        var filter = list.filter ?? ListFilter(articleCount: corpus.articles.count, anchor: nil)
        filter.anchor = list.selectedArticle
        list.filter = filter
        prompt = Prompt(kind: .listFilter, text: filter.text)
    }

    /// Each key typed: the list narrows (or widens) at once.
    mutating func updateListFilter(_ text: String) {
        var filter = list.filter ?? ListFilter(articleCount: corpus.articles.count, anchor: list.selectedArticle)
        filter.update(text, catalog: catalog)
        list.filter = filter
        showInList(filter.articles, keeping: filter.anchor)
        if let error = filter.error {
            message = .error("Filter: \(error.description) (the list shows the last query that worked)")
        } else if let note = filter.live.result.notes.first {
            message = .info(note)
        }
    }

    /// Enter: the prompt closes, the filter stays (shown in the header; Esc clears it).
    mutating func submitListFilter(_ text: String) {
        updateListFilter(text)
        if list.filter?.shownQuery == nil {
            let problem = message
            clearListFilter()
            message = problem
        }
    }

    /// Esc: every article again, the selected one still selected.
    mutating func clearListFilter() {
        let selected = list.selectedArticle
        list.filter = nil
        showInList(Array(corpus.articles.indices), keeping: selected)
    }

    /// Filters the list for a query (the people panel's `f`), from its first row.
    mutating func setListFilter(_ text: String) {
        list.filter = nil
        list.top = 0
        updateListFilter(text)
    }

    /// Shows `articles` (corpus order) in the list, selecting `article` if it is there, else the
    /// next one after it (else the last); the first row with none to keep.
    mutating func showInList(_ articles: [Int], keeping article: Int?) {
        list.visible = articles
        if let article {
            list.selection = min(articles.partitioningIndex { $0 >= article }, max(0, articles.count - 1))
        } else {
            list.selection = 0
        }
        clampList()
    }

    /// While the text index is being built the filter searches titles and authors; when the
    /// catalog gets its index, the filter is run again against it.
    mutating func refreshListFilter() {
        guard let filter = list.filter, filter.isStale(for: catalog) else { return }
        let selected = list.selectedArticle
        var fresh = filter
        fresh.update(filter.text, catalog: catalog)
        list.filter = fresh
        showInList(fresh.articles, keeping: selected)
    }

    // MARK: Searching the open article

    /// `/` or `?` then Enter: searches the article from the screen (an empty query: the last
    /// search again, in the direction now asked for).
    mutating func startSearch(_ text: String, forward: Bool) -> [Effect] {
        let query: Query
        if text.allSatisfy(\.isWhitespace) {
            guard let last = find.last else {
                message = .error("No earlier search to repeat")
                return []
            }
            query = last
        } else {
            do {
                query = try Query.parse(text, prefixLast: true)
            } catch {
                message = .error("Search: \(error.description)")
                return []
            }
        }
        find.last = query
        find.forward = forward
        find.highlighting = true
        showSearch(query)
        guard let search = reading?.search else { return [] }
        if search.matches.isEmpty {
            message = .info(query.highlightCount == 0
                ? "“\(query.source)” has no words to find in the text (n: next article it matches)"
                : "“\(query.source)” is not in this article (n: next article with it)")
            return []
        }
        return goToMatch(forward: forward, wrap: true)
    }

    /// Puts a query's matches in the open article (unless they are there already).
    mutating func showSearch(_ query: Query) {
        guard var r = reading, r.search?.query != query else { return }
        r.search = ArticleSearch(query: query, text: r.text)
        reading = r
    }

    /// `n` (in the search's direction) and `N` (the other way). With no search in this article,
    /// the last search starts again here.
    mutating func stepMatch(sameDirection: Bool) -> [Effect] {
        guard reading != nil else { return [] }
        if reading?.search == nil {
            guard let last = find.last else {
                message = .info("No search yet: / searches forward, ? backward")
                return []
            }
            find.highlighting = true
            showSearch(last)
        }
        return goToMatch(forward: sameDirection == find.forward, wrap: false)
    }

    /// The current match on screen, if a search is on (what `m` bookmarks).
    var currentMatchOnScreen: Range<Int>? {
        guard let range = reading?.search?.currentRange, screenRange.contains(range.lowerBound) else { return nil }
        return range
    }

    /// Moves to the next or previous match: after (before) the current one while it is on screen,
    /// else from the top (bottom) of the screen. Past the last (first) match: round to the other
    /// end when `wrap`, else into the next (previous) matching article of the list.
    mutating func goToMatch(forward: Bool, wrap: Bool) -> [Effect] {
        guard var r = reading, var search = r.search else { return [] }
        let matches = search.matches
        let screen = screenRange
        var target: Int?
        if let current = search.current, screen.contains(matches[current].range.lowerBound) {
            target = forward ? current + 1 : current - 1
        } else if forward {
            target = matches.partitioningIndex { $0.range.lowerBound >= screen.lowerBound }
        } else {
            target = matches.partitioningIndex { $0.range.lowerBound >= screen.upperBound } - 1
        }
        if let t = target, !matches.indices.contains(t) { target = nil }
        if target == nil && wrap && !matches.isEmpty {
            target = forward ? 0 : matches.count - 1
            message = .info(forward ? "Search went past the end: continued from the top" : "Search went past the top: continued from the end")
        }
        guard let target else { return crossToMatchingArticle(forward: forward) }
        search.current = target
        r.search = search
        r.selectedMention = nil
        reading = r
        reveal(matches[target].range.lowerBound)
        return []
    }

    /// `n` past the last match: the next article of the list (as shown) that the index says
    /// matches, opened at its first match (`N`: the previous one, at its last match). The jump
    /// goes on the jump list (Ctrl-O comes back).
    mutating func crossToMatchingArticle(forward: Bool) -> [Effect] {
        guard let r = reading, let query = r.search?.query else { return [] }
        let quoted = "“\(query.source)”"
        guard !textIndexBuilding else {
            message = .info("No \(forward ? "more" : "earlier") matches of \(quoted) here; other articles can be searched when the text index is built")
            return []
        }
        let matching = catalog.search.evaluate(query, people: catalog.personResolver).articles
        func matches(_ article: Int) -> Bool {
            let k = matching.partitioningIndex { $0 >= article }
            return k < matching.count && matching[k] == article
        }
        let order = list.visible
        // Where this article is in the list (or would be: the list is in corpus order).
        let here = order.firstIndex(of: r.index)
        let candidates: [Int] = forward
            ? Array((here.map { $0 + 1 } ?? order.partitioningIndex { $0 > r.index })..<order.count)
            : Array((0..<(here ?? order.partitioningIndex { $0 >= r.index })).reversed())
        guard let position = candidates.first(where: { matches(order[$0]) }) else {
            message = .info(forward ? "No later article in the list matches \(quoted): this was the last match"
                                    : "No earlier article in the list matches \(quoted): this was the first match")
            return []
        }
        let article = order[position]
        rememberJump()
        var effects = leaveArticle()
        find.last = query
        find.highlighting = true
        effects += openArticle(article, resume: false)
        guard var opened = reading, opened.index == article, var search = opened.search else { return effects }
        list.selection = position
        clampList()
        let title = "“\(corpus.articles[article].title)”"
        let which = forward ? "Next" : "Previous"
        guard !search.matches.isEmpty else {
            message = .info("\(which) article matching \(quoted): \(title), by its title, author or people (not its text) (Ctrl-O back)")
            return effects
        }
        search.current = forward ? 0 : search.matches.count - 1
        opened.search = search
        reading = opened
        reveal(search.matches[search.current!].range.lowerBound)
        message = .info("\(which) article matching \(quoted): \(title) — \(search.counter) (Ctrl-O back)")
        return effects
    }
}
