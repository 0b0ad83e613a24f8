import Foundation
import Testing
import TestSupport
import ReaderTestSupport
import Library
@testable import ReaderUI

/// The settings file: what it sets, its problems (one line, naming the file and line), and key
/// bindings that change both what a key does and what help shows.
struct SettingsTests {
    static func parse(_ text: String) throws(SettingsFile.Problem) -> UserSettings {
        try SettingsFile.parse(text, path: "/home/u/.config/reader/config.toml")
    }

    static func problem(_ text: String) -> SettingsFile.Problem? {
        do { _ = try parse(text); return nil } catch { return error }
    }

    @Test func readsEverySetting() throws {
        let s = try Self.parse("""
            # comment
            width = 66
            sort = "last-read"
            mouse = false
            [colors]
            names = "bright-green"
            status = "white on blue"
            """)
        #expect(s.width == 66)
        #expect(s.sort == .lastRead)
        #expect(s.mouse == false)
        #expect(s.palette[.names] == Palette.Colors(10))
        #expect(s.palette[.status] == Palette.Colors(7, 4))
        #expect(s.palette[.marks] == Palette.standard[.marks])
        #expect(s.keymap == .standard)
        #expect(try Self.parse("") == UserSettings())
    }

    @Test func problemsNameTheFileAndLine() {
        let cases: [(String, Int, String)] = [
            ("width = 80\nsort = \"title\"\nwidth = 3\n", 3, ""),          // TOML: a key set twice
            ("width = 80\nbogus = 1\n", 2, "unknown setting \"bogus\""),
            ("\n\nwidth = 3\n", 3, "width must be 10 to 1000 (cells)"),
            ("sort = \"colour\"\n", 1, "sort must be one of \"path\", \"title\""),
            ("mouse = \"yes\"\n", 1, "mouse must be true or false"),
            ("[colors]\nnames = \"cyan\"\nmarks = \"purple\"\n", 3, "marks must be a colour"),
            ("[colors]\nlinks = \"cyan\"\n", 2, "no colour role \"links\""),
            ("[keys]\n\"x\" = \"quit\"\n\"y\" = \"quitt\"\n", 3, "y: no action named \"quitt\""),
            ("[keys]\n\"Hyper-X\" = \"quit\"\n", 2, "no key named \"Hyper-X\""),
            ("[keys.list]\n\"x\" = \"toggle-spread\"\n", 2, "x: \"toggle-spread\" does not apply in [keys.list] (only in article)"),
            ("[keys.sidebar]\nx = \"quit\"\n", 1, "no place [keys.sidebar]"),
            ("[keys]\n\"5\" = \"count\"\n", 2, "\"count\" cannot be bound"),
            ("width = 80\nsort = \n", 2, ""),                               // TOML syntax
            ("width = 80\n[keys]\nx = \"quit\"\n[keys]\n", 4, ""),          // TOML: a table twice
        ]
        for (text, line, words) in cases {
            guard let problem = Self.problem(text) else { Issue.record("no problem found in \(text.debugDescription)"); continue }
            #expect(problem.line == line, "\(text.debugDescription): \(problem)")
            #expect(words.isEmpty || problem.problem.contains(words), "\(problem)")
            #expect(problem.description.hasPrefix("/home/u/.config/reader/config.toml, line \(line): "))
            #expect(!problem.description.contains("\n"))
        }
        // The earliest problem in the file is the one reported, whatever order the keys are read in.
        #expect(Self.problem("zzz = 1\n[keys]\na = \"nothing\"\n")?.line == 1)
        // Not text.
        #expect(throws: SettingsFile.Problem.self) { try SettingsFile.parse([0x77, 0x3D, 0xFF, 0x0A], path: "c") }
        #expect(Self.problem("width = 80\nx\u{0}= 1\n")?.line == 2)
    }

    @Test func aBadFileGivesDefaultsAndOneLine() {
        let dir = TempFolder()
        defer { dir.remove() }
        dir.write("config/reader/config.toml", "width = 66\n[keys]\n\"x\" = \"quitt\"\n")
        let (settings, problems) = SettingsFile.load(environment: ["XDG_CONFIG_HOME": dir.file("config"), "HOME": "/nonexistent"])
        #expect(settings == UserSettings())
        #expect(problems.map(\.description) == [dir.file("config/reader/config.toml") + ", line 3: x: no action named \"quitt\" "
                + "(see reader --print-config for the names)"])
        // Under HOME it is named from ~.
        let underHome = SettingsFile.load(environment: ["HOME": dir.path, "XDG_CONFIG_HOME": dir.file("config")])
        #expect(underHome.problems.first?.description.hasPrefix("~/config/reader/config.toml, line 3: ") == true)
        // No file: defaults, no problem.
        let none = SettingsFile.load(environment: ["HOME": dir.path])
        #expect(none.0 == UserSettings() && none.problems.isEmpty)
    }

    @Test func printedDefaultsReadBackAsTheDefaults() throws {
        let text = SettingsFile.defaults()
        #expect(try Self.parse(text) == UserSettings())
        // Every action a key can be bound to is named in it.
        for name in Keymap.names { #expect(text.contains("#   \(name): "), "\(name)") }
        // The example in the comments is a working file.
        let example = text.split(separator: "\n").filter { $0.hasPrefix("#   ") && !$0.contains(": ") }
            .map { $0.dropFirst(4) }.joined(separator: "\n")
        let s = try Self.parse(example)
        #expect(KeyMap.action(for: .char("x"), in: .list, keymap: s.keymap) == .quit)
    }

    static func state(_ settings: UserSettings, rows: Int = 200) -> AppState {
        AppState(catalog: Catalog(documents: [("a.txt", "A\n\nText about Putin.\n"), ("b.txt", "B\n\nMore.\n")]),
                 size: Size(rows: rows, columns: 100), settings: AppState.Settings(keymap: settings.keymap))
    }

    /// Help's row for an action, as drawn.
    static func helpRows(_ s: AppState, _ name: String) -> [String] {
        var s = s
        s.apply(.help)
        return Renderer.draw(s).text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.split(separator: " ").contains(Substring(name)) }
    }

    @Test func rebindingChangesDispatchAndHelp() throws {
        let user = try Self.parse("""
            [keys]
            "x" = "quit"
            "Ctrl-K" = "line-up"
            [keys.article]
            "J" = "line-down"
            "j" = "next-match"
            """)
        var s = Self.state(user)
        // x quits from every screen where quit applies.
        #expect(KeyMap.action(for: .char("x"), in: s) == .quit)
        #expect(KeyMap.action(for: .char("x"), in: .article, keymap: user.keymap) == .quit)
        #expect(KeyMap.action(for: .ctrl("k"), in: .people, keymap: user.keymap) == .lineUp)
        // j in an article now steps matches; J moves a line; the list's j is as it was.
        #expect(KeyMap.action(for: .char("j"), in: .article, keymap: user.keymap) == .nextMatch)
        #expect(KeyMap.action(for: .char("J"), in: .article, keymap: user.keymap) == .lineDown)
        #expect(KeyMap.action(for: .char("j"), in: .list, keymap: user.keymap) == .lineDown)
        // Pressed through the dispatch, x quits.
        s.press("x")
        #expect(s.quitting)
        // Help shows the user's keys.
        let s2 = Self.state(user)
        #expect(Self.helpRows(s2, "quit").contains { $0.hasPrefix("Q x ") })
        #expect(Self.helpRows(s2, "line-up").contains { $0.contains("Ctrl-K") })
        let down = Self.helpRows(s2, "line-down")
        // line-down: the article has J but not j; elsewhere j as before.
        #expect(down.contains { $0.hasPrefix("↓ Ctrl-N Ctrl-E Ctrl-J J ") && $0.hasSuffix("(in article)") })
        #expect(down.contains { $0.hasPrefix("j ↓ Ctrl-N Ctrl-E Ctrl-J ") && $0.hasSuffix("(everywhere") })
        #expect(Self.helpRows(s2, "next-match").contains { $0.hasPrefix("n j ") })
        // The standard keymap's help is the table's, unchanged.
        #expect(Keymap.standard.table.map(\.bindings.count) == KeyMap.table.map(\.bindings.count))
    }

    @Test func unbindingAKey() throws {
        let user = try Self.parse("""
            [keys]
            "q" = ""
            [keys.list]
            "j" = "none"
            """)
        #expect(KeyMap.action(for: .char("q"), in: .list, keymap: user.keymap) == nil)
        #expect(KeyMap.action(for: .char("q"), in: .article, keymap: user.keymap) == nil)
        #expect(KeyMap.action(for: .char("j"), in: .list, keymap: user.keymap) == nil)
        #expect(KeyMap.action(for: .char("j"), in: .article, keymap: user.keymap) == .lineDown)
        // In a prompt an unbound character is typed.
        #expect(KeyMap.action(for: .char("q"), in: .prompt, keymap: user.keymap) == .edit(.insert("q")))
        var s = Self.state(user)
        s.press("q")
        #expect(!s.quitting)
        s.press("Q")
        #expect(s.quitting)
        // Help: q is gone from quit and back, j from the list's line-down.
        let s2 = Self.state(user)
        #expect(!Self.helpRows(s2, "quit").contains { $0.contains(" q ") })
        #expect(Self.helpRows(s2, "line-down").contains { $0.hasPrefix("↓ Ctrl-N Ctrl-E Ctrl-J ") && $0.hasSuffix("(in list)") })
        #expect(Self.helpRows(s2, "back").contains { $0.hasPrefix("Esc ← ") })
    }

    @Test func keyNamesReadAsHelpWritesThem() {
        for binding in KeyMap.bindings where binding.isBindable {
            for key in binding.keys { #expect(Key(name: key.label) == key, "\(key.label)") }
        }
        #expect(Key(name: "space") == .char(" "))
        #expect(Key(name: "C-x") == .ctrl("x"))
        #expect(Key(name: "ctrl-X") == .ctrl("x"))
        #expect(Key(name: "PageDown") == .pageDown)
        #expect(Key(name: "Alt-enter") == .alt("\r"))
        #expect(Key(name: "") == nil)
        #expect(Key(name: "\u{1B}") == nil)
        #expect(Key(name: "F13") == nil)
    }

    @Test func coloursReadAndWrite() {
        for text in ["cyan", "bright-red", "black on yellow", "208 on 236", "default on blue", "reverse"] {
            let colors = Palette.parse(text)
            #expect(colors != nil, "\(text)")
            #expect(Palette.describe(colors!) == text)
        }
        #expect(Palette.parse("purple") == nil)
        #expect(Palette.parse("256") == nil)
        #expect(Palette.parse("red on") == nil)
    }
}

/// Hostile or odd settings files: a value or a one-line problem, never a crash or a hang.
struct SettingsFileRobustnessTests {
    @Test func oddFilesGiveAProblemOrSettings() {
        let inputs: [String] = [
            "a = " + String(repeating: "[", count: 5000),
            "a = " + String(repeating: "{ b = ", count: 3000),
            String(repeating: "[a]\n", count: 2),
            "width = 99999999999999999999999",
            "width = 80.5", "width = -80", "width = true",
            "[keys]\n\"\\u0000\" = \"quit\"",
            "[keys]\n\"\\u001b\" = \"quit\"",
            "[keys]\n\"Ctrl-\" = \"quit\"",
            "[keys]\nlist = 3",
            "[keys.list]\n\"x\" = [\"quit\"]",
            "[[keys]]\nx = \"quit\"",
            "keys = \"quit\"",
            "colors = 3",
            "\u{FEFF}width = 80",
            "width = 80\r\nsort = \"title\"\r\n",
            String(repeating: "# comment\n", count: 10000) + "bogus = 1",
        ]
        for input in inputs {
            do {
                _ = try SettingsFile.parse(input, path: "c.toml")
            } catch {
                #expect(!error.description.contains("\n"), "\(input.prefix(40)): \(error)")
                #expect(error.description.hasPrefix("c.toml"))
            }
        }
        #expect((try? SettingsFile.parse(String(repeating: "# comment\n", count: 10000) + "bogus = 1", path: "c")) == nil)
        #expect(SettingsTests.problem(String(repeating: "# comment\n", count: 10000) + "bogus = 1")?.line == 10001)
        #expect((try? SettingsFile.parse("width = 80\r\nsort = \"title\"\r\n", path: "c"))?.sort == .title)
        // Escaped keys are found on their line too.
        // (TOMLKit hands a key holding a NUL back cut at it: the problem is on its table's line.)
        #expect(SettingsTests.problem("width = 80\n[keys]\n\"\\u0000\" = \"quit\"\n")?.line == 2)
        #expect(SettingsTests.problem("width = 80\n[keys]\n\"\\u00e9x\" = \"quit\"\n")?.line == 3)
    }

    /// The README's example settings file is a working one.
    @Test func theReadmeExampleParses() throws {
        let readme = try String(contentsOfFile: PackagePaths.root + "/README.md", encoding: .utf8)
        let start = try #require(readme.range(of: "```toml\n"))
        let end = try #require(readme.range(of: "```", range: start.upperBound..<readme.endIndex))
        let settings = try SettingsFile.parse(String(readme[start.upperBound..<end.lowerBound]), path: "README.md")
        #expect(KeyMap.action(for: .char("x"), in: .list, keymap: settings.keymap) == .quit)
        #expect(KeyMap.action(for: .char("J"), in: .article, keymap: settings.keymap) == .lineDown)
    }
}
