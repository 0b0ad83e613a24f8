import Library

/// The key table (`KeyMap.table`) as the user's settings change it: which entry of the table a
/// key asks for, in each context. The dispatch and the help screen both read it, so a key bound
/// in `config.toml` works and shows in help; the README's table is always the standard one.
public struct Keymap: Sendable, Equatable {
    /// The index of a `KeyMap.bindings` entry, by context and key.
    private(set) var index: [KeyContext: [Key: Int]]

    /// The table as it is written.
    public static let standard: Keymap = {
        var index: [KeyContext: [Key: Int]] = [:]
        for (i, binding) in KeyMap.bindings.enumerated() {
            for context in binding.contexts {
                for key in binding.keys where index[context]?[key] == nil { index[context, default: [:]][key] = i }
            }
        }
        return Keymap(index: index)
    }()

    /// The table's entry `key` asks for in `context`, if any.
    func binding(for key: Key, in context: KeyContext) -> KeyBinding? {
        index[context]?[key].map { KeyMap.bindings[$0] }
    }

    /// Why a binding cannot be made (the settings file names the line).
    public struct Problem: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// Action names a key can be bound to (digits are counts and text is typed: not bindable).
    public static var names: [String] {
        var seen = Set<String>()
        return KeyMap.bindings.filter { $0.isBindable }.map(\.name).filter { seen.insert($0).inserted }
    }

    /// `key` asks for the action named `name`: in `context`, or (nil) everywhere that action
    /// applies. What the key did there before is replaced; the action's other keys stay.
    public mutating func bind(_ key: Key, to name: String, in context: KeyContext?) throws(Problem) {
        let candidates = KeyMap.bindings.indices.filter { KeyMap.bindings[$0].name == name }
        guard let first = candidates.first else {
            throw Problem(description: "no action named \"\(name)\" (see reader --print-config for the names)")
        }
        guard KeyMap.bindings[first].isBindable else {
            throw Problem(description: "\"\(name)\" cannot be bound to a key (digits are counts, text is typed)")
        }
        if let context {
            guard let i = candidates.first(where: { KeyMap.bindings[$0].contexts.contains(context) }) else {
                let places = Set(candidates.flatMap { KeyMap.bindings[$0].contexts })
                let named = KeyContext.allCases.filter(places.contains).map(\.settingsName).joined(separator: ", ")
                throw Problem(description: "\"\(name)\" does not apply in [keys.\(context.settingsName)] (only in \(named))")
            }
            index[context, default: [:]][key] = i
            return
        }
        var done = Set<KeyContext>()
        for i in candidates {
            for c in KeyMap.bindings[i].contexts where done.insert(c).inserted { index[c, default: [:]][key] = i }
        }
    }

    /// `key` does nothing in `context`, or (nil) anywhere; in the prompt and the note editor a
    /// character unbound there is typed again.
    public mutating func unbind(_ key: Key, in context: KeyContext?) {
        for c in context.map({ [$0] }) ?? KeyContext.allCases { index[c]?[key] = nil }
    }

    /// The key table as this keymap has it, for help: each entry with the keys that ask for it
    /// now (its own first, then any added), one row per set of places with the same keys; an
    /// entry no key asks for any more is left out.
    public var table: [(section: String, bindings: [KeyBinding])] {
        if self == .standard { return KeyMap.table }
        var i = 0
        return KeyMap.table.map { section in
            var rows: [KeyBinding] = []
            for binding in section.bindings {
                defer { i += 1 }
                var groups: [(keys: [Key], contexts: [KeyContext])] = []
                for context in binding.contexts {
                    let bound = index[context, default: [:]].filter { $0.value == i }.map(\.key)
                    let keys = binding.keys.filter(bound.contains) + bound.filter { !binding.keys.contains($0) }.sorted { $0.label < $1.label }
                    if keys.isEmpty && !binding.isKeyless { continue }
                    if let g = groups.firstIndex(where: { $0.keys == keys }) { groups[g].contexts.append(context) } else { groups.append((keys, [context])) }
                }
                // Keys that differ from place to place: each row says where it applies.
                rows += groups.map { group in
                    binding.with(keys: group.keys, contexts: group.contexts,
                                 summary: binding.summary + (groups.count > 1 ? " (\(Self.placeLabel(group.contexts)))" : ""))
                }
            }
            return (section.section, rows)
        }
    }
}

extension Keymap {
    /// Where a row of help applies, when the keys differ from place to place.
    static func placeLabel(_ contexts: [KeyContext]) -> String {
        let place = KeyMap.whereLabel(contexts)
        return place.hasPrefix("everywhere") ? place : "in " + place
    }
}

extension KeyBinding {
    /// Digits (a count) and typed text are not keys a user rebinds.
    var isBindable: Bool {
        if case .action = command { return true }
        if case .edit = command { return true }
        return false
    }

    /// Shown whatever the keymap says (`0…9`, `text`).
    var isKeyless: Bool { !isBindable }

    func with(keys: [Key], contexts: [KeyContext], summary: String) -> KeyBinding {
        KeyBinding(keys, name, contexts, command, summary)
    }
}

extension KeyContext {
    /// As the settings file names it: `[keys.list]`, `[keys.mentions]`, …
    public var settingsName: String {
        switch self {
        case .concordance: return "mentions"
        default: return rawValue
        }
    }

    public init?(settingsName: String) {
        switch settingsName {
        case "mentions", "concordance": self = .concordance
        case "help": self = .pager
        default: self.init(rawValue: settingsName)
        }
    }
}

extension Key {
    /// A key as the settings file (and help) names it: a character (`j`, `?`), `Space`, `Ctrl-O`,
    /// `Alt-B`, `Alt-Enter`, `Enter`, `Esc`, `Tab`, `Shift-Tab`, `Backspace`, `Delete`, `Insert`,
    /// `Up`/`↑` (and the other arrows), `PgUp`, `PgDn`, `Home`, `End`, `F1`…`F12`. Names are
    /// read without regard to case; a single character is itself.
    public init?(name: String) {
        if let arrow = ["↑": Key.up, "↓": .down, "←": .left, "→": .right][name] { self = arrow; return }
        if name.count == 1, let c = name.first {
            guard !c.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return nil }
            self = .char(c)
            return
        }
        let lower = name.lowercased()
        if let rest = ["ctrl-", "c-"].first(where: lower.hasPrefix).map({ lower.dropFirst($0.count) }) {
            guard rest.count == 1, let c = rest.first, c.isASCII, c.isLetter || "@\\]^_".contains(c) else { return nil }
            self = .ctrl(c)
            return
        }
        if let prefix = ["alt-", "m-"].first(where: lower.hasPrefix) {
            let rest = name.dropFirst(prefix.count)
            if rest.lowercased() == "enter" { self = .alt("\r"); return }
            // As help writes it: Alt-B is Alt and the b key.
            guard rest.count == 1, let c = rest.first, c.isASCII, !c.isWhitespace else { return nil }
            self = .alt(Character(c.lowercased()))
            return
        }
        switch lower {
        case "space": self = .char(" ")
        case "up", "↑": self = .up
        case "down", "↓": self = .down
        case "left", "←": self = .left
        case "right", "→": self = .right
        case "pgup", "pageup": self = .pageUp
        case "pgdn", "pagedown": self = .pageDown
        case "home": self = .home
        case "end": self = .end
        case "enter", "return": self = .enter
        case "esc", "escape": self = .escape
        case "backspace": self = .backspace
        case "delete", "del": self = .delete
        case "tab": self = .tab
        case "shift-tab", "backtab": self = .backTab
        case "insert": self = .insert
        default:
            guard lower.hasPrefix("f"), let n = Int(lower.dropFirst()), (1...12).contains(n) else { return nil }
            self = .function(n)
        }
    }
}

extension Keymap {
    /// The key that asks for `action` in `context`, as help names it: `preferred` while it still
    /// does, else a key the settings bound to it (the user's replacement for it), else the
    /// first of the table's keys for it that still does; nil when no key does (a hint for it is
    /// then left out).
    public func key(for action: Action, in context: KeyContext, preferring preferred: Key? = nil) -> String? {
        label(keys(for: action, in: context), preferring: preferred)
    }

    /// The key that makes `edit` in the note editor, chosen as `key(for:in:preferring:)` does.
    public func key(for edit: NoteEdit, preferring preferred: Key? = nil) -> String? {
        label(keys(in: .note) { if case .edit(_, let note) = $0 { return note == edit } else { return false } }, preferring: preferred)
    }

    private func label(_ keys: (own: [Key], added: [Key]), preferring preferred: Key?) -> String? {
        if let preferred, keys.own.contains(preferred) || keys.added.contains(preferred) { return preferred.label }
        return (keys.added.first ?? keys.own.first)?.label
    }

    /// The keys that ask for `action` in `context`: the table's own (in its order) and those the
    /// settings added (by name).
    func keys(for action: Action, in context: KeyContext) -> (own: [Key], added: [Key]) {
        keys(in: context) { if case .action(let a) = $0 { return a == action } else { return false } }
    }

    /// The keys that ask, in `context`, for the table's entries whose command is `wanted`.
    private func keys(in context: KeyContext, _ wanted: (KeyBinding.Command) -> Bool) -> (own: [Key], added: [Key]) {
        let bound = index[context, default: [:]].filter { wanted(KeyMap.bindings[$0.value].command) }.map(\.key)
        let table = KeyMap.bindings.flatMap { b -> [Key] in
            guard wanted(b.command), b.contexts.contains(context) else { return [] }
            return b.keys
        }
        var seen = Set<Key>()
        let own = table.filter { bound.contains($0) && seen.insert($0).inserted }
        return (own, bound.filter { !table.contains($0) }.sorted { $0.label < $1.label })
    }
}
