import Foundation
import Library

// The article screen: searching its text (`/`, `?`, `n`, `N`) with the query language of
// `Query.parse` (the list's filter, the same language, is in ListScreen.swift).

/// The last search made in an article, kept across articles: `n` in another article and `/`
/// Enter repeat it; opened articles highlight it while `highlighting` (a search is on).
public struct FindState: Equatable, Sendable {
    public internal(set) var last: Query?
    /// `/` (true) or `?`: the direction `n` goes.
    public internal(set) var forward = true
    public internal(set) var highlighting = false

    /// Opening an article from the list: it highlights what the list's filter matches, if the
    /// filter narrows the list by words (`n` then steps through them); otherwise nothing.
    mutating func openingFromList(_ filter: ListFilter?) {
        if let query = filter?.query, filter?.shownQuery != nil, query.highlightCount > 0 || query.namesPeople {
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
    public internal(set) var current: Int?

    /// The query's words in `text`, and the mentions (`mentions`, in text order) of the people
    /// its `person:` terms name, in a colour after the words'.
    init(query: Query, text: ArticleText, mentions: [Range<Int>] = []) {
        self.query = query
        let words = query.matches(in: text)
        guard !mentions.isEmpty else {
            matches = words
            return
        }
        let named = mentions.map { SearchMatch(range: $0, term: query.highlightCount) }
        // Both in text order; where a word and a name overlap, the earlier one is kept.
        var merged: [SearchMatch] = []
        var (i, j) = (0, 0)
        while i < words.count || j < named.count {
            let next: SearchMatch
            if j == named.count || (i < words.count && words[i].range.lowerBound <= named[j].range.lowerBound) {
                next = words[i]; i += 1
            } else {
                next = named[j]; j += 1
            }
            if let last = merged.last, last.range.upperBound > next.range.lowerBound { continue }
            merged.append(next)
        }
        matches = merged
    }

    public var currentRange: Range<Int>? { current.map { matches[$0].range } }

    /// For the status line: `match 3/17`, `17 matches`, `no matches`.
    public var counter: String {
        if let current { return "match \(formatCount(current + 1))/\(formatCount(matches.count))" }
        if matches.isEmpty { return "no matches" }
        return counted(matches.count, "match", "matches")
    }
}

extension Query {
    /// Whether the query names people (`person:` terms not excluded).
    var namesPeople: Bool { terms.contains { $0.field == .person && !$0.isExcluded } }

    /// The people its `person:` terms name (not excluded), in the people index.
    func namedPeople(in people: PeopleIndex) -> [Int] {
        terms.filter { $0.field == .person && !$0.isExcluded }.flatMap { term in
            term.isPrefix ? people.people(matching: term.text) : people.people(named: term.text)
        }
    }
}

extension AppState {
    /// Whether the catalog's text index is still being built (articles loaded, none indexed).
    static func textIndexBuilding(_ catalog: Catalog) -> Bool {
        catalog.search.articleCount == 0 && catalog.corpus.articles.count > 0
    }

    var textIndexBuilding: Bool { AppState.textIndexBuilding(catalog) }

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
        r.search = search(query, in: r)
        reading = r
    }

    /// A query's matches in an open article: its words, and the mentions of the people its
    /// `person:` terms name (so `n` steps through a person's mentions as through words).
    func search(_ query: Query, in r: ReadingState) -> ArticleSearch {
        let named = Set(query.namedPeople(in: people))
        let mentions = named.isEmpty ? [] : r.mentions.filter { named.contains($0.person) }.map(\.range)
        return ArticleSearch(query: query, text: r.text, mentions: mentions)
    }

    /// Opened from a list filtered by a person: at their first mention here, if any.
    mutating func arriveAtFirstMatch() {
        guard var r = reading, var search = r.search, !search.matches.isEmpty else { return }
        search.current = 0
        r.search = search
        r.selectedMention = nil
        reading = r
        reveal(search.matches[0].range.lowerBound)
        // The counter (`match 1/24`) is on the right of the status line: said there only.
        message = .info("“\(search.query.source)”" + bracketHint([(.nextMatch, .char("n"), "next"), (.previousMatch, .char("N"), "previous")]))
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
        rememberJump(hop: .match, to: r.index)
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
        // Where this article is in the list (or would be, in the list's order).
        let here = order.firstIndex(of: r.index)
        let place = list.order.place(of: r.index, in: order)
        let candidates: [Int] = forward
            ? Array((here.map { $0 + 1 } ?? place)..<order.count)
            : Array((0..<(here ?? place)).reversed())
        guard let position = candidates.first(where: { matches(order[$0]) }) else {
            // "this was the last match" only when this article had one.
            let here = r.search?.matches.isEmpty == false
            message = .info(forward ? "No later article in the list matches \(quoted)" + (here ? ": this was the last match" : " either")
                                    : "No earlier article in the list matches \(quoted)" + (here ? ": this was the first match" : " either"))
            return []
        }
        let article = order[position]
        rememberJump(hop: .match, to: article)
        find.last = query
        find.highlighting = true
        return switchArticle(to: article, .match(forward: forward, listPosition: position))
    }

    /// The article `n` (`N`) went into, at its first (last) match; the list's cursor on it.
    mutating func arriveAtMatch(forward: Bool, listPosition position: Int) {
        guard var opened = reading, var search = opened.search else { return }
        list.selection = position
        clampList()
        let quoted = "“\(search.query.source)”"
        let title = "“\(corpus.articles[opened.index].title)”"
        let which = forward ? "Next" : "Previous"
        guard !search.matches.isEmpty else {
            message = .info("\(which) article matching \(quoted): \(title), by its title, author or people (not its text)" + bracketHint([(.jumpBack, .ctrl("o"), "back")]))
            return
        }
        search.current = forward ? 0 : search.matches.count - 1
        opened.search = search
        reading = opened
        reveal(search.matches[search.current!].range.lowerBound)
        message = .info("\(which) article matching \(quoted): \(title) — \(search.counter)" + bracketHint([(.jumpBack, .ctrl("o"), "back")]))
    }
}
