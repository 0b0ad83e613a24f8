import Foundation
import Testing
@testable import ReaderUI
import Library
import TestSupport
import ReaderTestSupport

/// The one-line prompts (list filter, article search, `:` page, people filter, bookmark filter)
/// and the note editor, driven key by key on the in-memory grid (issue 16, items 1, 5 and 8).
@Suite struct PromptTests {
    static let catalog = Catalog(documents: [
        ("a-ferry.txt", "Ferry strike spreads\n\nPort director Margarethe Lindqvist said the strike would end soon. "
            + "Lindqvist met union leader Tomasz Wieczorek on Monday. Café owners complained.\n\n"
            + (1...60).map { "Filler paragraph \($0) about harbour dues and tides." }.joined(separator: "\n\n")),
        ("b-tides.txt", "Tide tables revised\n\nThe survey was ordered by Margarethe Lindqvist last spring."),
    ])

    /// The keys that open each prompt, from the list.
    static let prompts: [(name: String, keys: [Key], kind: Prompt.Kind)] = [
        ("list filter", [.char("/")], .listFilter),
        ("article search", [.enter, .char("/")], .search(forward: true)),
        ("page prompt", [.enter, .char(":")], .goToPage),
        ("people filter", [.char("p"), .char("/")], .peopleFilter),
        ("bookmark filter", [.char("'"), .char("/")], .bookmarkFilter),
    ]

    /// What the campaign typed, one scalar (one key) at a time: each merges with what came before.
    static let inputs: [(name: String, scalars: String)] = [
        ("e, U+0301, z", "e\u{301}z"),
        ("flag from two regional indicators", "\u{1F1EB}\u{1F1F7}"),
        ("thumbs up and a skin tone", "\u{1F44D}\u{1F3FD}"),
        ("ZWJ pair", "\u{1F469}\u{200D}\u{1F4BB}"),
        ("Hangul jamo", "\u{1112}\u{1161}\u{11AB}"),
        ("Devanagari ka and vowel sign i", "\u{915}\u{93F}"),
    ]

    static var cases: [String] { prompts.flatMap { p in inputs.map { "\(p.name) / \($0.name)" } } }

    @Test(arguments: cases)
    func combiningInputInEveryPrompt(_ name: String) throws {
        let prompt = Self.prompts.first { name.hasPrefix($0.name + " / ") }!
        let input = Self.inputs.first { name.hasSuffix(" / " + $0.name) }!
        var s = AppState(catalog: Self.catalog, size: Size(rows: 24, columns: 80))
        s.press(prompt.keys, drawing: true)
        #expect(s.prompt?.kind == prompt.kind)
        let keys = input.scalars.unicodeScalars.map { Key.char(Character($0)) }
        s.press(keys, drawing: true)
        let typed = try #require(s.prompt)
        #expect(typed.text.unicodeScalars.elementsEqual(input.scalars.unicodeScalars))
        #expect(typed.cursor == typed.text.count)
        #expect(typed.editor.isConsistent)
        // Editing on: move, delete, type again, paste; the frame keeps the prompt's label.
        s.press([.left, .char("x"), .backspace, .home, .delete, .end, .backspace, .paste(input.scalars), .left, .char("\u{301}")], drawing: true)
        #expect(s.prompt?.editor.isConsistent == true)
        let grid = Renderer.draw(s)
        #expect(grid.text(row: 23).hasPrefix(typed.label.trimmingCharacters(in: .whitespaces)))
        s.press([.enter], drawing: true)
        #expect(s.prompt == nil)
    }

    @Test func typedAccentIsShownAsOneCharacter() {
        var s = AppState(catalog: Self.catalog, size: Size(rows: 24, columns: 80))
        s.press([.char("/"), .char("c"), .char("a"), .char("f"), .char("e"), .char("\u{301}")], drawing: true)
        let grid = Renderer.draw(s)
        #expect(grid.text(row: 23).hasPrefix("Filter: café"))
        #expect(grid.cursor?.column == "Filter: café".count)
    }

    /// Issue 16, item 5: a prompt holding 100 kB draws what fits on the line (the tail while
    /// typing at the end) and measures no more than that.
    @Test func longPromptDrawsOnlyItsVisiblePart() {
        var s = AppState(catalog: Self.catalog, size: Size(rows: 24, columns: 80))
        s.press([.char("'"), .char("/")], drawing: true)
        let long = String(repeating: "abcdefghij", count: 10_000) + "THE END"
        s.press([.paste(long)], drawing: true)
        let grid = Renderer.draw(s)
        let row = grid.text(row: 23)
        #expect(row.hasPrefix("Filter bookmarks: "))
        #expect(row.trimmingCharacters(in: .whitespaces).hasSuffix("THE END"))
        #expect(grid.cursor?.column == 79)
        // The work done for the window: the characters that fit, not the 100,007 typed.
        var measured = 0
        _ = s.prompt!.editor.window(room: 80 - "Filter bookmarks: ".count) { measured += 1; return LineEditor.width($0) }
        #expect(measured <= 64)
        // Home shows the start.
        s.press([.home], drawing: true)
        #expect(Renderer.draw(s).text(row: 23).hasPrefix("Filter bookmarks: abcdefghijabc"))
    }

    /// A paste without bracketed-paste markers arrives as one key per character: the keys
    /// already waiting become one insertion (one filter update, one frame), not 20,000.
    @Test func typedAheadKeysAreOneEdit() {
        var s = AppState(catalog: Self.catalog, size: Size(rows: 24, columns: 80))
        let typed = String(repeating: "harbour tides ", count: 1_500)
        let terminal = ScriptedTerminal(size: s.size, keys: [.char("/")] + typed.map { Key.char($0) } + [.left, .char("e\u{301}"), .enter])
        Runner.loop(&s, terminal: terminal, services: .none, idleLimit: 1)
        #expect(terminal.frames.count <= 6)
        #expect(s.prompt == nil)
        #expect(s.list.filter?.shownQuery == String(typed.dropLast()) + "e\u{301}")
    }
}
