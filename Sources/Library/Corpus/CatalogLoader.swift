import Dispatch
import Synchronization

/// Loads a catalog the way the reader needs it: the article list at once (from the cache where
/// files have not changed), then the people and search indexes in the background — read from the
/// cache when every file is as it was, built on all cores otherwise, and cached for next time.
public final class CatalogLoader: Sendable {
    /// The articles, ready as soon as the loader is made.
    public let corpus: Corpus
    /// Articles analysed so far (building), for progress displays.
    public let progress: Progress
    /// How the indexes are coming: from the cache, or being built.
    public let source: Source
    let cache: CatalogCache?
    /// What the cache recorded, until the indexes are made (for reusing its analyses).
    private let previous: Mutex<[ScanRecord]?>
    /// Articles whose texts were read and analysed to make the indexes (the others' analyses
    /// came from the cache); nil until the indexes are ready.
    public var analysedCount: Int? { analysed.withLock { $0 } }
    private let analysed = Mutex<Int?>(nil)
    private let finished = Mutex<Catalog?>(nil)
    private let done = DispatchSemaphore(value: 0)
    /// The finished catalog for the reader's loop: handed over exactly once (`takeReady`).
    public let ready = Handoff<Catalog>()

    public enum Source: Sendable, Equatable {
        /// Every file is as the cache has it: the indexes are read from it.
        case cache
        /// Some files are new or changed (or there is no cache): the indexes are built.
        case build(reused: Int)
    }

    /// Scans `paths` (reusing the cache's record of unchanged files) and starts the indexes.
    public static func start(paths: [String], options: LoadOptions = LoadOptions(), cache: CatalogCache?) -> CatalogLoader {
        let loader = CatalogLoader(paths: paths, options: options, cache: cache)
        DispatchQueue.global().async {
            let (catalog, save) = loader.makeIndexes()
            loader.finished.withLock { $0 = catalog }
            loader.ready.deliver(catalog)
            // Cached once the reader has them (`wait` waits for this too).
            save()
            loader.done.signal()
        }
        return loader
    }

    private init(paths: [String], options: LoadOptions, cache: CatalogCache?) {
        var problem: LoadIssue?
        let cached = cache?.readRecords(problem: &problem)
        let scanned = Corpus.scan(paths, options: options, reusing: cached, notes: problem.map { [$0] } ?? [])
        corpus = scanned
        progress = Progress(total: scanned.articles.count)
        self.cache = cache
        previous = Mutex(cached)
        if let cached, cached == scanned.records {
            source = .cache
        } else {
            let reused = cached.map { old in
                let oldSet = Set(old.map(\.location))
                return scanned.records.filter { oldSet.contains($0.location) }.count
            } ?? 0
            source = .build(reused: reused)
        }
    }

    /// The finished catalog, once the indexes are ready (nil until then). The reader's loop
    /// takes it from `ready` instead: one hand-off, which no timing can lose.
    public var catalog: Catalog? { finished.withLock { $0 } }

    /// Waits for the indexes (command-line use).
    public func wait() -> Catalog {
        done.wait()
        done.signal()
        return catalog!
    }

    /// The indexes, and how to cache them (done once the reader has them).
    private func makeIndexes() -> (Catalog, save: () -> Void) {
        let previous = self.previous.withLock { records in
            defer { records = nil }
            return records
        }
        if source == .cache, let cache, let found = cache.readIndexes(articleCount: corpus.articles.count) {
            progress.advance(by: progress.total)
            analysed.withLock { $0 = 0 }
            return (Catalog(corpus: corpus, people: found.people, search: found.search), {})
        }
        if let made = updatedIndexes(previous) { return made }
        let builder = Catalog.Builder()
        var analyses = corpus.analyze(progress: progress, builder.analyze)
        analysed.withLock { $0 = corpus.articles.count }
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
    private func updatedIndexes(_ previous: [ScanRecord]?) -> (Catalog, save: () -> Void)? {
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
        // patched on another, which then also serialises the summaries for the cache.
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
        let serialized = search == nil ? nil : gathered[0].map(PeopleIndex.Summary.serialize)
        group.wait()
        guard let search, let people = linked[0], let serialized else { return nil }
        progress.advance(by: progress.total)
        analysed.withLock { $0 = fresh.count }
        return (Catalog(corpus: corpus, people: people, search: search), { [corpus] in
            try? cache.write(records: corpus.records, people: people, search: search, summaries: serialized)
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
