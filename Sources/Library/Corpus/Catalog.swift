/// A loaded corpus with everything reader knows about it: the articles, the people they mention
/// (linked across articles) and the search index. Built in one pass over the texts, on all cores.
public struct Catalog: Sendable {
    public let corpus: Corpus
    public let people: PeopleIndex
    public let search: SearchIndex

    public init(corpus: Corpus, people: PeopleIndex, search: SearchIndex) {
        self.corpus = corpus
        self.people = people
        self.search = search
    }

    /// A catalog whose indexes are not built yet: the articles only, no people, an empty index.
    public init(unindexed corpus: Corpus) {
        self.init(corpus: corpus, people: PeopleIndex.build(articleCount: corpus.articles.count, mentions: []),
                  search: SearchIndex())
    }

    /// What one pass over an article's text yields (computed in the loading threads).
    public struct Analysis: Sendable {
        public var people: PeopleIndex.Summary
        public var search: SearchAnalysis
    }

    /// Analyses articles in the loading threads, then builds the indexes from what they found.
    public final class Builder: Sendable {
        let search = SearchIndexBuilder()
        public init() {}

        public func analyze(_ article: Article, _ text: ArticleText) -> Analysis {
            // Boiled down here, in the loading threads, so that ten thousand articles' worth of
            // analyses stay small until the indexes are built.
            Analysis(people: PeopleIndex.Summary(PeopleDetector.detect(text)), search: search.analyze(article, text))
        }

        public func build(_ corpus: Corpus, _ analyses: [Analysis]) -> Catalog {
            var taken = analyses
            return build(corpus, taking: &taken)
        }

        /// The same, emptying `analyses` as it goes: each part is freed as soon as its index is
        /// built, which keeps the peak memory of a large corpus down.
        public func build(_ corpus: Corpus, taking analyses: inout [Analysis]) -> Catalog {
            build(corpus, taking: &analyses, keepingSummaries: false).catalog
        }

        /// The same; with `keepingSummaries`, also the people summaries as the cache keeps them
        /// (`PeopleIndex.Summary.serialize`).
        public func build(_ corpus: Corpus, taking analyses: inout [Analysis], keepingSummaries: Bool) -> (catalog: Catalog, summaries: [UInt8]?) {
            var summaries = analyses.map(\.people)
            var searches = analyses.map(\.search)
            analyses = []
            let bytes = keepingSummaries ? PeopleIndex.Summary.serialize(summaries) : nil
            let people = PeopleIndex.build(articleCount: corpus.articles.count, taking: &summaries)
            releaseFreedMemory()
            let index = search.build(articles: corpus.articles, taking: &searches)
            releaseFreedMemory()
            return (Catalog(corpus: corpus, people: people, search: index), bytes)
        }
    }

    /// Loads and analyses every article under `paths`.
    public static func load(_ paths: [String], options: LoadOptions = LoadOptions()) -> Catalog {
        let builder = Builder()
        let (corpus, analyses) = Corpus.load(paths, options: options, analyze: builder.analyze)
        return builder.build(corpus, analyses)
    }

    /// A catalog of texts in memory (tests, examples).
    public init(documents: [(path: String, text: String)]) {
        let corpus = Corpus(documents: documents)
        let builder = Builder()
        let analyses = corpus.articles.indices.map { i in builder.analyze(corpus.articles[i], try! corpus.text(of: i).get()) }
        self = builder.build(corpus, analyses)
    }

    /// `person:NAME` in queries: the articles that mention the people a name matches.
    public var personResolver: SearchIndex.PersonResolver {
        let people = self.people
        return { name, isPrefix in
            let ids = isPrefix ? people.people(matching: name) : people.people(named: name)
            return ids.isEmpty ? nil : people.articles(mentioningAny: ids)
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// Gives memory freed by a large build back to the system (glibc keeps it otherwise, and the
/// process would look as large as its peak for the rest of the session).
func releaseFreedMemory() {
    #if canImport(Glibc)
    typealias Trim = @convention(c) (Int) -> Int32
    if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") {
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
    }
    #endif
}

/// Large allocations (128 KiB and up: the indexes' arrays, the builders' working arrays) each
/// mapped apart and unmapped when freed, as glibc does at first. Left alone, glibc raises that
/// threshold each time such a block is freed (up to 32 MiB), and the arrays of a large build
/// then land in the heap, where what is freed between them stays in the process: at 10,000
/// articles that held some 5 MB more at the peak of the cold build and while the cache is
/// written. Set once, before loading (`CatalogLoader`).
let largeAllocationsMapped: Void = {
    #if canImport(Glibc)
    typealias Option = @convention(c) (Int32, Int32) -> Int32
    let mmapThreshold: Int32 = -3   // M_MMAP_THRESHOLD
    if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") {
        _ = unsafeBitCast(symbol, to: Option.self)(mmapThreshold, 128 * 1024)
    }
    #endif
}()
