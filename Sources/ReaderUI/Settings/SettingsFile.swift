import Library
import TOMLKit

/// What `config.toml` can set. Every field has a default: no file, or a bad one, gives these.
public struct UserSettings: Equatable, Sendable {
    /// Widest text column, in cells (`--width` wins).
    public var width = 80
    /// The list's order when none was remembered from the last run.
    public var sort = SortOrder.path
    public var mouse = true
    public var palette = Palette.standard
    public var keymap = Keymap.standard

    public init() {}
}

/// The settings file: `$XDG_CONFIG_HOME/reader/config.toml` (`~/.config/reader/config.toml`),
/// TOML read with TOMLKit. A file that does not parse, or sets something wrongly, gives its
/// problems, each naming the file, the line and what is wrong; the reader then starts with
/// defaults, says so on the status line, and lists them all on the loading report (`!`).
public enum SettingsFile {
    public static func defaultPath(environment: [String: String]) -> String? {
        XDG.folder("XDG_CONFIG_HOME", default: ".config", environment: environment).map { $0 + "/reader/config.toml" }
    }

    /// A problem in the file: where, and what.
    public struct Problem: Error, Equatable, CustomStringConvertible {
        public var path: String
        public var line: Int?
        public var problem: String
        /// The file's other problems, in the order of their lines (this one is the first).
        public var more: [Problem] = []
        public var description: String { path + (line.map { ", line \($0)" } ?? "") + ": " + problem }
        /// This problem and the others, in the order of their lines.
        public var all: [Problem] { [Problem(path: path, line: line, problem: problem)] + more }
    }

    /// The user's settings (defaults when there is no file) and, for a bad file, every problem
    /// in it (the defaults are used then).
    public static func load(environment: [String: String]) -> (UserSettings, problems: [Problem]) {
        guard let path = defaultPath(environment: environment) else { return (UserSettings(), []) }
        // Named as a user would type it.
        let home = environment["HOME"] ?? ""
        let shown = home.count > 1 && path.hasPrefix(home + "/") ? "~" + path.dropFirst(home.count) : path
        do {
            guard let bytes = try AtomicFile.read(path) else { return (UserSettings(), []) }
            return (try parse(bytes, path: shown), [])
        } catch let error as Problem {
            return (UserSettings(), error.all)
        } catch {
            return (UserSettings(), [Problem(path: shown, line: nil, problem: "\(error)")])
        }
    }

    public static func parse(_ bytes: [UInt8], path: String) throws(Problem) -> UserSettings {
        guard bytes.count <= 1 << 20 else { throw Problem(path: path, line: nil, problem: "over 1 MB: not a settings file") }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let line = bytes.prefix { $0 < 0x80 }.filter { $0 == 10 }.count + 1
            throw Problem(path: path, line: line, problem: "not UTF-8 text")
        }
        return try parse(text, path: path)
    }

    /// Reads the settings in `text` (from the file `path`, named in problems).
    public static func parse(_ text: String, path: String) throws(Problem) -> UserSettings {
        if let nul = text.utf8.firstIndex(of: 0) {
            throw Problem(path: path, line: text.utf8[..<nul].filter { $0 == 10 }.count + 1, problem: "a NUL byte: not a settings file")
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw Problem(path: path, line: error.source.begin.line, problem: Sanitizer.clean(error.description))
        } catch {
            throw Problem(path: path, line: nil, problem: "\(error)")
        }
        var reading = Reading(lines: TOMLLines(text))
        let settings = reading.settings(table)
        // In the order of their lines, whatever order the keys are read in.
        let found = reading.problems.enumerated().sorted { ($0.element.line ?? .max, $0.offset) < ($1.element.line ?? .max, $1.offset) }
            .map { Problem(path: path, line: $0.element.line, problem: $0.element.problem) }
        if var first = found.first {
            first.more = Array(found.dropFirst())
            throw first
        }
        return settings
    }

    /// Reading the parsed table, collecting every problem with its line.
    private struct Reading {
        let lines: TOMLLines
        var problems: [(line: Int?, problem: String)] = []

        mutating func fail(_ keyPath: [String], _ problem: String) {
            problems.append((lines.line(of: keyPath), problem))
        }

        /// `table[key]`, or a problem: a key holding a NUL cannot be looked up again through
        /// TOMLKit's C interface (nor iterated: its iterator would trap).
        mutating func value(_ table: TOMLTable, _ key: String, _ keyPath: [String]) -> TOMLValueConvertible? {
            guard let value = table[key] else {
                fail(keyPath, "a key with a NUL character in it")
                return nil
            }
            return value
        }

        mutating func settings(_ table: TOMLTable) -> UserSettings {
            var settings = UserSettings()
            for key in table.keys {
                guard let value = value(table, key, [key]) else { continue }
                switch key {
                case "width":
                    if let n = value.int, (10...1000).contains(n) { settings.width = n } else {
                        fail([key], "width must be 10 to 1000 (cells)")
                    }
                case "sort":
                    if let name = value.string, let order = SortOrder(rawValue: name) { settings.sort = order } else {
                        fail([key], "sort must be one of " + SortOrder.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))
                    }
                case "mouse":
                    if let on = value.bool { settings.mouse = on } else { fail([key], "mouse must be true or false") }
                case "colors", "colours":
                    guard let colors = value.table else { fail([key], "[\(key)] must be a table"); continue }
                    readColors(colors, key, into: &settings.palette)
                case "keys":
                    guard let keys = value.table else { fail([key], "[keys] must be a table"); continue }
                    readKeys(keys, into: &settings.keymap)
                default:
                    fail([key], "unknown setting \"\(Sanitizer.clean(key))\" (known: width, sort, mouse, [colors], [keys])")
                }
            }
            return settings
        }

        mutating func readColors(_ table: TOMLTable, _ name: String, into palette: inout Palette) {
            for key in table.keys {
                guard let role = Palette.Role(rawValue: key) else {
                    fail([name, key], "no colour role \"\(Sanitizer.clean(key))\" (roles: "
                         + Palette.Role.allCases.map(\.rawValue).joined(separator: ", ") + ")")
                    continue
                }
                guard let value = value(table, key, [name, key]) else { continue }
                guard let text = value.string, let colors = Palette.parse(text) else {
                    fail([name, key], "\(key) must be a colour: a name (cyan, bright-red, default), a number 0-255, "
                         + "\"FG on BG\", or \"reverse\"")
                    continue
                }
                palette[role] = colors
            }
        }

        /// `[keys]`: KEY = "action" everywhere it applies; `[keys.list]` and the like: in one
        /// place. `""` or `"none"` unbinds. Everywhere first, then each place (more specific wins).
        mutating func readKeys(_ table: TOMLTable, into keymap: inout Keymap) {
            var places: [(KeyContext, TOMLTable, String)] = []
            var everywhere: [(String, String)] = []
            for key in table.keys {
                guard let value = value(table, key, ["keys", key]) else { continue }
                if let section = value.table {
                    guard let context = KeyContext(settingsName: key) else {
                        fail(["keys", key], "no place [keys.\(Sanitizer.clean(key))] (places: "
                             + KeyContext.allCases.map(\.settingsName).joined(separator: ", ") + ")")
                        continue
                    }
                    places.append((context, section, key))
                } else if let action = value.string {
                    everywhere.append((key, action))
                } else {
                    fail(["keys", key], "a key's value must be an action's name in quotes (or \"\" to unbind it)")
                }
            }
            for (key, action) in everywhere { bind(key, action, nil, ["keys", key], &keymap) }
            for (context, section, name) in places {
                for key in section.keys {
                    guard let value = value(section, key, ["keys", name, key]) else { continue }
                    guard let action = value.string else {
                        fail(["keys", name, key], "a key's value must be an action's name in quotes (or \"\" to unbind it)")
                        continue
                    }
                    bind(key, action, context, ["keys", name, key], &keymap)
                }
            }
        }

        mutating func bind(_ keyName: String, _ action: String, _ context: KeyContext?, _ keyPath: [String], _ keymap: inout Keymap) {
            guard let key = Key(name: keyName) else {
                fail(keyPath, "no key named \"\(Sanitizer.clean(keyName))\" (keys are written j, Space, Ctrl-O, Alt-B, Enter, Esc, "
                     + "Tab, Up, PgDn, F1, …)")
                return
            }
            if action.isEmpty || action == "none" {
                keymap.unbind(key, in: context)
                return
            }
            do {
                try keymap.bind(key, to: action, in: context)
            } catch {
                fail(keyPath, "\(Sanitizer.clean(keyName)): \(Sanitizer.clean(error.description))")
            }
        }
    }

    /// The default settings as a file (`reader --print-config`): every setting at its default,
    /// the action names and their standard keys as comments. It reads back as `UserSettings()`.
    public static func defaults() -> String {
        let standard = UserSettings()
        var out = """
            # reader settings: $XDG_CONFIG_HOME/reader/config.toml (~/.config/reader/config.toml).
            # Every value below is the default; `reader --print-config` prints this file.

            # Widest text column, in cells (--width on the command line wins).
            width = \(standard.width)
            # The list's order until you pick another with `s` (which is then remembered):
            # \(SortOrder.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")).
            sort = "\(standard.sort.rawValue)"
            # The mouse: the wheel scrolls, a click selects, a double click opens. false leaves the
            # mouse to the terminal (to select text).
            mouse = \(standard.mouse)

            # Colours by role: a name (black, red, green, yellow, blue, magenta, cyan, white, each
            # also bright-NAME; default is the terminal's own), a number 0-255, "FG on BG", or
            # "reverse". NO_COLOR=1 in the environment turns colours off whatever this says.
            [colors]

            """
        for role in Palette.Role.allCases {
            out += "\(role.rawValue) = \"\(Palette.describe(standard.palette[role]))\"\n"
        }
        out += """

            # Keys: "KEY" = "action". [keys] binds a key wherever the action applies; [keys.list],
            # [keys.article], [keys.pager] (help and skipped files), [keys.bookmarks], [keys.people],
            # [keys.mentions], [keys.prompt] and [keys.note] bind it in one place only. A key bound
            # here replaces what it did there; the action keeps its other keys. "" unbinds a key.
            # Keys are written as help shows them: j, J, Space, Ctrl-O, Alt-B, Enter, Esc, Tab,
            # Shift-Tab, Backspace, Delete, Up, Down, Left, Right, PgUp, PgDn, Home, End, F1.
            # For example:
            #   [keys]
            #   "x" = "quit"
            #   "q" = ""
            #   [keys.article]
            #   "Ctrl-N" = "next-mention"
            [keys]

            # The actions, with their standard keys and where they apply:

            """
        for (section, bindings) in KeyMap.table {
            out += "# \(section)\n"
            for b in bindings where b.isBindable {
                out += "#   \(b.name): \(b.keyLabels.joined(separator: " ")) (\(KeyMap.whereLabel(b.contexts, name: \.settingsName)))\n"
            }
        }
        return out
    }
}

/// Where each key of a TOML text is set, by its dotted path: enough of TOML's grammar to find
/// the line of a setting the parser accepted but reader does not (`[table]` headers, dotted and
/// quoted keys, `key = value` lines).
struct TOMLLines {
    private var lines: [[String]: Int] = [:]

    init(_ text: String) {
        var table: [String] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.drop { $0 == " " || $0 == "\t" }
            if line.hasPrefix("[") {
                let inner = line.drop { $0 == "[" }
                if let (path, rest) = Self.keyPath(inner), rest.first == "]" {
                    table = path
                    if lines[path] == nil { lines[path] = n + 1 }
                }
            } else if let (path, rest) = Self.keyPath(line), rest.first == "=" {
                let full = table + path
                if lines[full] == nil { lines[full] = n + 1 }
            }
        }
    }

    /// The line `path` is set on (else its table's), counting from 1.
    func line(of path: [String]) -> Int? {
        var p = path
        while !p.isEmpty {
            if let n = lines[p] { return n }
            p.removeLast()
        }
        return nil
    }

    /// A dotted key at the start of `s` and what follows it (after blanks).
    static func keyPath(_ s: Substring) -> ([String], Substring)? {
        var path: [String] = []
        var rest = s
        while true {
            rest = rest.drop { $0 == " " || $0 == "\t" }
            guard let first = rest.first else { return nil }
            if first == "\"" || first == "'" {
                var key = ""
                var i = rest.index(after: rest.startIndex)
                var closed = false
                while i < rest.endIndex {
                    let c = rest[i]
                    if c == first { closed = true; i = rest.index(after: i); break }
                    if c == "\\" && first == "\"", rest.index(after: i) < rest.endIndex {
                        i = rest.index(after: i)
                        let e = rest[i]
                        let digits = e == "u" ? 4 : e == "U" ? 8 : 0
                        let hex = rest[rest.index(after: i)...].prefix(digits)
                        if digits > 0, hex.count == digits, let v = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(v) {
                            key.unicodeScalars.append(scalar)
                            i = rest.index(i, offsetBy: digits)
                        } else {
                            key.append(e == "n" ? "\n" : e == "t" ? "\t" : e)
                        }
                    } else {
                        key.append(c)
                    }
                    i = rest.index(after: i)
                }
                guard closed else { return nil }
                path.append(key)
                rest = rest[i...]
            } else {
                let bare = rest.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
                guard !bare.isEmpty else { return nil }
                path.append(String(bare))
                rest = rest.dropFirst(bare.count)
            }
            rest = rest.drop { $0 == " " || $0 == "\t" }
            guard rest.first == "." else { return (path, rest) }
            rest = rest.dropFirst()
        }
    }
}
