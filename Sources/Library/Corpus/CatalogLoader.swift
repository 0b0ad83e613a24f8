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
            let catalog = loader.makeIndexes()
            loader.finished.withLock { $0 = catalog }
            loader.ready.deliver(catalog)
            loader.done.signal()
        }
        return loader
    }

    private init(paths: [String], options: LoadOptions, cache: CatalogCache?) {
        let cached = cache?.readRecords()
        let scanned = Corpus.scan(paths, options: options, reusing: cached)
        corpus = scanned
        progress = Progress(total: scanned.articles.count)
        self.cache = cache
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

    private func makeIndexes() -> Catalog {
        if source == .cache, let cache, let found = cache.readIndexes(articleCount: corpus.articles.count) {
            progress.advance(by: progress.total)
            return Catalog(corpus: corpus, people: found.people, search: found.search)
        }
        let builder = Catalog.Builder()
        var analyses = corpus.analyze(progress: progress, builder.analyze)
        // Memory freed by the analysis (texts, detection's working space) goes back to the system.
        releaseFreedMemory()
        let catalog = builder.build(corpus, taking: &analyses)
        try? cache?.write(records: corpus.records, people: catalog.people, search: catalog.search)
        return catalog
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
