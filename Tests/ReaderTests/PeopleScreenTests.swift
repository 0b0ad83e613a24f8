import Foundation
import Testing
@testable import ReaderUI
import Library
import TestSupport
import ReaderTestSupport

/// People in the reader, on articles written for these tests (no names from the seeds).
@Suite struct PeopleScreenTests {
    static let padding = (1...40).map { "Filler paragraph \($0) about harbour dues and tides." }.joined(separator: "\n\n")
    static let catalog = Catalog(documents: [
        ("a-ferry.txt", "Ferry strike spreads\n\nPort director Margarethe Lindqvist said the strike would end soon. "
            + "Lindqvist met union leader Tomasz Wieczorek on Monday.\n\n" + padding
            + "\n\nLate in the evening Lindqvist’s office issued a statement."),
        ("b-tides.txt", "Tide tables revised\n\nThe survey was ordered by Margarethe Lindqvist last spring.\n\n"
            + "Wieczorek was not consulted."),
        ("c-weather.txt", "Weather quiet\n\nNobody of note was named here."),
    ])

    @Test func mentionsAreHighlightedAndTheHeaderSaysWhoIsIn() throws {
        var s = AppState(catalog: Self.catalog, size: Size(rows: 30, columns: 100))
        s.press([.enter])
        let grid = Renderer.draw(s)
        #expect(grid.text(row: 1).contains("With Margarethe Lindqvist, Tomasz Wieczorek"))
        #expect(grid.style(of: "Margarethe Lindqvist said") == .person)
        #expect(grid.style(of: "Port director") == .normal)   // the title is not part of the name
        let row = try #require(grid.find("Lindqvist met"))
        #expect(grid[row.row, row.column].style == .person)
        #expect(grid[row.row, row.column + 9].style == .normal)   // the space after the name
    }

    @Test func tabSelectsAndBracketsJumpAcrossArticles() throws {
        var s = AppState(catalog: Self.catalog, size: Size(rows: 30, columns: 100))
        s.press([.enter, .tab])
        let person = try #require(s.reading?.selectedPerson)
        #expect(s.people.people[person].name == "Margarethe Lindqvist")
        #expect(Renderer.draw(s).style(of: "Margarethe Lindqvist said") == .personSelected)
        s.press([.char("]")])
        #expect(s.reading?.selectedRange.map { s.reading!.text.string($0) } == "Lindqvist")
        // The third mention is pages away: the jump turns to its page.
        s.press([.char("]")])
        #expect(s.pageNumbers!.page > 0)
        #expect(s.reading!.text.string(s.reading!.selectedRange!) == "Lindqvist")
        #expect(Renderer.draw(s).style(of: "Lindqvist’s") == .personSelected)
        // Then into the next article that mentions her.
        s.press([.char("]")])
        #expect(s.reading?.index == 1)
        #expect(s.message?.text.contains("Next article mentioning Margarethe Lindqvist: “Tide tables revised”") == true)
        s.press([.char("]")])
        #expect(s.message?.text.contains("No more mentions") == true)
        // Ctrl-O goes back, twice.
        s.press([.ctrl("o")])
        #expect(s.reading?.index == 0)
        #expect(s.pageNumbers!.page > 0)
        s.press([.ctrl("o"), .ctrl("o")])
        #expect(s.reading?.index == 0)
        #expect(s.pageNumbers!.page == 0)
        s.press([.char("[")])
        #expect(s.message != nil)
    }

    @Test func peoplePanelConcordanceAndListFilter() throws {
        var s = AppState(catalog: Self.catalog, size: Size(rows: 24, columns: 110))
        s.press([.char("p")])
        #expect(s.screen == .people)
        var grid = Renderer.draw(s)
        #expect(grid.text(row: 1).contains("Margarethe Lindqvist"))
        // The other name she goes by follows hers; the possessive is the same name, not another.
        #expect(grid.text(row: 1).contains("Margarethe Lindqvist  Lindqvist "))
        #expect(!grid.text(row: 1).contains("Lindqvist’s"))
        #expect(grid.text(row: 1).hasSuffix("4         2"))
        // Filter by typing, accents and case ignored.
        s.press([.char("/")] + "wiec".map { .char($0) })
        #expect(s.visiblePeople.map { s.people.people[$0].name } == ["Tomasz Wieczorek"])
        s.press([.escape])
        #expect(s.visiblePeople.count == 2)
        // The concordance: every mention with its context.
        s.press([.enter])
        #expect(s.screen == .concordance)
        grid = Renderer.draw(s)
        #expect(grid.text(row: 0).contains("Margarethe Lindqvist — 4 mentions in 2 articles"))
        #expect(grid.text(row: 1).contains("Port director Margarethe Lindqvist said"))
        #expect(grid.style(of: "Margarethe Lindqvist said") == .personSelected)
        s.press([.char("G"), .enter])
        #expect(s.screen == .article)
        #expect(s.reading?.index == 1)
        #expect(s.reading?.selectedRange != nil)
        // f: the list of the articles that mention her.
        s.press([.char("p"), .char("f")])
        #expect(s.screen == .list)
        #expect(s.list.visible == [0, 1])
        #expect(Renderer.draw(s).text(row: 0).contains("2 of 3 matching person:\"Margarethe Lindqvist\""))
        s.press([.escape])
        #expect(s.list.visible.count == 3)
    }

    @Test func bookmarkingASelectedName() {
        var s = AppState(catalog: Self.catalog, size: Size(rows: 30, columns: 100))
        s.press([.enter, .tab, .tab, .char("m")])
        guard case .new(_, let range)? = s.noteEditing?.target else {
            Issue.record("no note editor")
            return
        }
        #expect(s.reading!.text.string(range) == "Lindqvist")
    }
}

/// The people walk on the bundled seeds, read from their files as the reader reads them: select
/// a Prigozhin mention, `]` until the walk crosses into another article, Ctrl-O back.
@Suite struct PeopleWalkTests {
    @Test func jumpAcrossArticlesAndBack() throws {
        var s = AppState(catalog: Catalog.load([PackagePaths.seeds]), size: Size(rows: 30, columns: 100))
        s.press(.enter)
        let first = try #require(s.reading?.index)
        let title = s.corpus.articles[first].title
        #expect(Renderer.draw(s).text.contains("With "))
        var selected = false
        for _ in 0..<20 {
            s.press(.tab)
            if let p = s.reading?.selectedPerson, s.people.people[p].name.hasSuffix("Prigozhin") { selected = true; break }
        }
        #expect(selected, "no Prigozhin mention selected")
        var crossed = false
        for _ in 0..<60 {
            s.press("]")
            if s.reading?.index != first { crossed = true; break }
        }
        #expect(crossed, "never crossed into another article")
        #expect(s.message?.text.hasPrefix("Next article mentioning") == true, "\(s.message?.text ?? "")")
        #expect(!Renderer.draw(s).text(row: 0).contains(title))
        s.press(.ctrl("o"))
        #expect(s.reading?.index == first)
        #expect(s.message?.text == "Back to “\(title)”")
        #expect(Renderer.draw(s).text(row: 0).contains(String(title.prefix(40))))
    }
}
