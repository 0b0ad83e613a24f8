import Foundation
import Library
import ReaderUI
#if canImport(Glibc)
import Glibc
#endif

/// The start as issue 15 measures it: with the files out of the page cache, in a terminal as a
/// person sees it, after one file changed, and while the indexes are built.
extension BenchRun {
    /// Drops `files` from the page cache (`posix_fadvise(DONTNEED)` on each: clean pages go, so
    /// the next read comes from the disk), as dropping all caches would, without root.
    static func evict(_ files: [RawPath]) {
        for file in files {
            let fd = file.withCString { open($0, O_RDONLY | O_NONBLOCK | O_CLOEXEC) }
            guard fd >= 0 else { continue }
            _ = posix_fadvise(fd, 0, 0, Int32(POSIX_FADV_DONTNEED))
            close(fd)
        }
    }

    /// `cat`, the first screen and `reader list` with every file evicted before each run (and
    /// the binaries kept warm), then `reader list` from its cache, checked to print the same.
    func coldFiles(_ corpus: Corpus) throws -> Section {
        let files = corpus.articles.map(\.location)
        let evict = { Self.evict(files); _ = Tools.warmPageCache([RawPath(reader), RawPath(bench)]) }
        let catFigure = try measureProcess("cat of every file, files evicted", [Array(cat.utf8)] + files.map(\.bytes), before: evict)
        var screen = try measureProcess("first screen, files evicted, no cache", [bench, "first-screen", folder], home: .freshEachRun,
                                        before: evict)
        screen.target = Target(300, atMost: true, unit: "ms")
        var list = try measureProcess("reader list DIR, files evicted, no cache", [reader, "list", folder], home: .freshEachRun, before: evict)
        let primed = try sandbox.makeHome()
        let cold = try output([reader, "list", folder], home: primed)
        var warmList = try measureProcess("reader list DIR, from its cache", [reader, "list", folder], home: .given(primed))
        let warm = try output([reader, "list", folder], home: primed)
        warmList.target = Target(150, atMost: true, unit: "ms")
        warmList.note = cold == warm ? "the same \(Fmt.grouped(cold.count)) bytes as without the cache" : "OUTPUT DIFFERS from the listing without a cache"
        if cold != warm { warmList.target = Target(0, atMost: true, unit: "ms") }
        list.note = Fmt.agreement(list.outputLines, corpus.articles.count, "articles")
        return Section(title: "3b. Cold files: each file evicted from the page cache before each run (posix_fadvise DONTNEED)", figures: [
            catFigure, screen, ratio("  first screen ÷ cat, files evicted", screen, catFigure, limit: 1.0),
            list, ratio("  reader list ÷ cat, files evicted", list, catFigure, limit: 1.2), warmList,
        ])
    }

    /// `reader DIR` in a tmux pane (100×30, its own server) until the list is on screen, polled
    /// with `capture-pane`; beside it the same pane running `cat` of every file. Then, started
    /// cold, keys pressed while the indexes are built: each key's time until the screen shows it.
    func terminalStart(_ corpus: Corpus) -> Section {
        let title = "3c. As a person sees it: tmux pane 100×30, from starting the command until the list shows (capture-pane polled)"
        do {
            let tmux = try Tools.find("tmux", environment: ProcessInfo.processInfo.environment)
            return Section(title: title, figures: try terminalFigures(corpus, tmux: tmux))
        } catch {
            return Section(title: title, figures: [Figure("tmux rows not measured", unit: "", median: 0, note: "\(error)")])
        }
    }

    func terminalFigures(_ corpus: Corpus, tmux: String) throws -> [Figure] {
        let files = corpus.articles.map(\.location)
        let list = sandbox.root + "/files.list"
        try Data(files.map { $0.bytes + [0] }.joined()).write(to: URL(fileURLWithPath: list))
        let pane = TmuxPane(tmux: tmux, socket: "reader-bench-\(getpid())", environment: sandbox)
        defer { pane.stop() }
        let catCommand = "xargs -0 \(cat) < '\(list)' > /dev/null; echo cat-done; sleep 600"
        let shown = "1/\(Fmt.grouped(corpus.articles.count))"
        func timed(_ name: String, _ command: String, ready: String, home: Home, evict: Bool = false) throws -> Figure {
            Tools.progress(name)
            var times: [Double] = []
            for _ in 0..<runs {
                try Interrupt.check()
                if evict { Self.evict(files) }
                let dir = try homeFor(home)
                times.append(try pane.start(command, home: dir, until: { $0.contains(ready) }))
                pane.stop()
                if case .freshEachRun = home { sandbox.remove(dir) }
            }
            return Figure(name, unit: "ms", values: times)
        }
        let readerCommand = "'\(reader)' '\(folder)'"
        let catFigure = try timed("tmux: cat of every file", catCommand, ready: "cat-done", home: .shared)
        var cold = try timed("tmux: reader DIR until the list shows, no cache", readerCommand, ready: shown, home: .freshEachRun)
        cold.target = Target(300, atMost: true, unit: "ms")
        let primed = try sandbox.makeHome()
        _ = try pane.start(readerCommand, home: primed, until: { $0.contains(shown) })
        pane.stop()
        _ = try ChildProcess.run([bench, "first-screen", "--wait-for-indexes", folder].map { Array($0.utf8) },
                                 environment: sandbox.environment(home: primed), errorLog: sandbox.errorLog)
        var warm = try timed("tmux: reader DIR until the list shows, cache", readerCommand, ready: shown, home: .given(primed))
        warm.target = Target(100, atMost: true, unit: "ms")
        let catCold = try timed("tmux: cat of every file, files evicted", catCommand, ready: "cat-done", home: .shared, evict: true)
        let coldFiles = try timed("tmux: reader DIR, files evicted, no cache", readerCommand, ready: shown, home: .freshEachRun, evict: true)
        var figures = [catFigure, cold, ratio("  reader (no cache) ÷ cat, in tmux", cold, catFigure, limit: 1.0), warm, catCold, coldFiles,
                       ratio("  reader ÷ cat, files evicted, in tmux", coldFiles, catCold, limit: 1.0)]
        figures.append(try keysWhileIndexing(pane, readerCommand, shown: shown, articles: corpus.articles.count))
        return figures
    }

    /// Started with no cache: `j` and `k` in turn while the header says the indexes are being
    /// built, each timed from `send-keys` until the status line shows the new position.
    func keysWhileIndexing(_ pane: TmuxPane, _ command: String, shown: String, articles: Int) throws -> Figure {
        Tools.progress("keys while indexing")
        var times: [Double] = []
        var tries = 0
        let wanted = max(runs, 5)
        while times.count < wanted && tries < 4 && articles > 1 {
            tries += 1
            let home = try sandbox.makeHome()
            _ = try pane.start(command, home: home, until: { $0.contains(shown) })
            var at = 1
            while times.count < wanted {
                let screen = pane.capture()
                guard screen.contains("indexing") else { break }
                let (key, next) = at == 1 ? ("j", 2) : ("k", 1)
                let target = "\(next)/\(Fmt.grouped(articles))"
                let start = Tools.now()
                pane.send(key)
                guard pane.wait(until: { $0.contains(target) }) else { break }
                times.append(Tools.now() - start)
                at = next
            }
            pane.stop()
            sandbox.remove(home)
        }
        var figure = Figure("tmux: a key while indexing, until the screen shows it", unit: "ms", values: times,
                            note: times.isEmpty ? "indexing ended before the first key" : "\(times.count) keys (j and k) on \(tries) cold starts")
        figure.target = Target(50, atMost: true, unit: "ms", appliesToMax: true)
        return figure
    }

    /// One file added, then changed before each run, among the corpus (hard links to its files
    /// in a folder of the sandbox, so the corpus itself is never touched): the first screen and
    /// the indexes ready, each with the cache of the run before.
    func oneChangedFile(_ corpus: Corpus) throws -> Section {
        let copy = sandbox.root + "/one-changed"
        try makeLinkedCopy(of: corpus, at: copy)
        let home = try sandbox.makeHome()
        Tools.progress("priming a cache for the one-changed-file restart")
        _ = try ChildProcess.run([bench, "first-screen", "--wait-for-indexes", copy].map { Array($0.utf8) },
                                 environment: sandbox.environment(home: home), errorLog: sandbox.errorLog)
        var version = 0
        let change = {
            version += 1
            let path = copy + "/zz-changed-\(corpus.articles.count).txt"
            unlink(path)
            let words = (0..<(200 + version)).map { "word\(($0 * 7919 + version) % 5000)" }.joined(separator: " ")
            try? Data("Changed article \(version)\n\nBy Ada Quill\n\n\(words).\n".utf8).write(to: URL(fileURLWithPath: path))
        }
        var screen = try measureProcess("first screen after one file changed (cache of the run before)", [bench, "first-screen", copy],
                                        home: .given(home), before: change)
        screen.target = Target(100, atMost: true, unit: "ms")
        var indexes = try measureProcess("indexes ready after one file changed", [bench, "first-screen", "--wait-for-indexes", copy],
                                         home: .given(home), before: change)
        indexes.target = Target(500, atMost: true, unit: "ms")
        return Section(title: "4b. One file changed among \(Fmt.grouped(corpus.articles.count)) (changed again before each run; the cache is the run before's)",
                       figures: [screen, indexes])
    }

    func makeLinkedCopy(of corpus: Corpus, at copy: String) throws {
        guard mkdir(copy, 0o700) == 0 else { throw CLIError("\(copy): cannot create a folder: \(describeErrno(errno))") }
        for (k, article) in corpus.articles.enumerated() {
            let name = copy + "/" + String(format: "%07d", k) + (article.format == .markdown ? ".md" : ".txt")
            let linked = article.location.withCString { link($0, name) } == 0
            if !linked {
                guard let data = FileManager.default.contents(atPath: article.location.display) else { continue }
                try data.write(to: URL(fileURLWithPath: name))
            }
        }
    }

    /// `a ÷ b` as a figure, with its target.
    func ratio(_ name: String, _ a: Figure, _ b: Figure, limit: Double) -> Figure {
        Figure(name, unit: "×", median: a.median / max(b.median, 1e-9), target: Target(limit, atMost: true, unit: "×"))
    }

    func homeFor(_ home: Home) throws -> String {
        switch home {
        case .shared: return try sandbox.sharedHome()
        case .freshEachRun: return try sandbox.makeHome()
        case .given(let given): return given
        }
    }

    /// A command's standard output, whole (to compare two runs).
    func output(_ argv: [String], home: String) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: argv[0])
        process.arguments = Array(argv.dropFirst())
        var env: [String: String] = [:]
        for pair in sandbox.environment(home: home) {
            let parts = pair.split(separator: "=", maxSplits: 1)
            env[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }
}

/// One tmux server (its own socket) with one pane, for timing what a person sees.
struct TmuxPane {
    let tmux: String
    let socket: String
    let environment: Sandbox

    /// Runs tmux with `args` (its output, standard error included, through a file). Started with
    /// posix_spawn: a server started by Foundation's `Process` did not outlive the client.
    func run(_ args: [String]) -> (status: Int32, output: String) {
        let out = environment.root + "/tmux.out"
        let argv = ([tmux, "-L", socket] + args).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var pid = pid_t()
        guard posix_spawn(&pid, tmux, &actions, nil, argv, environ) == 0 else { return (-1, "") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return ((status >> 8) & 0xFF, (try? String(contentsOfFile: out, encoding: .utf8)) ?? "")
    }

    /// Starts `command` in a new 100×30 session with the private home's environment; the time
    /// (ms) from starting it until `until` holds for the pane's text.
    func start(_ command: String, home: String, until: (String) -> Bool) throws -> Double {
        // A clean environment: the sandbox's, with the pane's own TERM (tmux's).
        let env = environment.environment(home: home).filter { !$0.hasPrefix("TMUX") && !$0.hasPrefix("TERM=") }
            .map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let start = Tools.now()
        let started = run(["new-session", "-d", "-s", "bench", "-x", "100", "-y", "30", "env -i TERM=\"$TERM\" \(env) \(command)"])
        guard started.status == 0 else { throw CLIError("bench: tmux new-session failed: \(started.output.prefix(200))") }
        guard wait(until: until) else { throw CLIError("bench: tmux: the pane never showed what was expected: \(capture().prefix(200))") }
        return Tools.now() - start
    }

    /// Polls the pane (for up to 20 s).
    func wait(until: (String) -> Bool) -> Bool {
        let deadline = Tools.now() + 20_000
        while Tools.now() < deadline {
            if until(capture()) { return true }
        }
        return false
    }

    func capture() -> String { run(["capture-pane", "-p", "-t", "bench"]).output }
    func send(_ key: String) { _ = run(["send-keys", "-t", "bench", key]) }
    /// Ends the server and reaps it (this process is a subreaper: the daemonised server is its
    /// child, and must not be mistaken later for a measured command).
    func stop() {
        _ = run(["kill-server"])
        // tmux leaves its socket file behind.
        let folder = ProcessInfo.processInfo.environment["TMUX_TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        unlink("\(folder)/tmux-\(getuid())/\(socket)")
        let deadline = Tools.now() + 3000
        var status: Int32 = 0
        while Tools.now() < deadline {
            let reaped = waitpid(-1, &status, WNOHANG)
            if reaped > 0 { continue }
            if reaped < 0 && errno != EINTR { break }   // no child left
            usleep(2000)
        }
    }
}
