import Foundation
import Library

/// Starting the reader, as the command line does: shared by `reader` (open) and the developer
/// executable's `reader-bench first-screen`, so both time and run the very same path.
public enum Launch {
    /// A corpus that loaded nothing is an error (its issues printed first).
    public static func checked(_ corpus: Corpus, roots: [String]) throws -> Corpus {
        if corpus.articles.isEmpty {
            for issue in corpus.issues { CLI.warn(issue.description) }
            if corpus.issues.isEmpty {
                throw CLIError("\(roots.joined(separator: ", ")): no articles found (.txt, .md, .markdown, .html or .htm files)")
            }
            throw CLIError("no articles could be loaded")
        }
        return corpus
    }

    /// Starts loading the way the reader does: the article list now (reusing the cache in
    /// `$XDG_CACHE_HOME/reader/`), the indexes in the background (`deferred`: once the reader's
    /// first screen is drawn, `CatalogLoader.begin`; with no cache, the word counts too, first).
    public static func startLoading(_ roots: [String], environment: [String: String], deferred: Bool = false) throws -> CatalogLoader {
        let options = LoadOptions()
        let loader = CatalogLoader.start(paths: roots, options: options, cache: cache(roots, options: options, environment: environment),
                                         deferred: deferred, countingLater: deferred)
        _ = try checked(loader.corpus, roots: roots)
        return loader
    }

    /// The catalog cache for `roots` in `$XDG_CACHE_HOME/reader/` (nil when there is no place for it).
    public static func cache(_ roots: [String], options: LoadOptions = LoadOptions(), environment: [String: String]) -> CatalogCache? {
        CatalogCache(cacheHome: XDG.cacheHome(environment), roots: roots, options: options)
    }

    /// The article list as `reader list` prints it: files unchanged since the cache recorded
    /// them are not read again.
    public static func scanListing(_ roots: [String], environment: [String: String]) throws -> Corpus {
        let cache = cache(roots, environment: environment)
        let corpus = try checked(Corpus.scan(roots, cache: cache), roots: roots)
        // A damaged cache (made again): one line.
        for issue in corpus.issues where issue.path == cache?.path { CLI.warn(issue.description) }
        return corpus
    }

    /// Opens the reader on the terminal; returns its exit status. A terminal that cannot show it
    /// is a `CLIError` with status 2, raised before anything is loaded.
    public static func open(_ roots: [String], settings: AppState.Settings, environment: [String: String],
                            bookmarks: String?, startup: Startup = Startup()) throws -> Int32 {
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        do {
            // Check the terminal before loading anything: a clear error, exit 2, terminal untouched.
            try CursesTerminal.checkUsable()
            let loader = try startLoading(roots, environment: environment, deferred: true)
            let terminal = try CursesTerminal(noColor: noColor, palette: startup.palette, mouse: settings.mouse)
            var startup = startup
            startup.roots = startup.roots ?? roots
            return Runner.run(loader: loader, terminal: terminal, settings: settings, environment: environment,
                              bookmarksOption: bookmarks, startup: startup)
        } catch let failure as CursesTerminal.Failure {
            throw CLIError(failure.description, code: 2)
        }
    }

    /// For the benchmarks: everything up to the first frame, drawn into memory (100×30); with
    /// `waitForIndexes`, then also until the indexes are ready (and cached).
    public static func firstScreen(_ roots: [String], settings: AppState.Settings, environment: [String: String],
                                   bookmarks: String?, waitForIndexes: Bool) throws {
        let loader = try startLoading(roots, environment: environment, deferred: true)
        _ = Runner.run(loader: loader, terminal: ScriptedTerminal(size: Size(rows: 30, columns: 100)), settings: settings,
                       environment: environment, bookmarksOption: bookmarks, firstScreenOnly: true)
        if waitForIndexes { _ = loader.wait() }
    }
}

/// A command's failure: a one-line message and the exit status.
public struct CLIError: Error, CustomStringConvertible {
    public var message: String
    public var code: Int32
    public init(_ message: String, code: Int32 = 1) {
        self.message = message
        self.code = code
    }
    public var description: String { message }
}

/// Standard output and error, as every command writes them.
public enum CLI {
    /// One line on standard error, sanitised, prefixed with `reader: `.
    public static func warn(_ message: String) {
        FileHandle.standardError.write(Data(("reader: " + Sanitizer.clean(message) + "\n").utf8))
    }

    /// Runs a command body; a `CLIError` becomes its message on standard error and the exit status.
    public static func run(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as CLIError {
            warn(error.message)
            exit(error.code)
        }
    }

    /// Writes to standard output, all at once.
    public static func output(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
