import Foundation
import Glibc
import Library
import Synchronization

/// The signals that end the reader, received and not yet acted on. Handlers only store the
/// signal and write a byte to two pipes (both async-signal-safe). The loop looks between keys
/// (its wait for a key watches one pipe, so it wakes at once and not on a timer), restores the
/// terminal and saves the reading position. Should the loop be busy for longer (a long computation), a watchdog thread woken
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

    /// A second pipe that wakes the loop's wait for a key (the self-pipe trick): the handlers
    /// write a byte to it, so a signal that arrives just before the wait begins still ends it.
    /// Both ends are non-blocking; -1 when it could not be made.
    private static let loopWakeWrite = Atomic<Int32>(-1)
    private static let loopWakeRead = Atomic<Int32>(-1)

    /// The read end the loop's wait for a key watches beside the terminal (-1: none).
    static var loopWakeDescriptor: Int32 { loopWakeRead.load(ordering: .relaxed) }

    /// ncurses' own SIGWINCH handler, which `chainResize` calls before waking the loop.
    nonisolated(unsafe) private static var cursesResize: (@convention(c) (Int32) -> Void)?

    /// After ncurses has installed its SIGWINCH handler (newterm): a resize also wakes the loop's
    /// wait, so one that arrives just before the wait begins is drawn at once, not at the next
    /// tick. ncurses' handler still runs first and notes the resize as it always does.
    static func chainResize() {
        var current = sigaction()
        guard sigaction(SIGWINCH, nil, &current) == 0, current.sa_flags & SA_SIGINFO == 0,
              let handler = current.__sigaction_handler.sa_handler,
              unsafeBitCast(handler, to: Int.self) > 1 else { return }   // not SIG_DFL or SIG_IGN
        cursesResize = handler
        var chained = current
        chained.__sigaction_handler.sa_handler = { received in
            StopSignals.cursesResize?(received)
            var byte: UInt8 = 0
            let loop = StopSignals.loopWakeWrite.load(ordering: .relaxed)
            if loop >= 0 { _ = write(loop, &byte, 1) }
        }
        sigaction(SIGWINCH, &chained, nil)
    }

    /// Empties the loop's wake pipe (the signal itself is in `received`).
    static func drainLoopWake() {
        let fd = loopWakeRead.load(ordering: .relaxed)
        guard fd >= 0 else { return }
        var bytes = [UInt8](repeating: 0, count: 64)
        while read(fd, &bytes, bytes.count) > 0 {}
    }

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
        if loopWakeRead.load(ordering: .relaxed) < 0 {
            var fds: [Int32] = [-1, -1]
            if pipe(&fds) == 0 {
                for fd in fds {
                    _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
                }
                loopWakeRead.store(fds[0], ordering: .relaxed)
                loopWakeWrite.store(fds[1], ordering: .relaxed)
            }
        }
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
                let loop = StopSignals.loopWakeWrite.load(ordering: .relaxed)
                if loop >= 0 { _ = write(loop, &byte, 1) }
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
