import Library

/// Each article's absolute path (the key of its reading position, as `PositionStore.key` makes
/// it for a file that is not itself a symbolic link; and how bookmarks name it), and the way
/// back from such a path to the article. Made as they are asked for: a start with a hundred
/// thousand articles does not make them all before its first screen. A cache of what the
/// articles (which never change) give, shared by copies of the state.
final class ArticleKeys {
    let articles: [Article]
    /// Each root as given → its absolute path.
    private var roots: [String: String] = [:]
    private var byPath: [String: Int]?
    private var relativePaths: Set<String>?

    init(_ corpus: Corpus) { articles = corpus.articles }

    private func absoluteRoot(_ root: String) -> String {
        if let known = roots[root] { return known }
        let made = ArticleRef.absolute(root)
        roots[root] = made
        return made
    }

    /// Article `i`'s absolute path.
    func key(_ i: Int) -> String {
        let a = articles[i]
        return ArticleRef(path: a.relativePath, root: absoluteRoot(a.root), hash: "").absolutePath
    }

    /// The article at an absolute path (every article's path made the first time).
    func index(ofAbsolutePath path: String) -> Int? {
        if byPath == nil {
            var made: [String: Int] = [:]
            made.reserveCapacity(articles.count)
            for i in articles.indices { made[key(i)] = i }
            byPath = made
        }
        return byPath?[path]
    }

    /// The same, for one look-up: the articles' paths compared, none made (unless they were already).
    func find(absolutePath path: String) -> Int? {
        if byPath != nil { return index(ofAbsolutePath: path) }
        var rootOf: [String: String?] = [:]
        for (i, a) in articles.enumerated() {
            let relative: String?
            if let known = rootOf[a.root] { relative = known } else {
                let root = absoluteRoot(a.root)
                let prefix = root.hasSuffix("/") ? root : root + "/"
                relative = path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : nil
                rootOf[a.root] = .some(relative)
            }
            if let relative, a.relativePath == relative || (a.relativePath.hasPrefix("/") && a.relativePath == path) { return i }
        }
        return nil
    }

    func contains(relativePath: String) -> Bool {
        if relativePaths == nil { relativePaths = Set(articles.map(\.relativePath)) }
        return relativePaths?.contains(relativePath) == true
    }
}

extension AppState {
    /// The key article `index`'s reading position and read mark are kept under.
    func positionKey(of index: Int) -> String { articleKeys.key(index) }

    /// How far each article was read, in percent, from the saved places: as the list showed it
    /// when it was left (`read`); for a place saved before that was kept, the share of the file
    /// before the top of the screen (so "begun", never "finished"). A place marked unread by
    /// hand (`N`) keeps `read` 0: unread again. Keys of articles not open are kept too (unused).
    static func readProgress(_ saved: [String: SavedPosition], keys: ArticleKeys) -> [String: Int] {
        var progress: [String: Int] = [:]
        for (key, position) in saved where position.read != 0 {
            if let read = position.read {
                progress[key] = read
            } else if let i = keys.index(ofAbsolutePath: key) {
                progress[key] = max(0, min(99, Int(Double(position.offset) * 100 / Double(max(1, keys.articles[i].size)))))
            }
        }
        return progress
    }

    /// The folders as they are now, in place of the list the reader started with (the cache's):
    /// articles added, removed or changed since. Everything kept by article number follows its
    /// article: the list's cursor stays on the same article (on the next one if it is gone), on
    /// the same row of the screen; the filter runs again; the open article stays open (closed,
    /// saying so, if its file is gone); the jump list, the bookmark marks and the read marks
    /// follow. `fresh` may carry its indexes (they are made for it) or none yet.
    mutating func replaceCorpus(_ fresh: Catalog) {
        let old = corpus
        guard fresh.corpus !== old else { return }
        // The list shown with its word counts: nothing moves.
        if fresh.corpus.isSameList(as: old) { return listCounted(fresh.corpus) }
        var newIndex: [RawPath: Int] = [:]
        newIndex.reserveCapacity(fresh.corpus.articles.count)
        for (i, a) in fresh.corpus.articles.enumerated() { newIndex[a.location] = i }
        let moved: [Int?] = old.articles.map { newIndex[$0.location] }
        func map(_ i: Int) -> Int? { i < moved.count ? moved[i] : nil }
        let change = CorpusChange(old: old.articles, new: fresh.corpus.articles, moved: moved)

        // The list: the selected article (or the first one after it still there) and its row.
        let row = list.selection - list.top
        var keep: Int?
        if let at = list.visible.indices.contains(list.selection) ? list.selection : nil {
            keep = list.visible[at...].lazy.compactMap(map).first ?? list.visible[..<at].reversed().lazy.compactMap(map).first
        }
        let restoring = list.restoring.flatMap(map)
        let anchor = list.filter?.anchor.flatMap(map)
        let filterText = list.filter?.text

        catalog = fresh
        articleKeys = ArticleKeys(fresh.corpus)
        for (key, read) in AppState.readProgress(savedPositions, keys: articleKeys) where readProgress[key] == nil { readProgress[key] = read }
        bookmarkedArticles = Set(bookmarks.compactMap { articleKeys.index(ofAbsolutePath: $0.article.absolutePath) })
        list.order = articleOrder(list.order.sort)
        list.restoring = restoring
        if let filterText {
            var filter = ListFilter(articleCount: fresh.corpus.articles.count, anchor: anchor)
            filter.update(filterText, catalog: catalog)
            list.filter = filter
            showInList(filter.articles, keeping: keep)
        } else {
            showInList(Array(fresh.corpus.articles.indices), keeping: keep)
        }
        list.top = max(0, list.selection - row)
        clampList()

        // The open article, and the places to jump back to.
        var gone: String?
        if let r = reading {
            if let i = map(r.index) {
                reading = r.moved(to: i)
            } else {
                gone = old.articles[r.index].path
                reading = nil
                if case .new? = noteEditing?.target { noteEditing = nil }
                navigation.close(.article)
            }
        }
        navigation.remap(map)
        if case .new(let article, let range)? = noteEditing?.target {
            if let i = map(article) { noteEditing?.target = .new(article: i, range: range) } else { noteEditing = nil }
        }
        // People are found again for the new list: what was shown of the old one goes.
        if concordance != nil {
            concordance = nil
            navigation.close(.concordance)
        }
        clampPeopleList()
        if let gone {
            message = .error("\(gone) is no longer there (deleted or renamed since the last run)")
        } else if message == nil, let said = change.description {
            message = .info(said)
        }
    }
}

/// What changed between the list a start showed (the cache's) and the folders as walked.
struct CorpusChange {
    var added = 0, removed = 0, changed = 0

    init(old: [Article], new: [Article], moved: [Int?]) {
        var kept = 0
        for (i, j) in moved.enumerated() {
            guard let j else { removed += 1; continue }
            kept += 1
            let a = old[i], b = new[j]
            if a.title != b.title || a.author != b.author || a.words != b.words || a.size != b.size || a.modified != b.modified
                || a.date != b.date {
                changed += 1
            }
        }
        added = new.count - kept
    }

    /// "The folders changed since the last run: 2 articles added, 1 changed", or nil.
    var description: String? {
        let parts = [(added, "added"), (removed, "removed"), (changed, "changed")].filter { $0.0 > 0 }
        guard let first = parts.first else { return nil }
        return "The folders changed since the last run: " + counted(first.0, "article") + " " + first.1
            + parts.dropFirst().map { ", \(formatCount($0.0)) \($0.1)" }.joined()
    }
}

extension ReadingState {
    /// The same article, now number `index` of the list.
    func moved(to index: Int) -> ReadingState {
        var copy = self
        copy.index = index
        return copy
    }
}

extension Navigation {
    /// A screen that can no longer be shown leaves the screens to go back to (and is left, to the
    /// one below it, if it is shown).
    mutating func close(_ gone: AppState.Screen) {
        stack.removeAll { $0 == gone }
        if screen == gone { goBack() }
    }

    /// Article numbers of another list (nil: the article is gone, and so are places in it).
    mutating func remap(_ map: (Int) -> Int?) {
        func moved(_ places: [JumpPosition]) -> [JumpPosition] {
            places.compactMap { p in
                guard let i = map(p.article) else { return nil }
                var q = p
                q.article = i
                return q
            }
        }
        jumps = moved(jumps)
        forward = moved(forward)
        run = run.flatMap { r in map(r.article).map { Run(hop: r.hop, article: $0) } }
    }
}
