import Foundation

/// Drives the real `reader` binary in tmux: its own socket, its own HOME, keys sent with
/// `send-keys`, the screen read with `capture-pane`. Waits poll the pane with a deadline rather
/// than sleeping a fixed time.
public final class TmuxSession: @unchecked Sendable {
    public let socket: String
    public let home: TempFolder
    let session = "T"

    public static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: tmuxPath) }
    static let tmuxPath: String = {
        for p in ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"] where FileManager.default.isExecutableFile(atPath: p) { return p }
        return "/usr/bin/tmux"
    }()

    /// Starts `reader arguments…` in a new detached session of `columns`×`rows`, in `directory`
    /// (default: the test's). With `runs` > 1 the reader runs that many times in the same pane,
    /// one after the other: each exit shows `[run K exit N]`, and `next()` starts the next run on a
    /// cleared pane (one session for many starts and stops). A single run shows `[exit N]`.
    public init(arguments: [String], columns: Int = 100, rows: Int = 30, environment: [String: String] = [:],
                home: TempFolder? = nil, directory: String? = nil, runs: Int = 1) throws {
        socket = "reader-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        self.home = home ?? TempFolder("reader-home")
        var env = isolatedEnvironment(home: self.home.path, extra: environment)
        env["TMUX"] = nil
        let command = ([PackagePaths.reader] + arguments).map(shellQuote).joined(separator: " ")
        // The pane's shell command: keep the pane after exit so the final screen can be read.
        let envPrefix = env.sorted { $0.key < $1.key }.map { "\($0.key)=\(shellQuote($0.value))" }.joined(separator: " ")
        let run = "env -i \(envPrefix) TERM=tmux-256color \(command)"
        let script = runs <= 1
            ? "\(run); echo \"[exit $?]\"; sleep 30"
            : "for k in $(seq \(runs)); do \(run); echo \"[run $k exit $?]\"; [ $k -lt \(runs) ] && read line && printf '\\033[H\\033[2J'; done; sleep 30"
        _ = try tmux(captureOutput: false, ["-f", "/dev/null", "new-session", "-d", "-s", session, "-x", String(columns), "-y", String(rows)]
                     + (directory.map { ["-c", $0] } ?? []) + [script])
        _ = try? tmux(["set-option", "-t", session, "status", "off"])
    }

    /// With `runs` > 1: after a run has exited, starts the next one (the pane is cleared).
    public func next() throws {
        try send("Enter")
    }

    deinit { kill() }

    /// Ends the server and removes its socket (tmux leaves the socket file behind; its folder
    /// is /tmp/tmux-UID, as `tmux` runs with no TMUX_TMPDIR).
    public func kill() {
        _ = try? tmux(captureOutput: false, ["kill-server"])
        unlink("/tmp/tmux-\(getuid())/\(socket)")
    }

    @discardableResult
    public func tmux(captureOutput: Bool = true, _ args: [String]) throws -> ProcessResult {
        try runProcess(TmuxSession.tmuxPath, ["-L", socket] + args, environment: ["PATH": "/usr/bin:/bin", "HOME": home.path],
                       captureOutput: captureOutput)
    }

    /// Sends keys by tmux name (`Enter`, `Escape`, `C-o`, `j`, `Space`, `PageDown`).
    public func send(_ keys: String...) throws {
        try tmux(["send-keys", "-t", session] + keys)
    }

    /// Types text literally.
    public func type(_ text: String) throws {
        try tmux(["send-keys", "-t", session, "-l", text])
    }

    public func resize(columns: Int, rows: Int) throws {
        try tmux(["resize-window", "-t", session, "-x", String(columns), "-y", String(rows)])
    }

    /// The pane's text now.
    public func capture() -> String {
        (try? tmux(["capture-pane", "-t", session, "-p"]).stdout) ?? ""
    }

    /// The pane with attributes as escape sequences (`capture-pane -e`).
    public func captureWithAttributes() -> String {
        (try? tmux(["capture-pane", "-t", session, "-p", "-e"]).stdout) ?? ""
    }

    /// Polls the pane until `predicate` holds (returns the screen) or the deadline passes
    /// (returns nil; the last screen is in `lastScreen`).
    public private(set) var lastScreen = ""
    @discardableResult
    public func wait(timeout: Double = 10, until predicate: (String) -> Bool) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        repeat {
            let screen = capture()
            lastScreen = screen
            if predicate(screen) { return screen }
            usleep(50_000)
        } while Date() < deadline
        return nil
    }

    /// The screen once it has changed from `before` and then stayed the same for 0.1 s (a
    /// capture can catch a redraw half done); nil if it never changed within `timeout`.
    public func settled(after before: String, timeout: Double = 3) -> String? {
        guard var screen = wait(timeout: timeout, until: { $0 != before }) else { return nil }
        for _ in 0..<20 {
            usleep(100_000)
            let again = capture()
            lastScreen = again
            if again == screen { return screen }
            screen = again
        }
        return screen
    }

    @discardableResult
    public func wait(for text: String, timeout: Double = 10) -> String? {
        wait(timeout: timeout) { $0.contains(text) }
    }
}

func shellQuote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
