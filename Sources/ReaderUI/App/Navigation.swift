import Library

/// Where the user is and how they got there: the screen shown, the screens `back` returns to
/// (help, the report, bookmarks, people and the concordance open over another screen), and the
/// places jumped from (`]`, `[`, a bookmark, a concordance line) that Ctrl-O goes back to.
public struct Navigation: Equatable, Sendable {
    public internal(set) var screen: AppState.Screen = .list
    /// Screens to go back to from the screens opened over them.
    public internal(set) var stack: [AppState.Screen] = []
    /// Places jumped from, the last one last (at most `jumpLimit`).
    public internal(set) var jumps: [JumpPosition] = []

    static let overlays: Set<AppState.Screen> = [.help, .report, .bookmarks, .people, .concordance]
    static let jumpLimit = 100

    /// Moves to another screen, remembering where `back` returns for overlays.
    mutating func show(_ next: AppState.Screen) {
        if Self.overlays.contains(next) {
            if let below = stack.firstIndex(of: next) {
                // Open already, under this one: back to it (the stack never grows in a loop).
                stack.removeSubrange(below...)
            } else if screen != next {
                stack.append(screen)
            }
        } else {
            stack.removeAll()
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
    }

    mutating func popJump() -> JumpPosition? { jumps.popLast() }
}
