import Testing
@testable import ReaderUI
import Library

// The one screen driver of the reader's tests: keys go through the key table and `apply` as the
// runner sends them (`press`), or through the runner itself with its services (`runLoop`); what
// the terminal would show is read from the drawn grid (`row`, `runs`).

/// `"j"` is the key j: `s.press("j", .enter)`.
extension Key: ExpressibleByUnicodeScalarLiteral, ExpressibleByExtendedGraphemeClusterLiteral {
    public init(unicodeScalarLiteral value: Character) { self = .char(value) }
    public init(extendedGraphemeClusterLiteral value: Character) { self = .char(value) }
}

/// The keys that type `text`.
func typing(_ text: String) -> [Key] { text.map { .char($0) } }

extension AppState {
    /// Presses keys as the runner would: each through the key table, then `apply` (a key bound
    /// to nothing there is `.unbound`). Returns the effects asked for, in order.
    @discardableResult
    mutating func press(_ keys: Key...) -> [Effect] { press(keys) }

    @discardableResult
    mutating func press(_ keys: [Key], drawing: Bool = false) -> [Effect] {
        var effects: [Effect] = []
        for key in keys {
            effects += apply(KeyMap.action(for: key, in: self) ?? .unbound)
            if drawing { _ = Renderer.draw(self) }   // every frame drawn, as the loop does
        }
        return effects
    }

    /// The text of one row of the screen as drawn now.
    func row(_ n: Int) -> String { Renderer.draw(self).text(row: n) }
}

/// Keys through the real loop (drawing every frame, carrying out effects with `services`) until
/// they run out; the terminal keeps the frames.
@discardableResult
func runLoop(_ state: inout AppState, _ services: Services, _ keys: [Key], size: Size = Size(rows: 24, columns: 90)) -> ScriptedTerminal {
    let terminal = ScriptedTerminal(size: size, keys: keys)
    Runner.loop(&state, terminal: terminal, services: services, idleLimit: 1)
    return terminal
}

extension Grid {
    /// The runs of cells drawn in `style` between the header and the status line, as text.
    func runs(_ style: Style) -> [String] {
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
