#if DEBUG
@testable import Library

/// The query parser and the word scanner, with the searches built on them.
enum SearchTargets {
    /// A small fixed corpus to run parsed queries against.
    static let corpus: (articles: [Article], index: SearchIndex) = {
        let docs = [
            ("Putin’s visit", "Ana Ruiz", "Vladimir Putin met José Ruiz in Rostov-on-Don. O'Brien said “no”."),
            ("Ферма", nil, "Пригожин и Шойгу. 東京で会議。 Straße café naïve re:invent U.S. 42"),
            ("", "x", "the a an of OR or - | ( ) \" title: person:"),
        ]
        let builder = SearchIndexBuilder()
        var articles: [Article] = []
        var analyses: [SearchAnalysis] = []
        for (k, d) in docs.enumerated() {
            let a = Article(location: RawPath("/fuzz/\(k).txt"), path: "\(k).txt", format: .text, title: d.0,
                            titleIsDerived: false, author: d.1, words: 0, size: 0, modified: 0)
            articles.append(a)
            analyses.append(builder.analyze(a, ArticleText(d.2)))
        }
        return (articles, builder.build(articles: articles, analyses: analyses))
    }()

    /// Input: flags (prefix matching), then the query's bytes.
    ///
    /// Parsing returns a query or throws a one-line error with a column inside the text; the
    /// tree uses each term once; a query that parses strictly parses the same leniently (which
    /// only forgives); results are articles of the corpus, in order; typing the query character by
    /// character (`LiveFilter`) never traps.
    @Sendable static func query(_ data: UnsafeBufferPointer<UInt8>) {
        var input = FuzzInput(data)
        let flags = input.byte()
        let text = String(decoding: input.rest(), as: UTF8.self)
        let prefix = flags & 1 != 0
        let characters = text.count
        var strict: Query?
        for lenient in [false, true] {
            do {
                let q = try Query.parse(text, prefixLast: prefix, lenient: lenient)
                checkTree(q, text)
                if lenient, let strict {
                    check(strict == q, "\(shown(text)): strict \(strict), lenient \(q)")
                }
                if !lenient { strict = q }
                let n = corpus.articles.count
                let found = corpus.index.articles(matching: q, people: { _, _ in [1] })
                check(found == found.sorted() && Set(found).count == found.count && found.allSatisfy { $0 >= 0 && $0 < n },
                      "\(shown(text)) found \(found)")
                let result = corpus.index.evaluate(q, people: nil, within: lenient ? [0, 2] : nil)
                check(result.articles.allSatisfy { $0 >= 0 && $0 < n }, "\(shown(text)) evaluated to \(result.articles)")
            } catch {
                check(!error.message.isEmpty && !error.message.contains(where: \.isNewline), "\(shown(text)): error \(shown(error.message))")
                check(error.column >= 1 && error.column <= characters + 1, "\(shown(text)): column \(error.column) of \(characters)")
                check(!lenient || error.message.contains(":"), "\(shown(text)): lenient parsing refused it: \(error.message)")
            }
        }
        // As typed into a filter: one character at a time (the first 64).
        var filter = LiveFilter(articleCount: corpus.articles.count)
        var typed = ""
        for c in text.prefix(64) {
            typed.append(c)
            filter.update(typed, index: corpus.index)
            check(filter.result.articles.allSatisfy { $0 >= 0 && $0 < corpus.articles.count }, "filter \(shown(typed))")
        }
    }

    /// The first word of a text as a quoted phrase, parsed.
    static func firstWordQuery(_ text: ArticleText) -> (String, Query)? {
        var first: Range<Int>?
        text.scalars.withUnsafeBufferPointer { buffer in
            var cursor = WordCursor(buffer)
            while first == nil, let w = cursor.next() {
                if cursor.keyCount < 40 { first = w.start..<w.end }
            }
        }
        guard let first else { return nil }
        let phrase = "\"" + text.string(first) + "\""
        do { return (phrase, try Query.parse(phrase)) } catch { fail("the word \(shown(phrase)) does not parse: \(error)") }
    }

    /// Every term appears once in the tree, is excluded exactly under an odd number of NOTs,
    /// and highlights are numbered from 0.
    static func checkTree(_ q: Query, _ text: String) {
        var seen = [Int](repeating: 0, count: q.terms.count)
        func walk(_ node: Query.Node, negated: Bool) {
            switch node {
            case .term(let i):
                check(i >= 0 && i < q.terms.count, "\(shown(text)): term \(i) of \(q.terms.count)")
                seen[i] += 1
                check(q.terms[i].isExcluded == negated, "\(shown(text)): term \(i) excluded \(q.terms[i].isExcluded)")
            case .and(let nodes), .or(let nodes):
                check(!nodes.isEmpty, "\(shown(text)): empty AND/OR")
                for n in nodes { walk(n, negated: negated) }
            case .not(let n): walk(n, negated: !negated)
            case .all: check(q.terms.isEmpty, "\(shown(text)): ALL with terms")
            }
        }
        walk(q.root, negated: false)
        check(seen.allSatisfy { $0 == 1 }, "\(shown(text)): terms used \(seen) times in \(q)")
        for t in q.terms {
            check(!t.parts.isEmpty || t.field == .person, "\(shown(text)): a term with no words")
            check(t.joins.count == max(0, t.parts.count - 1), "\(shown(text)): \(t.parts.count) parts, \(t.joins.count) joins")
            if let h = t.highlight { check(h >= 0 && h < q.highlightCount, "\(shown(text)): highlight \(h)") }
        }
        _ = q.description
    }

    /// Input: the text's bytes (any bytes).
    ///
    /// The scanner ends (`-timeout`), its words are in order, disjoint, inside the text, start
    /// with a letter or digit, hold only letters, digits and ignorable marks, and are maximal;
    /// each word's folded key is letters and digits only. Searching for a word of the text
    /// (`reader search` over the file's bytes) finds it; the index is checked the same way by the
    /// cache target, which builds one anyway (a build starts threads: too slow for every input).
    @Sendable static func words(_ data: UnsafeBufferPointer<UInt8>) {
        let bytes = Array(data)
        let text = ArticleText(utf8: bytes)
        let s = text.scalars
        var words: [(start: Int, end: Int, key: [Unicode.Scalar])] = []
        s.withUnsafeBufferPointer { buffer in
            WordScanner.scan(buffer) { word, key in
                words.append((word.start, word.end, Array(key)))
                check(words.count <= buffer.count, "more words than scalars")
            }
        }
        var end = 0
        for w in words {
            check(w.start >= end && w.start < w.end && w.end <= s.count, "word \(w.start)..<\(w.end) after \(end) in \(s.count)")
            end = w.end
            let first = WordScanner.kind(s[w.start])
            check(first == .word || first == .ideograph, "word at \(w.start) starts with \(first)")
            for k in w.start..<w.end {
                let kind = WordScanner.kind(s[k])
                check(kind == .word || kind == .ideograph || kind == .ignorable, "word \(w.start)..<\(w.end) holds a \(kind) at \(k)")
            }
            check(!w.key.isEmpty, "word \(w.start)..<\(w.end) has no key")
            for c in w.key {
                let kind = WordScanner.kind(c)
                check(kind == .word || kind == .ideograph, "key of \(w.start)..<\(w.end) holds U+\(String(c.value, radix: 16))")
            }
            // Maximal: what follows cannot continue it.
            if first != .ideograph && w.end < s.count {
                let next = s[w.end]
                let kind = WordScanner.kind(next)
                var folded: [Unicode.Scalar] = []
                Folding.fold(next, into: &folded)
                let continues = kind == .ignorable
                    || (kind == .word && folded.contains { WordScanner.kind($0) == .word || WordScanner.kind($0) == .ideograph })
                check(!continues, "word \(w.start)..<\(w.end) stops before U+\(String(next.value, radix: 16))")
            }
        }

        // A word of the text, searched for as a phrase, finds the text.
        guard let (phrase, query) = firstWordQuery(text) else { return }
        let search = FileSearcher(query: query)
        switch search.search(bytes: bytes, file: FileRef(location: RawPath("/fuzz/a.txt"), path: "a.txt", followLinks: false)) {
        case .matched(let found, let hits, _):
            for h in hits { check(h.range.lowerBound >= 0 && h.range.upperBound <= found.count && !h.range.isEmpty, "hit \(h.range)") }
            check(!hits.isEmpty, "no hit for \(shown(phrase)) in its own text")
        case .noMatch: fail("reader search does not find \(shown(phrase)) in its own text")
        case .skipped: break   // binary or not UTF-8: not searched at all
        }
    }
}
#endif
