import Foundation
import Testing
@testable import ReaderUI
import Library
import TestSupport
import ReaderTestSupport

/// Rendered articles on screen (issue 13): Markdown and saved pages drawn with their structure,
/// and everything that works on text — search highlights, margin marks, the place kept on
/// resize, bookmarks after an edit — working through the rendition on the article's own text.
@Suite struct RenderScreenTests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/render-samples").standardized.path

    static func sample(_ name: String) -> String {
        (try? String(contentsOfFile: samples + "/" + name, encoding: .utf8)) ?? ""
    }

    static let notes = Catalog(documents: [("notes/field-notes.md", sample("field-notes.md"))])

    func open(_ catalog: Catalog, rows: Int = 30, columns: Int) -> AppState {
        var s = AppState(catalog: catalog, size: Size(rows: rows, columns: columns))
        s.press(.enter)
        return s
    }

    @Test func markdownIsRenderedAt40_80And160Columns() {
        for columns in [40, 80, 160] {
            let s = open(Self.notes, rows: 60, columns: columns)
            let screen = s.screenText
            #expect(screen.contains("The river survey, week three"), "\(columns)")
            for raw in ["**", "title:", "](https", "&amp;", "# The river", "| Site", "<span"] {
                #expect(!screen.contains(raw), "\(columns): \(raw) drawn raw")
            }
            #expect(screen.contains("project wiki[1]"))
            #expect(screen.contains("• [x] photograph the culvert"))
            #expect(screen.contains("│ The river does not care"))
            let grid = Renderer.draw(s)
            #expect(grid.style(of: "upper reach") == .rendered(Rendition.Attributes.bold))
            #expect(grid.style(of: "lower meadows") == .rendered(Rendition.Attributes.italic))
        }
        // The table in columns when it fits, as header: value lines when not.
        #expect(open(Self.notes, rows: 80, columns: 160).screenText.contains("Weir       │ 1.20      │ 9.5"))
        #expect(open(Self.notes, rows: 120, columns: 30).screenText.contains("Site: Footbridge"))
    }

    @Test func searchHighlightsTheRenderedWords() {
        var s = open(Self.notes, columns: 80)
        s.press([.char("/")] + typing("\"upper reach\"") + [.enter])
        let grid = Renderer.draw(s)
        #expect(grid.style(of: "upper reach") == .currentMatch)
        // The match is in the text (after `**`), drawn where the rendered words are.
        let match = s.reading!.search!.currentRange!
        #expect(s.reading!.text.string(match) == "upper reach")
        #expect(s.reading!.text.string((match.lowerBound - 2)..<match.lowerBound) == "**")
    }

    @Test func placeKeptOnResize() throws {
        var s = open(Self.notes, rows: 12, columns: 80)
        s.press(.char("j"), .char("j"), .char("j"), .char("j"), .char("j"), .char("j"))
        let top = s.reading!.topOffset
        let words = s.reading!.text.string(top..<(top + 12))
        for columns in [40, 160, 55, 80] {
            s.send(.resize(Size(rows: 12, columns: columns)))
            let first = s.row(2)
            // The first words on screen are the words that were first before the resize.
            let shownWord = words.split(separator: " ").first.map(String.init) ?? ""
            #expect(first.contains(shownWord), "\(columns): \(first) for \(words)")
            #expect(s.reading!.topOffset <= top && top - s.reading!.topOffset < 200)
        }
    }

    /// A bookmark made on rendered Markdown is marked beside the rendered words, opens at them
    /// after a resize, and after the file is edited is found again by its words.
    @Test func bookmarkOnRenderedMarkdownAfterResizeAndEdit() throws {
        let dir = TempFolder()
        defer { dir.remove() }
        let catalog = Catalog.files([("notes/field-notes.md", Self.sample("field-notes.md"))], in: dir)
        let svc = Services.bookmarks(in: dir)
        var state = AppState(catalog: catalog, size: Size(rows: 30, columns: 80))
        let text = try state.corpus.text(of: 0).get()
        let at = offset(of: "Turbidity, with the new meter", in: text)
        let b = Bookmark.make(article: state.corpus.articles[0], text: text, range: at..<(at + 9), note: "meter")
        try svc.bookmarks!.add(b)
        state.apply(.bookmarksChanged(svc.bookmarks!.bookmarks, BookmarkStatus()))
        for columns in [80, 40] {
            runLoop(&state, svc, [.char("'"), .enter], size: Size(rows: 30, columns: columns))
            #expect(state.screen == .article)
            let grid = Renderer.draw(state)
            let row = try #require((state.geometry.textTop..<grid.size.rows).first { grid.text(row: $0).contains("Turbidity,") })
            #expect(grid.text(row: row).contains("3. Turbidity"), "\(columns)")
            #expect(grid[row, state.geometry.columnLefts[0] + 3].style == .selected)   // the flash of the bookmark jumped to
            #expect(grid[row, state.geometry.columnLefts[0] - 2].text == "▍")
            runLoop(&state, svc, [.char("q"), .char("q")], size: Size(rows: 30, columns: columns))
        }
        // The file edited: a paragraph added above; the bookmark opens at the same words.
        let edited = Self.sample("field-notes.md").replacingOccurrences(of: "## What we measured", with: "A new paragraph, added later, moves everything down.\n\n## What we measured")
        dir.write("corpus/notes/field-notes.md", edited)
        runLoop(&state, svc, [.char("'"), .enter], size: Size(rows: 30, columns: 60))
        let reading = try #require(state.reading)
        let flash = try #require(reading.flash)
        #expect(reading.text.string(flash) == "Turbidity")
        #expect(state.screenText.contains("3. Turbidity"))
    }

    @Test func savedPageReadsAsAnArticle() {
        let catalog = Catalog(documents: [("pages/saved-page.html", Self.sample("saved-page.html"))])
        #expect(catalog.corpus.articles[0].title == "Floods return to the valley as the mill culvert fails")
        #expect(catalog.corpus.articles[0].author == "Ilse Brandt")
        let s = open(catalog, rows: 40, columns: 70)
        let screen = s.screenText
        for dropped in ["track()", "Advertisement", "Subscribe", "Bake-off", "<p>"] { #expect(!screen.contains(dropped)) }
        #expect(screen.contains("blocked[1]"))
        #expect(screen.contains("1. Heavy rain from 9 p.m."))
        #expect(screen.contains("│ It is not the rain."))
    }

    @Test func linkNumbersCanBeTurnedOff() {
        var s = AppState(catalog: Self.notes, size: Size(rows: 30, columns: 80), settings: AppState.Settings(numberLinks: false))
        s.press(.enter)
        #expect(s.screenText.contains("notes are on the project wiki and the raw"))
    }
}

/// `L`: the article's links, and `3L` opening one with the browser, never through a shell.
@Suite struct LinkScreenTests {
    static let catalog = Catalog(documents: [("notes/links.md", "# Links\n\nSee [the survey](https://example.org/survey?a=1&b=2) and [bad](https://x.org/%1B\u{1B}]0;owned\u{07}).\n")])

    @Test func listAndOpen() {
        var s = AppState(catalog: Self.catalog, size: Size(rows: 20, columns: 80))
        s.press(.enter)
        s.press(.char("L"))
        #expect(s.screen == .links)
        #expect(s.screenText.contains("[1] the survey"))
        #expect(s.screenText.contains("https://example.org/survey?a=1&b=2"))
        let effects = s.press(.char("1"), .char("L"))
        #expect(s.screen == .article)
        #expect(effects == [.openLink(url: "https://example.org/survey?a=1&b=2")])
        // An address with control characters is refused, not handed to a program.
        #expect(s.press(.char("2"), .char("L")).isEmpty)
        #expect(s.message?.text.contains("not opened") == true)
        #expect(s.press(.char("9"), .char("L")).isEmpty)
        #expect(s.message?.text.contains("no link 9") == true)
    }

    /// A long address is shown whole, wrapped over lines, at any width.
    @Test func longAddressesAreShownWhole() {
        let url = "https://example.org/" + (1...30).map { "part\($0)" }.joined(separator: "/") + "/end"
        let catalog = Catalog(documents: [("notes/long.md", "# Long\n\nA [long link](\(url)).\n")])
        for columns in [40, 80] {
            var s = AppState(catalog: catalog, size: Size(rows: 30, columns: columns))
            s.press(.enter)
            s.press(.char("L"))
            let shown = s.screenText.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && !$0.contains("[1]") && !$0.contains("Links") && !$0.contains("reader") && !$0.contains("3L") }
                .joined()
            #expect(shown.contains(url), "at \(columns) columns")
            #expect(!shown.contains("…"))
        }
    }

    @Test func browserStartedDirectlyWithTheURLAsOneArgument() throws {
        let dir = TempFolder()
        defer { dir.remove() }
        let out = dir.file("argv")
        let browser = dir.write("browser", "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > \(out)\n")
        dir.chmod("browser", 0o755)
        let url = "https://example.org/a?b=1&c=$(touch${IFS}\(dir.file("pwned")));d`id`"
        #expect(LinkOpener.open(url, environment: ["BROWSER": browser]) == nil)
        var lines: [String] = []
        for _ in 0..<100 where lines.isEmpty {
            usleep(20_000)
            lines = (dir.readText("argv") ?? "").split(separator: "\n").map(String.init)
        }
        #expect(lines == [url])
        #expect(dir.read("pwned") == nil)
        #expect(LinkOpener.open("https://x.org/\u{1B}]52;c;x\u{07}", environment: ["BROWSER": browser]) != nil)
        #expect(LinkOpener.open("https://x.org/", environment: ["BROWSER": dir.file("no-such-browser")])?.contains("Could not start") == true)
    }
}
