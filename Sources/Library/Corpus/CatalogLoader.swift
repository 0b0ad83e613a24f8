import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Loads a catalog the way the reader needs it: the article list at once, then the people and
/// search indexes in the background — read from the cache when every file is as it was, built on
/// all cores otherwise, and cached for next time.
///
/// With a cache, the list is the cache's, as the last run left it: the folders are walked (and
/// every file's stamp checked) in the background, after the first screen. When that finds files
/// added, removed or changed, the corpus as it is now is handed over (`refreshed`) before its
/// indexes are made; the reader shows it in place of the cached list. Without a usable cache the
/// folders are walked first.
public final class CatalogLoader: Sendable {
    /// The articles, ready as soon as the loader is made: the cache's list when there is one
    /// (see `refreshed`), else the folders as walked.
    public let corpus: Corpus
    /// Articles analysed so far (building), for progress displays.
    public let progress: Progress
    let cache: CatalogCache?
    /// What the cache recorded, until the indexes are made (for reusing its analyses).
    private let previous: Mutex<[ScanRecord]?>
    /// `corpus` is the cache's list: the folders are walked in the background.
    private let listedFromCache: Bool
    private let paths: [String]
    private let options: LoadOptions
    /// The corpus as the walk found it, when it differs from `corpus` (the cache's): handed over
    /// once, before the catalog made for it (`ready`).
    public let refreshed = Handoff<Corpus>()
    /// Articles whose texts were read and analysed to make the indexes (the others' analyses
    /// came from the cache); nil until the indexes are ready.
    public var analysedCount: Int? { analysed.withLock { $0 } }
    private let analysed = Mutex<Int?>(nil)
    private let finished = Mutex<Catalog?>(nil)
    private let done = DispatchSemaphore(value: 0)
    private let checked = Mutex<(corpus: Corpus, source: Source)?>(nil)
    private let checkedSignal = DispatchSemaphore(value: 0)
    private let begun = Atomic<Bool>(false)
    /// The finished catalog for the reader's loop: handed over exactly once (`takeReady`).
    public let ready = Handoff<Catalog>()
    /// When the list was made without its word counts (`countingLater`, no cache): the counts as
    /// they are made, after the first screen and before the indexes, then the corpus with them all.
    public let counts = WordCountFeed()

    public enum Source: Sendable, Equatable {
        /// Every file is as the cache has it: the indexes are read from it.
        case cache
        /// Some files are new or changed (or there is no cache): the indexes are built.
        case build(reused: Int)
    }

    /// Starts loading `paths`: the list now (the cache's, or the folders walked), the rest in the
    /// background — at once, or (`deferred`) when `begin()` is called: the reader calls it once
    /// its first screen is drawn, so that the work on every core does not slow that screen down.
    /// `countingLater`: with no cache, the list is made from the beginnings of the files, its
    /// word counts made in the background first (`counts`): the first screen does not wait for
    /// every file to be read whole.
    public static func start(paths: [String], options: LoadOptions = LoadOptions(), cache: CatalogCache?,
                             deferred: Bool = false, countingLater: Bool = false) -> CatalogLoader {
        let loader = CatalogLoader(paths: paths, options: options, cache: cache, countingLater: countingLater)
        if !deferred { loader.begin() }
        return loader
    }

    /// Starts the background work (walking the folders when the list came from the cache, then
    /// the indexes), once: later calls do nothing. Everything that waits for that work calls it.
    public func begin() {
        guard !begun.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let loader = self
        DispatchQueue.global().async {
            let listed = loader.corpus.countingWords(into: loader.counts)
            let (current, source) = loader.check(listed)
            loader.checked.withLock { $0 = (current, source) }
            loader.checkedSignal.signal()
            let (catalog, save) = loader.makeIndexes(current, source: source)
            loader.finished.withLock { $0 = catalog }
            loader.ready.deliver(catalog)
            // Cached once the reader has them (`wait` waits for this too).
            save()
            loader.done.signal()
        }
    }

    private init(paths: [String], options: LoadOptions, cache: CatalogCache?, countingLater: Bool) {
        largeAllocationsMapped
        var problem: LoadIssue?
        let cached = cache?.readRecords(problem: &problem)
        self.paths = paths
        self.options = options
        self.cache = cache
        previous = Mutex(cached)
        if let cached, let listed = CatalogLoader.listed(cached, paths: paths, options: options) {
            corpus = listed
            listedFromCache = true
        } else {
            corpus = Corpus.scan(paths, options: options, reusing: cached, notes: problem.map { [$0] } ?? [], counting: !countingLater)
            listedFromCache = false
        }
        progress = Progress(total: corpus.articles.count)
    }

    /// The cache's list as a corpus, when it can stand for the folders until they are walked:
    /// it has articles, and every folder named is still there.
    static func listed(_ records: [ScanRecord], paths: [String], options: LoadOptions) -> Corpus? {
        guard records.contains(where: { $0.article != nil }) else { return nil }
        for path in paths {
            var st = stat()
            guard stat(path, &st) == 0 else { return nil }
        }
        return Corpus.assemble(records, scanIssues: [], options: options)
    }

    /// The folders walked (when the list came from the cache): the corpus as it is now (`listed`,
    /// the list shown with its word counts, when nothing changed, else handed over through
    /// `refreshed`), and where its indexes come from.
    private func check(_ listed: Corpus) -> (Corpus, Source) {
        let previous = self.previous.withLock { $0 }
        var current = listed
        if listedFromCache {
            let scanned = Corpus.scan(paths, options: options, reusing: previous)
            if scanned.records != listed.records || scanned.issues != listed.issues {
                current = scanned
                refreshed.deliver(scanned)
            }
        }
        if let previous, previous == current.records { return (current, .cache) }
        let reused = previous.map { old in
            let oldSet = Set(old.map(\.location))
            return current.records.filter { oldSet.contains($0.location) }.count
        } ?? 0
        return (current, .build(reused: reused))
    }

    /// How the indexes are coming: from the cache, or being built. Known once the folders were
    /// checked (this waits for that).
    public var source: Source { checkedResult.source }

    /// The corpus as the folders are now (waits until they were checked): `corpus` (with its
    /// word counts when they were made later), or the one handed over through `refreshed`.
    public var currentCorpus: Corpus { checkedResult.corpus }

    private var checkedResult: (corpus: Corpus, source: Source) {
        if let known = checked.withLock({ $0 }) { return known }
        begin()
        checkedSignal.wait()
        checkedSignal.signal()
        return checked.withLock { $0 }!
    }

    /// The finished catalog, once the indexes are ready (nil until then). The reader's loop
    /// takes it from `ready` instead: one hand-off, which no timing can lose.
    public var catalog: Catalog? { finished.withLock { $0 } }

    /// Waits for the indexes (command-line use).
    public func wait() -> Catalog {
        begin()
        done.wait()
        done.signal()
        return catalog!
    }

    /// The indexes, and how to cache them (done once the reader has them).
    private func makeIndexes(_ corpus: Corpus, source: Source) -> (Catalog, save: () -> Void) {
        let previous = self.previous.withLock { records in
            defer { records = nil }
            return records
        }
        if corpus !== self.corpus { progress.restart(total: corpus.articles.count) }
        if source == .cache, let cache, let found = cache.readIndexes(articleCount: corpus.articles.count) {
            progress.advance(by: progress.total)
            analysed.withLock { $0 = 0 }
            return (Catalog(corpus: corpus, people: found.people, search: found.search), {})
        }
        if let made = updatedIndexes(corpus, previous) { return made }
        let builder = Catalog.Builder()
        var analyses = corpus.analyze(progress: progress, builder.analyze)
        analysed.withLock { $0 = corpus.articles.count }
        // Only the vocabulary's words are read from here on: its lookup tables go now, before
        // the people linking's peak.
        builder.search.analysisDone()
        // Memory freed by the analysis (texts, detection's working space) goes back to the system.
        releaseFreedMemory()
        let (catalog, summaries) = builder.build(corpus, taking: &analyses, keepingSummaries: cache != nil)
        return (catalog, { [cache, corpus] in
            try? cache?.write(records: corpus.records, people: catalog.people, search: catalog.search, summaries: summaries)
        })
    }

    /// The indexes made from the cache's where it has those of an earlier run: unchanged
    /// articles (same file, size, modification time and inode; same title and author) keep what
    /// detection found in them (their people summaries) and their words (in the cached search
    /// index); only the others are read and analysed. People are linked again from every
    /// summary and the search index is patched (`SearchIndex.patched`): both are what a full
    /// rebuild makes. Nil when the cache has nothing to reuse (the fresh analyses made by then
    /// are few, or there was nothing to reuse anyway: they are made again with the rest).
    private func updatedIndexes(_ corpus: Corpus, _ previous: [ScanRecord]?) -> (Catalog, save: () -> Void)? {
        guard let previous, let cache else { return nil }
        var before: [RawPath: (index: Int, stamp: FileStamp, article: Article)] = [:]
        var count = 0
        for record in previous {
            guard let article = record.article else { continue }
            if let stamp = record.stamp { before[record.location] = (count, stamp, article) }
            count += 1
        }
        var sources: [SearchIndex.Source] = [], fresh: [Int] = []
        for record in corpus.records {
            guard let article = record.article else { continue }
            if let stamp = record.stamp, let old = before[record.location], old.stamp == stamp, old.article.title == article.title,
               old.article.author == article.author, old.article.format == article.format {
                sources.append(.kept(old.index))
            } else {
                sources.append(.fresh(fresh.count))
                fresh.append(sources.count - 1)
            }
        }
        guard sources.count == corpus.articles.count, fresh.count < sources.count else { return nil }
        let builder = Catalog.Builder()
        let made = corpus.analyze(articles: fresh, builder.analyze)
        // The summaries are read and linked on one core while the search index is read and
        // patched on another.
        let linked = ResultSlots<PeopleIndex>(count: 1)
        let gathered = ResultSlots<[PeopleIndex.Summary]>(count: 1)
        let summariesGathered = DispatchSemaphore(value: 0)
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { [corpus, count, sources] in
            guard let old = cache.readReusableSummaries(articleCount: count) else {
                summariesGathered.signal()
                return
            }
            let summaries = sources.map { source in
                switch source {
                case .kept(let a): old[a]
                case .fresh(let k): made[k].people
                }
            }
            gathered[0] = summaries
            summariesGathered.signal()
            linked[0] = PeopleIndex.build(articleCount: corpus.articles.count, summaries: summaries)
        }
        let search = cache.readReusableSearch(articleCount: count).flatMap { old in
            SearchIndex.patched(old, fresh: builder.search.build(articles: fresh.map { corpus.articles[$0] }, analyses: made.map(\.search)),
                                sources: sources)
        }
        summariesGathered.wait()
        let summaries = search == nil ? nil : gathered[0]
        group.wait()
        guard let search, let people = linked[0], let summaries else { return nil }
        progress.advance(by: progress.total)
        analysed.withLock { $0 = fresh.count }
        // The summaries are serialised when the cache is written, after the reader has the
        // indexes: not on the way to them.
        return (Catalog(corpus: corpus, people: people, search: search), { [corpus] in
            try? cache.write(records: corpus.records, people: people, search: search,
                             summaries: PeopleIndex.Summary.serialize(summaries))
        })
    }
}


/// A result handed from one thread to another exactly once: `deliver` leaves it, `take` returns
/// it to the first taker after delivery — whether the delivery came before or after the taker
/// first looked — and nil at every other call. There is no separate "ready" flag to read
/// apart from the value, so no timing between the two threads can lose it.
public final class Handoff<Value: Sendable>: Sendable {
    private let slot = Mutex<Slot>(Slot())
    private struct Slot: ~Copyable {
        var value: Value?
        var delivered = false
    }

    public init() {}

    /// Leaves the value for the taker (only the first delivery counts).
    public func deliver(_ value: Value) {
        slot.withLock { slot in
            guard !slot.delivered else { return }
            slot.delivered = true
            slot.value = value
        }
    }

    /// The value if it was delivered and not yet taken; it is taken by this call.
    public func take() -> Value? {
        slot.withLock { slot in
            let value = slot.value
            slot.value = nil
            return value
        }
    }
}
