import Library

/// Everything a user can ask for, by name (tig calls these requests). Keys map to actions in
/// `KeyMap`; `AppState.apply(_:)` carries them out; drawing only reads the state that results.
public enum Action: Equatable, Sendable {
    // Anywhere
    case quit
    /// Ctrl-C (SIGINT): quits, but asks first while a changed note is open.
    case interrupt
    /// A signal that ends the reader (SIGTERM, SIGHUP, …): quits at once, saving the position.
    case terminate
    case back
    case help
    case report
    /// The open article's links (with a count: open link N).
    case links
    case redraw
    /// The window changed size (the terminal said so): lay out again at the new size.
    case resize(Size)
    /// A key with no binding where it was pressed: forgets a count typed before it.
    case unbound
    /// Closes the box saying what was refused (`AppState.alert`).
    case dismissAlert
    /// Something outside a key press to tell the user: a save that failed, a retry that worked.
    case notify(AppState.Message)
    /// The bookmarks as the store now has them (after a change here, a retry, or another reader's
    /// save read back), with whether they are saved.
    case bookmarksChanged([Bookmark], BookmarkStatus)
    case digit(Int)
    /// A click, a double click or the wheel (ListScreen+Mouse).
    case mouse(MouseEvent)
    /// Time passed with no key (background work may have progressed).
    case tick
    /// The people and search indexes finished building (or were read from the cache).
    case indexesReady(ReadyCatalog)
    /// The folders as walked after the first screen differ from the list shown (the cache's):
    /// the articles as they are now, their indexes not made yet.
    case corpusRefreshed(ReadyCatalog)
    /// Word counts made since the list was shown (a start with no cache shows it before the
    /// words are counted: `Corpus.wordsPending`).
    case wordsCounted(WordCounts)
    /// Every word count is made: the same list with them all (`Corpus.isSameList`).
    case listCounted(ReadyCatalog)
    /// An article's text, read by the runner (`Effect.loadArticle`), or why it could not be.
    case articleLoaded(Int, Result<LoadedArticle, Corpus.TextError>, then: Arrival)
    /// Context lines for a person's concordance, by entry (`Effect.loadContexts`).
    case contextsLoaded(person: Int, [Int: ConcordanceState.Context])
    /// The article a bookmark belongs to, found by its text's hash (`Effect.findBookmarkArticle`).
    case bookmarkArticleFound(Bookmark, Int?)

    // Moving (lists and articles)
    case lineDown, lineUp
    case pageDown, pageUp
    case halfPageDown, halfPageUp
    case top, bottom

    // List
    case open
    /// Mark the selected article read (finished), or unread again.
    case toggleRead
    /// The list in the next order (path, title, author, length, file date, last read).
    case cycleOrder

    // Article
    /// The next / previous article of the list (as filtered and sorted): `J`, `K`.
    case nextArticle, previousArticle
    /// `Space` in an article: a page down; on the last page, the next article.
    case readOn
    case goToPagePrompt
    case toggleSpread
    /// `/` and `?` in an article: search the text forward / backward.
    case searchForward, searchBackward
    /// `n` / `N`: the next match in the search's direction / the other way, into other articles
    /// of the list at either end.
    case nextMatch, previousMatch

    // Bookmarks
    /// Bookmark the current place (the selected mention or match, else the top of the screen).
    case bookmarkHere
    case showBookmarks
    case editBookmark
    case deleteBookmark
    case undoDelete
    /// `t` on the bookmarks screen: the selected bookmark's tags, in the prompt.
    case editTags
    /// `/` in a list: filter it as you type.
    case filter
    /// Every article in the list again.
    case clearFilter

    // People
    case showPeople
    /// Select the next / previous person mention on screen (Tab, Shift-Tab).
    case selectNextMention, selectPreviousMention
    /// Jump to the next / previous mention of the selected person, across articles.
    case nextMention, previousMention
    /// Back to where the last jump came from (Ctrl-O).
    case jumpBack
    /// Forward again to where Ctrl-O came back from (Ctrl-R).
    case jumpForward
    /// Show the article list narrowed to the selected person.
    case filterByPerson

    // The prompt on the bottom line
    case edit(PromptEdit)
    // The note editor
    case note(NoteEdit)
}

/// Editing a bookmark's note in its box.
public enum NoteEdit: Equatable, Sendable {
    case insert(String)
    case newline, backspace, delete, left, right, up, down, home, end
    case save, cancel
}

/// Editing the one-line prompt.
public enum PromptEdit: Equatable, Sendable {
    case insert(String)
    case backspace, delete, left, right, home, end
    case wordLeft, wordRight, deleteWordBack
    case clear
    case submit, cancel
}

/// The loader's finished catalog, as an action carries it (compared by identity: one delivery).
public final class ReadyCatalog: Equatable, Sendable {
    public let catalog: Catalog
    public init(_ catalog: Catalog) { self.catalog = catalog }
    public static func == (a: ReadyCatalog, b: ReadyCatalog) -> Bool { a === b }
}
