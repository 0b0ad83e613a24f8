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
    let blocks = StreamBlocks()

    public init() {}

    /// Per-article analysis, for `Corpus.load(analyze:)`: runs in the loading threads.
    public func analyze(_ article: Article, _ text: ArticleText) -> SearchAnalysis {
        var builder = AnalysisBuilder()
        builder.add(text: text, field: SearchIndex.textField)
        builder.add(text: ArticleText(article.title), field: SearchIndex.titleField)
        builder.add(text: ArticleText(article.author ?? ""), field: SearchIndex.authorField)
        return builder.finish(vocabulary, blocks: blocks, builder: ObjectIdentifier(self))
    }

    /// Lets go of what only analysing needs (the vocabulary's lookup tables), for a build
    /// after every article is analysed; analysing again afterwards makes them again.
    public func analysisDone() {
        vocabulary.releaseLookup()
    }

    /// Merges the analyses (`analyses[i]` for `articles[i]`) into an index, a field per thread.
    public func build(articles: [Article], analyses: [SearchAnalysis]) -> SearchIndex {
        var taken = analyses
        return build(articles: articles, taking: &taken)
    }

    /// The same, emptying `analyses`: the text field, built last, frees the word streams as it
    /// goes, so the streams and the finished index are not both whole in memory at the peak.
    public func build(articles: [Article], taking analyses: inout [SearchAnalysis]) -> SearchIndex {
        let n = min(articles.count, analyses.count)
        let me = ObjectIdentifier(self)
        var mine = (0..<articles.count).map { i in i < n && analyses[i].builder == me ? analyses[i] : SearchAnalysis() }
        analyses = []
        // Freeing is safe when the vocabulary's counts are exact: each analysis this builder
        // made given once (otherwise a field is counted again, which needs the streams).
        var distinct = Set<StreamPlace>()
        for a in mine { if let block = a.block { distinct.insert(StreamPlace(block: ObjectIdentifier(block), offset: a.offset)) } }
        let exact = distinct.count == mine.count(where: { $0.block != nil }) && distinct.count == blocks.handedOut
        let words = vocabulary.words()
        let slots = ResultSlots<FieldIndex>(count: SearchAnalysis.fieldCount)
        Self.buildSmallFields(mine, words: words, into: slots)
        var text = FieldIndexBuilder(field: SearchIndex.textField, analyses: mine, words: words)
        mine = []   // the text builder now holds the only references
        text.releasing = exact
        slots[SearchIndex.textField] = text.build()
        return SearchIndex(articleCount: articles.count, fields: slots.values)
    }

    /// Title and author, a thread each.
    static func buildSmallFields(_ analyses: [SearchAnalysis], words: SharedVocabulary.Words, into slots: ResultSlots<FieldIndex>) {
        DispatchQueue.concurrentPerform(iterations: SearchAnalysis.fieldCount - 1) { k in
            var builder = FieldIndexBuilder(field: k + 1, analyses: analyses, words: words)
            slots[k + 1] = builder.build()
        }
    }

    struct StreamPlace: Hashable {
        var block: ObjectIdentifier
        var offset: Int
    }
}

/// Builds one field's `FieldIndex` from the word streams, in one pass over them: the vocabulary
/// already counted how many articles have each word (as the loading threads numbered the words),
/// which sizes the postings. If the counts do not fit the analyses given (an analysis left out or
/// given twice), they are counted again from the streams.
struct FieldIndexBuilder {
    let field: Int
    var analyses: [SearchAnalysis]
    /// Each analysis dropped once the last pass has read it (see `SearchIndexBuilder.build`).
    var releasing = false
    let words: SharedVocabulary.Words
    /// Which numbers are words.
    let known: [Bool]

    init(field: Int, analyses: [SearchAnalysis], words: SharedVocabulary.Words) {
        self.field = field
        self.analyses = analyses
        self.words = words
        known = (0..<words.count).map(words.has)
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

    /// Calls `body(article, number, joined)` for every word of the field, known or not, in
    /// one last pass: with `releasing`, each analysis is dropped once read (a block of streams
    /// is freed when its last analysis goes).
    @inline(__always)
    mutating func forEachWordLastTime(_ body: (Int, Int, Bool) -> Void) {
        let field = self.field
        for d in analyses.indices {
            let a = analyses[d]
            if releasing { analyses[d] = SearchAnalysis() }
            a.forEachWord(field: field) { number, joined in body(d, number, joined) }
        }
    }

    mutating func build() -> FieldIndex {
        let numbers = words.count
        let counted = (0..<numbers).map { known[$0] ? words.articleCount($0, field: field) : 0 }
        if let index = build(articlesPerWord: counted) { return index }
        // Count again, exactly.
        var lastArticle = [Int32](repeating: -1, count: numbers)
        var df = [UInt32](repeating: 0, count: numbers)
        forEachWord { d, w, _ in
            if lastArticle[w] != Int32(d) { lastArticle[w] = Int32(d); df[w] += 1 }
        }
        return build(articlesPerWord: df)!
    }

    /// The index, or nil when `df` (articles per word number) does not match the streams.
    mutating func build(articlesPerWord df: [UInt32]) -> FieldIndex? {
        let n = analyses.count
        let numbers = words.count
        var index = FieldIndex(articleCount: n)

        // 1. This field's vocabulary, sorted bytewise.
        var present: [Int] = []
        for w in 0..<numbers where df[w] > 0 && known[w] { present.append(w) }
        words.withBytes { b in
            present.sort { x, y in
                let p = words.place(x), q = words.place(y)
                return UnsafeBufferPointer(rebasing: b[p.shard][p.range]).lexicographicallyPrecedes(UnsafeBufferPointer(rebasing: b[q.shard][q.range]))
            }
            for w in present {
                let p = words.place(w)
                index.termBytes.append(contentsOf: UnsafeBufferPointer(rebasing: b[p.shard][p.range]))
                index.termEnds.append(UInt32(index.termBytes.count))
            }
        }

        // 2. Ranks for the forward codes, by how many articles have the word (close enough to
        // how often it occurs).
        index.rank { Int(df[present[$0]]) }

        // 3. Where each word's postings go: a sorted array, or a bitset where that is smaller.
        let bitsetWords = index.bitsetWords
        let (denseSlotOf, total) = index.placePostings { Int(df[present[$0]]) }

        // 4. One pass: postings, forward codes, joins. What a word needs here is kept in one
        // record by its number: at 100,000 articles the vocabulary's tables leave the caches,
        // and a word then costs one miss instead of one for each table.
        var postings = [UInt32](repeating: 0, count: total)
        var bitsets = [UInt64](repeating: 0, count: index.denseTerms.count * bitsetWords)
        var slots = [WordSlot](repeating: WordSlot(), count: numbers)
        for w in 0..<numbers where known[w] { slots[w].end = WordSlot.absent }
        for (s, w) in present.enumerated() {
            slots[w].rank = index.termToRank[s]
            if denseSlotOf[s] >= 0 {
                slots[w].next = UInt32(denseSlotOf[s])
                slots[w].end = WordSlot.dense
            } else {
                slots[w].next = index.postingStarts[s]
                slots[w].end = index.postingStarts[s + 1]
            }
        }
        var wordCount = 0
        for a in analyses { wordCount += a.wordCount(field: field) }
        var codes: [UInt16] = []
        codes.reserveCapacity(wordCount + wordCount / 16)
        var joinBits: [UInt64] = []
        joinBits.reserveCapacity((wordCount + wordCount / 16 + 63) >> 6)
        var docStarts = [UInt64](repeating: 0, count: n + 1)
        var fits = true
        var previous = -1
        slots.withUnsafeMutableBufferPointer { slots in
            forEachWordLastTime { d, w, joined in
                guard w < slots.count, slots[w].end != WordSlot.unknown else { return }
                if d != previous {
                    for k in (previous + 1)...d { docStarts[k] = UInt64(codes.count) }
                    previous = d
                }
                guard slots[w].end != WordSlot.absent else { fits = false; return }
                if slots[w].last != Int32(d) {
                    slots[w].last = Int32(d)
                    if slots[w].end == WordSlot.dense {
                        bitsets[Int(slots[w].next) * bitsetWords + d >> 6] |= 1 << UInt64(d & 63)
                    } else if slots[w].next < slots[w].end {
                        postings[Int(slots[w].next)] = UInt32(d)
                        slots[w].next += 1
                    } else {
                        fits = false
                    }
                }
                FieldIndex.appendWord(rank: Int(slots[w].rank), joined: joined, to: &codes, &joinBits)
            }
        }
        for k in (previous + 1)...n { docStarts[k] = UInt64(codes.count) }
        // Every sparse list filled exactly, every dense word in as many articles as counted.
        guard fits, present.allSatisfy({ slots[$0].end == WordSlot.dense || slots[$0].next == slots[$0].end }) else { return nil }
        for (slot, s) in index.denseTerms.enumerated() {
            var count = 0
            for k in 0..<bitsetWords { count += bitsets[slot * bitsetWords + k].nonzeroBitCount }
            if count != Int(df[present[Int(s)]]) { return nil }
        }
        if codes.capacity > codes.count + codes.count / 8 { codes = codes.withUnsafeBufferPointer { Array($0) } }
        index.postings = Column(postings)
        index.bitsets = Column(bitsets)
        index.codes = Column(codes)
        index.docStarts = Column(docStarts)
        while joinBits.count < (codes.count + 63) >> 6 { joinBits.append(0) }
        index.joinBits = Column(joinBits)
        return index
    }
}

/// What the last pass of `FieldIndexBuilder.build` needs of a word, by its number: the last
/// article it was seen in, its rank for the forward codes, and where its next posting goes
/// (`next` up to `end`), or its bitset (`next`, with `end` `dense`).
struct WordSlot {
    /// Not a word of the vocabulary: skipped.
    static let unknown = UInt32.max
    /// A word the counts did not expect in this field.
    static let absent = UInt32.max - 1
    /// A word whose articles go in a bitset.
    static let dense = UInt32.max - 2
    var last: Int32 = -1
    var rank: UInt32 = 0
    var next: UInt32 = 0
    var end: UInt32 = WordSlot.unknown
}

extension FieldIndex {
    /// Ranks for the forward codes (`rankToTerm`, `termToRank`) by how many articles have each
    /// sorted word (`articles(word)`: close enough to how often it occurs), ties by word.
    mutating func rank(articles: (Int) -> Int) {
        let vocabulary = termCount
        var byFrequency = Array(0..<vocabulary)
        byFrequency.sort { articles($0) != articles($1) ? articles($0) > articles($1) : $0 < $1 }
        var rankToTerm = [UInt32](repeating: 0, count: vocabulary)
        var termToRank = [UInt32](repeating: 0, count: vocabulary)
        for (rank, s) in byFrequency.enumerated() {
            rankToTerm[rank] = UInt32(s)
            termToRank[s] = UInt32(min(rank, FieldIndex.maxRank - 1))
        }
        self.rankToTerm = Column(rankToTerm)
        self.termToRank = Column(termToRank)
    }

    /// Where each sorted word's postings go, given how many articles have it: a sorted array
    /// (`postingStarts`), or a bitset where that is smaller (`denseTerms`). Returns each word's
    /// bitset slot (-1: an array) and the arrays' total length.
    mutating func placePostings(articles: (Int) -> Int) -> (denseSlotOf: [Int32], total: Int) {
        let vocabulary = termCount
        var denseSlotOf = [Int32](repeating: -1, count: vocabulary)
        var postingStarts = [UInt32](repeating: 0, count: vocabulary + 1)
        var denseTerms = self.denseTerms.array
        var total = 0
        for s in 0..<vocabulary {
            postingStarts[s] = UInt32(total)
            let count = articles(s)
            if count * 4 > bitsetWords * 8 {
                denseSlotOf[s] = Int32(denseTerms.count)
                denseTerms.append(UInt32(s))
            } else {
                total += count
            }
        }
        postingStarts[vocabulary] = UInt32(total)
        self.postingStarts = Column(postingStarts)
        self.denseTerms = Column(denseTerms)
        return (denseSlotOf, total)
    }

    /// Appends a word of the forward index: its code (one unit, or two for rare words) and
    /// whether it is joined to the one before by an apostrophe.
    @inline(__always)
    static func appendWord(rank: Int, joined: Bool, to codes: inout [UInt16], _ joinBits: inout [UInt64]) {
        if joined {
            let u = codes.count
            while joinBits.count <= u >> 6 { joinBits.append(0) }
            joinBits[u >> 6] |= 1 << UInt64(u & 63)
        }
        if rank < directLimit {
            codes.append(UInt16(rank))
        } else {
            let extra = rank - directLimit
            codes.append(UInt16(directLimit + extra >> 12))
            codes.append(UInt16(directLimit + extra & 0xFFF))
        }
    }
}
