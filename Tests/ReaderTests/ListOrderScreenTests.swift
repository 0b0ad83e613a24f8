import Foundation
import Testing
import TestSupport
import ReaderTestSupport
import Library
@testable import ReaderUI

/// The list's order (`s`, the header says it) and the list remembered between runs.
struct ListOrderScreenTests {
    static let catalog = Catalog(documents: [
        ("a.txt", "Zebra crossing\n\nBy Mia Lund\n\nA short piece about a harbour.\n"),
        ("b.txt", "Apple harvest\n\nThe harvest came early to the harbour orchards this year, and the pickers were glad.\n"),
        ("c.txt", "Market day\n\nBy Ada Berg\n\nStalls.\n"),
    ])

    static func titles(_ s: AppState) -> [String] { s.list.visible.map { s.corpus.articles[$0].title } }

    @Test func sKeyCyclesTheOrderKeepingTheSelection() {
        var s = AppState(catalog: Self.catalog, size: Size(rows: 12, columns: 100))
        #expect(!s.row(0).contains("by "))      // the files' own order goes unsaid
        s.press("j")   // Apple harvest (b) selected
        s.press("s")
        #expect(s.list.order.sort == .title)
        #expect(Self.titles(s) == ["Apple harvest", "Market day", "Zebra crossing"])
        #expect(s.row(0).hasSuffix("by title") || s.row(0).contains("  by title"))
        #expect(s.list.selectedArticle == 1)
        #expect(s.row(11).contains("Sorted by title"))
        s.press("s")   // author: Ada Berg, Mia Lund, then none
        #expect(Self.titles(s) == ["Market day", "Zebra crossing", "Apple harvest"])
        #expect(s.list.selectedArticle == 1)
        s.press("s")   // longest first
        #expect(s.list.order.sort == .length)
        #expect(s.row(0).contains("longest first"))
        #expect(Self.titles(s).last == "Market day")
        // A filter's result is shown in the order too.
        s.press("/")
        s.press(typing("harbour") + [.enter])
        #expect(Self.titles(s) == ["Apple harvest", "Zebra crossing"])
        for _ in 0..<3 { s.press("s") }
        #expect(s.list.order.sort == .path)
        #expect(Self.titles(s) == ["Zebra crossing", "Apple harvest"])
    }

    @Test func theListIsRestoredAsItWasLeft() {
        var s = AppState(catalog: Self.catalog, size: Size(rows: 12, columns: 100))
        s.press("s")            // title
        s.press("/")
        s.press(typing("harbour") + [.enter])
        s.press("j")            // Zebra crossing
        let memory = s.listMemory
        #expect(memory.sort == .title && memory.filter == "harbour")
        #expect(memory.cursor?.hasSuffix("/a.txt") == true)
        var again = AppState(catalog: Self.catalog, size: Size(rows: 12, columns: 100))
        again.restoreList(memory, defaultSort: .date)
        #expect(again.list.order.sort == .title)
        #expect(again.list.filter?.shownQuery == "harbour")
        #expect(Self.titles(again) == ["Apple harvest", "Zebra crossing"])
        #expect(again.list.selectedArticle == 0)
        // Nothing remembered: the settings file's order.
        var fresh = AppState(catalog: Self.catalog, size: Size(rows: 12, columns: 100))
        fresh.restoreList(ListMemory(), defaultSort: .title)
        #expect(Self.titles(fresh) == ["Apple harvest", "Market day", "Zebra crossing"])
        #expect(fresh.list.selection == 0)
    }

    /// Before the indexes are ready the filter sees titles only: the remembered article is
    /// selected once the filter runs again on the text.
    @Test func theRememberedArticleIsSelectedOnceTheIndexesAreReady() {
        var s = AppState(catalog: Catalog(unindexed: Self.catalog.corpus), size: Size(rows: 12, columns: 100),
                         indexing: Progress(total: 3))
        let cursor = ArticleRef(path: "b.txt", root: ArticleRef.absolute(Self.catalog.corpus.articles[1].root), hash: "").absolutePath
        s.restoreList(ListMemory(sort: .path, filter: "harbour", cursor: cursor), defaultSort: .path)
        #expect(s.list.visible.isEmpty)
        s.apply(.indexesReady(ReadyCatalog(Self.catalog)))
        s.apply(.tick)
        #expect(s.list.selectedArticle == 1)
    }

    /// The list file under `$XDG_STATE_HOME/reader/` through the startup: a bad file is a
    /// one-line warning, the defaults are used and the file is left as it was.
    @Test func aBadListFileIsAWarningAndLeftAlone() {
        let dir = TempFolder()
        defer { dir.remove() }
        let bad = "{\"version\": 1, \"lists\": [oops"
        dir.write("state/reader/list.json", bad)
        var s = AppState(catalog: Self.catalog, size: Size(rows: 12, columns: 100))
        let remembering = Startup(defaultSort: .title, roots: ["."]).begin(&s, environment: ["XDG_STATE_HOME": dir.file("state")])
        #expect(remembering == nil)
        #expect(s.message?.kind == .error)
        #expect(s.message?.text.hasPrefix(dir.file("state/reader/list.json") + ": not a reader list state file") == true)
        #expect(s.message?.text.contains("\n") == false)
        #expect(s.list.order.sort == .title)
        #expect(dir.readText("state/reader/list.json") == bad)
        // A good one is saved at the end and read back.
        let good = Startup(roots: ["."]).begin(&s, environment: ["XDG_STATE_HOME": dir.file("fresh")])
        s.press("s")
        good?.save(s)
        var next = AppState(catalog: Self.catalog, size: Size(rows: 12, columns: 100))
        _ = Startup(roots: ["."]).begin(&next, environment: ["XDG_STATE_HOME": dir.file("fresh")])
        #expect(next.list.order.sort == s.list.order.sort)
    }
}

/// The list shows each article's date: its own (front matter, a page's published time) plain,
/// else its file's, dimmed as a derived title is; "newest first" sorts by the same dates.
struct ListDateScreenTests {
    @Test func theListShowsDatesAndSortsNewestFirst() throws {
        let dir = TempFolder()
        dir.write("corpus/a.md", "---\ntitle: Tide tables\ndate: 2023-06-28\n---\n\nLow water at noon.\n")
        dir.write("corpus/b.txt", "Undated note\n\nWritten some time.\n")
        dir.write("corpus/c.html", "<html><head><title>Harbour reopens</title><meta property=\"article:published_time\" content=\"2024-01-05T10:00:00Z\"></head><body><p>Boats.</p></body></html>")
        // The note's file was last changed in 2020.
        var times = [timespec(tv_sec: 1_600_000_000, tv_nsec: 0), timespec(tv_sec: 1_600_000_000, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, dir.file("corpus/b.txt"), &times, 0) == 0)
        let catalog = Catalog.load([dir.file("corpus")])
        var s = AppState(catalog: catalog, size: Size(rows: 10, columns: 100))
        let fileDay = ArticleDate.localDay(nanoseconds: 1_600_000_000 * 1_000_000_000)
        #expect(s.row(1).contains("Tide tables") && s.row(1).contains("2023-06-28"))
        #expect(s.row(2).contains("Undated note") && s.row(2).contains(fileDay))
        #expect(s.row(3).contains("Harbour reopens") && s.row(3).contains("2024-01-05"))
        // The date stands before the length, right-aligned with it.
        #expect(s.row(3).hasSuffix("2024-01-05       1 word"))
        let grid = Renderer.draw(s)
        #expect(grid.runs(.derived) == [fileDay])
        #expect(grid.runs(.normal).contains { $0.contains("2024-01-05") })
        #expect(grid.runs(.selected).joined().contains("2023-06-28"))   // the selected row
        while s.list.order.sort != .date { s.press("s") }
        #expect(s.row(0).contains("newest first"))
        #expect(s.list.visible.map { s.corpus.articles[$0].title } == ["Harbour reopens", "Tide tables", "Undated note"])
        // Too narrow for it, the date gives way to the title.
        let narrow = AppState(catalog: catalog, size: Size(rows: 10, columns: 55))
        #expect(!narrow.row(1).contains("2023") && narrow.row(1).contains("words"))
    }

    /// At 40 columns a title has the row to itself (the length is on the status line as minutes):
    /// a 12-cell length column left it 19 cells.
    @Test func aNarrowListGivesTheRowToTheTitle() {
        let catalog = Catalog(documents: [("notes/2026/a-long-folder-name/field-notes.txt", "Field notes: the river survey, week three\n\nWe walked the upper reach on Tuesday.\n")])
        let s = AppState(catalog: catalog, size: Size(rows: 8, columns: 40))
        #expect(s.row(1) == "   •  Field notes: the river survey, w…")
        #expect(s.row(7).hasPrefix(" 1/1  1 min  notes/2026"))
    }
}
