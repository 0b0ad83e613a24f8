import Library

/// Where a key is pressed: a screen, or the prompt or note editor open over it.
public enum KeyContext: String, CaseIterable, Sendable {
    case list, article
    /// Help and the skipped-files report: pages that only scroll.
    case pager
    case bookmarks, people, concordance
    /// The one-line prompt at the bottom (filters, search, go to page).
    case prompt
    /// The bookmark note editor.
    case note

    /// The screens (not the prompt or the note editor).
    public static let screens: [KeyContext] = [.list, .article, .pager, .bookmarks, .people, .concordance]

    /// As the help screen and the README name it.
    public var label: String {
        switch self {
        case .list: return "list"
        case .article: return "article"
        case .pager: return "help, skipped files and links"
        case .bookmarks: return "bookmarks"
        case .people: return "people"
        case .concordance: return "mentions"
        case .prompt: return "prompt"
        case .note: return "note editor"
        }
    }

    init(_ state: AppState) {
        if state.noteEditing != nil { self = .note; return }
        if state.prompt != nil { self = .prompt; return }
        switch state.screen {
        case .list: self = .list
        case .article: self = .article
        case .help, .report, .links: self = .pager
        case .bookmarks: self = .bookmarks
        case .people: self = .people
        case .concordance: self = .concordance
        }
    }
}

/// One binding: keys, the action as a user names it (what a keymap will rebind), where it
/// applies, and what it does in a line. `KeyMap.table` holds them all; the dispatch, the help
/// screen and the README's key table (`reader-bench keys-markdown`) are made from it.
public struct KeyBinding: Sendable {
    public let keys: [Key]
    public let name: String
    public let contexts: [KeyContext]
    public let summary: String
    let command: Command

    enum Command: Sendable {
        case action(Action)
        /// An editing key: the prompt's edit, the note editor's, or both (one table for the two).
        case edit(prompt: PromptEdit?, note: NoteEdit?)
        /// A digit: a count for the next motion.
        case count
        /// Typed or pasted text, inserted where the cursor is.
        case typing
    }

    init(_ keys: [Key], _ name: String, _ contexts: [KeyContext], _ action: Action, _ summary: String) {
        (self.keys, self.name, self.contexts, self.command, self.summary) = (keys, name, contexts, .action(action), summary)
    }

    init(_ keys: [Key], _ name: String, prompt: PromptEdit?, note: NoteEdit?, _ summary: String) {
        self.keys = keys
        self.name = name
        self.contexts = (prompt == nil ? [] : [.prompt]) + (note == nil ? [] : [.note])
        self.command = .edit(prompt: prompt, note: note)
        self.summary = summary
    }

    init(_ keys: [Key], _ name: String, _ contexts: [KeyContext], _ command: Command, _ summary: String) {
        (self.keys, self.name, self.contexts, self.command, self.summary) = (keys, name, contexts, command, summary)
    }

    /// The keys as help and the README show them (`j ↓ Ctrl-N`).
    public var keyLabels: [String] {
        switch command {
        case .count: return ["0…9"]
        case .typing: return ["text"]
        default: return keys.map(\.label)
        }
    }

    /// The action this binding asks for when `key` is pressed in `context`.
    func action(_ key: Key, in context: KeyContext) -> Action? {
        switch command {
        case .action(let action): return action
        case .edit(let prompt, let note): return context == .note ? note.map(Action.note) : prompt.map(Action.edit)
        case .count:
            guard case .char(let c) = key, let n = c.wholeNumberValue else { return nil }
            return .digit(n)
        case .typing:
            let text: String
            switch key {
            case .char(let c): text = String(c)
            case .paste(let pasted): text = pasted
            default: return nil
            }
            return context == .note ? .note(.insert(text)) : .edit(.insert(text))
        }
    }
}

/// Which action a key asks for, given what is on screen: looked up in the one key table.
public enum KeyMap {
    /// The action `key` asks for; nil when it means nothing there (the window's resize is not a
    /// key: the runner turns it into `.resize(size)`). The user's keymap (settings) decides.
    public static func action(for key: Key, in state: AppState) -> Action? {
        // A box saying what was refused takes every key: Enter or Esc close it, as it says (not
        // q: a note typed after `m` may start with one, and the rest would run as commands).
        if state.alert != nil { return [.enter, .escape].contains(key) ? .dismissAlert : .unbound }
        if case .mouse(let event) = key {
            // Over the prompt or the note editor the mouse does nothing.
            return state.settings.mouse && state.prompt == nil && state.noteEditing == nil ? .mouse(event) : nil
        }
        return action(for: key, in: KeyContext(state), keymap: state.settings.keymap)
    }

    public static func action(for key: Key, in context: KeyContext, keymap: Keymap = .standard) -> Action? {
        if let binding = keymap.binding(for: key, in: context) { return binding.action(key, in: context) }
        // Whatever is typed goes into the prompt or the note (bound keys above come first).
        switch key {
        case .char, .paste: return typing.contexts.contains(context) ? typing.action(key, in: context) : nil
        default: return nil
        }
    }

    /// The table's entries, in order (what a `Keymap` indexes).
    static let bindings: [KeyBinding] = table.flatMap(\.bindings)

    static let typing = KeyBinding([], "insert", [.prompt, .note], .typing, "type or paste text where the cursor is")

    static let motion: [KeyContext] = KeyContext.screens
    static let lists: [KeyContext] = [.list, .bookmarks, .people, .concordance]

    /// Every binding, in sections as the help screen shows them. One key means one thing in
    /// each context (`KeyTableTests` checks it).
    public static let table: [(section: String, bindings: [KeyBinding])] = [
        ("Everywhere", [
            KeyBinding([.char("h"), .function(1)], "help", motion, .help, "this help (again: close it)"),
            KeyBinding([.char("?")], "help", [.list, .pager, .bookmarks, .people, .concordance], .help,
                       "this help (in an article ? searches backward)"),
            KeyBinding([.char("Q")], "quit", motion, .quit, "quit"),
            KeyBinding([.char("q")], "back", motion, .back, "back to the screen you came from (from the list: quit)"),
            KeyBinding([.escape, .left], "back", [.article, .pager, .bookmarks, .people, .concordance], .back,
                       "back to the screen you came from"),
            KeyBinding([.char("'"), .char("B")], "bookmarks", motion, .showBookmarks, "the bookmarks (again: close them)"),
            KeyBinding([.char("p")], "people", motion, .showPeople, "people: everyone the articles mention (again: close)"),
            KeyBinding([.char("!")], "skipped-files", motion, .report, "the loading report: settings-file problems, files skipped and why (again: close)"),
            KeyBinding([.ctrl("o")], "jump-back", motion, .jumpBack,
                       "back to where the last jump came from (as in vim; a run of ] [ or n N is one jump)"),
            KeyBinding([.ctrl("r")], "jump-forward", motion, .jumpForward,
                       "forward again to where Ctrl-O came back from (vim's Ctrl-I; Tab selects names here)"),
            KeyBinding([.ctrl("l")], "redraw", KeyContext.allCases, .redraw, "redraw the screen"),
        ]),
        ("Moving (lists, articles, pages)", [
            KeyBinding([.char("j"), .down, .ctrl("n"), .ctrl("e"), .ctrl("j")], "line-down", motion, .lineDown,
                       "a line down (in a list: the next entry)"),
            KeyBinding([.enter], "line-down", [.article], .lineDown, "a line down"),
            KeyBinding([.char("k"), .up, .ctrl("p"), .ctrl("y")], "line-up", motion, .lineUp,
                       "a line up (in a list: the previous entry)"),
            KeyBinding([.pageDown, .ctrl("f"), .ctrl("v")], "page-down", motion, .pageDown, "a screenful (page) down"),
            KeyBinding([.char(" ")], "page-down", [.list, .pager, .bookmarks, .people, .concordance], .pageDown,
                       "a screenful (page) down"),
            KeyBinding([.char("f")], "page-down", [.list, .article, .pager, .bookmarks], .pageDown, "a screenful (page) down"),
            KeyBinding([.char("b"), .pageUp, .ctrl("b")], "page-up", motion, .pageUp, "a screenful (page) up"),
            KeyBinding([.ctrl("d")], "half-page-down", motion, .halfPageDown, "half a screen down"),
            KeyBinding([.char("d")], "half-page-down", [.list, .article, .pager, .people, .concordance], .halfPageDown,
                       "half a screen down"),
            KeyBinding([.ctrl("u")], "half-page-up", motion, .halfPageUp, "half a screen up"),
            KeyBinding([.char("u")], "half-page-up", [.list, .article, .pager, .people, .concordance], .halfPageUp,
                       "half a screen up"),
            KeyBinding([.char("g"), .home, .char("<")], "top", motion, .top, "the first entry or page (12g: the 12th)"),
            KeyBinding([.char("G"), .end, .char(">")], "bottom", motion, .bottom, "the last entry or page"),
            KeyBinding((0...9).map { .char(Character(String($0))) }, "count", motion, .count,
                       "a count for the next motion (12g, 5j)"),
        ]),
        ("Lists", [
            KeyBinding([.enter, .char("l"), .right, .char("o")], "open", lists, .open,
                       "open the article, bookmark, person or mention"),
            KeyBinding([.char("/")], "filter", [.list, .bookmarks, .people], .filter,
                       "filter as you type (Enter keeps it, Esc clears it)"),
            KeyBinding([.escape], "clear-filter", [.list], .clearFilter, "show every article again"),
            KeyBinding([.char("s")], "sort", [.list], .cycleOrder,
                       "the next order: path, title, author, longest, newest, last read (the header says which; remembered)"),
            KeyBinding([.char("N")], "toggle-read", [.list], .toggleRead,
                       "mark the article read, or unread (list marks: • unread, 42% begun, ✓ read, ▍ bookmarked)"),
        ]),
        ("Reading", [
            KeyBinding([.backspace], "back", [.article], .back, "back to the screen you came from"),
            KeyBinding([.char(" ")], "read-on", [.article], .readOn, "a page down; on the last page, the next article"),
            KeyBinding([.char("J")], "next-article", [.article], .nextArticle, "the next article in the list (as filtered and sorted)"),
            KeyBinding([.char("K")], "previous-article", [.article], .previousArticle, "the previous article in the list"),
            KeyBinding([.char(":")], "go-to-page", [.article], .goToPagePrompt, "go to page N (:N Enter; or Ng)"),
            KeyBinding([.char("L")], "links", [.article, .pager], .links,
                       "the article's links, numbered as shown (3L: open link 3 with $BROWSER or xdg-open; again: close)"),
            KeyBinding([.char("S")], "toggle-spread", [.article], .toggleSpread, "two pages side by side (wide windows)"),
            KeyBinding([.char("/")], "search-forward", [.article], .searchForward,
                       "search the text forward (/ Enter: the last search again)"),
            KeyBinding([.char("?")], "search-backward", [.article], .searchBackward, "search the text backward"),
            KeyBinding([.char("n")], "next-match", [.article], .nextMatch,
                       "next match, into the next matching article at the end"),
            KeyBinding([.char("N")], "previous-match", [.article], .previousMatch, "previous match"),
            KeyBinding([.char("m")], "bookmark-here", [.article], .bookmarkHere,
                       "bookmark this place, or the selected name or match (with a note)"),
            KeyBinding([.tab], "select-next-mention", [.article], .selectNextMention, "select the next name on screen"),
            KeyBinding([.backTab], "select-previous-mention", [.article], .selectPreviousMention,
                       "select the previous name on screen"),
            KeyBinding([.char("]")], "next-mention", [.article], .nextMention,
                       "next mention of the selected person, across articles (10]: the tenth)"),
            KeyBinding([.char("[")], "previous-mention", [.article], .previousMention,
                       "previous mention of the selected person, across articles (10[: the tenth)"),
        ]),
        ("People and mentions", [
            KeyBinding([.char("f")], "filter-by-person", [.people, .concordance], .filterByPerson,
                       "list only the articles that mention the person"),
        ]),
        ("Bookmarks", [
            KeyBinding([.char("e")], "edit-bookmark", [.bookmarks], .editBookmark, "edit the note"),
            KeyBinding([.char("d"), .delete], "delete-bookmark", [.bookmarks], .deleteBookmark, "delete the bookmark"),
            KeyBinding([.char("u")], "undo-delete", [.bookmarks], .undoDelete, "undo the delete"),
            KeyBinding([.char("t")], "edit-tags", [.bookmarks], .editTags,
                       "set the tags (spaces between; / tag:name lists those tagged)"),
        ]),
        ("Help and skipped files", [
            KeyBinding([.enter], "back", [.pager], .back, "close this page"),
        ]),
        ("Editing (prompt and note editor)", [
            typing,
            KeyBinding([.enter], "accept", prompt: .submit, note: .save, "accept the prompt; save the bookmark"),
            KeyBinding([.ctrl("j")], "accept", prompt: .submit, note: nil, "accept the prompt"),
            KeyBinding([.ctrl("j"), .alt("\r")], "new-line", prompt: nil, note: .newline, "a new line in the note"),
            KeyBinding([.escape, .ctrl("g")], "cancel", prompt: .cancel, note: .cancel, "cancel"),
            KeyBinding([.ctrl("c")], "cancel", prompt: .cancel, note: .cancel, "cancel the prompt; cancel the note, asking first if it changed"),
            KeyBinding([.left, .ctrl("b")], "cursor-left", prompt: .left, note: .left, "a character left"),
            KeyBinding([.right, .ctrl("f")], "cursor-right", prompt: .right, note: .right, "a character right"),
            KeyBinding([.up, .ctrl("p")], "cursor-up", prompt: nil, note: .up, "a line up in the note"),
            KeyBinding([.down, .ctrl("n")], "cursor-down", prompt: nil, note: .down, "a line down in the note"),
            KeyBinding([.alt("b")], "word-left", prompt: .wordLeft, note: nil, "a word left"),
            KeyBinding([.alt("f")], "word-right", prompt: .wordRight, note: nil, "a word right"),
            KeyBinding([.home, .ctrl("a")], "line-start", prompt: .home, note: .home, "the start of the line"),
            KeyBinding([.end, .ctrl("e")], "line-end", prompt: .end, note: .end, "the end of the line"),
            KeyBinding([.backspace, .ctrl("h")], "delete-back", prompt: .backspace, note: .backspace, "delete the character before"),
            KeyBinding([.delete, .ctrl("d")], "delete-forward", prompt: .delete, note: .delete, "delete the character under the cursor"),
            KeyBinding([.ctrl("w")], "delete-word-back", prompt: .deleteWordBack, note: nil, "delete the word before"),
            KeyBinding([.ctrl("u")], "clear", prompt: .clear, note: nil, "delete everything"),
            KeyBinding([.tab], "insert-tab", prompt: nil, note: .insert("\t"), "a tab in the note"),
        ]),
    ]

    /// The README's key table (between `<!-- keys:begin -->` and `<!-- keys:end -->`), made by
    /// `reader-bench keys-markdown`; a test checks the README holds exactly this.
    public static func markdown() -> String {
        var out = "| Keys | Action | Where | Does |\n|---|---|---|---|\n"
        for (section, bindings) in table {
            out += "| **\(section)** | | | |\n"
            for b in bindings {
                let keys = b.keyLabels.map { "`\($0)`" }.joined(separator: " ")
                out += "| \(keys) | `\(b.name)` | \(whereLabel(b.contexts)) | \(b.summary) |\n"
            }
        }
        return out
    }

    /// "everywhere", or the contexts by name.
    /// `name` names a context (the settings file names them as its `[keys.…]` tables do).
    public static func whereLabel(_ contexts: [KeyContext], name: (KeyContext) -> String = \.label) -> String {
        if Set(contexts).isSuperset(of: KeyContext.screens) {
            let extra = contexts.filter { !KeyContext.screens.contains($0) }
            return extra.isEmpty ? "everywhere" : "everywhere, " + extra.map(name).joined(separator: ", ")
        }
        let missing = KeyContext.screens.filter { !contexts.contains($0) }
        if missing.count == 1, contexts.allSatisfy(KeyContext.screens.contains) { return "everywhere but the " + name(missing[0]) }
        return contexts.map(name).joined(separator: ", ")
    }
}

extension Key {
    /// The key as help and the README name it.
    public var label: String {
        switch self {
        case .char(" "): return "Space"
        case .char(let c): return String(c)
        case .ctrl(let c): return "Ctrl-" + c.uppercased()
        case .alt("\r"): return "Alt-Enter"
        case .alt(let c): return "Alt-" + c.uppercased()
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .backspace: return "Backspace"
        case .delete: return "Delete"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .insert: return "Insert"
        case .function(let n): return "F\(n)"
        case .resize: return "(resize)"
        case .paste: return "(paste)"
        case .mouse: return "(mouse)"
        case .unknown(let code): return "(key \(code))"
        }
    }
}
