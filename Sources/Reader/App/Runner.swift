import Foundation
import Library

/// The main loop: draw, read a key, turn it into an action, apply it, carry out its effects.
enum Runner {
    /// Runs the reader until the user quits (or a stop signal arrives). Returns the exit code.
    static func run(corpus: Corpus, terminal: Terminal, settings: AppState.Settings,
                    environment: [String: String]) -> Int32 {
        var store = PositionStore.defaultPath(environment: environment).map(PositionStore.init(path:))
        var saved: [String: SavedPosition] = [:]
        var startMessage: AppState.Message?
        if let s = store {
            do {
                saved = try s.load()
            } catch {
                startMessage = .error("\(error.description); reading positions will not be saved")
                store = nil
            }
        }
        var state = AppState(corpus: corpus, size: terminal.size, settings: settings, savedPositions: saved)
        if startMessage == nil, !corpus.skipped.isEmpty {
            let n = corpus.skipped.count
            startMessage = .info("\(formatCount(n)) file\(n == 1 ? "" : "s") skipped while loading: press ! to see why")
        }
        state.message = startMessage
        loop(&state, terminal: terminal, positions: store)
        terminal.end()
        return 0
    }

    /// The loop itself, shared with tests (`idleLimit` stops it when the script runs out).
    static func loop(_ state: inout AppState, terminal: Terminal, positions: PositionStore?, idleLimit: Int? = nil) {
        var idle = 0
        var positions = positions
        while !state.quitting {
            if stopSignal.load(ordering: .relaxed) != 0 {
                perform(state.apply(.quit), state: &state, positions: &positions)
                break
            }
            terminal.present(Renderer.draw(state))
            guard let key = terminal.readKey(timeoutMilliseconds: 500) else {
                idle += 1
                if let idleLimit, idle >= idleLimit { break }
                state.apply(.tick)
                continue
            }
            idle = 0
            if key == .resize { state.size = terminal.size }
            guard let action = KeyMap.action(for: key, in: state) else {
                state.count = nil
                continue
            }
            perform(state.apply(action), state: &state, positions: &positions)
        }
    }

    static func perform(_ effects: [Effect], state: inout AppState, positions: inout PositionStore?) {
        for effect in effects {
            switch effect {
            case .savePosition(let key, let position):
                guard let store = positions else { continue }
                do {
                    try store.save(position, for: key)
                } catch {
                    state.message = .error("\(error); reading positions will not be saved")
                    positions = nil
                }
            }
        }
    }
}
