import Library

/// Key hints for status lines and messages, made from the keymap as the user's settings have it:
/// a key rebound shows as bound, a hint for an unbound action is left out (a status line never
/// names a key that does nothing).
extension AppState {
    /// `? help  q quit `: each action's key (the preferred one while it is bound) and what it
    /// does, two spaces apart; alternatives are tried in order (`q` back, else `Q` quit).
    func hints(_ items: [(actions: [(Action, Key)], text: String)], in context: KeyContext) -> String {
        let said = items.compactMap { item -> String? in
            for (action, preferred) in item.actions {
                if let key = settings.keymap.key(for: action, in: context, preferring: preferred) { return key + " " + item.text }
            }
            return nil
        }
        return said.isEmpty ? "" : said.joined(separator: "  ") + " "
    }

    func hints(_ items: [(Action, Key, String)], in context: KeyContext) -> String {
        hints(items.map { (actions: [($0.0, $0.1)], text: $0.2) }, in: context)
    }

    /// The key for an action in a context as help names it, or nil when none asks for it.
    func key(_ action: Action, _ preferred: Key, in context: KeyContext) -> String? {
        settings.keymap.key(for: action, in: context, preferring: preferred)
    }

    /// A message's key hint in brackets, the keys as bound: ` (n next, N previous)`; a key
    /// no longer bound is left out, and with none left the hint is "" (`colon`: `(u: undo)`).
    func bracketHint(_ items: [(Action, Key, String)], in context: KeyContext = .article, colon: Bool = false) -> String {
        let said = items.compactMap { item in key(item.0, item.1, in: context).map { $0 + (colon ? ": " : " ") + item.2 } }
        return said.isEmpty ? "" : " (" + said.joined(separator: ", ") + ")"
    }

    /// A pager's hints: `q or Esc: back   j k Space b: scroll`.
    var pagerHints: String {
        let keymap = settings.keymap
        let backKeys = keymap.keys(for: .back, in: .pager)
        let back = (backKeys.added + backKeys.own).filter { $0 != .enter && $0 != .left }.prefix(2).map(\.label)
        let scroll = [(Action.lineDown, Key.char("j")), (.lineUp, .char("k")), (.pageDown, .char(" ")), (.pageUp, .char("b"))]
            .compactMap { keymap.key(for: $0.0, in: .pager, preferring: $0.1) }
        var parts: [String] = []
        if !back.isEmpty { parts.append(back.joined(separator: " or ") + ": back") }
        if !scroll.isEmpty { parts.append(scroll.joined(separator: " ") + ": scroll") }
        return " " + parts.joined(separator: "   ")
    }

    /// Where `back` goes from the article, in words: "the list", "the bookmarks", …
    var screenBelow: String {
        switch navigation.stack.last ?? .list {
        case .list: return "the list"
        case .bookmarks: return "the bookmarks"
        case .people: return "the people"
        case .concordance: return "the mentions"
        case .help: return "help"
        case .report: return "the skipped files"
        case .links: return "the links"
        case .article: return "the article"
        }
    }

    /// `q: back to the bookmarks` (the key as bound), or nothing when no key goes back.
    var backHint: String? {
        key(.back, .char("q"), in: .article).map { "\($0): back to \(screenBelow)" }
    }
}
