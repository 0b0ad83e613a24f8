/// The one seam between reader and a terminal. `CursesTerminal` talks to ncurses; tests use
/// `ScriptedTerminal`, which replays keys and keeps every frame drawn.
public protocol Terminal: AnyObject {
    /// The current size in cells.
    var size: Size { get }
    /// Shows a frame.
    func present(_ grid: Grid)
    /// The next key, or nil when `timeoutMilliseconds` pass with none (negative: wait forever).
    func readKey(timeoutMilliseconds: Int) -> Key?
    /// Restores the terminal. Safe to call more than once.
    func end()
    /// Whether a wait in `readKey` ends as soon as a stop signal arrives. When not, the loop waits
    /// in short slices and looks at the signals between them.
    var wakesOnSignals: Bool { get }
}

extension Terminal {
    public var wakesOnSignals: Bool { false }
}

/// A terminal in memory: keys come from a script, frames are kept for inspection.
public final class ScriptedTerminal: Terminal {
    public private(set) var size: Size
    public private(set) var frames: [Grid] = []
    private var keys: [Key]

    public init(size: Size, keys: [Key] = []) {
        self.size = size
        self.keys = keys
    }

    public var lastFrame: Grid? { frames.last }

    public func present(_ grid: Grid) { frames.append(grid) }

    public func readKey(timeoutMilliseconds: Int) -> Key? {
        guard !keys.isEmpty else { return nil }
        let key = keys.removeFirst()
        return key
    }

    public var hasPendingKeys: Bool { !keys.isEmpty }

    public func resize(to size: Size) {
        self.size = size
        keys.insert(.resize, at: 0)
    }

    public func send(_ more: [Key]) { keys.append(contentsOf: more) }
    public func end() {}
}
