import Foundation
import Library

/// The files reader keeps for the user, and carrying out the effects that touch them.
package final class Services {
    var positions: PositionStore?
    let bookmarks: BookmarkStore?
    private var lastRetry = Date.distantPast

    package init(positions: PositionStore?, bookmarks: BookmarkStore?) {
        self.positions = positions
        self.bookmarks = bookmarks
    }

    /// Opens the stores named by the command line and environment; problems become a message.
    static func open(environment: [String: String], bookmarksOption: String?) -> (Services, AppState.Message?) {
        var message: AppState.Message?
        var positions = PositionStore.defaultPath(environment: environment).map(PositionStore.init(path:))
        if let p = positions {
            do {
                let file = try p.loadFile()
                if let first = file.warnings.first { message = .error(first + (file.warnings.count > 1 ? " (and \(file.warnings.count - 1) more)" : "")) }
            } catch {
                message = .error("\(error.description); reading positions will not be saved")
                positions = nil
            }
        }
        var bookmarks: BookmarkStore?
        if let path = BookmarkStore.path(option: bookmarksOption, environment: environment) {
            let store = BookmarkStore(path: path)
            if case .unusable(let problem) = store.load() {
                message = .error("\(problem.description)")
            }
            bookmarks = store
        }
        return (Services(positions: positions, bookmarks: bookmarks), message)
    }

    var savedPositions: [String: SavedPosition] { (try? positions?.load()) ?? [:] }

    var bookmarkStatus: BookmarkStatus {
        guard let store = bookmarks else { return BookmarkStatus(unsaved: 0, problem: "no home folder for the bookmarks file", readOnly: true) }
        let problem = store.problem ?? store.lastSaveError
        return BookmarkStatus(unsaved: store.pendingChanges, problem: problem.map { $0.problem }, readOnly: store.isReadOnly,
                              file: problem?.path)
    }

    package func perform(_ effects: [Effect], state: inout AppState) {
        guard !effects.isEmpty else { return }
        var bookmarksTouched = false
        for effect in effects {
            if let read = FileReads.perform(effect, corpus: state.corpus) {
                perform(state.apply(read), state: &state)
                continue
            }
            switch effect {
            case .loadArticle, .loadContexts, .findBookmarkArticle:
                break   // carried out above
            case .openLink(let url):
                if let problem = LinkOpener.open(url, environment: ProcessInfo.processInfo.environment) {
                    state.apply(.notify(.error(problem)))
                }
            case .savePosition(let key, let position):
                guard let store = positions else { continue }
                do {
                    try store.save(position.stamped(), for: key)
                } catch {
                    state.apply(.notify(.error("\(error); reading positions will not be saved")))
                    positions = nil
                }
            case .addBookmark, .updateBookmark, .deleteBookmark, .undoDeleteBookmark:
                bookmarksTouched = true
                guard let store = bookmarks else {
                    state.apply(.notify(.error("Bookmarks cannot be saved: no home folder (set HOME or --bookmarks FILE)")))
                    continue
                }
                do {
                    switch effect {
                    case .addBookmark(let new):
                        // The id and the time are made here: reducers read no clock.
                        try store.add(Bookmark.make(article: new.article, text: new.text, range: new.range, note: new.note,
                                                    tags: new.tags))
                    case .updateBookmark(let b): try store.update(b)
                    case .deleteBookmark(let id): try store.delete(id: id)
                    case .undoDeleteBookmark:
                        state.apply(.notify(.info(try store.undoDelete() != nil ? "Bookmark restored" : "Nothing to undo")))
                    default: break
                    }
                } catch {
                    state.apply(.notify(.error("\(error.description): kept in memory, saving will be retried")))
                }
            }
        }
        if bookmarksTouched { syncBookmarks(&state) }
    }

    package func syncBookmarks(_ state: inout AppState) {
        state.apply(.bookmarksChanged(bookmarks?.bookmarks ?? [], bookmarkStatus))
    }

    /// Every few seconds while bookmarks are unsaved (disk full, folder read-only), try again.
    func retryIfDue(_ state: inout AppState) {
        guard let store = bookmarks, store.hasUnsavedChanges, !store.isReadOnly,
              Date().timeIntervalSince(lastRetry) >= 5 else { return }
        lastRetry = Date()
        do {
            try store.retrySave()
            state.apply(.notify(.info("Bookmarks saved")))
        } catch {}
        syncBookmarks(&state)
    }
}

/// The main loop: draw, read a key, turn it into an action, apply it, carry out its effects.
package enum Runner {
    /// Runs the reader until the user quits (or a stop signal arrives). Returns the exit code:
    /// 0; 1 when quitting threw unsaved bookmark changes away; or 128 + the signal that ended it
    /// (SIGINT, the quit key Ctrl-C, gives 0).
    static func run(loader: CatalogLoader, terminal: Terminal, settings: AppState.Settings,
                    environment: [String: String], bookmarksOption: String?, startup: Startup = Startup(),
                    firstScreenOnly: Bool = false) -> Int32 {
        let (services, problem) = Services.open(environment: environment, bookmarksOption: bookmarksOption)
        let corpus = loader.corpus
        // The indexes come later, through one hand-off (`loader.ready`), whenever they finish.
        var state = AppState(catalog: Catalog(unindexed: corpus), size: terminal.size, settings: settings,
                             savedPositions: services.savedPositions, indexing: loader.progress)
        services.syncBookmarks(&state)
        if let problem {
            state.apply(.notify(problem))
        } else if !corpus.skipped.isEmpty {
            let n = corpus.skipped.count
            let why = state.key(.report, .char("!"), in: .list).map { ": press \($0) to see why" } ?? ""
            state.apply(.notify(.info(counted(n, "file") + " skipped while loading" + why)))
        }
        let remembering = startup.begin(&state, environment: environment)
        if firstScreenOnly {
            takeIndexes(&state, from: loader.ready, refreshed: loader.refreshed, counts: loader.counts)
            terminal.present(Renderer.draw(state))
            loader.begin()
            return 0
        }
        // The work in the background starts once the first screen is drawn.
        let signal = loop(&state, terminal: terminal, services: services, ready: loader.ready, refreshed: loader.refreshed,
                          counts: loader.counts, afterFirstFrame: loader.begin)
        terminal.end()
        remembering?.save(state)
        if signal != 0 && signal != SIGINT { return 128 + signal }
        // Quitting again after the warning throws unsaved bookmark changes away: say so, exit 1.
        let lost = services.bookmarkStatus
        if lost.unsaved > 0 {
            CLI.warn("\(lost.unsaved) bookmark change\(lost.unsaved == 1 ? " was" : "s were") not saved (\(lost.problem ?? "saving failed")) and \(lost.unsaved == 1 ? "is" : "are") lost")
            return 1
        }
        return 0
    }

    /// Applies what the loader has handed over, each once, as one action: the word counts made
    /// since the last look (and the list with them all), the folders as they are now when they
    /// differ from the list shown (the cache's), then the finished indexes. The indexes are
    /// taken first: what comes before them is then surely there to take too.
    static func takeIndexes(_ state: inout AppState, from ready: Handoff<Catalog>?, refreshed: Handoff<Corpus>? = nil,
                            counts: WordCountFeed? = nil) {
        let catalog = ready?.take()
        if let (some, all) = counts?.take() {
            if let some { state.apply(.wordsCounted(some)) }
            if let all { state.apply(.listCounted(ReadyCatalog(Catalog(corpus: all, people: state.people, search: state.catalog.search)))) }
        }
        if let corpus = refreshed?.take() {
            state.apply(.corpusRefreshed(ReadyCatalog(Catalog(unindexed: corpus))))
        }
        if let catalog {
            state.apply(.indexesReady(ReadyCatalog(catalog)))
        }
    }

    /// Longest the loop waits for a key before it looks at the stop signals again, on a terminal
    /// whose wait a signal does not end.
    static let signalCheckMilliseconds = 25

    /// The loop itself, shared with tests (`idleLimit` stops it when the script runs out).
    /// Returns the signal that ended it (0: the user quit).
    @discardableResult
    package static func loop(_ state: inout AppState, terminal: Terminal, services: Services, ready: Handoff<Catalog>? = nil,
                     refreshed: Handoff<Corpus>? = nil, counts: WordCountFeed? = nil, signals: StopSignals = .process, idleLimit: Int? = nil,
                     afterFirstFrame: (() -> Void)? = nil) -> Int32 {
        var idle = 0
        var firstFrame = afterFirstFrame
        var pendingKey: Key?
        while !state.quitting {
            takeIndexes(&state, from: ready, refreshed: refreshed, counts: counts)
            if let sig = signals.take() {
                // Ctrl-C is a key that arrives as a signal: it cancels a prompt, cancels the note
                // editor (asking first if the note changed), and quits elsewhere. Every other
                // stop signal quits at once.
                let action: Action = sig != SIGINT ? .terminate
                    : state.prompt != nil ? .edit(.cancel) : state.noteEditing != nil ? .note(.cancel) : .interrupt
                services.perform(state.apply(action), state: &state)
                if state.quitting { return sig }
            }
            if signals === StopSignals.process {
                EmergencyExit.publish(services.positions, state.placeToSave,
                                      interruptQuits: state.prompt == nil && state.noteEditing == nil)
            }
            terminal.present(Renderer.draw(state))
            firstFrame?()
            firstFrame = nil
            // While indexes build, wake often enough to show progress and pick up the result;
            // a stop signal ends the wait either way.
            let next = pendingKey ?? readKey(terminal, timeout: state.indexing != nil ? 100 : 500, signals: signals)
            pendingKey = nil
            guard let key = next else {
                if signals.pending { continue }
                idle += 1
                if let idleLimit, idle >= idleLimit { break }
                state.apply(.tick)
                services.retryIfDue(&state)
                continue
            }
            idle = 0
            if key == .resize {
                state.apply(.resize(terminal.size))
                continue
            }
            guard var action = KeyMap.action(for: key, in: state) else {
                state.apply(.unbound)
                continue
            }
            action = typedAhead(action, terminal: terminal, state: state, leftOver: &pendingKey)
            services.perform(state.apply(action), state: &state)
        }
        return 0
    }

    /// Characters typed into a prompt or a note that are already waiting (a paste without
    /// bracketed-paste markers arrives as thousands of keys) become one insertion: one edit, one
    /// filter update and one frame, not one per character. The first other key is left over.
    static func typedAhead(_ action: Action, terminal: Terminal, state: AppState, leftOver: inout Key?) -> Action {
        let insertion: (String) -> Action
        var text: String
        switch action {
        case .edit(.insert(let s)): insertion = { .edit(.insert($0)) }; text = s
        case .note(.insert(let s)): insertion = { .note(.insert($0)) }; text = s
        default: return action
        }
        while text.utf8.count < 1 << 20, let key = terminal.readKey(timeoutMilliseconds: 0) {
            guard case .char(let c) = key, KeyMap.action(for: key, in: state) == insertion(String(c)) else {
                leftOver = key
                break
            }
            text.append(c)
        }
        return insertion(text)
    }

    /// A key, waiting at most `timeout` ms; a stop signal ends the wait (at once on a terminal
    /// that wakes on signals, else within `signalCheckMilliseconds`: the wait is sliced).
    static func readKey(_ terminal: Terminal, timeout: Int, signals: StopSignals) -> Key? {
        if terminal.wakesOnSignals && signals === StopSignals.process {
            return signals.pending ? nil : terminal.readKey(timeoutMilliseconds: timeout)
        }
        var waited = 0
        repeat {
            if signals.pending { return nil }
            let slice = min(signalCheckMilliseconds, timeout - waited)
            if let key = terminal.readKey(timeoutMilliseconds: slice) { return key }
            waited += slice
        } while waited < timeout
        return nil
    }
}
