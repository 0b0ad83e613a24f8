import Glibc
import Synchronization

/// The signals that end the reader, received and not yet acted on. Handlers only store the
/// signal (async-signal-safe); the loop looks between keys (at least every
/// `Runner.signalCheckMilliseconds`), restores the terminal and saves the reading position.
final class StopSignals: Sendable {
    private let received = Atomic<Int32>(0)

    init() {}

    /// The process's own: what the handlers `CursesTerminal` installs set.
    static let process = StopSignals()

    /// Every signal whose default would end the process without restoring the terminal (or, for
    /// SIGQUIT, draw the crash reporter over the screen). SIGINT is Ctrl-C, the quit key.
    static let terminating: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGPIPE,
                                       SIGVTALRM, SIGPROF, SIGXCPU, SIGXFSZ]

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
        _ = process.pending   // initialise the global before a handler can touch it
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for sig in terminating + [SIGWINCH, SIGTSTP, SIGCONT] { sigaddset(&unblock, sig) }
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        for sig in terminating {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { received in StopSignals.process.raise(received) }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(sig, &action, nil)
        }
    }
}
