import Library

/// What the reader starts with besides `AppState.Settings`: the rest of the settings file, and
/// the folders read (the list's order, filter and cursor are remembered for each set of them).
public struct Startup: Sendable {
    public var palette = Palette.standard
    /// The list's order when none is remembered.
    public var defaultSort = SortOrder.path
    /// A problem with the settings file, shown on the status line at start.
    public var notice: String?
    /// The folders and files read; nil: the list is not remembered.
    public var roots: [String]?

    public init(palette: Palette = .standard, defaultSort: SortOrder = .path, notice: String? = nil, roots: [String]? = nil) {
        (self.palette, self.defaultSort, self.notice, self.roots) = (palette, defaultSort, notice, roots)
    }

    /// The settings file's choices, with its problem if it has one.
    public init(_ user: UserSettings, problem: String?) {
        self.init(palette: user.palette, defaultSort: user.sort, notice: problem)
    }

    /// Restores the list as it was left with these folders (else sorts it by `defaultSort`),
    /// shows the settings file's problem (or the list file's); returns where to save the list
    /// at the end (nil when it is not to be saved: no state folder, or a file that does not parse).
    func begin(_ state: inout AppState, environment: [String: String]) -> ListRemembering? {
        var remembering: ListRemembering?
        var memory = ListMemory()
        var problem = notice
        if let roots, let path = ListStateStore.defaultPath(environment: environment) {
            let store = ListStateStore(path: path)
            let key = ListStateStore.key(roots: roots)
            do {
                memory = try store.load(key)
                remembering = ListRemembering(store: store, key: key)
            } catch {
                problem = problem ?? "\(error.description); the list's order, filter and place will not be remembered"
            }
        }
        state.restoreList(memory, defaultSort: defaultSort)
        if let problem { state.apply(.notify(.error(problem))) }
        return remembering
    }
}

/// Where the list's state is saved at the end of a run.
struct ListRemembering {
    let store: ListStateStore
    let key: String

    /// Saves what the list is now; a failure is a line on standard error (the terminal is closed).
    func save(_ state: AppState) {
        do {
            try store.save(state.listMemory, for: key)
        } catch {
            CLI.warn("\(error); the list's order, filter and place were not remembered")
        }
    }
}
