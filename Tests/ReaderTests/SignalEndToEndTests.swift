import Foundation
import Testing
import Library
import TestSupport
import ReaderTestSupport

/// Every way the reader ends restores the terminal (normal screen, bracketed paste off) — Ctrl-C,
/// a crash, every terminating signal — and a signal saves the reading position, promptly
/// (issue 16, items 1, 5 and 7). One tmux session: the reader is started again in the same pane
/// for each way of ending it.
@Suite(.enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
struct SignalEndToEndTests {
    /// How one run ends.
    struct Stop {
        let name: String
        /// What the pane's shell says the exit status was.
        let exit: Int32
        /// Sent as tmux keys (Ctrl-C, Ctrl-\), else the signal is sent to the reader.
        var key: String? = nil
        var signal: Int32? = nil
        /// A crash (SIGSEGV, SIGILL: what a Swift trap raises): the terminal is restored, but
        /// no position is promised.
        var crash = false
        /// In an article, three lines down, before it ends (the position must be saved).
        var reading = true
        /// During a 100 kB paste into the search prompt, which must not delay the signal.
        var duringPaste = false
    }

    static let stops: [Stop] = [
        Stop(name: "Ctrl-C", exit: 0, key: "C-c", reading: false),
        Stop(name: "SIGSEGV", exit: 128 + SIGSEGV, signal: SIGSEGV, crash: true, reading: false),
        Stop(name: "SIGILL", exit: 128 + SIGILL, signal: SIGILL, crash: true, reading: false),
        Stop(name: "SIGQUIT (Ctrl-\\)", exit: 128 + SIGQUIT, key: "C-\\"),
        Stop(name: "SIGTERM", exit: 128 + SIGTERM, signal: SIGTERM),
        Stop(name: "SIGHUP", exit: 128 + SIGHUP, signal: SIGHUP),
        Stop(name: "SIGUSR1", exit: 128 + SIGUSR1, signal: SIGUSR1),
        Stop(name: "SIGALRM", exit: 128 + SIGALRM, signal: SIGALRM),
        Stop(name: "SIGPIPE", exit: 128 + SIGPIPE, signal: SIGPIPE),
        Stop(name: "SIGTERM during a paste", exit: 128 + SIGTERM, signal: SIGTERM, duringPaste: true),
    ]

    func query(_ t: TmuxSession, _ format: String) throws -> String {
        try t.tmux(["display-message", "-p", "-t", "T", format]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func everyWayOfEndingRestoresTheTerminal() throws {
        let t = try TmuxSession(arguments: [PackagePaths.seeds], runs: Self.stops.count)
        let positions = t.home.path + "/state/reader/positions.json"
        for (k, stop) in Self.stops.enumerated() {
            #expect(t.wait(for: "3 articles") != nil, "\(stop.name): no list:\n\(t.lastScreen)")
            if stop.reading {
                try t.send("Enter")
                #expect(t.wait(for: "page 1/") != nil, "\(stop.name): no article:\n\(t.lastScreen)")
                // The three lines down are taken (the top line moved) before the signal comes.
                let before = t.capture()
                try t.send("j", "j", "j")
                _ = t.settled(after: before, timeout: 1)
            }
            if stop.duringPaste {
                try t.send("/")
                #expect(t.wait(for: "/") != nil)
                let words = ["harbour", "ferry", "tide", "strike", "the", "and"]
                try t.tmux(["set-buffer", (0..<20_000).map { words[$0 % words.count] }.joined(separator: " ")])
                try t.tmux(["paste-buffer", "-p", "-t", "T"])
            }
            let start = Date()
            if let key = stop.key {
                try t.send(key)
            } else if let signal = stop.signal {
                // Only this pane's reader: the child of the pane's shell.
                let shell = try query(t, "#{pane_pid}")
                _ = try runProcess("/usr/bin/pkill", ["-\(signal)", "-P", shell])
            }
            let exit = "[run \(k + 1) exit \(stop.exit)]"
            let screen = t.wait(timeout: 5) { $0.contains(exit) }
            #expect(screen != nil, "\(stop.name) did not end the reader with \(stop.exit):\n\(t.lastScreen)")
            // Polled every 50 ms: the reader ends within 100 ms (a paste does not hold it up).
            let took = Date().timeIntervalSince(start)
            #expect(took < (stop.duringPaste ? 1 : 2), "\(stop.name) took \(took) s")
            #expect(try query(t, "#{alternate_on}") == "0", "\(stop.name) left the alternate screen on")
            if !stop.crash {
                #expect(!(screen ?? "").contains("crashed") && !(screen ?? "").contains("Backtrac"), "\(stop.name):\n\(screen ?? "")")
            }
            #expect(bracketedPasteIsOff(t), "\(stop.name) left bracketed paste on:\n\(t.lastScreen)")
            if stop.reading {
                let saved = (try? String(contentsOfFile: positions, encoding: .utf8)) ?? ""
                #expect(saved.contains("\"offset\""), "\(stop.name) saved no reading position")
            }
            try? FileManager.default.removeItem(atPath: positions)
            if k + 1 < Self.stops.count { try t.next() }
        }
    }

    /// Whether the terminal is out of bracketed-paste mode: tmux brackets a paste only for a
    /// pane that asked for it, and the shell's tty echoes the markers as `^[[200~`.
    func bracketedPasteIsOff(_ t: TmuxSession) -> Bool {
        _ = try? t.tmux(["set-buffer", "pasted-after-exit"])
        _ = try? t.tmux(["paste-buffer", "-p", "-t", "T"])
        guard let screen = t.wait(timeout: 3, until: { $0.contains("pasted-after-exit") }) else { return false }
        return !screen.contains("200~")
    }
}
