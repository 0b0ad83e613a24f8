import Foundation
import Testing
@testable import ReaderUI
import Library
import TestSupport
import ReaderTestSupport

/// Finding in the reader, on articles written for these tests: the list filtered as you type,
/// the search in an article with its highlights, `n` into the next matching article.
@Suite struct FindScreenTests {
    /// Paragraph `k` of a long article; a few of them name the heron or the marsh.
    static func paragraph(_ k: Int) -> String {
        var p = "Paragraph \(k) of the lagoon survey counts boats, nets and the tide gauge readings once more."
        if [3, 40, 90, 150].contains(k) { p += " A grey heron stood in the reeds." }
        if [3, 41].contains(k) { p += " The marsh was flooded." }
        return p
    }

    static let catalog = Catalog(documents: [
        ("a-lagoon.txt", "Lagoon survey begins\n\nPort director Ottoline Fairweather said the heron count would start soon. "
            + "Fairweather walked the marsh.\n\n" + (1...160).map(paragraph).joined(separator: "\n\n")),
        ("b-salt.txt", "Salt works reopen\n\nThe salt pans drew a heron and then another heron."),
        ("c-quiet.txt", "Quiet harbour\n\nNothing to see: boats and nets."),
        ("d-dunes.txt", "Dunes fenced\n\nOne heron nested by the fence. Ottoline Fairweather approved."),
    ])

    func state(_ rows: Int = 24, _ columns: Int = 100, catalog: Catalog = Self.catalog) -> AppState {
        AppState(catalog: catalog, size: Size(rows: rows, columns: columns))
    }

    // MARK: The list

    /// As the filter changes, the cursor goes to the first match and the view to the top (issue
    /// 12: after `1500g`, a filter showed match 31 of 39 with 1–8 scrolled away); Esc clears the
    /// filter keeping the selected article.
    @Test func listFiltersAsYouTypeFromTheFirstMatch() {
        var s = state()
        s.press([.char("G")])                       // the dunes, last
        #expect(s.list.selectedArticle == 3)
        s.press([.char("/")] + typing("her"))         // a prefix: heron
        #expect(s.prompt?.kind == .listFilter)
        #expect(s.list.visible == [0, 1, 3])
        #expect(s.list.selection == 0 && s.list.top == 0)
        var grid = Renderer.draw(s)
        #expect(grid.text(row: 0).contains("3 of 4 matching her"))
        #expect(grid.text(row: 23).hasPrefix("Filter: her"))
        // Narrower: one left.
        s.press(typing("on marsh"))
        #expect(s.list.visible == [0])
        #expect(s.list.selectedArticle == 0)
        // Wider again: from the first match again.
        s.press(Array(repeating: .backspace, count: 6))
        #expect(s.list.filter?.text == "heron")
        #expect(s.list.selection == 0)
        // Enter keeps the filter, shown at the top.
        s.press([.enter])
        #expect(s.prompt == nil)
        #expect(s.list.visible == [0, 1, 3])
        grid = Renderer.draw(s)
        #expect(grid.text(row: 0).contains("3 of 4 matching heron  (Esc: all)"))
        // Moving and opening work in the filtered list; Esc clears it, the selection kept.
        s.press([.char("j")])
        #expect(s.list.selectedArticle == 1)
        s.press([.escape])
        #expect(s.list.filter == nil)
        #expect(s.list.visible == [0, 1, 2, 3])
        #expect(s.list.selectedArticle == 1)
        #expect(!Renderer.draw(s).text(row: 0).contains("matching"))
    }

    /// Space and PgDn show a fresh screenful of the list (they scrolled one row), d and u half.
    @Test func pagingTheListShowsFreshScreenfuls() {
        let many = Catalog(documents: (1...60).map { ("\($0 + 100).txt", "Article \($0)\n\nText \($0).") })
        var s = AppState(catalog: many, size: Size(rows: 12, columns: 60))   // 10 rows of the list
        s.press(" ")
        #expect(s.list.top == 10 && s.list.selection == 10)
        #expect(s.row(1).contains("Article 11"))
        s.press("j", .pageDown)
        #expect(s.list.top == 20 && s.list.selection == 21)
        s.press("d")
        #expect(s.list.top == 25 && s.list.selection == 26)
        s.press("u", "b")
        #expect(s.list.top == 10 && s.list.selection == 11)
        s.press("G", "b", " ", " ")
        #expect(s.list.top == 50 && s.list.selection == 59)
        s.press("g", "b")
        #expect(s.list.top == 0 && s.list.selection == 0)
    }

    @Test func escapeWhileTypingClearsAndEmptyEnterShowsAll() {
        var s = state()
        s.press([.char("/")] + typing("salt"))
        #expect(s.list.visible == [1])
        s.press([.escape])
        #expect(s.prompt == nil && s.list.filter == nil)
        #expect(s.list.visible.count == 4)
        #expect(s.list.selectedArticle == 1)
        s.press([.char("/"), .enter])
        #expect(s.list.filter == nil)
        #expect(s.list.visible.count == 4)
        // `/` again edits the filter in place.
        s.press([.char("/")] + typing("dunes") + [.enter, .char("/")])
        #expect(s.prompt?.text == "dunes")
        #expect(s.list.visible == [3])
    }

    @Test func aQueryErrorIsShownAndTheLastGoodResultKept() throws {
        var s = state()
        s.press([.char("/")] + typing("heron") + [.paste(" nosuch:x")])
        #expect(s.list.visible == [0, 1, 3])
        #expect(s.list.filter?.error != nil)
        var grid = Renderer.draw(s)
        let status = grid.text(row: 23)
        #expect(status.hasPrefix("Filter: heron nosuch:x"))
        #expect(status.contains("unknown field 'nosuch:'"))
        let at = try #require(grid.find("unknown field"))
        #expect(grid[at.row, at.column].style == .error)
        // Enter: the last good filter stays, the error is still said.
        s.press([.enter])
        grid = Renderer.draw(s)
        #expect(s.list.visible == [0, 1, 3])
        #expect(grid.text(row: 0).contains("3 of 4 matching heron"))
        #expect(grid.text(row: 23).contains("unknown field 'nosuch:'"))
        // An unclosed quote while typing is only unfinished: it filters.
        s.press([.char("/"), .ctrl("u")] + typing("\"grey heron"))
        #expect(s.list.filter?.error == nil)
        #expect(s.list.visible == [0])
    }

    @Test func personQueriesAndThePeoplePanelShareTheFilter() throws {
        let person = try #require(Self.catalog.people.people.firstIndex { $0.name == "Ottoline Fairweather" },
                                  "the test text must name Ottoline Fairweather")
        let mentioning = Self.catalog.people.articles(mentioning: person)
        #expect(mentioning == [0, 3])
        var s = state()
        s.press([.char("/")] + typing("person:fairw"))
        #expect(s.list.visible == mentioning)
        s.press([.escape])
        // The people panel's f: the same filter, as a query.
        s.press([.char("p")])
        let row = try #require(s.visiblePeople.firstIndex(of: person))
        s.press(typing("\(row + 1)gf"))
        #expect(s.screen == .list)
        #expect(s.list.filter?.text == "person:\"Ottoline Fairweather\"")
        #expect(s.list.visible == mentioning)
        #expect(Renderer.draw(s).text(row: 0).contains("2 of 4 matching person:\"Ottoline Fairweather\""))
        // Opened from a person filter, the article reads like a search result: at the person's
        // first mention, their mentions the matches `n` steps through (issue 12).
        s.press([.enter])
        #expect(s.reading?.search?.matches.map { s.reading!.text.string($0.range) } == ["Ottoline Fairweather", "Fairweather"])
        #expect(s.reading?.search?.current == 0)
        #expect(s.message?.text == "“person:\"Ottoline Fairweather\"” (n next, N previous)")
        let bottom = Renderer.draw(s)
        #expect(bottom.text(row: bottom.size.rows - 1).components(separatedBy: "match 1/2").count == 2)   // said once
        s.press("n")
        #expect(s.reading?.search?.current == 1)
        s.press("n")                                   // past the last here: the next article naming her
        #expect(s.reading?.index == 3 && s.reading?.search?.current == 0)
        #expect(s.list.selectedArticle == 3)
        s.press([.char("q"), .escape])
        #expect(s.list.visible.count == 4)
    }

    @Test func whileTheIndexIsBuildingTitlesAndAuthorsAreFiltered() {
        let unindexed = Catalog(unindexed: Self.catalog.corpus)
        var s = state(catalog: unindexed)
        s.press([.char("/")])
        #expect(Renderer.draw(s).text(row: 0).contains("text index building"))
        s.press(typing("dunes"))
        #expect(s.list.visible == [3])
        s.press([.ctrl("u")] + typing("heron"))        // only in the texts: not found yet
        #expect(s.list.visible.isEmpty)
        let grid = Renderer.draw(s)
        #expect(grid.text(row: 0).contains("0 of 4 matching heron"))
        #expect(grid.text(row: 0).contains("text index building… titles and authors only"))
        // The index arrives (the lead's loader replaces the catalog; here: a state with it): the
        // filter is run again on the next tick.
        var later = AppState(catalog: Self.catalog, size: s.size)
        later.list = s.list
        later.prompt = s.prompt
        later.apply(.tick)
        #expect(later.list.visible == [0, 1, 3])
        #expect(!Renderer.draw(later).text(row: 0).contains("text index building"))
        // Searching an article works without the index; going on into other articles waits for it.
        var reading = state(catalog: unindexed)
        reading.press([.char("G"), .enter, .char("/")] + typing("heron") + [.enter])
        #expect(reading.reading?.search?.current == 0)
        reading.press([.char("n")])
        #expect(reading.reading?.index == 3)
        #expect(reading.message?.text.contains("when the text index is built") == true)
    }

    // MARK: In an article

    @Test func searchHighlightsEachWordInItsColourAndCounts() throws {
        var s = state(30, 100)
        s.press([.enter, .char("/")] + typing("heron marsh") + [.enter])
        let search = try #require(s.reading?.search)
        #expect(search.current == 0)
        let text = s.reading!.text
        #expect(search.matches.map { text.string($0.range) }.prefix(3) == ["heron", "marsh", "heron"])
        let grid = Renderer.draw(s)
        #expect(grid.runs(.currentMatch) == ["heron"])
        #expect(grid.runs(.match(0)).allSatisfy { $0 == "heron" })
        #expect(grid.runs(.match(1)).allSatisfy { $0 == "marsh" })
        #expect(grid.runs(.match(1)).count >= 2)
        #expect(grid.text(row: 29).contains("match 1/\(search.matches.count)"))
        // The current match is distinct from the others; n moves it and the counter.
        s.press([.char("n")])
        #expect(s.reading?.search?.current == 1)
        let next = Renderer.draw(s)
        #expect(next.runs(.currentMatch) == ["marsh"])
        #expect(next.text(row: 29).contains("match 2/\(search.matches.count)"))
        s.press([.char("N")])
        #expect(s.reading?.search?.current == 0)
        // A match over a name: the match wins (names are drawn below matches).
        s.press([.char("/")] + typing("fairweather") + [.enter])
        let named = Renderer.draw(s)
        #expect(named.runs(.currentMatch) == ["Fairweather"])
        #expect(named.runs(.match(0)) == ["Fairweather"])   // the second, after “said…”
        #expect(named.style(of: "Ottoline") == .person)
    }

    @Test func highlightsSurviveResizeAndPageTurns() throws {
        var s = state(24, 60)
        s.press([.enter, .char("/")] + typing("heron") + [.enter])
        // Step to a match pages away.
        var steps = 0
        while s.pageNumbers!.page == 0 && steps < 10 {
            s.press([.char("n")])
            steps += 1
        }
        let page = s.pageNumbers!.page
        #expect(page > 0)
        let before = Renderer.draw(s)
        #expect(before.runs(.currentMatch) == ["heron"])
        // Wider and taller: the text reflows, the highlight follows the text.
        s.apply(.resize(Size(rows: 30, columns: 100)))
        let wide = Renderer.draw(s)
        #expect(wide.runs(.currentMatch) == ["heron"])
        s.apply(.resize(Size(rows: 24, columns: 60)))
        #expect(Renderer.draw(s) == before)
        // Page turns: other matches on the next pages are still highlighted.
        var seen = 0
        for _ in 0..<40 {
            s.press([.char(" ")])
            let grid = Renderer.draw(s)
            let onScreen = grid.text.components(separatedBy: "heron").count - 1
            #expect(grid.runs(.match(0)).count + grid.runs(.currentMatch).count == onScreen)
            seen += onScreen
        }
        #expect(seen > 0)
    }

    @Test func nContinuesIntoTheNextMatchingArticleAndBack() throws {
        var s = state(24, 100)
        s.press([.enter, .char("/")] + typing("heron") + [.enter])
        let first = try #require(s.reading?.search)
        // To the last match of the lagoon, then into the salt works (the quiet harbour has none).
        s.press(Array(repeating: .char("n"), count: first.matches.count - 1))
        #expect(s.reading?.index == 0)
        #expect(s.reading?.search?.current == first.matches.count - 1)
        s.press([.char("n")])
        #expect(s.reading?.index == 1)
        #expect(s.reading?.search?.current == 0)
        #expect(s.message?.text.hasPrefix("Next article matching “heron”: “Salt works reopen” — match 1/2") == true)
        #expect(s.list.selectedArticle == 1)
        var grid = Renderer.draw(s)
        #expect(grid.runs(.currentMatch) == ["heron"])
        #expect(grid.text(row: 23).contains("match 1/2"))
        s.press([.char("n"), .char("n")])
        #expect(s.reading?.index == 3)
        s.press([.char("n")])
        #expect(s.reading?.index == 3)
        #expect(s.message?.text.hasPrefix("No later article in the list matches “heron”") == true)
        // Ctrl-O goes back along the jumps.
        s.press([.ctrl("o")])
        #expect(s.reading?.index == 1)
        grid = Renderer.draw(s)
        #expect(grid.runs(.match(0)) == ["heron", "heron"])   // still highlighted
        // N at the first match: the previous matching article, at its last match.
        s.press([.char("g"), .char("n")])
        #expect(s.reading?.search?.current == 0)
        s.press([.char("N")])
        #expect(s.reading?.index == 0)
        #expect(s.reading?.search?.current == first.matches.count - 1)
        #expect(s.message?.text.hasPrefix("Previous article matching “heron”") == true)
        #expect(Renderer.draw(s).runs(.currentMatch) == ["heron"])
    }

    @Test func theListFilterIsHighlightedAndNFollowsTheFilteredList() throws {
        var s = state(24, 100)
        s.press([.char("/")] + typing("heron -salt") + [.enter])
        #expect(s.list.visible == [0, 3])
        s.press([.enter])
        let search = try #require(s.reading?.search)
        #expect(search.current == nil)
        #expect(search.matches.count == 5)
        #expect(Renderer.draw(s).text(row: 23).contains("5 matches"))
        #expect(Renderer.draw(s).runs(.match(0)).contains("heron"))
        s.press([.char("n")])
        #expect(s.reading?.search?.current == 0)
        s.press(Array(repeating: .char("n"), count: 5))
        #expect(s.reading?.index == 3)        // the salt works are not in the list
        // Opening from the unfiltered list highlights nothing; n brings the last search back.
        s.press([.char("q"), .escape, .char("g"), .enter, .char("g")])
        #expect(s.reading?.index == 0)
        #expect(s.reading?.search == nil)
        s.press([.char("n")])
        #expect(s.reading?.search?.current == 0)
    }

    @Test func backwardSearchRepeatAndCancel() throws {
        var s = state(24, 100)
        s.press([.enter, .char("G"), .char("?")] + typing("heron") + [.enter])
        let search = try #require(s.reading?.search)
        #expect(search.current == search.matches.count - 1)
        #expect(s.find.forward == false)
        // n goes on in the search's direction (backward), N the other way.
        s.press([.char("n")])
        #expect(s.reading?.search?.current == search.matches.count - 2)
        s.press([.char("N")])
        #expect(s.reading?.search?.current == search.matches.count - 1)
        // Esc while typing changes nothing.
        s.press([.char("/")] + typing("marsh") + [.escape])
        #expect(s.prompt == nil)
        #expect(s.reading?.search?.query.source == "heron")
        // An empty / repeats the last search, forward now (round to the top past the end).
        s.press([.char("/"), .enter])
        #expect(s.find.forward)
        #expect(s.reading?.search?.current == 0)
        #expect(s.message?.text.contains("continued from the top") == true)
        // A bad query says why and keeps the search.
        s.press([.char("/")] + typing("\"grey heron") + [.enter])
        #expect(s.message?.kind == .error)
        #expect(s.message?.text.contains("unclosed quote") == true)
        #expect(s.reading?.search?.query.source == "heron")
        // Not in this article: said, and n looks in the next ones.
        s.press([.char("/")] + typing("salt") + [.enter])
        #expect(s.message?.text.contains("is not in this article") == true)
        #expect(Renderer.draw(s).text(row: 23).contains("no matches"))
        s.press([.char("n")])
        #expect(s.reading?.index == 1)
    }

    @Test func bookmarkingTheCurrentMatch() throws {
        var s = state(24, 100)
        s.press([.enter, .char("/")] + typing("marsh") + [.enter, .char("n"), .char("m")])
        guard case .new(_, let range)? = s.noteEditing?.target else {
            Issue.record("no note editor")
            return
        }
        #expect(range == s.reading?.search?.currentRange)
        #expect(s.reading!.text.string(range) == "marsh")
        // Off screen, the match is not what gets bookmarked.
        s.press([.escape, .char("G"), .char("m")])
        guard case .new(_, let other)? = s.noteEditing?.target else {
            Issue.record("no note editor")
            return
        }
        #expect(s.reading!.text.string(other) != "marsh")
    }

    @Test func keysForFinding() {
        let s = state()
        #expect(KeyMap.action(for: .char("/"), in: s) == .filter)
        #expect(KeyMap.action(for: .char("?"), in: s) == .help)
        var reading = s
        reading.send(.open)
        #expect(KeyMap.action(for: .char("/"), in: reading) == .searchForward)
        #expect(KeyMap.action(for: .char("?"), in: reading) == .searchBackward)
        #expect(KeyMap.action(for: .char("n"), in: reading) == .nextMatch)
        #expect(KeyMap.action(for: .char("N"), in: reading) == .previousMatch)
        #expect(KeyMap.action(for: .char("h"), in: reading) == .help)
        #expect(KeyMap.action(for: .function(1), in: reading) == .help)
        reading.apply(.searchForward)
        #expect(KeyMap.action(for: .char("n"), in: reading) == .edit(.insert("n")))
        #expect(KeyMap.action(for: .escape, in: reading) == .edit(.cancel))
        let table = KeyMap.table.flatMap(\.bindings)
        for (key, name) in [("/", "search-forward"), ("?", "search-backward"), ("n", "next-match"), ("N", "previous-match")] {
            #expect(table.contains { $0.name == name && $0.keys == [.char(Character(key))] && $0.contexts == [.article] })
        }
    }
}

/// The issue's end-to-end check on the seeds, read from their files as the reader reads them:
/// filter the list to one article by typing a word only it has, open it, step through the
/// matches with `n`.
@Suite struct FindEndToEndTests {
    /// A word of one seed that no other seed has, found in it several times (computed from the
    /// seeds' text with the library's own search, never written down here).
    static func wordOfOneSeed() -> (word: String, article: Int, matches: Int)? {
        let catalog = Catalog.load([PackagePaths.seeds])
        for i in catalog.corpus.articles.indices {
            guard let text = try? catalog.corpus.text(of: i).get() else { continue }
            var seen = Set<String>()
            for word in text.string(0..<text.count).split(whereSeparator: { !$0.isLetter }).map(String.init)
            where word.count >= 7 && word.allSatisfy(\.isASCII) && seen.insert(word.lowercased()).inserted {
                guard let query = try? Query.parse(word.lowercased(), prefixLast: true),
                      catalog.search.articles(matching: query) == [i] else { continue }
                let count = query.matches(in: text).count
                // Brute force agrees: no other seed has the word at all.
                let elsewhere = catalog.corpus.articles.indices.contains { j in
                    j != i && (try? catalog.corpus.text(of: j).get()).map { $0.string(0..<$0.count).lowercased().contains(word.lowercased()) } == true
                }
                if count >= 3 && !elsewhere { return (word.lowercased(), i, count) }
            }
        }
        return nil
    }

    @Test func filterToOneArticleOpenAndStepThroughMatches() throws {
        let found = try #require(Self.wordOfOneSeed(), "no word belongs to one seed only")
        var s = AppState(catalog: Catalog.load([PackagePaths.seeds]), size: Size(rows: 30, columns: 100))
        let title = s.corpus.articles[found.article].title
        s.press("/")
        #expect(Renderer.draw(s).text.contains("Filter:"))
        s.press(typing(found.word))
        let filtered = Renderer.draw(s).text
        #expect(filtered.contains("1 of 3 matching \(found.word)"), "not filtered:\n\(filtered)")
        #expect(filtered.contains(String(title.prefix(40))))
        s.press(.enter)
        #expect(!Renderer.draw(s).text.contains("Filter:"))
        s.press(.enter)
        #expect(Renderer.draw(s).text.contains("\(found.matches) matches"))
        for k in 1...3 {
            s.press("n")
            #expect(Renderer.draw(s).text.contains("match \(k)/\(found.matches)"), "counter did not reach \(k)")
        }
        s.press("N")
        #expect(Renderer.draw(s).text.contains("match 2/\(found.matches)"))
    }
}
