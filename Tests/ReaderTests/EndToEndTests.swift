import Foundation
import Testing
import Library
import TestSupport
import ReaderTestSupport

/// The real `reader` binary in tmux: keys in, screens out. Each test has its own tmux socket and
/// its own HOME, and kills its session afterwards.
@Suite(.enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
struct EndToEndTests {
    /// The seeds' titles, as reader's loader makes them (so nothing about the seeds is hard-coded).
    static let seedTitles: [String] = Corpus.load([PackagePaths.seeds]).articles.map(\.title)

    /// A prefix of a title short enough to be on screen whole at 100 columns.
    func shown(_ title: String) -> String { String(title.prefix(40)) }

    /// One session for what needs a real terminal around reading: started with no arguments
    /// from another folder (the bundled seeds are found), colours, opening, help, paging, and
    /// resizes (the SIGWINCH path) that keep the text on screen.
    @Test func listOpenHelpPagesResizesQuit() throws {
        #expect(Self.seedTitles.count == 3)
        let home = TempFolder("reader-home")
        let t = try TmuxSession(arguments: [], home: home, directory: home.path)
        let list = try #require(t.wait { screen in Self.seedTitles.allSatisfy { screen.contains(shown($0)) } },
                                "seeds not found from another folder:\n\(t.lastScreen)")
        #expect(list.contains("3 articles"))
        #expect(t.captureWithAttributes().contains("36m"))   // the cyan header (NO_COLOR unset)

        try t.send("j", "Enter")
        let opened = try #require(t.wait(for: "page 1/"), "article did not open:\n\(t.lastScreen)")
        #expect(opened.contains(shown(Self.seedTitles[1])))
        try t.send("h")   // `?` searches backward in an article; h and F1 are help there
        #expect(t.wait(for: "reader — keys") != nil, "no help:\n\(t.lastScreen)")
        try t.send("Escape")
        #expect(t.wait(for: "page 1/") != nil)

        // The people line under the title appears once the indexes are built: wait for it, so
        // the screens compared below are drawn from the same state.
        #expect(t.wait(for: "With ") != nil)
        // Idle, the reader sleeps until a key, a resize or a signal: a few wake-ups a second at
        // most (the 500 ms tick), not a timer slicing the wait (that was 40 a second).
        if let wakes = try idleWakeups(t, seconds: 2) {
            #expect(wakes <= 12, "\(wakes) wake-ups in 2 s idle")
        }
        try t.send("Space")
        let page2 = try #require(t.wait(for: "page 2/"), "no page 2:\n\(t.lastScreen)")
        // The first line of text on page 2 (row 2: below the title and the blank line).
        let firstLine = page2.split(separator: "\n", omittingEmptySubsequences: false)[2].trimmingCharacters(in: .whitespaces)
        let probe = String(firstLine.split(separator: " ").prefix(3).joined(separator: " "))
        #expect(!probe.isEmpty)
        try t.resize(columns: 40, rows: 12)
        #expect(t.wait { $0.contains(probe) && $0.split(separator: "\n").allSatisfy { $0.count <= 40 } } != nil,
                "'\(probe)' lost at 40x12:\n\(t.lastScreen)")
        try t.resize(columns: 4, rows: 2)
        // "Terminal too small", as much of it as fits in 4 columns, cut with "…".
        #expect(t.wait(for: "Ter…") != nil, "not told the window is too small:\n\(t.lastScreen)")
        try t.resize(columns: 100, rows: 30)
        let back = try #require(t.wait(for: "page 2/"), "page changed:\n\(t.lastScreen)")
        #expect(back == page2)

        try t.send("q")
        #expect(t.wait(for: "3 articles") != nil)
        try t.send("q")
        #expect(t.wait(for: "[exit 0]") != nil, "did not quit:\n\(t.lastScreen)")
    }

    /// What only a real terminal shows: NO_COLOR leaves no colour codes (the selection still in
    /// reverse video), and escape sequences in an article stay inert (shown as markers, the
    /// pane's title untouched). One session.
    /// Voluntary context switches of every thread of the pane's reader over `seconds` (nil when
    /// /proc cannot tell).
    func idleWakeups(_ t: TmuxSession, seconds: Double) throws -> Int? {
        let shell = try t.tmux(["display-message", "-p", "-t", "T", "#{pane_pid}"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let children = try runProcess("/usr/bin/pgrep", ["-P", shell]).stdout.split(separator: "\n")
        guard children.count == 1, let pid = children.first else { return nil }
        func switches() -> Int? {
            guard let tasks = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task") else { return nil }
            return tasks.reduce(0) { sum, task in
                let status = (try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/status", encoding: .utf8)) ?? ""
                let line = status.split(separator: "\n").first { $0.hasPrefix("voluntary_ctxt_switches:") }
                return sum + (line.flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0)
            }
        }
        guard let before = switches() else { return nil }
        Thread.sleep(forTimeInterval: seconds)
        return switches().map { $0 - before }
    }

    @Test func noColourAndInertEscapeSequences() throws {
        let dir = TempFolder()
        dir.write("evil.txt", "Harmless title\n\nBefore \u{1B}]0;HACKED\u{07}\u{1B}[2J\u{1B}]52;c;Zm9v\u{07}\u{202E}after\n")
        dir.write("plain.txt", "Plain title\n\nNothing to see.\n")
        let t = try TmuxSession(arguments: [dir.path], environment: ["NO_COLOR": "1"])
        #expect(t.wait(for: "2 articles") != nil, "no list:\n\(t.lastScreen)")
        let attributed = t.captureWithAttributes()
        #expect(!attributed.contains("[36m") && !attributed.contains(";36m") && !attributed.contains("38;5"))
        #expect(attributed.contains("\u{1B}[7m") || attributed.contains(";7m"))   // reverse video for the selection
        #expect(t.capture().contains("Harmless title"))
        try t.send("Enter")
        let screen = try #require(t.wait(for: "Before"), "article not shown:\n\(t.lastScreen)")
        #expect(screen.contains("Before ^[]0;HACKED^G^[[2J^[]52;c;Zm9v^G<U+202E>after"))
        let title = try t.tmux(["display-message", "-p", "-t", "T", "#{pane_title}"]).stdout
        #expect(!title.contains("HACKED"))
    }
}

/// The command line, without a terminal.
@Suite struct CommandLineTests {
    func reader(_ args: [String], cwd: String? = nil, env extra: [String: String] = [:]) throws -> ProcessResult {
        let home = TempFolder("reader-home")
        return try runProcess(PackagePaths.reader, args, environment: isolatedEnvironment(home: home.path, extra: extra),
                              currentDirectory: cwd)
    }

    @Test func listPrintsPathTitleAuthorWords() throws {
        let dir = TempFolder()
        dir.write("a.txt", "By Imogen Vasquez-Tal\n\nHarbour reopens\n\nThe harbour reopened today.\n")
        let r = try reader(["list", dir.path])
        #expect(r.status == 0)
        #expect(r.stdout == "\(dir.path)/a.txt\tHarbour reopens\tImogen Vasquez-Tal\t10\t\n")
        #expect(r.stderr.isEmpty)
    }

    @Test func listPrintsTheDateArticlesGive() throws {
        let dir = TempFolder()
        dir.write("a.md", "---\ntitle: Tide tables\ndate: 2023-06-28T23:30:00-05:00\n---\n\nLow water at noon.\n")
        dir.write("b.html", "<html><head><meta property=\"article:published_time\" content=\"2021-03-04T09:00:00Z\"></head><body><p>Ferry news.</p></body></html>")
        dir.write("c.md", "---\ntitle: Undated\ndate: next Tuesday\n---\n\nSoon.\n")
        let r = try reader(["list", dir.path])
        #expect(r.status == 0)
        let dates = r.stdout.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).last.map(String.init) }
        #expect(dates == ["2023-06-28", "2021-03-04", ""])
        let json = try reader(["list", dir.path, "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let articles = try #require(object?["articles"] as? [[String: Any]])
        #expect(articles.map { $0["date"] as? String } == ["2023-06-28", "2021-03-04", nil])
        #expect(articles[2].keys.contains("date"))
    }

    @Test func listJSONParses() throws {
        let r = try reader(["list", PackagePaths.seeds, "--json"])
        #expect(r.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let articles = try #require(object?["articles"] as? [[String: Any]])
        #expect(articles.count == 3)
        #expect(articles.map { $0["title"] as? String } == EndToEndTests.seedTitles)
        #expect(articles.allSatisfy { ($0["words"] as? Int ?? 0) > 100 })
    }

    @Test func skippedFilesGoToStandardError() throws {
        let dir = TempFolder()
        dir.write("ok.txt", "Fine\n")
        dir.write("bin.txt", bytes: [0, 1, 2])
        let r = try reader(["list", dir.path])
        #expect(r.status == 0)
        #expect(r.stdout.hasSuffix("ok.txt\tFine\t\t1\t\n"))
        #expect(r.stderr == "reader: skipped \(dir.path)/bin.txt: binary file (contains NUL bytes)\n")
    }

    @Test func emptyFolderAndMissingPathFail() throws {
        let dir = TempFolder()
        let empty = try reader(["list", dir.path])
        #expect(empty.status == 1)
        #expect(empty.stderr == "reader: \(dir.path): no articles found (.txt, .md, .markdown, .html or .htm files)\n")
        let missing = try reader(["list", dir.path + "/nothing"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("\(dir.path)/nothing: no such file or folder"))
    }

    @Test func notATerminalIsAClearErrorWithExitTwo() throws {
        let piped = try reader([PackagePaths.seeds])
        #expect(piped.status == 2)
        #expect(piped.stderr == "reader: standard output is not a terminal; for plain output use 'reader list' (or 'reader list --json')\n")
        #expect(piped.stdout.isEmpty)
        // TERM=dumb with a real terminal as output: use `script` to give it one.
        let dumb = try runProcess("/usr/bin/script", ["-qec", PackagePaths.reader + " " + PackagePaths.seeds, "/dev/null"],
                                  environment: isolatedEnvironment(home: TempFolder().path, extra: ["TERM": "dumb"]))
        #expect(dumb.status == 2)
        #expect(dumb.stdout.contains("TERM=dumb cannot show a full-screen reader"))
        #expect(!dumb.stdout.contains("\u{1B}["))
        let unknown = try runProcess("/usr/bin/script", ["-qec", PackagePaths.reader + " " + PackagePaths.seeds, "/dev/null"],
                                     environment: isolatedEnvironment(home: TempFolder().path, extra: ["TERM": "no-such-terminal"]))
        #expect(unknown.status == 2)
        #expect(unknown.stdout.contains("unknown terminal type TERM=no-such-terminal"))
    }

    @Test func helpAndVersion() throws {
        let help = try reader(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: reader"))
        #expect(help.stdout.contains("list"))
        let version = try reader(["--version"])
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
    }

    @Test func unreadableFilesAsAnUnprivilegedUser() throws {
        // Root reads anything; run reader as nobody (via setpriv) so the permission check is real.
        let dir = TempFolder()
        dir.write("ok.txt", "Fine\n")
        dir.write("secret.txt", "Hidden\n")
        dir.chmod("secret.txt", 0)
        _ = try runProcess("/bin/chmod", ["755", dir.path])
        var command = [PackagePaths.reader, "list", dir.path]
        if runningAsRoot {
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
                Issue.record("running as root without setpriv: cannot test permissions")
                return
            }
            command = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] + command
        }
        let r = try runProcess(command[0], Array(command.dropFirst()), environment: isolatedEnvironment(home: "/tmp"))
        #expect(r.status == 0)
        #expect(r.stdout.contains("ok.txt\tFine"))
        #expect(r.stderr.contains("secret.txt: permission denied"))
    }
}
