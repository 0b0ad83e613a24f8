import Synchronization

// The list first, the word counts after: a start with no cache reads only the beginning of each
// text for its title, author and date (`Corpus.scan(…, counting: false)`), shows the list, and
// counts the words afterwards (`countingWords`), handing the counts to the reader as they come
// (`WordCountFeed`).

extension Corpus {
    /// Title, author and date of a text from its first bytes (`head`: the whole file, or its
    /// first `FileScanner.headCheckBytes` or more): what `Metadata.extractCounting` finds in the
    /// whole file. With no headline in the first `Metadata.headBytes`, the file's beginning is
    /// read again up to `Metadata.longHeadBytes`, as the headline is then looked for there.
    static func heading(_ file: FileRef, head: [UInt8], format: Article.Format, fileName: String, maxBytes: Int) -> Metadata {
        let meta = head.withUnsafeBufferPointer { Metadata.heading(utf8: $0, limit: Metadata.headBytes, format: format, fileName: fileName) }
        guard Metadata.needsLongHead(meta, fileBytes: head.count) else { return meta }
        var bytes = head
        let wanted = Metadata.bytesRead(limit: Metadata.longHeadBytes)
        // Fewer bytes than asked for is the whole file.
        if head.count >= FileScanner.headCheckBytes && head.count < wanted {
            var opened: (id: FileScanner.FileID, stamp: FileStamp)?
            if case .bytes(let longer, _) = FileScanner.read(file.location, followLinks: file.followLinks, maxBytes: maxBytes,
                                                             prefix: wanted, opened: &opened) {
                bytes = longer
            }
        }
        return bytes.withUnsafeBufferPointer { Metadata.heading(utf8: $0, limit: Metadata.longHeadBytes, format: format, fileName: fileName) }
    }

    /// Whether `other` lists the same articles in the same order: it is this corpus with its
    /// word counts made (`countingWords`), or this one is `other`'s.
    public func isSameList(as other: Corpus) -> Bool { lineage === other.lineage }

    /// This corpus with every article's words counted, and the notes on invalid bytes made
    /// (itself when nothing was pending): each text read again, whole, on a thread a core (it
    /// runs while the reader is in use: on the first screen's 16 reading threads, the first
    /// keys waited up to 50 ms), each count handed to `feed` as it is made. The articles stay as they are: a file gone
    /// or unreadable since the list was made keeps its article, with no words and no stamp (the
    /// next start reads it again).
    public func countingWords(into feed: WordCountFeed? = nil) -> Corpus {
        guard wordsPending else { return self }
        let records = self.records, maxBytes = options.maxFileBytes
        // Each article's record (the others are skipped files).
        let places = records.indices.filter { records[$0].article != nil }
        let slots = ResultSlots<ScanRecord>(count: places.count)
        Corpus.parallelThreads(places.count, threads: options.threads) { i in
            var record = records[places[i]]
            if case .article(var article, let invalid) = record.outcome, article.format != .html {
                var counted = (words: 0, invalid: invalid)
                if case .bytes(let bytes, _) = FileScanner.read(article.location, followLinks: true, maxBytes: maxBytes) {
                    counted = bytes.withUnsafeBufferPointer { Metadata.countWordsAndInvalidBytes(utf8: $0) }
                } else {
                    // Not counted: no stamp, so no later start takes the 0 from the cache (a file
                    // unreadable for a moment keeps its stamp).
                    record.stamp = nil
                }
                article.words = counted.words
                record.outcome = .article(article, invalidBytes: counted.invalid)
            }
            slots[i] = record
            feed?.add(i, record.article?.words ?? 0)
        }
        var counted = records
        for (i, record) in slots.values.enumerated() { counted[places[i]] = record }
        let corpus = Corpus.assemble(counted, scanIssues: scanIssues, options: options, lineage: lineage)
        feed?.finish(corpus)
        return corpus
    }
}

/// Word counts of some articles (by index in the corpus), as they were made.
public struct WordCounts: Equatable, Sendable {
    public var articles: [Int] = []
    public var words: [Int] = []
    public init(articles: [Int] = [], words: [Int] = []) {
        self.articles = articles
        self.words = words
    }
}

/// The word counts `Corpus.countingWords` makes, for the reader's loop to take as they come:
/// the counts made since it last looked, then (once) the corpus with every count.
public final class WordCountFeed: Sendable {
    private struct Pending: ~Copyable {
        var counts = WordCounts()
        var corpus: Corpus?
    }
    private let pending = Mutex(Pending())

    public init() {}

    func add(_ article: Int, _ words: Int) {
        pending.withLock { p in
            p.counts.articles.append(article)
            p.counts.words.append(words)
        }
    }

    func finish(_ corpus: Corpus) { pending.withLock { $0.corpus = corpus } }

    /// The counts made since the last call (nil: none), and the counted corpus once it is made
    /// (returned once). The counts of a corpus returned were all returned by then.
    public func take() -> (counts: WordCounts?, corpus: Corpus?) {
        pending.withLock { p in
            let counts = p.counts.articles.isEmpty ? nil : p.counts
            p.counts = WordCounts()
            let corpus = p.corpus
            p.corpus = nil
            return (counts, corpus)
        }
    }
}
