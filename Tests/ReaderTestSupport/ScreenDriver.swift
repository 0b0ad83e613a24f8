import Foundation
import ReaderUI
import Library
import TestSupport

// The one screen driver of the reader's tests: keys go through the key table and `apply` as the
// runner sends them (`press`), or through the runner itself with its services (`runLoop`); what
// the terminal would show is read from the drawn grid (`row`, `runs`). Effects that read files
// (an article's text, context lines) are carried out at once, against the state's corpus, as the
// runner does; `press` returns the others (saves) for the test to look at.

/// `"j"` is the key j: `s.press("j", .enter)`.
extension Key: ExpressibleByUnicodeScalarLiteral, ExpressibleByExtendedGraphemeClusterLiteral {
    public init(unicodeScalarLiteral value: Character) { self = .char(value) }
    public init(extendedGraphemeClusterLiteral value: Character) { self = .char(value) }
}

/// The keys that type `text`.
public func typing(_ text: String) -> [Key] { text.map { .char($0) } }

extension AppState {
    /// Presses keys as the runner would: each through the key table, then `apply` (a key bound
    /// to nothing there is `.unbound`). Returns the effects asked for, in order, but for the
    /// reads, which are carried out (`settle`).
    @discardableResult
    public mutating func press(_ keys: Key...) -> [Effect] { press(keys) }

    @discardableResult
    public mutating func press(_ keys: [Key], drawing: Bool = false) -> [Effect] {
        var effects: [Effect] = []
        for key in keys {
            effects += settle(apply(KeyMap.action(for: key, in: self) ?? .unbound))
            if drawing { _ = Renderer.draw(self) }   // every frame drawn, as the loop does
        }
        return effects
    }

    /// Applies an action and carries out the reads it asks for; returns the other effects.
    @discardableResult
    public mutating func send(_ action: Action) -> [Effect] { settle(apply(action)) }

    /// Carries out the effects that read files (`FileReads`), applying what they bring back
    /// (which may ask for more); returns the effects that write.
    public mutating func settle(_ effects: [Effect]) -> [Effect] {
        var rest: [Effect] = []
        for effect in effects {
            if let read = FileReads.perform(effect, corpus: corpus) { rest += settle(apply(read)) } else { rest.append(effect) }
        }
        return rest
    }

    /// The text of one row of the screen as drawn now.
    public func row(_ n: Int) -> String { Renderer.draw(self).text(row: n) }

    /// The whole screen as drawn now, a line a row.
    public var screenText: String { let g = Renderer.draw(self); return (0..<g.size.rows).map { g.text(row: $0) }.joined(separator: "\n") }
}

/// Keys through the real loop (drawing every frame, carrying out effects with `services`) until
/// they run out; the terminal keeps the frames.
@discardableResult
package func runLoop(_ state: inout AppState, _ services: Services, _ keys: [Key], size: Size = Size(rows: 24, columns: 90)) -> ScriptedTerminal {
    let terminal = ScriptedTerminal(size: size, keys: keys)
    Runner.loop(&state, terminal: terminal, services: services, idleLimit: 1)
    return terminal
}

extension Services {
    /// Services with a bookmark store at `folder/bookmarks.json` (loaded) and no positions file.
    package static func bookmarks(in folder: TempFolder) -> Services {
        let store = BookmarkStore(path: folder.file("bookmarks.json"))
        store.load()
        return Services(positions: nil, bookmarks: store)
    }

    /// Services that keep nothing (no positions file, no bookmarks file).
    package static var none: Services { Services(positions: nil, bookmarks: nil) }
}

extension Catalog {
    /// A catalog of articles written as files into `folder` (a file-backed corpus, as the reader
    /// loads one; the indexes built).
    public static func files(_ documents: [(path: String, text: String)], in folder: TempFolder) -> Catalog {
        for (path, text) in documents { folder.write("corpus/" + path, text) }
        return Catalog.load([folder.file("corpus")])
    }
}

/// The offset (in scalars) of the first place `s` stands in `text`.
public func offset(of s: String, in text: ArticleText) -> Int {
    let p = Array(s.unicodeScalars)
    return (0...(text.count - p.count)).first { text.scalars[$0..<($0 + p.count)].elementsEqual(p) }!
}

extension Grid {
    /// The runs of cells drawn in `style` between the header and the status line, as text.
    public func runs(_ style: Style) -> [String] {
        var out: [String] = []
        for row in 1..<(size.rows - 1) {
            var current = ""
            for x in 0..<size.columns {
                if self[row, x].style == style { current += self[row, x].text } else if !current.isEmpty { out.append(current); current = "" }
            }
            if !current.isEmpty { out.append(current) }
        }
        return out
    }
}
