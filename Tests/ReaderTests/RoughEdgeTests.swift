import Foundation
import Testing
@testable import ReaderUI
import Library
import TestSupport
import ReaderTestSupport

/// Issue 12, "Rough edges found": each one as a user met it, on the screen. (Edge 2, Esc in the
/// note editor: BookmarkScreenTests.escapeCancelsTheNoteAskingFirstWhenItChanged; edge 6, the
/// Everywhere keys: KeyTableTests.everywhereKeysWorkOnEveryScreen.)
@Suite struct RoughEdgeTests {
    static let indexed = Catalog(documents: [
        ("a.txt", "Lighthouse keepers strike over the winter rota\n\nBy Ada Quill\n\nOn Monday the keeper Oswin Marchetti refused the new rota. "
            + "Marchetti said so twice. Harbour master Liesl Vantongeren and Councillor Barnaby Featherstonehaugh agreed with "
            + "Marchetti.\n\n" + (1...80).map { "Paragraph \($0) of the strike report, with the tide tables and the rota." }.joined(separator: "\n\n")),
        ("b.txt", "Ferry timetable cut\n\nThe cut angered Oswin Marchetti.\n"),
    ])

    /// 1. Word counts of 100,000 or more lost their leading digits (458,093 showed as 58,093).
    @Test func bigWordCountsAreShownWhole() {
        let dir = TempFolder()
        defer { dir.remove() }
        let big = "Big one\n\n" + String(repeating: "word ", count: 458_093)
        var s = AppState(catalog: Catalog.files([("big.txt", big), ("small.txt", "Small one\n\nA few words.")], in: dir),
                         size: Size(rows: 10, columns: 60))
        s.press("g")
        #expect(s.row(1).hasSuffix(" 458,095 words"))
        #expect(s.row(2).hasSuffix(" 5 words"))
    }

    /// 3. While the indexes build, Tab and `person:` say so (with the percentage) instead of
    /// "no people" / "no one by that name"; Tab acts once they are ready, and the filter's stale
    /// message goes when the list changes.
    @Test func whileTheIndexesBuildTheReaderSaysSoAndActsWhenReady() {
        let progress = Progress(total: 4)
        progress.advance(by: 1)
        var s = AppState(catalog: Catalog(unindexed: Self.indexed.corpus), size: Size(rows: 24, columns: 100), indexing: progress)
        s.press(.enter, .tab)
        #expect(s.message?.text == "Finding the people: index building 25%; Tab works once it is ready")
        s.send(.indexesReady(ReadyCatalog(Self.indexed)))
        #expect(s.reading?.selectedPerson.map { s.people.people[$0].name } == "Ada Quill")   // the first name on screen
        // Another key in between: nothing is done later.
        var t = AppState(catalog: Catalog(unindexed: Self.indexed.corpus), size: Size(rows: 24, columns: 100), indexing: progress)
        t.press(.enter, .tab, "j")
        t.send(.indexesReady(ReadyCatalog(Self.indexed)))
        #expect(t.reading?.selectedMention == nil)

        var f = AppState(catalog: Catalog(unindexed: Self.indexed.corpus), size: Size(rows: 24, columns: 100), indexing: progress)
        f.press(["/"] + typing("person:marchetti") + [.enter])
        #expect(f.message?.text == "Finding the people: index building 25%; person: filters once it is ready")
        f.send(.indexesReady(ReadyCatalog(Self.indexed)))
        #expect(f.list.visible == [0, 1])
        #expect(f.message == nil)
    }

    /// 4. Text cut to fit ends in `…`, and a message's key hint stays whole.
    @Test func cutTextShowsItAndKeepsTheKeyHint() {
        #expect(Truncation.fitted("Next article mentioning Oswin Marchetti: “A very long title indeed” — mention 4 of 9 (Ctrl-O back)",
                                  width: 50, keepingHint: true) == "Next article mentioning Oswin March… (Ctrl-O back)")
        #expect(Truncation.fitted("2 bookmark changes are not saved (disk full): quit again to lose them, any other key to stay", width: 70,
                                  keepingHint: true) == "2 bookmark changes ar…: quit again to lose them, any other key to stay")
        #expect(Truncation.fitted("short", width: 10) == "short")
        #expect(Truncation.fitted("a title that is too long", width: 10) == "a title t…")
        // On screen: the status line's message at 40 columns keeps "(Ctrl-O back)".
        var s = AppState(catalog: Self.indexed, size: Size(rows: 24, columns: 40))
        s.press([.enter, .tab, .tab] + typing("3]"))   // Ada Quill (the byline), then Oswin Marchetti
        #expect(s.reading?.index == 1)
        #expect(s.row(23).hasSuffix("… (Ctrl-O back)"))
        // A concordance line's title column is cut with `…` too.
        s.press("q", "p", .enter)
        #expect(s.screen == .concordance)
    }

    /// 5. The header's "With …" line stays in the text column, and ends in `…` when cut.
    @Test func theHeaderStaysInTheTextColumn() {
        var s = AppState(catalog: Self.indexed, size: Size(rows: 24, columns: 100), settings: .init(measure: 50))
        s.press(.enter)
        let g = Renderer.draw(s)
        let left = s.geometry.columnLefts[0], right = left + s.geometry.textWidth
        let with = g.text(row: 1)
        #expect(with.dropFirst(left).hasPrefix("With Oswin Marchetti"))
        #expect(with.dropFirst(right).allSatisfy { $0 == " " }, "past the text column: \(with)")
        #expect(with.trimmingCharacters(in: .whitespaces).hasSuffix("…"))
        // At 30 columns: title and names cut with `…`.
        s.send(.resize(Size(rows: 24, columns: 30)))
        let narrow = Renderer.draw(s)
        #expect(narrow.text(row: 0).trimmingCharacters(in: .whitespaces).hasSuffix("…"))
        #expect(narrow.text(row: 1).trimmingCharacters(in: .whitespaces).hasSuffix("…"))
    }

    /// 7. A title's control characters and bidi marks show as the sanitiser's markers, as the
    /// body shows them (they vanished from titles).
    @Test func titlesShowTheSameMarkersAsTheText() {
        let catalog = Catalog(documents: [("evil.txt", "Tide tables\u{1B} for \u{202E}June\n\nBody \u{1B} and \u{202E} here.")])
        var s = AppState(catalog: catalog, size: Size(rows: 24, columns: 100))
        #expect(s.row(1).contains("Tide tables^[ for <U+202E>June"))
        s.press(.enter)
        #expect(s.row(0).contains("Tide tables^[ for <U+202E>June"))
        #expect(s.screenText.contains("Body ^[ and <U+202E> here."))
    }

    /// 8. After a resize, the pages named and the percentage agree: both say what is on screen.
    @Test func pageAndPercentAgreeAfterAResize() throws {
        var s = AppState(catalog: Self.indexed, size: Size(rows: 24, columns: 80))
        s.press(.enter, " ", " ")
        s.send(.resize(Size(rows: 17, columns: 60)))
        let pages = try #require(s.pageNumbers)
        let lines = s.reading!.layout.lineCount, rows = s.geometry.textRows
        // The percentage lies within the last page named.
        #expect(s.percentRead > pages.last * rows * 100 / lines && s.percentRead <= min(100, (pages.last + 1) * rows * 100 / lines + 1))
        let status = s.row(16)
        #expect(status.contains(pages.last > pages.page ? "pages \(pages.page + 1)-\(pages.last + 1)/\(pages.count)" : "page \(pages.page + 1)/"))
        // At the end: the last page, 100%.
        s.press("G")
        #expect(s.pageNumbers?.last == s.pageNumbers!.count - 1 && s.percentRead == 100)
    }

    /// 9. The headline and byline, shown in the header, are dimmed where the text repeats them.
    @Test func theHeadlineIsNotShownTwiceAlike() {
        var s = AppState(catalog: Self.indexed, size: Size(rows: 24, columns: 80))
        s.press(.enter)
        let g = Renderer.draw(s)
        #expect(g.runs(.dim).contains { $0.contains("Lighthouse keepers strike") })
        #expect(g.runs(.dim).contains { $0.hasPrefix("By") })   // the byline (its name is marked as a name)
        #expect(!g.runs(.dim).contains { $0.contains("On Monday") })
        #expect(AppState.bodyStart(of: ArticleText("Headline\n\nBody"), title: nil, author: nil) == 0)   // a made-up title
    }

    /// 10. A note is shown whole: in the bookmarks screen's preview, in a box when its place is
    /// jumped to, on the status line while its place is on screen; tags are set with `t` and
    /// `tag:` filters the bookmarks.
    @Test func notesAreShownWholeAndTagsWork() {
        let dir = TempFolder()
        defer { dir.remove() }
        let svc = Services.bookmarks(in: dir)
        var s = AppState(catalog: Self.indexed, size: Size(rows: 30, columns: 90))
        let note = ["First line of the note", "second line", "third line: the point", "fourth", "fifth", "sixth", "seventh",
                    "eighth", "ninth", "tenth", "eleventh", "twelfth"]
        var keys: [Key] = [.enter, "m"]
        for (k, line) in note.enumerated() { keys += typing(line) + (k + 1 < note.count ? [.ctrl("j")] : [.enter]) }
        runLoop(&s, svc, keys + [.ctrl("l")], size: s.size)
        #expect(s.bookmarks.first?.note == note.joined(separator: "\n"))
        #expect(s.row(29).contains("▍ First line of the note / second line / third line: the point"))
        // The bookmarks screen previews the whole note (as many lines as fit).
        runLoop(&s, svc, ["'"], size: s.size)
        let screen = s.screenText
        #expect(screen.contains("third line: the point") && screen.contains("seventh"))
        // Tags: t, then tag: filters.
        runLoop(&s, svc, ["t"] + typing("strike harbour") + [.enter], size: s.size)
        #expect(s.bookmarks.first?.tags == ["strike", "harbour"])
        #expect(s.screenText.contains("#strike #harbour") && s.screenText.contains("Tags: strike, harbour"))
        s.press(["/"] + typing("tag:harb") + [.enter])
        #expect(s.visibleBookmarks.count == 1)
        s.press(["/", .ctrl("u")] + typing("tag:ferry") + [.enter])
        #expect(s.visibleBookmarks.isEmpty)
        s.press(["/", .ctrl("u"), .enter])
        // Jumping to it shows the whole note in a box, until the next key.
        runLoop(&s, svc, [.enter], size: s.size)
        #expect(s.reading?.shownNote == note.joined(separator: "\n"))
        #expect(s.screenText.contains("third line: the point") && s.screenText.contains("│ Note") == false)
        #expect(s.screenText.contains(" Note "))
        s.press("j")
        #expect(s.reading?.shownNote == nil)
    }
}
