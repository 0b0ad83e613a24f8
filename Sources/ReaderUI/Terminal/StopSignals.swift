import Foundation
import Glibc
import Library
import Synchronization

/// The signals that end the reader, received and not yet acted on. Handlers only store the
/// signal and write a byte to a pipe (both async-signal-safe). The loop looks between keys (at
/// least every `Runner.signalCheckMilliseconds`), restores the terminal and saves the reading
/// position. Should the loop be busy for longer (a long computation), a watchdog thread woken
/// by the pipe does the same — restores the terminal, saves the position the loop last
/// published — and exits: a signal never waits for a frame to end.
package final class StopSignals: Sendable {
    private let received = Atomic<Int32>(0)

    init() {}

    /// The process's own: what the handlers `CursesTerminal` installs set.
    package static let process = StopSignals()

    /// Every signal whose default would end the process without restoring the terminal (or, for
    /// SIGQUIT, draw the crash reporter over the screen). SIGINT is Ctrl-C, the quit key.
    static let terminating: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGPIPE,
                                       SIGVTALRM, SIGPROF, SIGXCPU, SIGXFSZ]

    /// The pipe's write end, for the handlers (-1: no watchdog).
    private static let wakeFD = Atomic<Int32>(-1)

    /// Records a signal (from a handler, or a test).
    func raise(_ signal: Int32) { received.store(signal, ordering: .sequentiallyConsistent) }

    var pending: Bool { received.load(ordering: .sequentiallyConsistent) != 0 }

    /// The signal received, if any; it is consumed (a second Ctrl-C arrives as a new one).
    func take() -> Int32? {
        let signal = received.exchange(0, ordering: .sequentiallyConsistent)
        return signal == 0 ? nil : signal
    }

    /// Installs the handlers (without SA_RESTART, so a wait for a key is interrupted).
    static func install() {
        _ = process.pending   // initialise the globals before a handler can touch them
        _ = wakeFD.load(ordering: .relaxed)
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for sig in terminating + [SIGWINCH, SIGTSTP, SIGCONT] { sigaddset(&unblock, sig) }
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        for sig in terminating {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { received in
                StopSignals.process.raise(received)
                var byte = UInt8(truncatingIfNeeded: received)
                let fd = StopSignals.wakeFD.load(ordering: .relaxed)
                if fd >= 0 { _ = write(fd, &byte, 1) }
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(sig, &action, nil)
        }
    }

    // MARK: The watchdog

    /// How long the loop has to take a signal before the watchdog ends the process itself.
    static let graceMilliseconds = 40

    /// Starts the watchdog for the process's signals: when a signal is still not taken
    /// `graceMilliseconds` after it arrived, `emergency` runs (on the watchdog's thread) with it.
    static func startWatchdog(emergency: @escaping @Sendable (Int32) -> Void) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        wakeFD.store(fds[1], ordering: .relaxed)
        let readFD = fds[0]
        Thread.detachNewThread {
            var byte: UInt8 = 0
            while true {
                let n = read(readFD, &byte, 1)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                if let signal = process.untaken(within: graceMilliseconds) { emergency(signal) }
            }
        }
    }

    /// The signal, if it is still pending after `milliseconds` (polled every 5 ms).
    func untaken(within milliseconds: Int) -> Int32? {
        var waited = 0
        while waited < milliseconds {
            if !pending { return nil }
            usleep(5_000)
            waited += 5
        }
        let signal = received.load(ordering: .sequentiallyConsistent)
        return signal == 0 ? nil : signal
    }
}

/// What the watchdog needs to end the process as the loop would: the reading position to save,
/// published by the loop after every action.
enum EmergencyExit {
    private static let place = Mutex<(store: PositionStore, key: String, position: SavedPosition)?>(nil)
    private static let quitsOnInterrupt = Atomic<Bool>(true)

    /// Whether Ctrl-C would quit now (not so in a prompt, which it cancels, or in a changed
    /// note, where it asks first): only then may the watchdog act on SIGINT.
    static var interruptQuits: Bool { quitsOnInterrupt.load(ordering: .relaxed) }

    static func publish(_ store: PositionStore?, _ toSave: (key: String, position: SavedPosition)?, interruptQuits: Bool) {
        place.withLock { $0 = store.flatMap { s in toSave.map { (s, $0.key, $0.position.stamped()) } } }
        quitsOnInterrupt.store(interruptQuits, ordering: .relaxed)
    }

    /// Saves the last published position (best effort: the process is ending).
    static func savePosition() {
        guard let p = place.withLock({ $0 }) else { return }
        try? p.store.save(p.position, for: p.key)
    }
}
