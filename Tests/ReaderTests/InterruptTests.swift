import Foundation
import Testing
@testable import ReaderUI
import Library
import TestSupport
import ReaderTestSupport

/// Issue 16, item 8: Ctrl-C (SIGINT) while a changed note is open asks first; the loop's stop
/// signals are injected, so the order of keys and signals is exact.
@Suite struct InterruptTests {
    static let catalog = Catalog(documents: [
        ("coast/lighthouse.txt", "Keeping the light at Vemork\n\n" + (1...40).map { "Paragraph \($0) of the log." }.joined(separator: "\n\n")),
    ])

    /// Keys from a script; `nil` in it delivers a signal instead of a key.
    final class SignallingTerminal: Terminal {
        let size = Size(rows: 24, columns: 80)
        var frames: [Grid] = []
        var script: [Key?]
        let signals: StopSignals
        let signal: Int32
        init(_ script: [Key?], signals: StopSignals, signal: Int32 = SIGINT) {
            self.script = script
            self.signals = signals
            self.signal = signal
        }
        func present(_ grid: Grid) { frames.append(grid) }
        func readKey(timeoutMilliseconds: Int) -> Key? {
            guard !script.isEmpty else { return nil }
            guard let key = script.removeFirst() else {
                signals.raise(signal)
                return nil
            }
            return key
        }
        func end() {}
    }

    /// Ctrl-C in the note editor cancels the note, asking first when it changed; it never quits
    /// the reader (a review found it quit, exit 0, losing the note).
    @Test func ctrlCWithAChangedNoteAsksThenCancelsIt() {
        let signals = StopSignals()
        var state = AppState(catalog: Self.catalog, size: Size(rows: 24, columns: 80))
        let terminal = SignallingTerminal([.enter, .char("m")] + typing("Check the log").map { $0 } + [nil], signals: signals)
        var ended = Runner.loop(&state, terminal: terminal, services: .none,
                                signals: signals, idleLimit: 2)
        #expect(ended == 0 && !state.quitting)
        #expect(state.noteEditing?.editor.text == "Check the log")
        #expect(terminal.frames.last?.text.contains("Esc (or Ctrl-C) again throws it away") == true)
        // Another key goes on writing (and the next Ctrl-C asks again); two in a row cancel.
        terminal.script = typing("!").map { $0 } + [nil]
        ended = Runner.loop(&state, terminal: terminal, services: .none, signals: signals, idleLimit: 2)
        #expect(ended == 0 && !state.quitting && state.noteEditing?.editor.text == "Check the log!")
        terminal.script = [nil]
        ended = Runner.loop(&state, terminal: terminal, services: .none, signals: signals, idleLimit: 2)
        #expect(ended == 0 && !state.quitting && state.noteEditing == nil && state.screen == .article)
    }

    @Test func ctrlCWithAnUnchangedNoteCancelsItAndElsewhereQuits() {
        let signals = StopSignals()
        var state = AppState(catalog: Self.catalog, size: Size(rows: 24, columns: 80))
        var ended = Runner.loop(&state, terminal: SignallingTerminal([.enter, .char("m"), nil], signals: signals), services: .none,
                                signals: signals, idleLimit: 2)
        #expect(ended == 0 && !state.quitting && state.noteEditing == nil)
        ended = Runner.loop(&state, terminal: SignallingTerminal([nil], signals: signals), services: .none,
                            signals: signals, idleLimit: 2)
        #expect(ended == SIGINT && state.quitting)
    }

    @Test func ctrlCInAPromptCancelsIt() {
        let signals = StopSignals()
        var state = AppState(catalog: Self.catalog, size: Size(rows: 24, columns: 80))
        let terminal = SignallingTerminal([.char("/"), .char("k"), nil], signals: signals)
        let ended = Runner.loop(&state, terminal: terminal, services: .none,
                                signals: signals, idleLimit: 2)
        #expect(ended == 0 && !state.quitting && state.prompt == nil)
    }

    /// Any other stop signal ends the loop at once, note or not, saving the reading position.
    @Test func otherSignalsQuitAndSaveThePosition() throws {
        let dir = TempFolder()
        for sig in [SIGTERM, SIGHUP, SIGQUIT] {
            let signals = StopSignals()
            let positions = PositionStore(path: dir.file("positions-\(sig).json"))
            var state = AppState(catalog: Self.catalog, size: Size(rows: 24, columns: 80))
            let terminal = SignallingTerminal([.enter, .char("j"), .char("j"), .char("m")] + typing("half") + [nil],
                                              signals: signals, signal: sig)
            let ended = Runner.loop(&state, terminal: terminal, services: Services(positions: positions, bookmarks: nil),
                                    signals: signals, idleLimit: 2)
            #expect(ended == sig && state.quitting)
            #expect(try positions.load().values.first.map { $0.offset > 0 } == true)
        }
    }

    /// The watchdog ends the process only for a signal the loop has not taken in time.
    @Test func watchdogActsOnlyOnUntakenSignals() {
        let busy = StopSignals()
        busy.raise(SIGTERM)
        #expect(busy.untaken(within: 20) == SIGTERM)
        let responsive = StopSignals()
        responsive.raise(SIGHUP)
        let taker = Thread { usleep(2_000); _ = responsive.take() }
        taker.start()
        #expect(responsive.untaken(within: 2_000) == nil)
    }
}
