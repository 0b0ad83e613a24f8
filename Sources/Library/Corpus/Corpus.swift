import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The articles reader was pointed at, with what went wrong loading the rest.
///
/// Only metadata stays in memory; an article's text is read again when it is opened (and kept in
/// a small cache), so a corpus of ten thousand articles costs little more than its titles.
public final class Corpus: @unchecked Sendable {
    public let articles: [Article]
    /// Skipped files and loading notes, in path order.
    public let issues: [LoadIssue]
    public let options: LoadOptions

    private let lock = Mutex(())
    private var memoryTexts: [Int: ArticleText]
    private var recent: [(index: Int, text: ArticleText)] = []
    private let keepsTextsInMemory: Bool

    public var skipped: [LoadIssue] { issues.filter { $0.severity == .skipped } }
    public var isEmpty: Bool { articles.isEmpty }

    init(articles: [Article], issues: [LoadIssue], options: LoadOptions, texts: [Int: ArticleText], inMemory: Bool) {
        self.articles = articles
        self.issues = issues
        self.options = options
        self.memoryTexts = texts
        self.keepsTextsInMemory = inMemory
    }

    /// A corpus of texts that live only in memory (for tests and generated examples).
    public convenience init(documents: [(path: String, text: String)]) {
        var articles: [Article] = []
        var texts: [Int: ArticleText] = [:]
        for (i, doc) in documents.enumerated() {
            let text = ArticleText(doc.text)
            let location = RawPath(doc.path)
            let format: Article.Format = ["md", "markdown"].contains(location.fileExtension) ? .markdown : .text
            let meta = Metadata.extract(from: text, format: format, fileName: RawPath(bytes: location.lastComponent).display)
            articles.append(Article(location: location, path: doc.path, format: format, title: meta.title,
                                    titleIsDerived: meta.titleIsDerived, author: meta.author, words: meta.words,
                                    size: doc.text.utf8.count, modified: 0))
            texts[i] = text
        }
        self.init(articles: articles, issues: [], options: LoadOptions(), texts: texts, inMemory: true)
    }

    /// Loads every article under `paths` (folders searched recursively, or files), reading and
    /// decoding files on all cores.
    public static func load(_ paths: [String], options: LoadOptions = LoadOptions()) -> Corpus {
        load(paths, options: options) { _, _ in () }.corpus
    }

    /// Loads every article under `paths` and runs `analyze` on each loaded article's text in the
    /// loading threads (in parallel, in no particular order). `results[i]` is what `analyze`
    /// returned for `corpus.articles[i]`. Texts are dropped after analysis unless
    /// `options.keepTexts` is set.
    public static func load<T: Sendable>(_ paths: [String], options: LoadOptions = LoadOptions(),
                                         analyze: @escaping @Sendable (Article, ArticleText) -> T) -> (corpus: Corpus, results: [T]) {
        let (files, scanIssues) = FileScanner.collect(paths)
        let loaded = loadFiles(files, options: options, analyze: analyze)
        var articles: [Article] = []
        var results: [T] = []
        var issues = scanIssues
        var texts: [Int: ArticleText] = [:]
        articles.reserveCapacity(files.count)
        results.reserveCapacity(files.count)
        for result in loaded {
            switch result {
            case .article(let article, let text, let value, let notes):
                if options.keepTexts, let text { texts[articles.count] = text }
                articles.append(article)
                results.append(value)
                issues.append(contentsOf: notes)
            case .issue(let issue):
                issues.append(issue)
            }
        }
        return (Corpus(articles: articles, issues: issues, options: options, texts: texts, inMemory: options.keepTexts), results)
    }

    enum FileResult<T: Sendable>: Sendable {
        case article(Article, ArticleText?, T, notes: [LoadIssue])
        case issue(LoadIssue)
    }

    /// Reads and analyses files in parallel, keeping their order.
    static func loadFiles<T: Sendable>(_ files: [FileRef], options: LoadOptions,
                                       analyze: @escaping @Sendable (Article, ArticleText) -> T) -> [FileResult<T>] {
        let results = ResultSlots<FileResult<T>>(count: files.count)
        let workers = max(1, min(options.threads, files.count))
        let chunk = 16
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let start = next.wrappingAdd(chunk, ordering: .relaxed).oldValue
                if start >= files.count { break }
                for i in start..<min(start + chunk, files.count) {
                    switch loadFile(files[i], options: options) {
                    case .issue(let issue):
                        results[i] = .issue(issue)
                    case .article(let article, let text, _, let notes):
                        let value = analyze(article, text!)
                        results[i] = .article(article, options.keepTexts ? text : nil, value, notes: notes)
                    }
                }
            }
        }
        return results.values
    }

    static func loadFile(_ file: FileRef, options: LoadOptions) -> FileResult<Void> {
        switch FileScanner.read(file.location, followLinks: file.followLinks, maxBytes: options.maxFileBytes) {
        case .failed(let problem):
            return .issue(LoadIssue(path: file.path, problem: problem))
        case .bytes(let bytes, let size, let modified):
            return analyse(bytes: bytes, file: file, size: size, modified: modified)
        }
    }

    /// Decodes and analyses a file's bytes: binary files are refused, invalid UTF-8 and empty
    /// files load with a note.
    static func analyse(bytes: [UInt8], file: FileRef, size: Int, modified: Int64) -> FileResult<Void> {
        if bytes.count >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)) {
            return .issue(LoadIssue(path: file.path, problem: "UTF-16 text, not UTF-8 (convert it with iconv)"))
        }
        if bytes.prefix(8192).contains(0) {
            return .issue(LoadIssue(path: file.path, problem: "binary file (contains NUL bytes)"))
        }
        let text = ArticleText(utf8: bytes)
        var notes: [LoadIssue] = []
        if !text.invalidBytes.isEmpty {
            let n = text.invalidBytes.count
            notes.append(LoadIssue(path: file.path, problem: "\(n) byte\(n == 1 ? "" : "s") of invalid UTF-8, shown as <XX>", severity: .note))
        }
        if bytes.isEmpty {
            notes.append(LoadIssue(path: file.path, problem: "empty file", severity: .note))
        }
        let format: Article.Format = ["md", "markdown"].contains(file.location.fileExtension) ? .markdown : .text
        let meta = Metadata.extract(from: text, format: format, fileName: RawPath(bytes: file.location.lastComponent).display)
        let article = Article(location: file.location, path: file.path, root: file.root, relativePath: file.relativePath,
                              format: format, title: meta.title,
                              titleIsDerived: meta.titleIsDerived, author: meta.author, words: meta.words,
                              size: size, modified: modified)
        return .article(article, text, (), notes: notes)
    }

    // MARK: Texts

    public enum TextError: Error, CustomStringConvertible, Equatable {
        case unreadable(path: String, problem: String)
        public var description: String {
            switch self { case .unreadable(let path, let problem): return "\(path): \(problem)" }
        }
    }

    /// The text of an article, read again from its file (the few most recent are cached).
    public func text(of index: Int) -> Result<ArticleText, TextError> {
        lock.withLock { _ in cachedText(index) }
    }

    private func cachedText(_ index: Int) -> Result<ArticleText, TextError> {
        if let text = memoryTexts[index] { return .success(text) }
        if let hit = recent.firstIndex(where: { $0.index == index }) {
            let entry = recent.remove(at: hit)
            recent.append(entry)
            return .success(entry.text)
        }
        let article = articles[index]
        let file = FileRef(location: article.location, path: article.path, followLinks: true)
        switch FileScanner.read(file.location, followLinks: true, maxBytes: options.maxFileBytes) {
        case .failed(let problem):
            return .failure(.unreadable(path: article.path, problem: problem))
        case .bytes(let bytes, _, _):
            if bytes.prefix(8192).contains(0) {
                return .failure(.unreadable(path: article.path, problem: "binary file (contains NUL bytes)"))
            }
            let text = ArticleText(utf8: bytes)
            recent.append((index, text))
            if recent.count > 8 { recent.removeFirst() }
            return .success(text)
        }
    }
}

public struct LoadOptions: Sendable {
    /// Files larger than this are skipped with a note.
    public var maxFileBytes = 32 * 1024 * 1024
    /// Worker threads for reading and analysing files.
    public var threads = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    /// Keep every text in memory after loading (small corpora, tests).
    public var keepTexts = false
    public init() {}
}

// MARK: Small concurrency helpers

/// Fixed slots that parallel workers fill, each slot written by exactly one worker.
final class ResultSlots<T>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<T?>
    init(count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil)
    }
    deinit {
        storage.deinitialize()
        storage.deallocate()
    }
    subscript(i: Int) -> T? {
        get { storage[i] }
        set { storage[i] = newValue }
    }
    var values: [T] { storage.map { $0! } }
}
