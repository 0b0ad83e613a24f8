import Foundation
import Testing
@testable import ReaderUI
import Library
import TestSupport
import ReaderTestSupport

/// Reading from one article to the next (issue 12, "Reading flow"): `J`/`K` and `Space` in the
/// list's order, back means back, one Ctrl-O step for a run of hops, Ctrl-R forward, a count
/// for `]`. On files, read as the reader reads them.
@Suite struct ReadingFlowTests {
    static let long = (1...60).map { "Paragraph \($0): the ferry crossed the sound again, and the gulls followed it home." }
        .joined(separator: "\n\n")
    static let documents: [(path: String, text: String)] = [
        ("a-ferry.txt", "Ferry timetable changes\n\nHarbour master Ingrid Solvang announced the new timetable. Solvang said the winter "
            + "crossings would be fewer. Solvang thanked the crews.\n\n" + long),
        ("b-gulls.txt", "Gulls return\n\nThe gulls came back to the harbour in March."),
        ("c-nets.txt", "Nets mended\n\nIngrid Solvang visited the net lofts. Solvang praised the work. Solvang left at noon."),
        ("d-quay.txt", "Quay repaired\n\nThe quay was repaired by Ingrid Solvang's crew; Solvang inspected it."),
    ]

    func state(_ dir: TempFolder, rows: Int = 24, columns: Int = 80) -> AppState {
        AppState(catalog: Catalog.files(Self.documents, in: dir), size: Size(rows: rows, columns: columns))
    }

    func title(_ s: AppState) -> String? { s.reading.map { s.corpus.articles[$0.index].title } }

    @Test func nextAndPreviousArticleFollowTheFilteredList() {
        let dir = TempFolder()
        defer { dir.remove() }
        var s = state(dir)
        s.press([.char("/")] + typing("harbour") + [.enter])     // a, b (and not c, d)
        #expect(s.list.visible.map { s.corpus.articles[$0].title } == ["Ferry timetable changes", "Gulls return"])
        s.press(.enter)
        #expect(title(s) == "Ferry timetable changes")
        s.press("J")
        #expect(title(s) == "Gulls return")
        #expect(s.list.selectedArticle == s.reading?.index)       // the list's cursor follows
        #expect(s.message?.text.hasPrefix("Next article: “Gulls return” (2/2)") == true)
        s.press("J")
        #expect(title(s) == "Gulls return")
        #expect(s.message?.text == "No next article: this is the last in the list")
        s.press("K")
        #expect(title(s) == "Ferry timetable changes" && s.list.selection == 0)
        // Back in the list, the filter and the cursor are as J and K left them.
        s.press("q")
        #expect(s.screen == .list && s.list.filter?.text == "harbour" && s.list.selection == 0)
        // q on a filtered list clears the filter first; a second q quits.
        s.press("q")
        #expect(s.list.filter == nil && s.list.visible.count == 4 && !s.quitting)
        s.press("q")
        #expect(s.quitting)
    }

    @Test func spaceOnTheLastPageGoesOnToTheNextArticle() {
        let dir = TempFolder()
        defer { dir.remove() }
        var s = state(dir)
        s.press(.enter, "G")
        let last = s.topLine
        s.press(" ")
        #expect(title(s) == "Gulls return")
        #expect(s.message?.text.hasPrefix("End of “Ferry timetable changes”: next article, “Gulls return” (2/4; K: back to it)") == true)
        #expect(s.list.selection == 1)
        // Before the last page, Space is a page down.
        s.press("K")
        #expect(title(s) == "Ferry timetable changes")
        #expect(s.topLine == last)                   // where it was left (the last page)
        s.press("g", " ")
        #expect(title(s) == "Ferry timetable changes" && s.topLine > 0)
        // At the end of the last article of the list: said so, nothing else.
        s.press("q", "G", .enter, " ")
        #expect(title(s) == "Quay repaired")
        #expect(s.message?.text == "End of “Quay repaired”, the last article in the list (q: back to the list)")
    }

    @Test func backReturnsToTheScreenYouCameFrom() throws {
        let dir = TempFolder()
        defer { dir.remove() }
        var s = state(dir)
        // From the concordance: q comes back to it, on the same line.
        s.press("p")
        let solvang = try #require(s.visiblePeople.firstIndex { s.people.people[$0].name == "Ingrid Solvang" })
        s.press(typing("\(solvang + 1)g") + [.enter, .char("j"), .char("j"), .enter])
        #expect(s.screen == .article)
        s.press("q")
        #expect(s.screen == .concordance && s.concordance?.selection == 2)
        s.press("q")
        #expect(s.screen == .people && s.peopleList.selection == solvang)
        s.press("q")
        #expect(s.screen == .list)
        // From a filtered people panel: its filter is still there.
        s.press([.char("p"), .char("/")] + typing("solv") + [.enter, .enter, .enter, .char("q"), .char("q")])
        #expect(s.screen == .people && s.peopleList.filter == "solv")
        // From the bookmarks: back to them; from an article opened over another: no double.
        runLoop(&s, .bookmarks(in: dir), ["q", .enter, "m", "x", .enter, "q", "'", .enter])
        #expect(s.screen == .article)
        s.press("q")
        #expect(s.screen == .bookmarks)
        s.press("q")
        #expect(s.screen == .list && s.navigation.stack.isEmpty)
    }

    @Test func aRunOfHopsIsOneJumpBackAndForwardComesAgain() {
        let dir = TempFolder()
        defer { dir.remove() }
        var s = state(dir)
        s.press(.enter, .tab)                               // Ingrid Solvang, in the first article
        #expect(s.reading?.selectedPerson.map { s.people.people[$0].name } == "Ingrid Solvang")
        let start = s.reading!.topOffset
        s.press("]", "]")                                   // two hops within the article
        #expect(s.reading?.index == 0 && s.jumpList.count == 1)
        s.press("]")                                        // into the next article naming her: a step
        #expect(title(s) == "Nets mended" && s.jumpList.count == 2)
        s.press("]", "]")                                   // on in that article: no more steps
        #expect(title(s) == "Nets mended" && s.jumpList.count == 2)
        s.press(.ctrl("o"))                                 // where the run left the first article
        #expect(title(s) == "Ferry timetable changes" && s.reading!.topOffset >= start)
        s.press(.ctrl("o"))                                 // where the run began
        #expect(title(s) == "Ferry timetable changes" && s.reading?.topOffset == start)
        #expect(s.message?.text == "Back to “Ferry timetable changes”")
        s.press(.ctrl("o"))
        #expect(s.message?.text == "No earlier place to go back to")
        // Forward again, the way Ctrl-O came.
        s.press(.ctrl("r"))
        #expect(s.message?.text == "Forward to “Ferry timetable changes”")
        s.press(.ctrl("r"))
        #expect(title(s) == "Nets mended")
        #expect(s.message?.text == "Forward to “Nets mended”")
        s.press(.ctrl("r"))
        #expect(s.message?.text == "No later place to go forward to (Ctrl-O goes back)")
        // n N: the same; a new jump forgets the way forward.
        s.press("q", "g", .enter, "/")
        s.press(typing("gulls") + [.enter])
        let jumps = s.jumpList.count
        s.press("n", "n", "n")
        #expect(s.jumpList.count == jumps && s.navigation.forward.isEmpty)
    }

    @Test func aCountRepeatsTheMentionJump() {
        let dir = TempFolder()
        defer { dir.remove() }
        var s = state(dir)
        s.press(.enter, .tab)
        s.press(typing("4]"))                               // 3 in the first article: the 4th is in the next
        #expect(title(s) == "Nets mended")
        #expect(s.message?.text.contains("mention 5 of") == true)
        s.press(typing("4["))
        #expect(title(s) == "Ferry timetable changes")
        #expect(s.message?.text.contains("mention 1 of") == true)
    }

    /// The list as an inbox: • unread, the percentage of one begun, ✓ one read to its end, N to
    /// mark read or unread by hand, ▍ for one holding bookmarks; a restart shows what was begun.
    @Test func theListSaysWhatWasRead() {
        let dir = TempFolder()
        defer { dir.remove() }
        var s = state(dir)
        #expect(s.row(1).hasPrefix("   •  Ferry timetable changes"))
        s.press(.enter, " ", "q")
        let begun = s.readProgress[s.positionKey(of: 0)]
        #expect(begun.map { $0 > 0 && $0 < 100 } == true)
        #expect(s.row(1).hasPrefix(" " + String(repeating: " ", count: 3 - String(begun!).count) + "\(begun!)% Ferry"))
        s.press(.enter, "G", "q")
        #expect(s.row(1).hasPrefix("   ✓  Ferry"))
        s.press("N")
        #expect(s.row(1).hasPrefix("   •  Ferry"))
        #expect(s.message?.text == "“Ferry timetable changes” marked unread")
        s.press("j", "N")
        #expect(s.row(2).hasPrefix("   ✓  Gulls"))
        // A bookmark marks its article.
        runLoop(&s, .bookmarks(in: dir), ["k", .enter, "m", "x", .enter, "q"])
        #expect(s.row(1).hasPrefix("▍"))
        // Started again with the saved places: each article's mark is what the list showed
        // (Ferry, reopened at its end, read again to the bottom).
        let again = AppState(catalog: s.catalog, size: s.size, savedPositions: s.savedPositions)
        #expect(again.row(1).dropFirst().hasPrefix("  ✓  Ferry") && s.row(1).dropFirst().hasPrefix("  ✓  Ferry"))
        #expect(again.row(3).hasPrefix("   •  Nets"))
    }

    /// `s` cycles the list's order; the header says which; J follows the order shown; the
    /// selected article stays selected.
    @Test func theListSortsAndReadingFollowsTheOrder() {
        let dir = TempFolder()
        defer { dir.remove() }
        var s = state(dir)
        func titles(_ s: AppState) -> [String] { s.list.visible.map { s.corpus.articles[$0].title } }
        #expect(titles(s) == ["Ferry timetable changes", "Gulls return", "Nets mended", "Quay repaired"])
        s.press("j", "s")                                       // by title
        #expect(s.list.order.sort == .title && s.row(0).contains("by title"))
        #expect(titles(s) == ["Ferry timetable changes", "Gulls return", "Nets mended", "Quay repaired"])
        s.press("s", "s")                                       // by author (none), then longest first
        #expect(s.list.order.sort == .length && s.row(0).contains("longest first"))
        #expect(titles(s).first == "Ferry timetable changes")
        #expect(s.list.selectedArticle == 1)                    // still Gulls return
        s.press("g", .enter, "J")
        #expect(title(s) == s.corpus.articles[s.list.visible[1]].title)
        s.press("q", "s", "s")                                  // newest file, then last read
        #expect(s.list.order.sort == .lastRead)
        #expect(s.list.visible.first == s.reading?.index)       // the one just left
        s.press("s")
        #expect(s.list.order.sort == .path && !s.row(0).contains("by "))
    }
}
