import Dispatch
import Foundation
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
    /// What was found for each file read (or reused from the cache), in order: what the cache
    /// keeps so that an unchanged file is not read again.
    public let records: [ScanRecord]
    /// The list was read from the beginnings of the files (`scan(…, counting: false)`): the
    /// articles' word counts (but a web page's) and the notes on invalid bytes are not made
    /// yet; `countingWords` makes them.
    public let wordsPending: Bool
    /// The problems met walking the folders, and the notes given to `scan` (the issues that are
    /// not about one file read).
    let scanIssues: [LoadIssue]
    /// Shared by a corpus and the one `countingWords` made from it: the same articles in the
    /// same order (`isSameList`).
    let lineage: Lineage
    final class Lineage: Sendable {}

    private let lock = Mutex(())
    private var memoryTexts: [Int: ArticleText]
    /// The few texts read last, with the stamp of the file they were read from.
    private var recent: [(index: Int, text: ArticleText, stamp: FileStamp)] = []
    /// The stamp of each file as first read, when that was the version loaded.
    private var loadedStamps: [Int: FileStamp] = [:]
    /// The texts are files (not `init(documents:)`): checked against the files when asked for.
    private let backedByFiles: Bool

    public var skipped: [LoadIssue] { issues.filter { $0.severity == .skipped } }
    public var isEmpty: Bool { articles.isEmpty }

    init(articles: [Article], issues: [LoadIssue], options: LoadOptions, records: [ScanRecord] = [],
         texts: [Int: ArticleText] = [:], backedByFiles: Bool = true, scanIssues: [LoadIssue] = [], wordsPending: Bool = false,
         lineage: Lineage = Lineage()) {
        self.backedByFiles = backedByFiles
        self.scanIssues = scanIssues
        self.wordsPending = wordsPending
        self.lineage = lineage
        self.articles = articles
        self.issues = issues
        self.options = options
        self.records = records
        self.memoryTexts = texts
    }

    /// A corpus of texts that live only in memory (for tests and generated examples).
    public convenience init(documents: [(path: String, text: String)]) {
        var articles: [Article] = []
        var texts: [Int: ArticleText] = [:]
        for (i, doc) in documents.enumerated() {
            let location = RawPath(doc.path)
            let format = Article.Format(location)
            let page = format == .html ? HTMLReader.read(Array(doc.text.utf8)) : nil
            let text = page?.text ?? ArticleText(doc.text)
            let name = RawPath(bytes: location.lastComponent).display
            let meta = page.map { Metadata.extract(page: $0, fileName: name) } ?? Metadata.extract(from: text, format: format, fileName: name)
            articles.append(Article(location: location, path: doc.path, format: format, title: meta.title,
                                    titleIsDerived: meta.titleIsDerived, author: meta.author, words: meta.words,
                                    size: doc.text.utf8.count, modified: 0, date: meta.date))
            texts[i] = text
        }
        self.init(articles: articles, issues: [], options: LoadOptions(), texts: texts, backedByFiles: false)
    }

    // MARK: Scanning: metadata only

    /// Finds every article under `paths` and reads what the list shows (title, author, words)
    /// on all cores, decoding only the beginning of each file. Files whose size, modification
    /// time and inode match a record in `reuse` are not read at all.
    public static func scan(_ paths: [String], options: LoadOptions = LoadOptions(),
                            reuse: [RawPath: ScanRecord] = [:], notes: [LoadIssue] = []) -> Corpus {
        scan(paths, options: options, reusing: { reuse[$0] }, fromReading: reuse.isEmpty, notes: notes, counting: true)
    }

    /// The same, `reuse` giving the earlier record of a file, if any. `fromReading`: nothing
    /// to reuse, so no stamp is needed before reading: files are `stat`ed as they are read, on
    /// all cores, and a file met twice is dropped then. `counting` false: the words are not
    /// counted, and of a text no more than its beginning is read (`wordsPending`).
    static func scan(_ paths: [String], options: LoadOptions, reusing reuse: @escaping @Sendable (RawPath) -> ScanRecord?,
                     fromReading: Bool, notes: [LoadIssue], counting: Bool) -> Corpus {
        let (files, scanIssues) = FileScanner.collect(paths, mode: fromReading ? .fromReading : .walk)
        let slots = ResultSlots<ScanRecord>(count: files.count)
        let ids = ResultSlots<FileScanner.FileID?>(count: fromReading ? files.count : 0)
        // Reading files waits on the disk when they are not cached: more threads than cores.
        parallelThreads(files.count, threads: options.readThreads) { i in
            let file = files[i]
            if let stamp = file.stamp, let old = reuse(file.location), old.stamp == stamp {
                slots[i] = old.path == file.path && old.article?.root == file.root && old.article?.relativePath == file.relativePath
                    ? old : old.renamed(file)
                return
            }
            var opened: (id: FileScanner.FileID, stamp: FileStamp)?
            var record = scanFile(file, options: options, counting: counting, opened: &opened)
            if fromReading {
                // A file skipped unread has the stamp the walk would have given it.
                let known = opened ?? (file.id == nil ? FileScanner.identityAndStamp(file.location) : nil)
                if record.stamp == nil { record.stamp = known?.stamp }
                let id: FileScanner.FileID? = file.id ?? known?.id
                ids[i] = .some(id)
            }
            slots[i] = record
        }
        var records = slots.values
        if fromReading {
            // The first name of each file kept, as the walk does when it `stat`s.
            var seen = Set<FileScanner.FileID>()
            let found = ids.values
            var kept: [ScanRecord] = []
            kept.reserveCapacity(records.count)
            for (i, record) in records.enumerated() where found[i].map({ seen.insert($0).inserted }) ?? true { kept.append(record) }
            records = kept
        }
        return assemble(records, scanIssues: notes + scanIssues, options: options, wordsPending: !counting)
    }

    /// The same, reusing what an earlier scan recorded (`CatalogCache.readRecords`) for files
    /// whose size, modification time and inode are unchanged.
    /// `notes` (such as a damaged cache) come first among the corpus's issues.
    /// `counting` false, when nothing is reused: the words are counted later (`wordsPending`).
    public static func scan(_ paths: [String], options: LoadOptions = LoadOptions(), reusing cached: [ScanRecord]?,
                            notes: [LoadIssue] = [], counting: Bool = true) -> Corpus {
        // Each record's place rather than the record: a table of a hundred thousand records
        // (the records copied into its buckets) cost sixty megabytes at once.
        var places: [RawPath: Int32] = [:]
        let cached = cached ?? []
        places.reserveCapacity(cached.count)
        for (i, record) in cached.enumerated() { places[record.location] = Int32(i) }
        return scan(paths, options: options, reusing: { [places] location in places[location].map { cached[Int($0)] } },
                    fromReading: cached.isEmpty, notes: notes, counting: counting || !cached.isEmpty)
    }

    /// The same for the command line (`reader list`): what the cache recorded is reused, and
    /// what this scan found is recorded there when it differs, so the next listing reads no
    /// unchanged file. Indexes in the cache stay when nothing changed; when something did, they
    /// no longer held anyway (the reader rebuilds them at its next start).
    public static func scan(_ paths: [String], options: LoadOptions = LoadOptions(), cache: CatalogCache?) -> Corpus {
        var problem: LoadIssue?
        let cached = cache?.readRecords(problem: &problem)
        let scanned = scan(paths, options: options, reusing: cached, notes: problem.map { [$0] } ?? [])
        if let cache, cached != scanned.records { try? cache.write(records: scanned.records, people: nil, search: nil) }
        return scanned
    }

    /// What reading `file` finds; `opened` tells which file was opened, when one was.
    /// `counting` false: a text's title, author and date from its beginning only, its words
    /// left at 0 (a web page is read whole: its title may come anywhere).
    static func scanFile(_ file: FileRef, options: LoadOptions, counting: Bool = true,
                         opened: inout (id: FileScanner.FileID, stamp: FileStamp)?) -> ScanRecord {
        let format = Article.Format(file.location)
        let headOnly = !counting && format != .html
        let prefix = headOnly ? FileScanner.headCheckBytes : .max
        switch FileScanner.read(file.location, followLinks: file.followLinks, maxBytes: options.maxFileBytes, prefix: prefix, opened: &opened) {
        case .failed(let problem):
            return ScanRecord(file: file, stamp: file.stamp, outcome: .skipped(problem))
        case .bytes(let bytes, let stamp):
            // `read` refused files that are not text.
            let name = RawPath(bytes: file.location.lastComponent).display
            if format == .html {
                let meta = Metadata.extract(page: HTMLReader.read(bytes), fileName: name)
                return ScanRecord(file: file, stamp: stamp, outcome: .article(article(file, format, meta, stamp), invalidBytes: 0))
            }
            if headOnly {
                let meta = heading(file, head: bytes, format: format, fileName: name, maxBytes: options.maxFileBytes)
                return ScanRecord(file: file, stamp: stamp, outcome: .article(article(file, format, meta, stamp), invalidBytes: 0))
            }
            let (meta, invalid) = bytes.withUnsafeBufferPointer { b in
                Metadata.extractCounting(utf8: b, format: format, fileName: name)
            }
            return ScanRecord(file: file, stamp: stamp, outcome: .article(article(file, format, meta, stamp), invalidBytes: invalid))
        }
    }

    static func assemble(_ records: [ScanRecord], scanIssues: [LoadIssue], options: LoadOptions,
                         texts: [Int: ArticleText] = [:], wordsPending: Bool = false, lineage: Lineage = Lineage()) -> Corpus {
        var articles: [Article] = []
        var issues = scanIssues
        articles.reserveCapacity(records.count)
        for record in records {
            switch record.outcome {
            case .skipped(let problem):
                issues.append(LoadIssue(path: record.path, problem: problem))
            case .article(let article, let invalid):
                articles.append(article)
                issues.append(contentsOf: notes(article, invalidBytes: invalid))
            }
        }
        return Corpus(articles: articles, issues: issues, options: options, records: records, texts: texts,
                      scanIssues: scanIssues, wordsPending: wordsPending, lineage: lineage)
    }

    /// Why a file's bytes are not an article of this format, if they are not: a web page only
    /// has to be text (any charset: it says which), the others UTF-8.
    public static func refusal(_ bytes: [UInt8], format: Article.Format) -> String? {
        guard format == .html else { return refusal(bytes) }
        let head = min(bytes.count, 8192)
        if head > 0, bytes.withUnsafeBytes({ memchr($0.baseAddress!, 0, head) }) != nil { return "binary file (contains NUL bytes)" }
        return nil
    }

    /// Why a file's bytes are not an article, if they are not.
    public static func refusal(_ bytes: [UInt8]) -> String? {
        if bytes.count >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)) {
            return "UTF-16 text, not UTF-8 (convert it with iconv)"
        }
        let head = min(bytes.count, 8192)
        if head > 0, bytes.withUnsafeBytes({ memchr($0.baseAddress!, 0, head) }) != nil { return "binary file (contains NUL bytes)" }
        let bad = nonTextBytes(bytes, head: head)
        if bad.count * 100 > bad.examined * maxNonTextPercent {
            let share = bad.count * 100 / max(bad.examined, 1)
            let part = bad.examined >= 8192 - 3 ? "of the first 8 KiB" : "of the file"
            return "not UTF-8 text (\(share)% \(part) is invalid UTF-8 or control bytes)"
        }
        return nil
    }

    /// Above this share of bytes that cannot be text in a file's first 8 KiB, the file is not
    /// loaded. Random bytes and binaries without NULs run at about half; a Latin-1 file read as
    /// UTF-8, with an accented letter in every few words, under a fifth (such odd bytes in text
    /// that is otherwise UTF-8 are shown as `<E9>`-style markers).
    static let maxNonTextPercent = 30

    /// Bytes of `bytes[..<head]` (cut back so no character is split) that cannot be text: not
    /// valid UTF-8, or a control character other than whitespace and ESC.
    static func nonTextBytes(_ bytes: [UInt8], head: Int) -> (count: Int, examined: Int) {
        var cut = head
        while cut < bytes.count && cut > 0 && bytes[cut] & 0xC0 == 0x80 && head - cut < 3 { cut -= 1 }
        return bytes.withUnsafeBufferPointer { b in
            let part = UnsafeBufferPointer(rebasing: b[0..<cut])
            var bad = 0
            var i = 0
            while i < part.count {
                // Eight bytes at a time while none is below 0x20 or above 0x7F.
                if i + 8 <= part.count {
                    let word = UnsafeRawPointer(part.baseAddress! + i).loadUnaligned(as: UInt64.self)
                    if (word | ((word &- 0x2020_2020_2020_2020) & ~word)) & 0x8080_8080_8080_8080 == 0 { i += 8; continue }
                }
                let byte = part[i]
                if byte < 0x80 {
                    if byte < 0x20 && !(0x09...0x0D).contains(byte) && byte != 0x1B { bad += 1 }
                    i += 1
                } else {
                    // Not valid UTF-8: each byte that `UTF8Decoder` would make a U+FFFD.
                    let (scalar, length) = UTF8Decoder.decodeOne(part, at: i)
                    if scalar == nil { bad += 1 }
                    i += length
                }
            }
            return (bad, cut)
        }
    }

    static func notes(_ article: Article, invalidBytes n: Int) -> [LoadIssue] {
        var notes: [LoadIssue] = []
        if n > 0 {
            notes.append(LoadIssue(path: article.path, problem: "\(n) byte\(n == 1 ? "" : "s") of invalid UTF-8, shown as <XX>", severity: .note))
        }
        if article.size == 0 { notes.append(LoadIssue(path: article.path, problem: "empty file", severity: .note)) }
        return notes
    }

    static func article(_ file: FileRef, _ format: Article.Format, _ meta: Metadata, _ stamp: FileStamp) -> Article {
        Article(location: file.location, path: file.path, root: file.root, relativePath: file.relativePath,
                format: format, title: meta.title, titleIsDerived: meta.titleIsDerived, author: meta.author,
                words: meta.words, size: stamp.size, modified: stamp.modified, date: meta.date)
    }

    // MARK: Loading: metadata and full texts in one pass

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
        let slots = ResultSlots<(ScanRecord, ArticleText?, T?)>(count: files.count)
        parallel(files.count, threads: options.threads) { i in
            let file = files[i]
            switch FileScanner.read(file.location, followLinks: file.followLinks, maxBytes: options.maxFileBytes) {
            case .failed(let problem):
                slots[i] = (ScanRecord(file: file, stamp: file.stamp, outcome: .skipped(problem)), nil, nil)
            case .bytes(let bytes, let stamp):
                let format = Article.Format(file.location)
                let name = RawPath(bytes: file.location.lastComponent).display
                let text: ArticleText
                let meta: Metadata
                if format == .html {
                    let page = HTMLReader.read(bytes)
                    (text, meta) = (page.text, Metadata.extract(page: page, fileName: name))
                } else {
                    text = ArticleText(utf8: bytes)
                    meta = Metadata.extract(from: text, format: format, fileName: name)
                }
                let article = article(file, format, meta, stamp)
                let value = analyze(article, text)
                slots[i] = (ScanRecord(file: file, stamp: stamp, outcome: .article(article, invalidBytes: text.invalidBytes.count)),
                            options.keepTexts ? text : nil, value)
            }
        }
        var results: [T] = []
        var texts: [Int: ArticleText] = [:]
        for (record, text, value) in slots.values {
            guard let value else { continue }
            if let text { texts[results.count] = text }
            results.append(value)
            _ = record
        }
        let corpus = assemble(slots.values.map(\.0), scanIssues: scanIssues, options: options, texts: texts)
        return (corpus, results)
    }

    // MARK: Analysing a scanned corpus

    /// Reads every article's text again and runs `analyze` on it, on all cores, counting finished
    /// articles in `progress`. An article that can no longer be read is analysed as empty.
    public func analyze<T: Sendable>(threads: Int? = nil, progress: Progress? = nil,
                                     _ analyze: @escaping @Sendable (Article, ArticleText) -> T) -> [T] {
        let slots = ResultSlots<T>(count: articles.count)
        Corpus.parallel(articles.count, threads: threads ?? options.threads) { i in
            let text = (try? self.text(of: i, caching: false).get()) ?? ArticleText("")
            slots[i] = analyze(self.articles[i], text)
            progress?.advance()
        }
        return slots.values
    }

    /// The same for some articles only: `result[k]` is the analysis of article `indices[k]`.
    public func analyze<T: Sendable>(articles indices: [Int], threads: Int? = nil, progress: Progress? = nil,
                                     _ analyze: @escaping @Sendable (Article, ArticleText) -> T) -> [T] {
        let slots = ResultSlots<T>(count: indices.count)
        Corpus.parallel(indices.count, threads: threads ?? options.threads) { k in
            let i = indices[k]
            let text = (try? self.text(of: i, caching: false).get()) ?? ArticleText("")
            slots[k] = analyze(self.articles[i], text)
            progress?.advance()
        }
        return slots.values
    }

    /// Runs `body(i)` for `0..<count` on `threads` threads, in chunks.
    static func parallel(_ count: Int, threads: Int, _ body: @Sendable (Int) -> Void) {
        let workers = max(1, min(threads, count))
        let next = ChunkCounter()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in next.run(count, body) }
    }

    /// The same on threads of its own (the dispatch pool's run no more at once than there are
    /// cores): for work that mostly waits, such as reading files that are not cached.
    static func parallelThreads(_ count: Int, threads: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let workers = min(threads, (count + chunk - 1) / chunk)
        guard workers > 1 else { return (0..<count).forEach(body) }
        let next = ChunkCounter()
        let group = DispatchGroup()
        for _ in 0..<workers {
            group.enter()
            Thread {
                next.run(count, body)
                group.leave()
            }.start()
        }
        group.wait()
    }

    private static let chunk = ChunkCounter.size

    /// Hands out chunks of `0..<count` to the threads sharing it.
    private final class ChunkCounter: Sendable {
        static let size = 16
        private let next = Atomic<Int>(0)

        /// Runs `body` on the chunks not yet taken, until none is left.
        func run(_ count: Int, _ body: (Int) -> Void) {
            while true {
                let start = next.wrappingAdd(ChunkCounter.size, ordering: .relaxed).oldValue
                if start >= count { break }
                for i in start..<min(start + ChunkCounter.size, count) { body(i) }
            }
        }
    }

    // MARK: Texts

    public enum TextError: Error, CustomStringConvertible, Equatable {
        case unreadable(path: String, problem: String)
        public var description: String {
            switch self { case .unreadable(let path, let problem): return "\(path): \(problem)" }
        }
    }

    /// The text of an article as its file is now (the few most recent are cached, and a cached
    /// copy is used only while the file's size, modification time and inode are unchanged).
    public func text(of index: Int) -> Result<ArticleText, TextError> {
        currentText(of: index).map(\.text)
    }

    /// An article's text, read now, and whether the file changed since the corpus was loaded.
    public struct CurrentText: Sendable {
        public var text: ArticleText
        /// The file is not the one loaded (its size, modification time or inode differ): the
        /// text is the new one, places in it should be found again.
        public var changed: Bool
    }

    /// The text of an article as its file is now: checked against the file's stamp on every call
    /// (a `stat`), read again when it changed; a file deleted or made unreadable since loading
    /// is a `TextError` naming it.
    public func currentText(of index: Int) -> Result<CurrentText, TextError> {
        currentText(of: index, caching: true)
    }

    func text(of index: Int, caching: Bool) -> Result<ArticleText, TextError> {
        currentText(of: index, caching: caching).map(\.text)
    }

    func currentText(of index: Int, caching: Bool) -> Result<CurrentText, TextError> {
        if !backedByFiles, let text = lock.withLock({ _ in memoryTexts[index] }) { return .success(CurrentText(text: text, changed: false)) }
        let article = articles[index]
        var st = stat()
        guard article.location.withCString({ stat($0, &st) }) == 0 else {
            let problem = errno == ENOENT ? "no longer there (deleted or renamed since loading)" : describeErrno(errno)
            return .failure(.unreadable(path: article.path, problem: problem))
        }
        let now = FileStamp(st)
        if let hit = lock.withLock({ _ in cachedText(index, stamp: now) }) { return .success(CurrentText(text: hit, changed: changed(index, now))) }
        switch FileScanner.read(article.location, followLinks: true, maxBytes: options.maxFileBytes) {
        case .failed(let problem):
            return .failure(.unreadable(path: article.path, problem: problem))
        case .bytes(let bytes, let stamp):
            let text = ArticleRendering.text(of: bytes, format: article.format)
            lock.withLock { _ in
                if loadedStamps[index] == nil && stamp.size == article.size && stamp.modified == article.modified {
                    loadedStamps[index] = stamp
                }
                guard caching else { return }
                recent.removeAll { $0.index == index }
                recent.append((index, text, stamp))
                if recent.count > 8 { recent.removeFirst() }
            }
            return .success(CurrentText(text: text, changed: changed(index, stamp)))
        }
    }

    /// Whether a file with this stamp is not the version loaded.
    private func changed(_ index: Int, _ stamp: FileStamp) -> Bool {
        if let loaded = lock.withLock({ _ in loadedStamps[index] }) { return loaded != stamp }
        return stamp.size != articles[index].size || stamp.modified != articles[index].modified
    }

    /// The cached text of an article read from a file with this stamp.
    private func cachedText(_ index: Int, stamp: FileStamp) -> ArticleText? {
        if let text = memoryTexts[index] {
            // Kept from loading: the version loaded, as long as the file still is.
            if stamp.size == articles[index].size && stamp.modified == articles[index].modified { return text }
            memoryTexts[index] = nil
        }
        guard let hit = recent.firstIndex(where: { $0.index == index }) else { return nil }
        let entry = recent.remove(at: hit)
        guard entry.stamp == stamp else { return nil }
        recent.append(entry)
        return entry.text
    }
}
