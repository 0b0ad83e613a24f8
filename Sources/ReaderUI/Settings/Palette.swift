/// The colours of the roles a user can set in `config.toml`'s `[colors]`: names (people in the
/// text), matches (a search's or filter's first word; the others keep their own colours),
/// marks (bookmarked places in the margin) and the status line. `NO_COLOR` still wins.
public struct Palette: Equatable, Sendable {
    public enum Role: String, CaseIterable, Sendable { case names, matches, marks, status }

    /// A foreground and a background: terminal colour numbers, -1 the terminal's own.
    public struct Colors: Equatable, Sendable {
        public var foreground: Int16
        public var background: Int16
        public init(_ foreground: Int16, _ background: Int16 = -1) {
            (self.foreground, self.background) = (foreground, background)
        }
    }

    /// Each role's colours; nil: drawn in reverse video (the status line's standard look).
    public var colors: [Role: Colors?] = [
        .names: Colors(6), .matches: Colors(0, 3), .marks: Colors(3), .status: nil,
    ]

    public init() {}

    public static let standard = Palette()

    public subscript(role: Role) -> Colors? {
        get { colors[role] ?? nil }
        set { colors[role] = .some(newValue) }
    }

    static let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// Reads `cyan`, `bright-cyan`, `black on yellow`, `default on blue`, `reverse`, or colour
    /// numbers 0…255 (`208 on 236`); nil when it is none of these.
    public static func parse(_ text: String) -> Colors?? {
        let words = text.lowercased().split(separator: " ").map(String.init)
        if words == ["reverse"] { return .some(nil) }
        func color(_ word: String) -> Int16? {
            if word == "default" { return -1 }
            if let n = Int16(word), (0...255).contains(n) { return n }
            if let i = names.firstIndex(of: word) { return Int16(i) }
            if word.hasPrefix("bright-"), let i = names.firstIndex(of: String(word.dropFirst(7))) { return Int16(i + 8) }
            return nil
        }
        switch words.count {
        case 1: return color(words[0]).map { .some(Colors($0)) }
        case 3 where words[1] == "on":
            guard let fg = color(words[0]), let bg = color(words[2]) else { return nil }
            return .some(Colors(fg, bg))
        default: return nil
        }
    }

    /// As `config.toml` writes it (what `parse` reads back).
    public static func describe(_ colors: Colors?) -> String {
        guard let colors else { return "reverse" }
        func name(_ n: Int16) -> String {
            if n < 0 { return "default" }
            if n < 8 { return names[Int(n)] }
            if n < 16 { return "bright-" + names[Int(n) - 8] }
            return String(n)
        }
        return colors.background < 0 ? name(colors.foreground) : name(colors.foreground) + " on " + name(colors.background)
    }
}
