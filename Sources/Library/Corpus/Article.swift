/// One article of the corpus: where it is and what a person would call it. The text itself is
/// read on demand (`Corpus.text(of:)`), so ten thousand articles cost only their metadata.
public struct Article: Sendable, Equatable {
    public enum Format: String, Sendable, Codable { case text, markdown, html }

    /// Where the file is (bytes, so undecodable names still open).
    public var location: RawPath
    /// The path as reader names it: what `reader list` prints and the people JSON's `article`.
    public var path: String
    /// The folder it was loaded from (as given on the command line) and its path inside it.
    public var root: String
    public var relativePath: String
    public var format: Format
    public var title: String
    /// The file had no headline: `title` was made from its opening words.
    public var titleIsDerived: Bool
    public var author: String?
    public var words: Int
    /// File size in bytes and modification time (nanoseconds since the epoch) when it was read.
    public var size: Int
    public var modified: Int64
    /// When the article says it was published (front matter's `date`, a page's
    /// `article:published_time` or `<time>`), or nil when it does not.
    public var date: ArticleDate?

    public init(location: RawPath, path: String, root: String = ".", relativePath: String? = nil, format: Format,
                title: String, titleIsDerived: Bool, author: String?, words: Int, size: Int, modified: Int64,
                date: ArticleDate? = nil) {
        self.location = location
        self.path = path
        self.root = root
        self.relativePath = relativePath ?? path
        self.format = format
        self.title = title
        self.titleIsDerived = titleIsDerived
        self.author = author
        self.words = words
        self.size = size
        self.modified = modified
        self.date = date
    }

    /// When it was published, else when its file was last changed (seconds since 1970 and
    /// nanoseconds): what the list's "newest first" sorts by.
    public var sortDate: (seconds: Int64, nanoseconds: Int64) {
        if let date { return (date.seconds, 0) }
        let seconds = ArticleDate.floorDiv(modified, 1_000_000_000)
        return (seconds, modified - seconds * 1_000_000_000)
    }

    /// The day the list shows: the article's own date, else its file's (local) day, and which;
    /// nil for an article with neither (one that lives only in memory).
    public var shownDay: (day: String, isFileDate: Bool)? {
        if let date { return (date.day, false) }
        return modified > 0 ? (ArticleDate.localDay(nanoseconds: modified), true) : nil
    }

    /// Minutes to read at 238 words a minute, the average for adults reading non-fiction.
    public var readingMinutes: Int { Article.readingMinutes(words: words) }

    /// The same for a length of `words`.
    public static func readingMinutes(words: Int) -> Int { words == 0 ? 0 : max(1, (words + 119) / 238) }

    /// The file's name without folders, for display where space is short.
    public var fileName: String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }
}

/// Something noticed while loading: a file that was skipped, or loaded with a caveat.
public struct LoadIssue: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable { case skipped, note }
    public var path: String
    public var problem: String
    public var severity: Severity

    public init(path: String, problem: String, severity: Severity = .skipped) {
        self.path = path
        self.problem = problem
        self.severity = severity
    }

    /// One line: `path: problem`.
    public var description: String { "\(path): \(problem)" }
}
