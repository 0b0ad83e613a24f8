/// A loaded corpus with everything reader knows about it: the articles, and the people they
/// mention (linked across articles). Built in one pass over the texts, on all cores.
public struct Catalog: Sendable {
    public let corpus: Corpus
    public let people: PeopleIndex

    public init(corpus: Corpus, people: PeopleIndex) {
        self.corpus = corpus
        self.people = people
    }

    /// What one pass over an article's text yields (computed in the loading threads).
    public struct Analysis: Sendable {
        public var mentions: [EntityMention]
    }

    public static func analyze(_ article: Article, _ text: ArticleText) -> Analysis {
        Analysis(mentions: PeopleDetector.detect(text))
    }

    /// Loads and analyses every article under `paths`.
    public static func load(_ paths: [String], options: LoadOptions = LoadOptions()) -> Catalog {
        let (corpus, analyses) = Corpus.load(paths, options: options, analyze: analyze)
        return build(corpus, analyses)
    }

    public static func build(_ corpus: Corpus, _ analyses: [Analysis]) -> Catalog {
        let people = PeopleIndex.build(articles: corpus.articles, mentions: analyses.map(\.mentions))
        return Catalog(corpus: corpus, people: people)
    }

    /// A catalog of texts in memory (tests, examples).
    public init(documents: [(path: String, text: String)]) {
        let corpus = Corpus(documents: documents)
        let analyses = corpus.articles.indices.map { i in Catalog.analyze(corpus.articles[i], try! corpus.text(of: i).get()) }
        self = Catalog.build(corpus, analyses)
    }
}
