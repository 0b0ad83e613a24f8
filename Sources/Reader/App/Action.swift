/// Everything a user can ask for, by name (tig calls these requests). Keys map to actions in
/// `KeyMap`; `AppState.apply(_:)` carries them out; drawing only reads the state that results.
public enum Action: Equatable, Sendable {
    // Anywhere
    case quit
    case back
    case help
    case report
    case redraw
    case resize
    case digit(Int)
    /// Time passed with no key (background work may have progressed).
    case tick

    // Moving (lists and articles)
    case lineDown, lineUp
    case pageDown, pageUp
    case halfPageDown, halfPageUp
    case top, bottom

    // List
    case open

    // Article
    case goToPagePrompt
    case toggleSpread

    // The prompt on the bottom line
    case edit(PromptEdit)
}

/// Editing the one-line prompt.
public enum PromptEdit: Equatable, Sendable {
    case insert(String)
    case backspace, delete, left, right, home, end
    case clear
    case submit, cancel
}
