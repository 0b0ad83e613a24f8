import Library

/// The effects that read files, carried out for the reducers (which read none): an article's
/// text as its file is now, concordance context lines, the hash that finds a bookmark's moved
/// article. Each result comes back as an action. The runner calls this after every action, and
/// so does the tests' screen driver, against the same corpus.
public enum FileReads {
    /// The action that brings back what `effect` asked to read; nil for effects that do not read.
    public static func perform(_ effect: Effect, corpus: Corpus) -> Action? {
        switch effect {
        case .loadArticle(let index, let arrival):
            return .articleLoaded(index, load(index, corpus), then: arrival)
        case .loadContexts(let person, let requests, let width):
            var contexts: [Int: ConcordanceState.Context] = [:]
            var texts: [Int: ArticleText] = [:]
            for request in requests {
                if texts[request.article] == nil, case .success(let text) = corpus.text(of: request.article) {
                    texts[request.article] = text
                }
                guard let text = texts[request.article], request.range.upperBound <= text.count else { continue }
                let line = ContextLine(around: request.range, in: text, width: width, lead: width / 2)
                let parts = line.parts(of: request.range, in: text)
                contexts[request.entry] = .init(before: parts.before, mention: parts.match, after: parts.after)
            }
            return .contextsLoaded(person: person, contexts)
        case .findBookmarkArticle(let bookmark, let candidates):
            let found = candidates.first { i in
                (try? corpus.text(of: i).get()).map { ArticleRef.hash(of: $0) == bookmark.article.hash } == true
            }
            return .bookmarkArticleFound(bookmark, found)
        case .savePosition, .addBookmark, .updateBookmark, .deleteBookmark, .undoDeleteBookmark, .openLink:
            return nil
        }
    }

    /// An article's text as its file is now, with its bookmark reference and position key.
    static func load(_ index: Int, _ corpus: Corpus) -> Result<LoadedArticle, Corpus.TextError> {
        corpus.currentText(of: index).map { current in
            let article = corpus.articles[index]
            return LoadedArticle(text: current.text, changed: current.changed, ref: ArticleRef(article: article, text: current.text),
                                 positionKey: PositionStore.key(for: article.location))
        }
    }
}
