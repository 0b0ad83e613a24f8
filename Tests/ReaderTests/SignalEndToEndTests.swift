import Foundation
import Testing
import Library
import TestSupport
import ReaderTestSupport

/// Issue 16, items 5 and 7: every signal that ends the reader restores the terminal (normal
/// screen, no crash report) and saves the reading position, promptly. One session per signal
/// (each ends its process); the sessions run side by side.
@Suite(.enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
struct SignalEndToEndTests {
    static let signals: [(name: String, number: Int32)] = [
        ("QUIT", SIGQUIT), ("TERM", SIGTERM), ("HUP", SIGHUP), ("USR1", SIGUSR1), ("ALRM", SIGALRM), ("PIPE", SIGPIPE),
    ]

    func query(_ t: TmuxSession, _ format: String) throws -> String {
        try t.tmux(["display-message", "-p", "-t", "T", format]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func everyTerminatingSignalRestoresTheTerminalAndSavesThePlace() throws {
        let sessions = try Self.signals.map { _ in try TmuxSession(arguments: [PackagePaths.seeds]) }
        for t in sessions {
            #expect(t.wait(for: "3 articles") != nil, "no list:\n\(t.lastScreen)")
            try t.send("Enter")
            #expect(t.wait(for: "page 1/") != nil, "no article:\n\(t.lastScreen)")
            try t.send("j", "j", "j")
        }
        for (t, (name, number)) in zip(sessions, Self.signals) {
            // The three lines down are taken (the top line moved) before the signal comes.
            let before = t.capture()
            _ = t.settled(after: before, timeout: 1)
            let start = Date()
            if number == SIGQUIT {
                try t.send("C-\\")   // Ctrl-\ at the keyboard
            } else {
                let shell = try query(t, "#{pane_pid}")
                _ = try runProcess("/usr/bin/pkill", ["-\(name)", "-P", shell])
            }
            let exit = "[exit \(128 + number)]"
            let screen = t.wait(timeout: 5) { $0.contains(exit) }
            #expect(screen != nil, "SIG\(name) did not end the reader:\n\(t.lastScreen)")
            // Polled every 50 ms: the reader ends within 100 ms, the pane shows it soon after.
            #expect(Date().timeIntervalSince(start) < 2, "SIG\(name) took \(Date().timeIntervalSince(start)) s")
            #expect(try query(t, "#{alternate_on}") == "0", "SIG\(name) left the alternate screen on")
            #expect(!(screen ?? "").contains("crashed") && !(screen ?? "").contains("Backtrac"), "SIG\(name):\n\(screen ?? "")")
            #expect(bracketedPasteIsOff(t), "SIG\(name) left bracketed paste on:\n\(t.lastScreen)")
            let positions = t.home.path + "/state/reader/positions.json"
            let saved = (try? String(contentsOfFile: positions, encoding: .utf8)) ?? ""
            #expect(saved.contains("\"offset\""), "SIG\(name) saved no reading position")
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

    /// Issue 16, item 1: a crash (here SIGILL, what a Swift trap raises) restores the terminal,
    /// bracketed paste included.
    @Test func aCrashTurnsBracketedPasteOff() throws {
        let t = try TmuxSession(arguments: [PackagePaths.seeds])
        #expect(t.wait(for: "3 articles") != nil)
        let shell = try query(t, "#{pane_pid}")
        _ = try runProcess("/usr/bin/pkill", ["-ILL", "-P", shell])
        #expect(t.wait(for: "[exit 132]") != nil, "no crash exit:\n\(t.lastScreen)")
        #expect(try query(t, "#{alternate_on}") == "0")
        #expect(bracketedPasteIsOff(t), "bracketed paste left on:\n\(t.lastScreen)")
    }

    /// Issue 16, item 5: a signal while the reader is busy reading and filtering a 100 kB paste
    /// does not wait for it (the wait for the paste's next key is interrupted; were the loop busy
    /// longer, the watchdog would end the process: `InterruptTests.watchdogActsOnlyOnUntakenSignals`).
    @Test func aSignalDuringALongPasteEndsTheReaderAtOnce() throws {
        let t = try TmuxSession(arguments: [PackagePaths.seeds])
        #expect(t.wait(for: "3 articles") != nil)
        try t.send("Enter")
        #expect(t.wait(for: "page 1/") != nil)
        try t.send("j", "j", "j")
        _ = t.settled(after: t.capture(), timeout: 1)
        try t.send("/")
        #expect(t.wait(for: "/") != nil)
        let words = ["harbour", "ferry", "tide", "strike", "the", "and"]
        let paste = (0..<20_000).map { words[$0 % words.count] }.joined(separator: " ")
        try t.tmux(["set-buffer", paste])
        try t.tmux(["paste-buffer", "-p", "-t", "T"])
        let shell = try query(t, "#{pane_pid}")
        let start = Date()
        _ = try runProcess("/usr/bin/pkill", ["-TERM", "-P", shell])
        let screen = t.wait(timeout: 10) { $0.contains("[exit 143]") }
        let took = Date().timeIntervalSince(start)
        #expect(screen != nil, "SIGTERM did not end the reader:\n\(t.lastScreen)")
        #expect(took < 1.0, "SIGTERM during a paste took \(took) s")
        #expect(try query(t, "#{alternate_on}") == "0")
        let saved = (try? String(contentsOfFile: t.home.path + "/state/reader/positions.json", encoding: .utf8)) ?? ""
        #expect(saved.contains("\"offset\""))
    }
}
