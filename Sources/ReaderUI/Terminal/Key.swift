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
    case unknown(Int)
}
