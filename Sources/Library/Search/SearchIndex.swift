import Dispatch

/// Finds the articles matching a `Query` without reading any article again: built once at load
/// from the analyses the loading threads made (see `SearchIndexBuilder`).
///
///     let builder = SearchIndexBuilder()
///     let (corpus, analyses) = Corpus.load(paths) { builder.analyze($0, $1) }
///     let index = builder.build(articles: corpus.articles, analyses: analyses)
///     let query = try Query.parse(typed, prefixLast: true, lenient: true)
///     let shown = index.articles(matching: query)          // corpus order
///
/// Three fields are indexed, each a `FieldIndex` (sorted vocabulary, postings, forward codes for
/// phrases): the text, the title and the author. Plain words match any of them. Phrases are
/// checked against the forward codes of the candidate articles (those having every word of the
/// phrase), so the list filter never touches files.
public struct SearchIndex: Sendable {
    public let articleCount: Int
    var fields: [FieldIndex]

    static let textField = 0, titleField = 1, authorField = 2

    /// `derivingFollowers`: each field's phrase followers are made from its codes (not when
    /// they were read back with the index).
    init(articleCount: Int, fields: [FieldIndex], derivingFollowers: Bool = true) {
        self.articleCount = articleCount
        self.fields = fields
        if derivingFollowers {
            for f in self.fields.indices { self.fields[f].followers = PhraseFollowers(self.fields[f]) }
        }
    }

    /// An index of no articles.
    public init() {
        self.init(articleCount: 0, fields: (0..<SearchAnalysis.fieldCount).map { _ in FieldIndex(articleCount: 0) })
    }

    /// Bytes the index holds (its arrays' contents).
    public var memoryBytes: Int { fields.reduce(0) { $0 + $1.memoryBytes } }

    /// Where the bytes go, per field (for figures).
    public var memoryDescription: String {
        zip(["text", "title", "author"], fields).map { name, f in
            "\(name): words \(f.termBytes.count + f.termEnds.count * 4), postings \(f.postings.count * 4 + f.postingStarts.count * 4), "
                + "bitsets \(f.bitsets.count * 8) (\(f.denseTerms.count) words), ranks \(f.rankToTerm.count * 8), "
                + "forward \(f.codes.count * 2 + f.joinBits.count * 8 + f.docStarts.count * 8), followers \(f.followers.memoryBytes)"
        }.joined(separator: "; ")
    }

    /// Distinct words of the text field (for figures).
    public var vocabularySize: Int { fields[Self.textField].termCount }

    // MARK: Evaluating

    /// Finds the articles a person's name refers to: `name` as typed after `person:`,
    /// `isPrefix` when it is the last word being typed. Returns the article indices mentioning a
    /// matching person (in any order, repeats allowed), or nil when no known person matches the name.
    public typealias PersonResolver = (_ name: String, _ isPrefix: Bool) -> [Int]?

    /// The articles matching `query`, in corpus order.
    public func articles(matching query: Query, people: PersonResolver? = nil) -> [Int] {
        evaluate(query, people: people).articles
    }

    /// The articles matching `query` (in corpus order), with notes for the user such as
    /// "person: needs the people index".
    ///
    /// `within`: when the caller knows the answer lies inside an earlier result (see
    /// `Query.narrows(_:)`: the user typed more of the same query), pass that result and only
    /// those articles are considered, which makes phrase checks cheaper.
    public func evaluate(_ query: Query, people: PersonResolver? = nil, within: [Int]? = nil) -> SearchResult {
        var evaluator = Evaluator(index: self, query: query, people: people)
        var limit: DocSet?
        if let within { limit = DocSet(count: articleCount, members: within) }
        let set = evaluator.evaluate(query.root, within: limit)
        return SearchResult(articles: set.members, notes: evaluator.notes)
    }

    /// The articles where `term` occurs (ignoring whether it is excluded).
    func documents(of term: QueryTerm, within: DocSet?) -> DocSet {
        var set = DocSet(count: articleCount)
        let wanted: [Int]
        switch term.field {
        case .any: wanted = [Self.textField, Self.titleField, Self.authorField]
        case .title: wanted = [Self.titleField]
        case .author: wanted = [Self.authorField]
        case .person: return set
        }
        for f in wanted { fields[f].documents(of: term, within: within, into: &set) }
        if let within { set.formIntersection(within) }
        return set
    }
}

/// What `SearchIndex.evaluate` found.
public struct SearchResult: Sendable, Equatable {
    /// Matching articles, in corpus order.
    public var articles: [Int]
    /// Things to tell the user (one line each), e.g. that `person:` had no people index.
    public var notes: [String]
}

extension FieldIndex {
    /// Adds to `set` the articles whose field has `term` (word or phrase).
    /// `threads` and `parallelMinimum`: see `phraseMatches`.
    func documents(of term: QueryTerm, within: DocSet?, into set: inout DocSet,
                   threads: Int = LoadOptions().threads, parallelMinimum: Int = Self.parallelPhraseMinimum) {
        let count = term.parts.count
        if count == 0 || termCount == 0 { return }
        // Resolve each part to a range of sorted words.
        var ranges: [Range<Int>] = []
        for (m, part) in term.parts.enumerated() {
            let r = terms(Array(part.utf8), prefix: term.isPrefix && m == count - 1)
            if r.isEmpty { return }
            ranges.append(r)
        }
        if count == 1 {
            addPostings(ranges[0], to: &set)
            return
        }
        // A phrase: articles with every part, then the forward codes checked.
        var candidates = DocSet(count: articleCount)
        addPostings(ranges[0], to: &candidates)
        for r in ranges.dropFirst() {
            var other = DocSet(count: articleCount)
            addPostings(r, to: &other)
            candidates.formIntersection(other)
        }
        if let within { candidates.formIntersection(within) }
        if candidates.isEmpty { return }
        var parts: [PartCode] = []
        var anchor = -1
        var anchorFrequency = Int.max
        for (m, r) in ranges.enumerated() {
            // A prefix only one word has is that word: it can be the anchor.
            let exact = !(term.isPrefix && m == count - 1) || r.count == 1
            parts.append(PartCode(rank: exact ? Int(termToRank[r.lowerBound]) : -1, terms: r,
                                  joined: m > 0 && term.joins[m - 1]))
            if exact {
                let f = documentFrequency(r.lowerBound)
                if f < anchorFrequency { anchorFrequency = f; anchor = m }
            }
        }
        // A phrase always has an exact part (only the last one can be a prefix).
        if anchor < 0 { return }
        // A word with followers listed, and the part after it (not one joined by an apostrophe).
        let pair = (0..<count - 1).lazy.compactMap { m -> (list: Int, next: PartCode)? in
            guard parts[m].rank >= 0, !parts[m + 1].joined, let k = followers.list(of: parts[m].rank) else { return nil }
            return (k, parts[m + 1])
        }.first
        set.formUnion(phraseMatches(candidates, parts: parts, anchor: anchor, pair: pair, threads: threads, minimum: parallelMinimum))
    }

    /// Whether article `doc` has the phrase: its followers first when a pair of its parts has
    /// them (for two parts they decide), then its text.
    func hasPhrase(doc: Int, parts: [PartCode], anchor: Int, pair: (list: Int, next: PartCode)?) -> Bool {
        if let pair {
            if !followers.has(doc, list: pair.list, followedBy: pair.next, in: self) { return false }
            if parts.count == 2 { return true }
        }
        return hasPhrase(doc: doc, parts: parts, anchor: anchor)
    }

    /// Candidates at least this many are checked on every core, in slices of the bitset.
    static let parallelPhraseMinimum = 1_024

    /// The candidates having the phrase. At least `minimum` are split into consecutive slices of
    /// bitset words, one a thread (up to `threads`), each filling its own slice: the same set
    /// whichever way it is found.
    func phraseMatches(_ candidates: DocSet, parts: [PartCode], anchor: Int, pair: (list: Int, next: PartCode)? = nil,
                       threads: Int, minimum: Int) -> DocSet {
        let slices = candidates.cardinality < minimum ? 1 : max(1, min(threads, 8))
        let wordCount = candidates.words.count
        let found = ResultSlots<[UInt64]>(count: slices)
        let check = { @Sendable (k: Int) in
            let range = wordCount * k / slices..<wordCount * (k + 1) / slices
            var out = [UInt64](repeating: 0, count: range.count)
            for w in range {
                var bits = candidates.words[w]
                while bits != 0 {
                    let d = w << 6 + bits.trailingZeroBitCount
                    if hasPhrase(doc: d, parts: parts, anchor: anchor, pair: pair) { out[w - range.lowerBound] |= 1 << UInt64(d & 63) }
                    bits &= bits - 1
                }
            }
            found[k] = out
        }
        if slices == 1 { check(0) } else { DispatchQueue.concurrentPerform(iterations: slices, execute: check) }
        var set = DocSet(count: articleCount)
        set.words = found.values.flatMap { $0 }
        return set
    }
}

/// Walks a query tree into article sets.
struct Evaluator {
    let index: SearchIndex
    let query: Query
    let people: SearchIndex.PersonResolver?
    var notes: [String] = []
    private var cache: [Int: DocSet] = [:]

    init(index: SearchIndex, query: Query, people: SearchIndex.PersonResolver?) {
        self.index = index
        self.query = query
        self.people = people
    }

    var all: DocSet { DocSet(count: index.articleCount, full: true) }

    mutating func evaluate(_ node: Query.Node, within: DocSet?) -> DocSet {
        switch node {
        case .all:
            return within ?? all
        case .term(let i):
            return term(i, within: within)
        case .or(let nodes):
            var set = DocSet(count: index.articleCount)
            for n in nodes { set.formUnion(evaluate(n, within: within)) }
            return set
        case .not(let inner):
            var set = within ?? all
            set.subtract(evaluate(inner, within: within))
            return set
        case .and(let nodes):
            // Cheap children first (single words), so phrases are checked in fewer articles.
            let ordered = nodes.sorted { cost($0) < cost($1) }
            var set = within ?? all
            for n in ordered {
                if set.isEmpty { break }
                set = evaluate(n, within: set)
            }
            return set
        }
    }

    func cost(_ node: Query.Node) -> Int {
        switch node {
        case .all: return 0
        case .term(let i):
            let t = query.terms[i]
            return t.field == .person ? 1 : (t.parts.count > 1 ? 3 : 1)
        case .not(let inner): return cost(inner) + 1
        case .and(let nodes), .or(let nodes): return nodes.map(cost).max() ?? 0
        }
    }

    mutating func term(_ i: Int, within: DocSet?) -> DocSet {
        let t = query.terms[i]
        if t.field == .person {
            var set = DocSet(count: index.articleCount)
            guard let people else {
                note("person:\(t.text) matches nothing: the people index is not available")
                return set
            }
            guard let found = people(t.text, t.isPrefix) else {
                note("person:\(t.text): no one by that name")
                return set
            }
            for d in found where d >= 0 && d < index.articleCount { set.insert(d) }
            if let within { set.formIntersection(within) }
            return set
        }
        if within == nil, let cached = cache[i] { return cached }
        let set = index.documents(of: t, within: within)
        if within == nil { cache[i] = set }
        return set
    }

    mutating func note(_ line: String) {
        if !notes.contains(line) { notes.append(line) }
    }
}

/// Filtering the list as the user types: each text is parsed leniently with its last word as a
/// prefix; when the new query only narrows the previous one (more letters, another word), only
/// the previous result is searched; while the text does not parse, the last good result stays
/// and `error` says why.
public struct LiveFilter: Sendable {
    public private(set) var text = ""
    public private(set) var query: Query?
    /// The articles shown (corpus order) and notes for the user.
    public private(set) var result: SearchResult
    /// Why the current text does not parse (the result is the last good one), or nil.
    public private(set) var error: QueryError?

    /// Everything matches until something is typed.
    public init(articleCount: Int) {
        result = SearchResult(articles: Array(0..<articleCount), notes: [])
    }

    public mutating func update(_ text: String, index: SearchIndex, people: SearchIndex.PersonResolver? = nil) {
        self.text = text
        let parsed: Query
        do {
            parsed = try Query.parse(text, prefixLast: true, lenient: true)
        } catch {
            self.error = error
            return
        }
        error = nil
        let within = query.map { parsed.narrows($0) && !parsed.usesPeople } == true ? result.articles : nil
        result = index.evaluate(parsed, people: people, within: within)
        query = parsed
    }
}
