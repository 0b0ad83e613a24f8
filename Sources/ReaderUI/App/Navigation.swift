import Library

/// Where the user is and how they got there: the screen shown, the screens `back` returns to,
/// and the places jumped from (`]`, `[`, `n`, a bookmark, a concordance line) that Ctrl-O goes
/// back to (and Ctrl-R forward again).
///
/// The list is the root. Every other screen opened from another goes over it: `back` returns to
/// the screen it came from, as that screen was (its cursor, its filter). There is one open
/// article, so an article opened from a screen above an article replaces it in the stack.
public struct Navigation: Equatable, Sendable {
    public internal(set) var screen: AppState.Screen = .list
    /// Screens to go back to, the nearest last (the list, at the bottom, is implied).
    public internal(set) var stack: [AppState.Screen] = []
    /// Places jumped from, the last one last (at most `jumpLimit`).
    public internal(set) var jumps: [JumpPosition] = []
    /// Places Ctrl-O came back from, for Ctrl-R; a new jump forgets them.
    public internal(set) var forward: [JumpPosition] = []
    /// The run of hops (`]` `[`, `n` `N`) going on: hops of one kind within one article make one
    /// step of the jump list, not one each.
    var run: Run?

    enum Hop: Equatable, Sendable { case mention, match }
    struct Run: Equatable, Sendable {
        let hop: Hop
        let article: Int
    }

    static let overlays: Set<AppState.Screen> = [.help, .report, .bookmarks, .people, .concordance, .links]
    static let jumpLimit = 100

    /// Moves to another screen, remembering where `back` returns.
    mutating func show(_ next: AppState.Screen) {
        guard next != screen else { return }
        if next == .list {
            stack.removeAll()
        } else if let below = stack.firstIndex(of: next), Self.overlays.contains(next) {
            // Open already, under this one: back to it (the stack never grows in a loop).
            stack.removeSubrange(below...)
        } else {
            if next == .article { stack.removeAll { $0 == .article } }
            // Help and the skipped files are pages looked at, not places to come back to.
            if screen == .list { stack.removeAll() } else if !(next == .article && [.help, .report, .links].contains(screen)) { stack.append(screen) }
        }
        screen = next
    }

    /// Back to the screen below, or the list.
    mutating func goBack() {
        screen = stack.popLast() ?? .list
    }

    mutating func remember(_ jump: JumpPosition) {
        jumps.append(jump)
        if jumps.count > Self.jumpLimit { jumps.removeFirst() }
        forward.removeAll()
    }

    /// The place to go back to; `current` is kept for going forward again.
    mutating func popJump(current: JumpPosition?) -> JumpPosition? {
        guard let back = jumps.popLast() else { return nil }
        if let current { forward.append(current) }
        run = nil
        return back
    }

    /// The place Ctrl-O last came back from; `current` goes on the jump list again.
    mutating func popForward(current: JumpPosition?) -> JumpPosition? {
        guard let ahead = forward.popLast() else { return nil }
        if let current { jumps.append(current) }
        run = nil
        return ahead
    }
}
