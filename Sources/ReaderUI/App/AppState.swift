import Library

/// Everything the reader shows, as plain data: each screen's state (Screens/), the navigation
/// (which screen, the screens to go back to, the jump list) and what is global (size, settings,
/// the bookmarks, the message). `apply(_:)` is the only way it changes: no property is settable
/// outside ReaderUI (`internal(set)`: only the reducers, in Screens/ and App/Update.swift, write
/// them, under `apply`; the runner and the views hold the state as a value and call nothing but
/// `apply`), and what happens outside a key press comes in as an action too (`.resize`,
/// `.indexesReady`, `.bookmarksChanged`, `.notify` for a failed save, `.terminate` for a signal,
/// `.articleLoaded` for a text the runner read). Reducers read no file and no clock: they return
/// `Effect`s. Tests drive it with actions and look at the result or at a drawn `Grid`.
public struct AppState {
    public enum Screen: Equatable, Sendable { case list, article, help, report, bookmarks, people, concordance, links }

    /// The articles, people and search index. Replaced once when indexes finish building in the
    /// background (`Action.indexesReady`); until then people and search are empty and `indexing` says
    /// how far the build is.
    public internal(set) var catalog: Catalog
    public internal(set) var indexing: Progress?
    public var corpus: Corpus { catalog.corpus }
    public var people: PeopleIndex { catalog.people }
    public internal(set) var size: Size
    public internal(set) var settings: Settings

    // MARK: Each screen's state (Screens/)

    public internal(set) var list: ListState
    /// The open article (ArticleScreen and its +Find, +Mentions, +Bookmark).
    public internal(set) var reading: ReadingState?
    /// The last search in an article (`n`, `/` Enter) and whether opened articles highlight it.
    public internal(set) var find = FindState()
    public internal(set) var help = PagerState()
    public internal(set) var report = PagerState()
    /// The settings file's problems (its defaults used instead), listed on the loading report.
    public internal(set) var settingsProblems: [SettingsFile.Problem] = []
    /// The open article's links page.
    public internal(set) var linksPage = PagerState()
    public internal(set) var bookmarkList = BookmarkListState()
    /// The people panel and one person's concordance.
    public internal(set) var peopleList = PeopleListState()
    public internal(set) var concordance: ConcordanceState?
    /// The one-line prompt at the bottom, over any screen.
    public internal(set) var prompt: Prompt?
    /// The note being written or edited, in its box over the screen.
    public internal(set) var noteEditing: NoteEditing?
    /// Something refused, in a box over the screen that takes every key until Enter or Esc
    /// closes it (what was typed for it does not run as commands).
    public internal(set) var alert: Alert?

    // MARK: Navigation

    /// The screen shown, the screens to go back to, the jump list (Ctrl-O).
    public internal(set) var navigation = Navigation()
    public var screen: Screen { navigation.screen }
    public var jumpList: [JumpPosition] { navigation.jumps }

    // MARK: Global

    public internal(set) var message: Message?
    /// An action that needs the people index, asked for while it was building: carried out
    /// when the indexes are ready (unless another key came first).
    public internal(set) var waitingForIndexes: Action?
    /// A count typed before a motion (`12g`).
    public internal(set) var count: Int?
    public internal(set) var quitting = false
    /// Quit was asked for while bookmarks are unsaved: the next quit really quits.
    var confirmingQuit = false
    /// Where each article was left, from the state file (keyed by `PositionStore.key`).
    public internal(set) var savedPositions: [String: SavedPosition]
    /// The bookmarks as the store has them (the runner refreshes this after every change).
    public internal(set) var bookmarks: [Bookmark] = []
    public internal(set) var bookmarkStatus = BookmarkStatus()
    /// Each article's absolute path (its position key), and the article at a path.
    var articleKeys: ArticleKeys
    /// How much of each article was read, in percent (100: finished), by position key: the
    /// list's read marks. Read this session from the screen; earlier, from the saved place.
    public internal(set) var readProgress: [String: Int] = [:]
    /// The order articles were left in this session (by position key), for "last read first".
    var readSequence: [String: Int] = [:]
    /// Articles holding bookmarks (the list marks them).
    public internal(set) var bookmarkedArticles: Set<Int> = []
    /// While the list's word counts are being made (`Corpus.wordsPending`): each article's
    /// count as it arrived, -1 for one not counted yet; nil once the corpus has them all.
    var arrivedWords: [Int]?

    public init(catalog: Catalog, size: Size, settings: Settings = Settings(), savedPositions: [String: SavedPosition] = [:],
                indexing: Progress? = nil) {
        self.catalog = catalog
        self.indexing = indexing
        let corpus = catalog.corpus
        self.size = size
        self.settings = settings
        self.list = ListState(count: corpus.articles.count)
        self.savedPositions = savedPositions
        articleKeys = ArticleKeys(corpus)
        readProgress = AppState.readProgress(savedPositions, keys: articleKeys)
        // A web page's words are counted as it is read for the list.
        if corpus.wordsPending { arrivedWords = corpus.articles.map { $0.format == .html ? $0.words : -1 } }
    }

    public struct Settings: Equatable, Sendable {
        /// Widest text column, in cells (`--width`).
        public internal(set) var measure = 80
        /// Two pages side by side when the window is wide enough.
        public internal(set) var spread = false
        /// What each key asks for (the key table as `config.toml` changes it).
        public internal(set) var keymap = Keymap.standard
        /// Mouse reports on (wheel, clicks); off leaves the mouse to the terminal.
        public internal(set) var mouse = true
        /// Links drawn with their number (`Putin[3]`); `--no-link-numbers` turns it off.
        public internal(set) var numberLinks = true
        public init(measure: Int = 80, spread: Bool = false, keymap: Keymap = .standard, mouse: Bool = true,
                    numberLinks: Bool = true) {
            self.measure = max(1, measure)
            self.spread = spread
            self.keymap = keymap
            self.mouse = mouse
            self.numberLinks = numberLinks
        }
        var renderOptions: RenderOptions { RenderOptions(numberLinks: numberLinks) }
    }

    public struct Alert: Equatable, Sendable {
        public internal(set) var heading: String
        public internal(set) var text: String
    }

    public struct Message: Equatable, Sendable {
        public enum Kind: Sendable { case info, error }
        public internal(set) var text: String
        public internal(set) var kind: Kind
        public static func info(_ text: String) -> Message { Message(text: text, kind: .info) }
        public static func error(_ text: String) -> Message { Message(text: text, kind: .error) }
    }

    /// Moves to another screen, remembering where `back` returns for overlays.
    mutating func show(_ next: Screen) { navigation.show(next) }

    /// How far the indexes are built, in words for a message: "index building 42%".
    var indexBuilding: String? {
        indexing.map { "index building \($0.total == 0 ? 100 : $0.done * 100 / $0.total)%" }
    }

    /// The indexes are built: people and search work from now on (`Action.indexesReady`). They
    /// may be made for the folders as they are now rather than the list shown: it changes first.
    mutating func catalogReady(_ ready: Catalog) {
        replaceCorpus(ready)
        catalog = ready
        indexing = nil
        if var r = reading {
            r.mentions = validMentions(r.index, r.text)
            r.selectedMention = nil
            reading = r
        }
        clampPeopleList()
    }

    mutating func goBack() { navigation.goBack() }
}

/// What a reducer asks of the world, for the runner to carry out after an action: the reducers
/// themselves read no file and no clock. Effects that read (an article's text, context lines,
/// a file's hash) bring their results back as actions (`FileReads`); the others write the
/// user's files (`Services`).
public enum Effect: Equatable, Sendable {
    case savePosition(key: String, position: SavedPosition)
    /// Read an article's text as its file is now; `.articleLoaded` brings it back, to be placed
    /// as `then` says.
    case loadArticle(Int, then: Arrival)
    /// Make the context lines of a concordance's entries (reading their articles);
    /// `.contextsLoaded` brings them back.
    case loadContexts(person: Int, [ContextRequest], width: Int)
    /// Find which of `candidates` holds the text a bookmark was made on (its folder moved: the
    /// same relative path, the same text hash); `.bookmarkArticleFound` says which.
    case findBookmarkArticle(Bookmark, candidates: [Int])
    /// Save a new bookmark (the runner gives it its id and time).
    case addBookmark(NewBookmark)
    case updateBookmark(Bookmark)
    case deleteBookmark(id: String)
    case undoDeleteBookmark
    /// Open a link in the browser (`$BROWSER`, else `xdg-open`), started directly, never through
    /// a shell; the reducer has already refused URLs with control characters.
    case openLink(url: String)
}

/// Where an article opens once its text is read (`Effect.loadArticle`, `Action.articleLoaded`).
public enum Arrival: Equatable, Sendable {
    /// Where the reader left off (from the list).
    case resume
    /// At its start.
    case start
    /// At a range of the text (a mention, a concordance line): selected if it is a mention, else
    /// shown selected until the next key; `message` is said once there.
    case range(Range<Int>, message: String?)
    /// At the first (forward) or last match of the search (`n`, `N` into the next article); the
    /// list's cursor moves to `listPosition`.
    case match(forward: Bool, listPosition: Int)
    /// At the first match of the search if it has one (opened from a list filtered by a
    /// person: their first mention), else where the reader left off.
    case firstMatch
    /// The next (previous) article of the list (`J`, `K`, `Space` at the end), where the reader
    /// left off; the list's cursor moves to `listPosition`, and `message` is said, then in
    /// brackets the position in the list, the page resumed at, and `keys` (`K: back to it`).
    case listed(listPosition: Int, message: String, keys: String?)
    /// At a bookmark's place, found again in the text as it is now.
    case bookmark(Bookmark)
    /// Back where a jump came from (Ctrl-O), or forward again (Ctrl-R).
    case jump(JumpPosition, back: Bool)
}

extension Arrival {
    /// Whether the article opens where the reader left off (before any place of its own).
    var resumes: Bool {
        switch self {
        case .resume, .firstMatch, .listed: return true
        case .start, .range, .match, .bookmark, .jump: return false
        }
    }
}

/// An article's text as the runner read it, with what the reducers would otherwise need files
/// for: whether it changed since loading, its reference for bookmarks (absolute path, hash of
/// the text) and the key its reading position is saved under.
public struct LoadedArticle: Equatable, Sendable {
    public let text: ArticleText
    /// The file changed since the corpus was loaded.
    public let changed: Bool
    public let ref: ArticleRef
    /// `PositionStore.key` of the article.
    public let positionKey: String

    public init(text: ArticleText, changed: Bool = false, ref: ArticleRef, positionKey: String) {
        self.text = text
        self.changed = changed
        self.ref = ref
        self.positionKey = positionKey
    }
}

/// A concordance entry whose line of context is wanted.
public struct ContextRequest: Equatable, Sendable {
    public let entry: Int
    public let article: Int
    public let range: Range<Int>
}

/// A bookmark to make at a place of an open article; the runner gives it its id and time
/// (`Bookmark.make`).
public struct NewBookmark: Equatable, Sendable {
    public let article: ArticleRef
    public let text: ArticleText
    public let range: Range<Int>
    public let note: String
    public let tags: [String]
}

/// The one-line prompt at the bottom of the screen.
public struct Prompt: Equatable, Sendable {
    public enum Kind: Equatable, Sendable { case goToPage, bookmarkFilter, peopleFilter, listFilter, search(forward: Bool), tags(id: String) }
    public internal(set) var kind: Kind
    /// The text and the insertion point: the editing model every prompt and the note editor share.
    public internal(set) var editor: LineEditor
    public var text: String { editor.text }
    /// Insertion point, in characters.
    public var cursor: Int { editor.cursor }

    public init(kind: Kind, text: String = "") {
        self.kind = kind
        self.editor = LineEditor(text: text)
    }

    public var label: String {
        switch kind {
        case .goToPage: return "Go to page: "
        case .bookmarkFilter: return "Filter bookmarks: "
        case .peopleFilter: return "Filter people: "
        case .listFilter: return "Filter: "
        case .search(let forward): return forward ? "/" : "?"
        case .tags: return "Tags (spaces between): "
        }
    }

    mutating func apply(_ edit: PromptEdit) {
        switch edit {
        case .insert(let s): editor.apply(.insert(s))
        case .backspace: editor.apply(.backspace)
        case .delete: editor.apply(.delete)
        case .left: editor.apply(.left)
        case .right: editor.apply(.right)
        case .home: editor.apply(.home)
        case .end: editor.apply(.end)
        case .wordLeft: editor.apply(.wordLeft)
        case .wordRight: editor.apply(.wordRight)
        case .deleteWordBack: editor.apply(.deleteWordBack)
        case .clear: editor.apply(.clear)
        case .submit, .cancel: break
        }
    }
}

/// A scrolled page of text (help, the load report).
public struct PagerState: Equatable, Sendable {
    public internal(set) var top = 0
}
