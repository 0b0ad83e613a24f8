/// Which action a key asks for, given what is on screen. One table per screen, like tig's
/// keymaps; `HelpView` lists the same bindings.
public enum KeyMap {
    public struct Binding: Sendable {
        public let keys: String
        public let action: String
    }

    public static func action(for key: Key, in state: AppState) -> Action? {
        if key == .resize { return .resize }
        if key == .ctrl("l") { return .redraw }
        if state.noteEditing != nil { return noteAction(key) }
        if state.prompt != nil { return promptAction(key) }
        switch state.screen {
        case .list: return listAction(key)
        case .article: return articleAction(key)
        case .help, .report: return pagerAction(key)
        case .bookmarks: return bookmarksAction(key)
        case .people: return peopleAction(key)
        case .concordance: return concordanceAction(key)
        }
    }

    static func peopleAction(_ key: Key) -> Action? {
        switch key {
        case .enter, .char("l"), .right, .char("o"): return .open
        case .char("f"): return .filterByPerson
        case .char("/"): return .filter
        case .char("q"), .escape, .char("p"), .left: return .back
        case .char("Q"): return .quit
        case .char("?"), .char("h"), .function(1): return .help
        case .ctrl("o"): return .jumpBack
        default: return motion(key)
        }
    }

    static func concordanceAction(_ key: Key) -> Action? {
        switch key {
        case .enter, .char("l"), .right, .char("o"): return .open
        case .char("f"): return .filterByPerson
        case .char("q"), .escape, .left: return .back
        case .char("Q"): return .quit
        case .char("?"), .char("h"), .function(1): return .help
        case .ctrl("o"): return .jumpBack
        default: return motion(key)
        }
    }

    static func noteAction(_ key: Key) -> Action? {
        switch key {
        case .char(let c): return .note(.insert(String(c)))
        case .paste(let text): return .note(.insert(text))
        case .ctrl("j"), .alt("\r"): return .note(.newline)
        case .enter: return .note(.save)
        case .escape, .ctrl("g"): return .note(.cancel)
        // Ctrl-C quits, as everywhere, but asks first when the note has changed.
        case .ctrl("c"): return .interrupt
        case .backspace, .ctrl("h"): return .note(.backspace)
        case .delete, .ctrl("d"): return .note(.delete)
        case .left, .ctrl("b"): return .note(.left)
        case .right, .ctrl("f"): return .note(.right)
        case .up, .ctrl("p"): return .note(.up)
        case .down, .ctrl("n"): return .note(.down)
        case .home, .ctrl("a"): return .note(.home)
        case .end, .ctrl("e"): return .note(.end)
        case .tab: return .note(.insert("\t"))
        default: return nil
        }
    }

    static func bookmarksAction(_ key: Key) -> Action? {
        switch key {
        case .enter, .char("l"), .right, .char("o"): return .open
        case .char("e"): return .editBookmark
        case .char("d"), .delete: return .deleteBookmark
        case .char("u"): return .undoDelete
        case .char("/"): return .filter
        case .char("q"), .escape, .char("'"), .char("B"), .left: return .back
        case .char("Q"): return .quit
        case .char("?"), .char("h"), .function(1): return .help
        case .ctrl("d"): return .halfPageDown
        case .ctrl("u"): return .halfPageUp
        default: return motion(key)
        }
    }

    static func promptAction(_ key: Key) -> Action? {
        switch key {
        case .char(let c): return .edit(.insert(String(c)))
        case .paste(let text): return .edit(.insert(text))
        case .backspace, .ctrl("h"): return .edit(.backspace)
        case .delete, .ctrl("d"): return .edit(.delete)
        case .left, .ctrl("b"): return .edit(.left)
        case .right, .ctrl("f"): return .edit(.right)
        case .home, .ctrl("a"): return .edit(.home)
        case .end, .ctrl("e"): return .edit(.end)
        case .ctrl("u"): return .edit(.clear)
        case .ctrl("w"): return .edit(.deleteWordBack)
        case .alt("b"): return .edit(.wordLeft)
        case .alt("f"): return .edit(.wordRight)
        case .enter, .ctrl("j"): return .edit(.submit)
        case .escape, .ctrl("c"), .ctrl("g"): return .edit(.cancel)
        default: return nil
        }
    }

    /// Keys shared by everything that scrolls.
    static func motion(_ key: Key) -> Action? {
        switch key {
        case .char("j"), .down, .ctrl("n"), .ctrl("e"), .ctrl("j"): return .lineDown
        case .char("k"), .up, .ctrl("p"), .ctrl("y"): return .lineUp
        case .char(" "), .char("f"), .pageDown, .ctrl("f"), .ctrl("v"): return .pageDown
        case .char("b"), .pageUp, .ctrl("b"): return .pageUp
        case .char("d"), .ctrl("d"): return .halfPageDown
        case .char("u"), .ctrl("u"): return .halfPageUp
        case .char("g"), .home, .char("<"): return .top
        case .char("G"), .end, .char(">"): return .bottom
        case .char(let c) where c.isASCII && c.isNumber: return .digit(Int(String(c))!)
        default: return nil
        }
    }

    static func listAction(_ key: Key) -> Action? {
        if let m = motion(key) { return m }
        switch key {
        case .enter, .char("l"), .right, .char("o"): return .open
        case .char("q"), .char("Q"): return .quit
        case .char("?"), .char("h"), .function(1): return .help
        case .char("/"): return .filter
        case .char("!"): return .report
        case .char("'"), .char("B"): return .showBookmarks
        case .char("p"): return .showPeople
        case .ctrl("o"): return .jumpBack
        case .escape: return .back
        default: return nil
        }
    }

    static func articleAction(_ key: Key) -> Action? {
        if key == .enter { return .lineDown }
        if let m = motion(key) { return m }
        switch key {
        case .char("q"), .escape, .left, .backspace: return .back
        case .char("Q"): return .quit
        // `?` searches backward here (as in less and vim); help stays on h and F1.
        case .char("h"), .function(1): return .help
        case .char("/"): return .searchForward
        case .char("?"): return .searchBackward
        case .char("n"): return .nextMatch
        case .char("N"): return .previousMatch
        case .char(":"): return .goToPagePrompt
        case .char("S"): return .toggleSpread
        case .char("!"): return .report
        case .char("m"): return .bookmarkHere
        case .char("'"), .char("B"): return .showBookmarks
        case .char("p"): return .showPeople
        case .tab: return .selectNextMention
        case .backTab: return .selectPreviousMention
        case .char("]"): return .nextMention
        case .char("["): return .previousMention
        case .ctrl("o"): return .jumpBack
        default: return nil
        }
    }

    static func pagerAction(_ key: Key) -> Action? {
        if let m = motion(key) { return m }
        switch key {
        case .char("q"), .escape, .enter, .char("?"), .char("h"), .function(1), .left, .char("!"): return .back
        case .char("Q"): return .quit
        default: return nil
        }
    }

    /// The bindings shown on the help screen, by section.
    public static let help: [(section: String, bindings: [Binding])] = [
        ("Everywhere", [
            Binding(keys: "? h F1", action: "this help (h F1 while reading: ? searches there)"),
            Binding(keys: "q Esc", action: "back (quits from the list)"),
            Binding(keys: "Q", action: "quit"),
            Binding(keys: "!", action: "files skipped while loading, and why"),
            Binding(keys: "' B", action: "bookmarks"),
            Binding(keys: "p", action: "people: everyone the articles mention"),
            Binding(keys: "Ctrl-O", action: "back to where the last jump came from"),
            Binding(keys: "Ctrl-L", action: "redraw the screen"),
        ]),
        ("Article list", [
            Binding(keys: "j k ↓ ↑", action: "next / previous article"),
            Binding(keys: "Space PgDn  b PgUp", action: "next / previous screenful"),
            Binding(keys: "d u", action: "half a screen down / up"),
            Binding(keys: "g Home  G End", action: "first / last article (Ng: article N)"),
            Binding(keys: "Enter l →", action: "open the article"),
            Binding(keys: "/", action: "filter as you type: words, \"phrase\", -not, OR, title: author: person:"),
            Binding(keys: "/ … Enter", action: "keep the filter (shown at the top); Esc clears it"),
        ]),
        ("Reading", [
            Binding(keys: "Space f PgDn", action: "next page"),
            Binding(keys: "b PgUp", action: "previous page"),
            Binding(keys: "j k ↓ ↑ Enter", action: "one line down / up"),
            Binding(keys: "d u", action: "half a page down / up"),
            Binding(keys: "g Home  G End", action: "first / last page"),
            Binding(keys: "N g  :N Enter", action: "go to page N"),
            Binding(keys: "S", action: "two pages side by side (wide windows)"),
            Binding(keys: "m", action: "bookmark this place, or the selected name or match (with a note)"),
            Binding(keys: "Tab Shift-Tab", action: "select the next / previous name on screen"),
            Binding(keys: "] [", action: "next / previous mention of that person, across articles"),
            Binding(keys: "/ ?", action: "search the text forward / backward (/ Enter: the last search again)"),
            Binding(keys: "n N", action: "next / previous match, into the next matching article at the end"),
            Binding(keys: "q Esc ← Backspace", action: "back to the list"),
        ]),
        ("People", [
            Binding(keys: "Enter", action: "every mention of the person, with context"),
            Binding(keys: "Enter (on a mention)", action: "open the article there"),
            Binding(keys: "f", action: "list only the articles that mention them"),
            Binding(keys: "/", action: "filter people by name"),
        ]),
        ("Bookmarks", [
            Binding(keys: "Enter", action: "go to the bookmarked place"),
            Binding(keys: "e", action: "edit the note"),
            Binding(keys: "d  u", action: "delete / undo the delete"),
            Binding(keys: "/", action: "filter by note, title, quote or tag"),
        ]),
        ("Note editor", [
            Binding(keys: "Enter", action: "save the bookmark"),
            Binding(keys: "Ctrl-J Alt-Enter", action: "new line"),
            Binding(keys: "← → ↑ ↓ Home End", action: "move"),
            Binding(keys: "Esc", action: "cancel (Ctrl-C quits, asking first if the note changed)"),
        ]),
        ("Prompt", [
            Binding(keys: "Enter", action: "accept"),
            Binding(keys: "Esc Ctrl-C", action: "cancel"),
            Binding(keys: "← → Home End Alt-B Alt-F", action: "move in the text (Alt-B Alt-F: a word)"),
            Binding(keys: "Backspace Ctrl-W Ctrl-U", action: "delete a character / a word / everything"),
        ]),
    ]
}
