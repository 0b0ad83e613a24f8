import Dispatch

/// Builds a `SearchIndex` from the analyses of the loading threads:
///
///     let builder = SearchIndexBuilder()
///     let (corpus, analyses) = Corpus.load(paths) { builder.analyze($0, $1) }
///     let index = builder.build(articles: corpus.articles, analyses: analyses)
///
/// The builder owns the vocabulary the analyses number their words in (shared by the loading
/// threads), so the analyses stay small (about 1.5 bytes a word) until the build. Analyses made
/// by another builder count as empty articles.
public final class SearchIndexBuilder: Sendable {
    let vocabulary = SharedVocabulary()

    public init() {}

    /// Per-article analysis, for `Corpus.load(analyze:)`: runs in the loading threads.
    public func analyze(_ article: Article, _ text: ArticleText) -> SearchAnalysis {
        var builder = AnalysisBuilder()
        builder.add(text: text, field: SearchIndex.textField)
        builder.add(text: ArticleText(article.title), field: SearchIndex.titleField)
        builder.add(text: ArticleText(article.author ?? ""), field: SearchIndex.authorField)
        return builder.finish(vocabulary, builder: ObjectIdentifier(self))
    }

    /// Merges the analyses (`analyses[i]` for `articles[i]`) into an index, a field per thread.
    public func build(articles: [Article], analyses: [SearchAnalysis]) -> SearchIndex {
        let n = min(articles.count, analyses.count)
        let me = ObjectIdentifier(self)
        let mine = (0..<articles.count).map { i in i < n && analyses[i].builder == me ? analyses[i] : SearchAnalysis() }
        let words = vocabulary.words()
        let slots = ResultSlots<FieldIndex>(count: SearchAnalysis.fieldCount)
        DispatchQueue.concurrentPerform(iterations: SearchAnalysis.fieldCount) { f in
            slots[f] = FieldIndexBuilder(field: f, analyses: mine, words: words).build()
        }
        return SearchIndex(articleCount: articles.count, fields: slots.values)
    }
}

/// Builds one field's `FieldIndex` from the word streams.
struct FieldIndexBuilder {
    let field: Int
    let analyses: [SearchAnalysis]
    /// The shared vocabulary: UTF-8 of every word, and each word number's range in it.
    let words: (bytes: [UInt8], ranges: [Range<Int>?])
    /// Which numbers are words.
    let known: [Bool]

    init(field: Int, analyses: [SearchAnalysis], words: (bytes: [UInt8], ranges: [Range<Int>?])) {
        self.field = field
        self.analyses = analyses
        self.words = words
        known = words.ranges.map { $0 != nil }
    }

    /// Calls `body(article, number, joined)` for every word of the field whose number is known.
    @inline(__always)
    func forEachWord(_ body: (Int, Int, Bool) -> Void) {
        known.withUnsafeBufferPointer { known in
            for (d, a) in analyses.enumerated() {
                a.forEachWord(field: field) { number, joined in
                    if number < known.count && known[number] { body(d, number, joined) }
                }
            }
        }
    }

    func build() -> FieldIndex {
        let n = analyses.count
        var index = FieldIndex(articleCount: n)
        let numbers = words.ranges.count

        // 1. How many articles have each word (counted once per article).
        var lastArticle = [Int32](repeating: -1, count: numbers)
        var df = [UInt32](repeating: 0, count: numbers)
        forEachWord { d, w, _ in
            if lastArticle[w] != Int32(d) { lastArticle[w] = Int32(d); df[w] += 1 }
        }

        // 2. This field's vocabulary, sorted bytewise.
        var present: [Int] = []
        for w in 0..<numbers where df[w] > 0 { present.append(w) }
        words.bytes.withUnsafeBufferPointer { b in
            present.sort { x, y in
                UnsafeBufferPointer(rebasing: b[words.ranges[x]!]).lexicographicallyPrecedes(UnsafeBufferPointer(rebasing: b[words.ranges[y]!]))
            }
        }
        let vocabulary = present.count
        var sortedOf = [UInt32](repeating: UInt32.max, count: numbers)
        for (s, w) in present.enumerated() {
            sortedOf[w] = UInt32(s)
            index.termBytes.append(contentsOf: words.bytes[words.ranges[w]!])
            index.termEnds.append(UInt32(index.termBytes.count))
        }

        // 3. Ranks for the forward codes, by how many articles have the word (close enough to
        // how often it occurs).
        var byFrequency = Array(0..<vocabulary)
        byFrequency.sort { df[present[$0]] != df[present[$1]] ? df[present[$0]] > df[present[$1]] : $0 < $1 }
        index.rankToTerm = [UInt32](repeating: 0, count: vocabulary)
        index.termToRank = [UInt32](repeating: 0, count: vocabulary)
        var rankOf = [UInt32](repeating: 0, count: numbers)
        for (rank, s) in byFrequency.enumerated() {
            let r = UInt32(min(rank, FieldIndex.maxRank - 1))
            index.rankToTerm[rank] = UInt32(s)
            index.termToRank[s] = r
            rankOf[present[s]] = r
        }

        // 4. Postings: sorted arrays, or bitsets where those are smaller. Codes per article too.
        let bitsetWords = index.bitsetWords
        var denseSlotOf = [Int32](repeating: -1, count: vocabulary)
        index.postingStarts = [UInt32](repeating: 0, count: vocabulary + 1)
        var total = 0
        for s in 0..<vocabulary {
            index.postingStarts[s] = UInt32(total)
            let count = Int(df[present[s]])
            if count * 4 > bitsetWords * 8 {
                denseSlotOf[s] = Int32(index.denseTerms.count)
                index.denseTerms.append(UInt32(s))
            } else {
                total += count
            }
        }
        index.postingStarts[vocabulary] = UInt32(total)
        var postings = [UInt32](repeating: 0, count: total)
        var bitsets = [UInt64](repeating: 0, count: index.denseTerms.count * bitsetWords)
        var cursor = Array(index.postingStarts.dropLast())
        var unitsBefore = [UInt64](repeating: 0, count: n + 1)
        for k in lastArticle.indices { lastArticle[k] = -1 }
        forEachWord { d, w, _ in
            unitsBefore[d + 1] += rankOf[w] < FieldIndex.directLimit ? 1 : 2
            guard lastArticle[w] != Int32(d) else { return }
            lastArticle[w] = Int32(d)
            let s = Int(sortedOf[w])
            let slot = denseSlotOf[s]
            if slot >= 0 {
                bitsets[Int(slot) * bitsetWords + d >> 6] |= 1 << UInt64(d & 63)
            } else {
                postings[Int(cursor[s])] = UInt32(d)
                cursor[s] += 1
            }
        }
        index.postings = postings
        index.bitsets = bitsets
        for d in 0..<n { unitsBefore[d + 1] += unitsBefore[d] }

        // 5. The forward index, exactly sized.
        let unitCount = Int(unitsBefore[n])
        var joinBits = [UInt64](repeating: 0, count: (unitCount + 63) >> 6)
        index.codes = [UInt16](unsafeUninitializedCapacity: unitCount) { out, initialized in
            var u = 0
            forEachWord { _, w, joined in
                let rank = Int(rankOf[w])
                if joined { joinBits[u >> 6] |= 1 << UInt64(u & 63) }
                if rank < FieldIndex.directLimit {
                    out.initializeElement(at: u, to: UInt16(rank))
                    u += 1
                } else {
                    let extra = rank - FieldIndex.directLimit
                    out.initializeElement(at: u, to: UInt16(FieldIndex.directLimit + extra >> 12))
                    out.initializeElement(at: u + 1, to: UInt16(FieldIndex.directLimit + extra & 0xFFF))
                    u += 2
                }
            }
            initialized = u
        }
        index.joinBits = joinBits
        index.docStarts = unitsBefore
        return index
    }
}
