import Library

/// What the reader starts with besides `AppState.Settings`: the rest of the settings file, and
/// the folders read (the list's order, filter and cursor are remembered for each set of them).
public struct Startup: Sendable {
    public var palette = Palette.standard
    /// The list's order when none is remembered.
    public var defaultSort = SortOrder.path
    /// A problem to show on the status line at start.
    public var notice: String?
    /// The settings file's problems: counted on the status line at start, listed on the loading report.
    public var settingsProblems: [SettingsFile.Problem] = []
    /// The folders and files read; nil: the list is not remembered.
    public var roots: [String]?

    public init(palette: Palette = .standard, defaultSort: SortOrder = .path, notice: String? = nil, roots: [String]? = nil) {
        (self.palette, self.defaultSort, self.notice, self.roots) = (palette, defaultSort, notice, roots)
    }

    /// The settings file's choices, with its problems if it has any.
    public init(_ user: UserSettings, problems: [SettingsFile.Problem]) {
        self.init(palette: user.palette, defaultSort: user.sort)
        settingsProblems = problems
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
        state.settingsProblems = settingsProblems
        if let problem { state.apply(.notify(.error(problem))) } else if let first = settingsProblems.first {
            // Said short, so it is not cut (a path and a problem rarely fit in a status line);
            // the loading report keeps them all, wrapped, for the whole run.
            let file = first.path.split(separator: "/").last.map(String.init) ?? first.path
            let how = state.key(.report, .char("!"), in: .list).map { " (\($0) \(settingsProblems.count == 1 ? "shows it" : "lists them"))" } ?? ""
            state.apply(.notify(.error("\(file): \(counted(settingsProblems.count, "problem")); using the defaults" + how)))
        }
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
