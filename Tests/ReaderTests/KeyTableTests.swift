import Foundation
import Testing
import TestSupport
import ReaderTestSupport
import Library
@testable import ReaderUI

/// The one key table: the dispatch, the help screen and the README's key table agree. The keys
/// checked are found by asking the dispatch about every key there is, not read from the table.
struct KeyTableTests {
    /// Every key a terminal can send that the reader could bind.
    static let everyKey: [Key] = {
        var keys: [Key] = (32...126).map { .char(Character(UnicodeScalar($0)!)) }
        keys += "abcdefghijklmnopqrstuvwxyz".map { .ctrl($0) }
        keys += ("abcdefghijklmnopqrstuvwxyz\r".map { .alt($0) })
        keys += [.up, .down, .left, .right, .pageUp, .pageDown, .home, .end, .enter, .escape, .backspace,
                 .delete, .tab, .backTab, .insert]
        keys += (1...12).map { .function($0) }
        return keys
    }()

    /// (context, key, action) for every key the dispatch binds; typed text in the prompt and the
    /// note editor is one binding (`insert`), not one per character.
    static var bound: [(context: KeyContext, key: Key, action: Action)] {
        var out: [(KeyContext, Key, Action)] = []
        for context in KeyContext.allCases {
            for key in everyKey {
                guard let action = KeyMap.action(for: key, in: context) else { continue }
                if case .char(let c) = key, action == .edit(.insert(String(c))) || action == .note(.insert(String(c))) { continue }
                out.append((context, key, action))
            }
        }
        return out
    }

    /// The bindings that say `key` does `action` in `context`.
    static func entries(_ context: KeyContext, _ key: Key, _ action: Action) -> [KeyBinding] {
        KeyMap.table.flatMap(\.bindings).filter {
            $0.contexts.contains(context) && $0.keys.contains(key) && $0.action(key, in: context) == action
        }
    }

    /// How help and the README name a key: digits are one entry, `0…9`.
    static func shown(_ key: Key) -> String {
        if case .char(let c) = key, c.isASCII, c.isNumber { return "0…9" }
        return key.label
    }

    @Test func everyBoundKeyIsOneEntryOfTheTable() {
        let bound = Self.bound
        #expect(bound.count > 150)
        for (context, key, action) in bound {
            #expect(Self.entries(context, key, action).count == 1, "\(key.label) in \(context.label): \(action)")
        }
        // No key means two things in one place.
        for context in KeyContext.allCases {
            let keys = KeyMap.table.flatMap(\.bindings).filter { $0.contexts.contains(context) }.flatMap(\.keys)
            #expect(Set(keys).count == keys.count, "a key bound twice in \(context.label)")
        }
    }

    @Test func everyBoundKeyIsInHelp() {
        var s = AppState(catalog: Catalog(documents: [("a.txt", "A\n\nText.\n")]), size: Size(rows: 300, columns: 100))
        s.apply(.help)
        let rows = Renderer.draw(s).text.split(separator: "\n").map(String.init)
        // A row: keys, the action's name, what it does (columns two spaces apart).
        let entries = rows.compactMap { row -> (keys: [String], name: String)? in
            let columns = row.split(separator: "  ", omittingEmptySubsequences: true).map { $0.trimmingCharacters(in: .whitespaces) }
            return columns.count >= 3 ? (columns[0].split(separator: " ").map(String.init), columns[1]) : nil
        }
        #expect(rows.contains { $0.contains("insert") && $0.contains("text") })
        for (context, key, action) in Self.bound {
            let names = Set(Self.entries(context, key, action).map(\.name))
            #expect(entries.contains { $0.keys.contains(Self.shown(key)) && names.contains($0.name) },
                    "\(key.label) (\(names.sorted().joined())) in \(context.label) is not in help")
        }
    }

    @Test func readmeKeyTableIsTheGeneratedOne() throws {
        let readme = try String(contentsOfFile: PackagePaths.root + "/README.md", encoding: .utf8)
        let begin = try #require(readme.range(of: "<!-- keys:begin -->\n"))
        let end = try #require(readme.range(of: "<!-- keys:end -->"))
        #expect(String(readme[begin.upperBound..<end.lowerBound]) == KeyMap.markdown(),
                "README key table is stale: run reader-bench keys-markdown and paste it between the markers")
        // And the generated table names every bound key.
        let markdown = KeyMap.markdown()
        for (context, key, action) in Self.bound {
            let names = Self.entries(context, key, action).map(\.name)
            #expect(markdown.split(separator: "\n").contains { row in
                row.contains("`\(Self.shown(key))`") && names.contains { row.contains("`\($0)`") }
            }, "\(key.label) in \(context.label) is not in the README")
        }
    }

    @Test func theIssuesDriftIsBoundAndDocumented() {
        // Bound before, documented nowhere: o, < >, Ctrl-E Ctrl-Y Ctrl-V Ctrl-N Ctrl-P, p in people.
        #expect(KeyMap.action(for: .char("o"), in: .list) == .open)
        #expect(KeyMap.action(for: .char("<"), in: .article) == .top)
        #expect(KeyMap.action(for: .char(">"), in: .article) == .bottom)
        #expect(KeyMap.action(for: .ctrl("e"), in: .list) == .lineDown)
        #expect(KeyMap.action(for: .ctrl("y"), in: .article) == .lineUp)
        #expect(KeyMap.action(for: .ctrl("v"), in: .article) == .pageDown)
        #expect(KeyMap.action(for: .ctrl("n"), in: .people) == .lineDown)
        #expect(KeyMap.action(for: .ctrl("p"), in: .bookmarks) == .lineUp)
        #expect(KeyMap.action(for: .char("p"), in: .people) == .showPeople)   // again: closes it
        let markdown = KeyMap.markdown()
        for label in ["o", "<", ">", "Ctrl-E", "Ctrl-Y", "Ctrl-V", "Ctrl-N", "Ctrl-P"] { #expect(markdown.contains("`\(label)`")) }
        #expect(markdown.contains("| `p` | `people` | everywhere |"))
    }

    /// The keys that open a screen from anywhere do so on every screen (issue 12, rough edge 6:
    /// `'`, `B`, `!` in the people panel and `p`, `!` in the bookmarks did nothing), and close it
    /// when pressed on it.
    @Test func everywhereKeysWorkOnEveryScreen() {
        let keys: [(Key, Action)] = [(.char("'"), .showBookmarks), (.char("B"), .showBookmarks), (.char("p"), .showPeople),
                                     (.char("!"), .report), (.char("h"), .help), (.function(1), .help), (.ctrl("o"), .jumpBack),
                                     (.char("Q"), .quit), (.char("q"), .back), (.ctrl("l"), .redraw)]
        for context in KeyContext.screens {
            for (key, action) in keys {
                #expect(KeyMap.action(for: key, in: context) == action, "\(key.label) in \(context.label)")
            }
        }
        var s = AppState(catalog: Catalog(documents: [("a.txt", "A\n\nText.\n")]), size: Size(rows: 24, columns: 80))
        s.press("p", "'")
        #expect(s.screen == .bookmarks)
        s.press("p")                  // back to the people panel, not a third screen on top
        #expect(s.screen == .people && s.navigation.stack.isEmpty)
        s.press("!", "!")
        #expect(s.screen == .people)
        s.press("p")
        #expect(s.screen == .list)
    }

    /// Help's "Everywhere" section holds what applies on (almost) every screen; a key that
    /// closes one screen, or clears the list's filter, is listed with that screen.
    @Test func everywhereInHelpHoldsNoScreenOfItsOwn() throws {
        let everywhere = try #require(KeyMap.table.first { $0.section == "Everywhere" })
        for b in everywhere.bindings {
            let screens = b.contexts.filter(KeyContext.screens.contains)
            #expect(screens.count >= KeyContext.screens.count - 1, "\(b.keyLabels) \(b.name) only in \(KeyMap.whereLabel(b.contexts))")
        }
        // And help shows each section's name once, every entry under one section.
        let names = KeyMap.table.map(\.section)
        #expect(Set(names).count == names.count)
    }
}
