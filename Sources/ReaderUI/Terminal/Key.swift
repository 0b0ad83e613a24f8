/// A key press, decoded from the terminal. `KeyMap` turns keys into `Action`s.
public enum Key: Hashable, Sendable {
    case char(Character)
    case ctrl(Character)
    /// Escape then a key quickly (Alt or Meta held).
    case alt(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case enter, escape, backspace, delete, tab, backTab, insert
    case function(Int)
    case resize
    /// Text pasted between bracketed-paste markers, delivered whole.
    case paste(String)
    /// A mouse report (when the settings' `mouse` is on).
    case mouse(MouseEvent)
    case unknown(Int)
}

/// A click or a turn of the wheel at a cell (row and column from 0).
public struct MouseEvent: Hashable, Sendable {
    public enum Kind: Hashable, Sendable { case click, doubleClick, wheelUp, wheelDown }
    public var kind: Kind
    public var row: Int
    public var column: Int

    public init(_ kind: Kind, row: Int, column: Int) {
        (self.kind, self.row, self.column) = (kind, row, column)
    }

    /// An SGR (1006) report's body after `ESC [`: `<B;X;YM` (a press) or `…m` (a release);
    /// coordinates from 1. Nil for what reader does not use (releases, drags, other buttons).
    public static func sgr(_ body: String) -> MouseEvent? {
        guard body.hasPrefix("<"), let final = body.last, final == "M" else { return nil }
        let fields = body.dropFirst().dropLast().split(separator: ";").map { Int($0) }
        guard fields.count == 3, let b = fields[0], let x = fields[1], let y = fields[2], x >= 1, y >= 1 else { return nil }
        return report(button: b, row: y - 1, column: x - 1)
    }

    /// A press of button code `b` (as SGR and X10 reports number them): the first button, or
    /// the wheel; nil for drags and other buttons.
    static func report(button b: Int, row: Int, column: Int) -> MouseEvent? {
        guard b & 32 == 0 else { return nil }   // motion
        switch b & ~(4 | 8 | 16) {               // without Shift, Alt, Ctrl
        case 0: return MouseEvent(.click, row: row, column: column)
        case 64: return MouseEvent(.wheelUp, row: row, column: column)
        case 65: return MouseEvent(.wheelDown, row: row, column: column)
        default: return nil
        }
    }
}

/// Tells a double click from two clicks: a second press on the same cell soon after the first.
struct ClickTimer {
    static let doubleClickMilliseconds: Int64 = 400
    private var last: (row: Int, column: Int, at: Int64)?

    /// The event as delivered: a click that follows one on the same cell within the interval is
    /// a double click (and a third starts again).
    mutating func resolve(_ event: MouseEvent, at milliseconds: Int64) -> MouseEvent {
        guard event.kind == .click else { return event }
        if let last, last.row == event.row, last.column == event.column, milliseconds - last.at <= Self.doubleClickMilliseconds {
            self.last = nil
            return MouseEvent(.doubleClick, row: event.row, column: event.column)
        }
        last = (event.row, event.column, milliseconds)
        return event
    }
}
