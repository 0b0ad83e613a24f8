import Library

/// The article list: which articles are shown (all of them until a filter narrows it), which
/// one is selected, and which is the first row on screen.
public struct ListState: Equatable, Sendable {
    /// Indices into `corpus.articles`, in display order.
    public internal(set) var visible: [Int]
    /// Position in `visible`.
    public internal(set) var selection = 0
    public internal(set) var top = 0
    /// The query narrowing the list (typed after `/`, or `person:"Name"` from the people panel).
    public internal(set) var filter: ListFilter?
    /// The order the articles are listed in (`s` cycles it; ListScreen+Order).
    public internal(set) var order: ArticleOrder
    /// The article remembered from the last run, selected once the filter (run again when the
    /// indexes are ready) shows it; forgotten at the first key in the list.
    var restoring: Int?
    /// What the filter last said on the status line (replaced when the list changes under it).
    var filterSaid: AppState.Message?

    public init(count: Int) {
        visible = Array(0..<count)
        order = ArticleOrder(count: count)
    }

    public var selectedArticle: Int? { selected(in: visible) }
}

extension AppState {
    /// Rows of the list on screen (header and status line excluded).
    var listRows: Int { max(1, size.rows - 2) }

    mutating func applyList(_ action: Action, count: Int?) -> [Effect] {
        list.restoring = nil
        switch action {
        case .open:
            if let index = list.selectedArticle {
                find.openingFromList(list.filter)
                // A list of a person's articles reads like search results: at the first mention.
                let byPerson = find.highlighting && find.last?.namesPeople == true
                return openArticle(index, byPerson ? .firstMatch : .resume)
            }
        case .filter:
            openListFilter()
        case .back:
            // `q` on the list: a filter is cleared first, then it quits.
            if list.filter == nil { return quit() }
            clearListFilter()
        case .cycleOrder:
            sortList(list.order.sort.next)
        case .toggleRead:
            if let index = list.selectedArticle {
                let key = positionKey(of: index)
                let finished = readProgress[key] == 100
                readProgress[key] = finished ? nil : 100
                message = .info("“\(corpus.articles[index].title)” marked \(finished ? "unread" : "read")")
                // Kept with the place the article was left at (0 read: unread), for the next run.
                var position = savedPositions[key] ?? SavedPosition(offset: 0, quote: "", time: 0)
                position.read = finished ? 0 : 100
                savedPositions[key] = position
                clampList()
                return [.savePosition(key: key, position: position)]
            }
        case .clearFilter:
            // Every article again, the selected article still selected.
            if list.filter != nil { clearListFilter() }
        default:
            list.move(action, count: count, rows: listRows, total: list.visible.count)
        }
        clampList()
        return []
    }

    mutating func clampList() {
        list.clamp(total: list.visible.count, rows: listRows)
    }
}

/// Draws the article list: a header, one row an article (title, author, date, length), a status line.
enum ListView {
    static func draw(_ state: AppState, into grid: inout Grid) {
        let width = state.size.columns
        let corpus = state.corpus
        grid.fill(row: 0, style: .header)
        let total = corpus.articles.count
        var header = " reader  " + counted(total, "article")
        let filtering = state.list.filter != nil || state.prompt?.kind == .listFilter
        if let shown = state.list.filter?.shownQuery {
            // No more of the query than the line can show (it may be a 100 kB paste).
            header += "  \(formatCount(state.list.visible.count)) of \(formatCount(total)) matching " + shown.prefix(width)
        } else if state.list.visible.count != total {
            header += "  (\(formatCount(state.list.visible.count)) shown)"
        }
        if filtering && state.textIndexBuilding { header += "  (text index building… titles and authors only)" }
        if state.list.filter?.shownQuery != nil {
            let all = state.bracketHint([(.clearFilter, .escape, "all")], in: .list, colon: true)
            if !all.isEmpty { header += " " + all }
        }
        if state.list.order.sort != .path { header += "  " + state.list.order.sort.label }
        if state.list.order.sort == .length && state.countingWords { header += " (counting words…)" }
        let end = grid.put(header, row: 0, column: 0, style: .header)
        if let progress = state.indexing {
            let note = "indexing \(progress.total == 0 ? 100 : progress.done * 100 / progress.total)%…"
            if end + note.count + 2 < width { grid.put(note, row: 0, column: width - note.count - 1, style: .header) }
        }

        if state.list.visible.isEmpty {
            grid.put(total == 0 ? "  No articles." : "  Nothing matches.", row: 2, column: 0, style: .dim)
        }
        let rows = state.listRows
        // Read marks: • unread, 42% begun, ✓ finished; ▍ holds bookmarks. Kept at every width
        // but the narrowest (the title is cut instead).
        let markWidth = width >= 20 ? 5 : 0
        let authorWidth = width >= 70 ? min(24, width / 5) : 0
        let onScreen = state.list.visible[min(state.list.top, state.list.visible.count)..<min(state.list.visible.count, state.list.top + rows)]
        // The date (`2023-06-28`): the article's own, else its file's, dimmed as a derived title
        // is; no column when no article on screen has either.
        let dateWidth = width >= 60 && onScreen.contains(where: { corpus.articles[$0].shownDay != nil }) ? 10 : 0
        // Lengths whole, right-aligned in a column as wide as the longest on screen.
        // A length not counted yet (the list shown first, the words counted after) is a dim `…`.
        let lengths = Dictionary(onScreen.map { ($0, state.words(of: $0).map { counted($0, "word") } ?? "…") }, uniquingKeysWith: { a, _ in a })
        // From 50 columns: narrower, the title needs the room (the status line gives the minutes).
        let lengthWidth = width >= 50 ? max(12, lengths.values.map(\.count).max() ?? 0) : 0
        for r in 0..<rows {
            let position = state.list.top + r
            guard position < state.list.visible.count else { break }
            let article = corpus.articles[state.list.visible[position]]
            let row = 1 + r
            let selected = position == state.list.selection
            if selected { grid.fill(row: row, style: .selected) }
            let titleWidth = max(1, width - 2 - markWidth - (authorWidth > 0 ? authorWidth + 2 : 0)
                                 - (dateWidth > 0 ? dateWidth + 2 : 0) - (lengthWidth > 0 ? lengthWidth + 1 : 0))
            let index = state.list.visible[position]
            let progress = state.readProgress[state.positionKey(of: index)]
            if markWidth > 0 {
                if state.bookmarkedArticles.contains(index) { grid.put("▍", row: row, column: 0, style: .bookmark) }
                let mark = progress.map { $0 >= 100 ? "  ✓" : String(repeating: " ", count: max(0, 3 - String($0).count)) + "\($0)%" } ?? "  •"
                grid.put(mark, row: row, column: 1, style: selected ? .selected : (progress == nil ? .bold : .dim))
            }
            // Unread titles bold, read ones plain.
            let titleStyle: Style = selected ? .selected : (article.titleIsDerived ? .derived : (progress == nil || markWidth == 0 ? .bold : .normal))
            grid.put(article.title, row: row, column: 1 + markWidth, style: titleStyle, limit: titleWidth)
            if authorWidth > 0, let author = article.author {
                grid.put(author, row: row, column: width - 1 - lengthWidth - 1 - (dateWidth > 0 ? dateWidth + 2 : 0) - authorWidth,
                         style: selected ? .selected : .dim, limit: authorWidth)
            }
            if dateWidth > 0, let (day, isFileDate) = article.shownDay {
                grid.put(day, row: row, column: width - 1 - lengthWidth - 1 - dateWidth,
                         style: selected ? .selected : (isFileDate ? .derived : .normal), limit: dateWidth)
            }
            if lengthWidth > 0, let length = lengths[state.list.visible[position]] {
                grid.put(length, row: row, column: width - 1 - length.count, style: selected ? .selected : .dim)
            }
        }

        var left = " "
        if let selected = state.list.visible.isEmpty ? nil : state.list.selection {
            left += "\(formatCount(selected + 1))/\(formatCount(state.list.visible.count))"
            if let index = state.list.selectedArticle {
                // The reading time before the path, which may be cut: narrow, it is the length's only
                // place (none while the words are counted).
                let minutes = state.words(of: index).map { Article.readingMinutes(words: $0) } ?? 0
                left += (minutes > 0 ? "  \(minutes) min" : "") + "  " + corpus.articles[index].path
            }
        }
        let skipped = corpus.skipped.count
        let why = state.key(.report, .char("!"), in: .list).map { " (\($0) why)" } ?? ""
        let right = (skipped > 0 ? "\(formatCount(skipped)) skipped\(why)  " : "")
            + state.hints([(actions: [(.help, .char("?"))], text: "help"), (actions: [(.back, .char("q")), (.quit, .char("Q"))], text: "quit")], in: .list)
        StatusLine.draw(state, into: &grid, left: left, right: right)
    }
}

/// A count and what is counted: `none`, `1 bookmark`, `2,000 bookmarks`.
public func formatCount(_ n: Int, _ one: String, _ many: String) -> String {
    n == 0 ? "none" : counted(n, one, many)
}

/// A count and what is counted, in the number it is: `0 words`, `1 word`, `2,000 words`.
/// (`many` is `one` + "s" unless given.) Every "N things" a screen or command prints goes
/// through here, so none says "1 words".
public func counted(_ n: Int, _ one: String, _ many: String? = nil) -> String {
    formatCount(n) + " " + (n == 1 ? one : many ?? one + "s")
}

/// 12,345-style numbers (the one number formatter: screens, and `reader-bench`'s figures).
public func formatCount(_ n: Int) -> String {
    let digits = String(abs(n))
    var out = ""
    for (i, ch) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
        out.append(ch)
    }
    return n < 0 ? "-" + out : out
}

// MARK: - The filter (`/`)

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

extension AppState {
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
        let before = list.filter?.articles
        filter.update(text, catalog: catalog)
        list.filter = filter
        // A new result: the cursor on its first match, the view at the top (issue 12); the
        // same result (a key that changed nothing): the cursor stays.
        if filter.articles != before {
            list.visible = list.order.arrange(filter.articles)
            list.selection = 0
            list.top = 0
            clampList()
        }
        if let said = filterMessage(filter) { message = said }
        list.filterSaid = message
    }

    /// What a filter has to say: why it does not parse, that the people are still being found
    /// for its `person:` terms, or the search's note.
    func filterMessage(_ filter: ListFilter) -> Message? {
        if let error = filter.error {
            return .error("Filter: \(error.description) (the list shows the last query that worked)")
        }
        if filter.query?.namesPeople == true, let building = indexBuilding {
            return .info("Finding the people: \(building); person: filters once it is ready")
        }
        return filter.live.result.notes.first.map(Message.info)
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

    /// Shows `articles` (corpus order) in the list in its order, selecting `article` if it is
    /// there, else the next one after it (else the last); the first row with none to keep.
    mutating func showInList(_ articles: [Int], keeping article: Int?) {
        list.visible = list.order.arrange(articles)
        if let article {
            list.selection = min(list.order.place(of: article, in: list.visible), max(0, articles.count - 1))
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
        showInList(fresh.articles, keeping: list.restoring ?? selected)
        // A message about the list as it was is stale now.
        if message == nil || message == list.filterSaid {
            message = filterMessage(fresh)
            list.filterSaid = message
        }
    }
}
