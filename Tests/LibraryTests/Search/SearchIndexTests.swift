import Foundation
import Testing
import TestSupport
@testable import Library

/// A deliberately simple reference: words by string operations on folded text, queries by
/// walking the tree over every article.
enum BruteForce {
    struct Word: Equatable {
        var key: String
        var joined: Bool
    }

    static func isApostrophe(_ c: Unicode.Scalar) -> Bool {
        ["'", "\u{2019}", "\u{2018}", "\u{201B}", "\u{2BC}", "\u{FF07}"].contains(c)
    }

    static func isIgnorable(_ c: Unicode.Scalar) -> Bool {
        [.format, .nonspacingMark, .enclosingMark].contains(c.properties.generalCategory)
    }

    static func words(_ text: String) -> [Word] { fixJoins(mapped(text)) }

    /// Folded letters, "'" for apostrophes, " " for everything else; ignorables dropped; each
    /// wide letter on its own.
    static func mapped(_ text: String) -> String {
        var mapped = ""
        for c in text.unicodeScalars {
            if isIgnorable(c) { continue }
            if isApostrophe(c) { mapped += "'"; continue }
            let f = Folding.key(String(c))
            if f.unicodeScalars.contains(where: { $0.properties.isAlphabetic || $0.properties.numericType != nil }) {
                if c.value >= 0x2E80 && CellWidth.of(c) == 2 { mapped += " " + f + " " } else { mapped += f }
            } else {
                mapped += " "
            }
        }
        return mapped
    }

    /// Words and joins straight from the mapped string: a word is joined when exactly one
    /// apostrophe separates it from the word before, with nothing else between.
    static func fixJoins(_ mapped: String) -> [Word] {
        var out: [Word] = []
        let chars = Array(mapped)
        var i = 0
        while i < chars.count {
            if chars[i] == " " || chars[i] == "'" { i += 1; continue }
            var j = i
            while j < chars.count && chars[j] != " " && chars[j] != "'" { j += 1 }
            let joined = i >= 2 && chars[i - 1] == "'" && chars[i - 2] != " " && chars[i - 2] != "'"
            out.append(Word(key: String(chars[i..<j]), joined: joined))
            i = j
        }
        return out
    }

    static func has(_ term: QueryTerm, in words: [Word]) -> Bool {
        let n = term.parts.count
        guard n > 0, words.count >= n else { return false }
        for start in 0...(words.count - n) {
            var ok = true
            for m in 0..<n {
                let w = words[start + m]
                let last = m == n - 1
                let matches = term.isPrefix && last ? w.key.hasPrefix(term.parts[m]) : w.key == term.parts[m]
                if !matches || (m > 0 && term.joins[m - 1] && !w.joined) { ok = false; break }
            }
            if ok { return true }
        }
        return false
    }

    struct Doc {
        var text: [Word]
        var title: [Word]
        var author: [Word]
    }

    static func matches(_ query: Query, _ doc: Doc, people: SearchIndex.PersonResolver?, index: Int) -> Bool {
        func eval(_ node: Query.Node) -> Bool {
            switch node {
            case .all: return true
            case .and(let nodes): return nodes.allSatisfy(eval)
            case .or(let nodes): return nodes.contains(where: eval)
            case .not(let n): return !eval(n)
            case .term(let i):
                let t = query.terms[i]
                switch t.field {
                case .any: return has(t, in: doc.text) || has(t, in: doc.title) || has(t, in: doc.author)
                case .title: return has(t, in: doc.title)
                case .author: return has(t, in: doc.author)
                case .person: return people?(t.text, t.isPrefix)?.contains(index) ?? false
                }
            }
        }
        return eval(query.root)
    }
}

@Suite("Search index")
struct SearchIndexTests {
    static let vocabulary = [
        "José", "jose", "JOSE", "Putin", "Putin’s", "putin's", "O'Brien", "o’brien", "O’Brien’s", "straße", "strasse",
        "café", "Cafe", "naïve", "Zoë", "rock'n'roll", "don’t", "don", "t", "a", "an", "the", "theatre", "then",
        "anti-war", "Rostov-on-Don", "Łódź", "lodz", "Prigozhin", "Prigozhin’s", "prig", "Wagner", "wagner-group",
        "Đorđević", "dordevic", "Ærø", "42", "4.2", "x", "Se\u{301}bastien", "pu\u{AD}tin", "東京", "京都", "'tis", "''", "’",
        "Ünal", "unal", "coöperate", "cooperate", "the’", "a’b",
    ]
    static let separators = [" ", " ", " ", "\n", ", ", ". ", " — ", "\n\n", " (", ") ", "-", "'", "’", ""]

    static func randomText(_ rng: inout SplitMix, words: Int) -> String {
        var s = ""
        for _ in 0..<words {
            s += vocabulary[rng.next(vocabulary.count)]
            s += separators[rng.next(separators.count)]
        }
        return s
    }

    static func randomQuery(_ rng: inout SplitMix) -> String {
        let fields = ["", "", "", "", "title:", "author:"]
        func atom() -> String {
            switch rng.next(10) {
            case 0, 1:
                let a = vocabulary[rng.next(vocabulary.count)], b = vocabulary[rng.next(vocabulary.count)]
                return fields[rng.next(fields.count)] + "\"" + a + " " + b + "\""
            case 2:
                let w = vocabulary[rng.next(vocabulary.count)]
                return String(w.prefix(1 + rng.next(3)))
            default:
                return fields[rng.next(fields.count)] + vocabulary[rng.next(vocabulary.count)]
            }
        }
        var parts: [String] = []
        for _ in 0..<(1 + rng.next(3)) {
            var a = atom()
            if rng.next(5) == 0 { a = "-" + a }
            if rng.next(5) == 0 { a = "(" + a + " OR " + atom() + ")" }
            parts.append(a)
        }
        return parts.joined(separator: " ")
    }

    static func corpus(seed: UInt64, count: Int) -> (Corpus, [BruteForce.Doc]) {
        var rng = SplitMix(seed: seed)
        var docs: [(path: String, text: String)] = []
        for i in 0..<count {
            var text = ""
            if rng.next(3) > 0 { text += randomText(&rng, words: 1 + rng.next(5)) + "\n" }
            if rng.next(2) == 0 { text += "By " + ["José García", "Jane O’Brien", "Zoë Ünal", "Ærø Lodz"][rng.next(4)] + "\n" }
            text += "\n" + randomText(&rng, words: rng.next(60))
            docs.append((path: "doc\(i)-\(["putin", "cafe", "x"][rng.next(3)]).txt", text: text))
        }
        let corpus = Corpus(documents: docs)
        let brute = corpus.articles.enumerated().map { i, a in
            BruteForce.Doc(text: BruteForce.words(docs[i].text), title: BruteForce.words(a.title),
                           author: BruteForce.words(a.author ?? ""))
        }
        return (corpus, brute)
    }

    static func index(_ corpus: Corpus) -> SearchIndex {
        let builder = SearchIndexBuilder()
        let analyses = corpus.articles.indices.map { i in
            builder.analyze(corpus.articles[i], try! corpus.text(of: i).get())
        }
        return builder.build(articles: corpus.articles, analyses: analyses)
    }

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func indexAgreesWithBruteForce(seed: UInt64) throws {
        let (corpus, brute) = Self.corpus(seed: seed, count: 40 + Int(seed) * 30)
        let index = Self.index(corpus)
        var rng = SplitMix(seed: seed &* 77)
        var nonEmpty = 0
        for _ in 0..<400 {
            let text = Self.randomQuery(&rng)
            let prefix = rng.next(2) == 0
            let query: Query
            do { query = try Query.parse(text, prefixLast: prefix) } catch { continue }
            let expected = brute.indices.filter { BruteForce.matches(query, brute[$0], people: nil, index: $0) }
            let got = index.articles(matching: query)
            #expect(got == expected, "query \(text) → \(query)")
            if !expected.isEmpty && expected.count < corpus.articles.count { nonEmpty += 1 }
        }
        // The random queries are not all trivial.
        #expect(nonEmpty > 50)
    }

    @Test func serializedIndexAnswersTheSame() throws {
        let (corpus, _) = Self.corpus(seed: 9, count: 150)
        let index = Self.index(corpus)
        let bytes = index.serialize()
        let loaded = try SearchIndex(serialized: bytes, articleCount: corpus.articles.count)
        #expect(loaded.serialize() == bytes)
        var rng = SplitMix(seed: 5)
        for _ in 0..<100 {
            guard let q = try? Query.parse(Self.randomQuery(&rng), prefixLast: true) else { continue }
            #expect(loaded.articles(matching: q) == index.articles(matching: q))
        }
        #expect(throws: SearchIndexError.self) { try SearchIndex(serialized: bytes, articleCount: corpus.articles.count + 1) }
        // In pieces (as the cache writes it): the same bytes, the size announced, the checksum
        // the same over any split.
        var pieces: [UInt8] = []
        var count = 0
        index.serialize { (raw: UnsafeRawBufferPointer) in pieces.append(contentsOf: raw); count += 1 }
        #expect(pieces == bytes && count > 10 && index.serializedSize == bytes.count)
        for _ in 0..<20 {
            var sum = Checksum64(length: bytes.count)
            var at = 0
            while at < bytes.count {
                let next = min(bytes.count, at + Int(rng.next(40)))
                bytes.withUnsafeBytes { sum.update(UnsafeRawBufferPointer(rebasing: $0[at..<next])) }
                at = next
            }
            #expect(sum.finish() == checksum64(bytes))
        }
    }

    /// The cache reads its search part straight from the file into the arrays
    /// (`FilePartReader`): the same index as from bytes, the part's checksum made on the way;
    /// a torn part or bad padding is refused.
    @Test func anIndexReadFromAFilePartIsTheSame() throws {
        let (corpus, _) = Self.corpus(seed: 9, count: 120)
        let bytes = Self.index(corpus).serialize()
        let dir = TempFolder()
        let lead: [UInt8] = [7, 7, 7]                  // the part need not start on a boundary
        try Data(lead + bytes + [9]).write(to: URL(fileURLWithPath: dir.file("part.bin")))
        let fd = open(dir.file("part.bin"), O_RDONLY)
        defer { close(fd) }
        var r = FilePartReader(fd: fd, offset: lead.count, length: bytes.count)
        let read = try SearchIndex(reading: &r, articleCount: corpus.articles.count)
        #expect(r.remaining == 8)
        #expect(try r.u64() == checksum64(bytes, to: bytes.count - 8))
        #expect(r.checksum == checksum64(bytes))
        #expect(read.serialize() == bytes)
        var torn = FilePartReader(fd: fd, offset: lead.count, length: bytes.count / 2)
        #expect(throws: SearchIndexError.self) { try SearchIndex(reading: &torn, articleCount: corpus.articles.count) }
        // The first array (the vocabulary's bytes) is followed by padding: a byte set in it is refused.
        let vocabulary = bytes.withUnsafeBytes { Int(UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: 24, as: UInt64.self))) }
        if vocabulary & 7 != 0 {
            var padded = bytes
            padded[32 + vocabulary] = 1
            try Data(padded).write(to: URL(fileURLWithPath: dir.file("padded.bin")))
            let pfd = open(dir.file("padded.bin"), O_RDONLY)
            defer { close(pfd) }
            var bad = FilePartReader(fd: pfd, offset: 0, length: padded.count)
            #expect(throws: SearchIndexError.self) { try SearchIndex(reading: &bad, articleCount: corpus.articles.count) }
        }
    }

    @Test func aBuildTakingItsAnalysesFreesThemAndAnswersTheSame() throws {
        let (corpus, _) = Self.corpus(seed: 12, count: 90)
        let reference = Self.index(corpus)
        let builder = SearchIndexBuilder()
        var analyses = corpus.articles.indices.map { builder.analyze(corpus.articles[$0], try! corpus.text(of: $0).get()) }
        // One more analysed and left out: the builder's counts no longer fit, and nothing is freed early.
        let extra = builder.analyze(corpus.articles[0], try corpus.text(of: 0).get())
        var copy = analyses
        let leftOut = builder.build(articles: corpus.articles, taking: &copy)
        _ = extra
        let taken = SearchIndexBuilder()
        analyses = corpus.articles.indices.map { taken.analyze(corpus.articles[$0], try! corpus.text(of: $0).get()) }
        let freed = taken.build(articles: corpus.articles, taking: &analyses)
        #expect(analyses.isEmpty)
        var rng = SplitMix(seed: 3)
        for _ in 0..<150 {
            guard let q = try? Query.parse(Self.randomQuery(&rng), prefixLast: true) else { continue }
            #expect(freed.articles(matching: q) == reference.articles(matching: q), "\(q)")
            #expect(leftOut.articles(matching: q) == reference.articles(matching: q), "\(q)")
        }
        #expect(freed.serialize() == reference.serialize())
    }

    /// Words given the same hash (so that only comparing their bytes tells them apart), told
    /// apart only by their last byte, on either side of the 16 bytes compared in place: each its
    /// own entry, found again as itself, and counted in the fields it was met in.
    @Test func vocabularyTellsCollidingWordsApartByTheirBytes() {
        let stems = ["abcdefghijklmno", "abcdefghijklmnop", "abcdefghijklmnopq", "abcdefghijklmnopqrstuvwxyzabcdefghijklm", "abcdefghijklmné", ""]
        var words: [[UInt8]] = []
        for stem in stems { words += [Array((stem + "x").utf8), Array((stem + "y").utf8), Array(stem.utf8)] }
        words.removeLast()   // not the empty word
        var shard = SharedVocabulary.Shard()
        func intern(_ w: [UInt8], fields: UInt8) -> Int {
            w.withUnsafeBufferPointer { shard.intern($0, hash: 0xABCD_EF01_0000_0007, fields: fields) }
        }
        let first = words.map { intern($0, fields: 1) }
        #expect(Set(first).count == words.count)
        for (k, w) in words.enumerated() {
            #expect(intern(w, fields: k % 2 == 0 ? 2 : 5) == first[k], "\(String(decoding: w, as: UTF8.self))")
        }
        for (k, e) in first.enumerated() {
            let counts = shard.entries[e].articles
            #expect([counts.0, counts.1, counts.2] == (k % 2 == 0 ? [1, 1, 0] : [2, 0, 1]))
            #expect(Array(shard.bytes[shard.range(e)]) == words[k])
        }
    }

    /// The vocabulary's lookup tables let go between analyses (`analysisDone`) are made again
    /// when more articles are analysed: the words are numbered as before, and the index is the same.
    @Test func analysingAfterTheLookupWasReleasedGivesTheSameIndex() throws {
        let (corpus, _) = Self.corpus(seed: 13, count: 80)
        let reference = Self.index(corpus)
        let builder = SearchIndexBuilder()
        var analyses: [SearchAnalysis] = []
        for i in corpus.articles.indices {
            if i % 25 == 0 { builder.analysisDone() }
            analyses.append(builder.analyze(corpus.articles[i], try corpus.text(of: i).get()))
        }
        builder.analysisDone()
        #expect(builder.build(articles: corpus.articles, analyses: analyses).serialize() == reference.serialize())
    }

    /// The fuzz input that found it (cache target, mode 3: a search index with its reserved word
    /// set): refused, with or without its checksum checked.
    @Test func fuzzInputWithAReservedWordIsRefused() throws {
        let input = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Fuzz/corpus/cache/mode3-reserved-word")
        let bytes = Array(try Data(contentsOf: input).dropFirst())
        #expect(throws: SearchIndexError.self) { try SearchIndex(serialized: bytes, articleCount: 2, checkSum: false) }
    }

    @Test func damagedIndexThrowsAndNeverCrashes() throws {
        let (corpus, _) = Self.corpus(seed: 11, count: 70)
        let n = corpus.articles.count
        let bytes = Self.index(corpus).serialize()
        #expect(throws: SearchIndexError.self) { try SearchIndex(serialized: [], articleCount: n) }
        #expect(throws: SearchIndexError.self) { try SearchIndex(serialized: Array(bytes.dropLast(9)), articleCount: n) }
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x40
        #expect(throws: SearchIndexError.self) { try SearchIndex(serialized: flipped, articleCount: n) }
        var version = bytes
        version[4] = 9
        #expect(throws: SearchIndexError.self) { try SearchIndex(serialized: version, articleCount: n) }
        // The reserved word after the field count (always written as zero), with a checksum
        // that matches: not a file the writer made (fuzz finding: it read, then wrote back zero).
        var reserved = bytes
        reserved[20] = 2
        let sum = checksum64(reserved, to: reserved.count - 8)
        reserved.replaceSubrange((reserved.count - 8)..., with: withUnsafeBytes(of: sum.littleEndian) { Array($0) })
        #expect(throws: SearchIndexError.self) { try SearchIndex(serialized: reserved, articleCount: n) }
        #expect(throws: SearchIndexError.self) { try SearchIndex(serialized: reserved, articleCount: n, checkSum: false) }
        // Past the checksum: random damage must be caught by the structural checks, or leave an
        // index that still answers without crashing.
        var rng = SplitMix(seed: 3)
        var caught = 0
        for round in 0..<400 {
            var damaged = bytes
            for _ in 0..<(1 + rng.next(4)) {
                let at = 24 + rng.next(damaged.count - 32)
                damaged[at] = UInt8(truncatingIfNeeded: rng.next64())
            }
            if round % 10 == 0 { damaged.removeLast(rng.next(damaged.count)) }
            do {
                let loaded = try SearchIndex(serialized: damaged, articleCount: n, checkSum: false)
                for text in ["jose", "\"putin s\"", "o'brien", "t", "-the a"] {
                    let got = loaded.articles(matching: try Query.parse(text, prefixLast: true))
                    #expect(got.allSatisfy { $0 >= 0 && $0 < n })
                }
            } catch {
                caught += 1
            }
        }
        #expect(caught > 100)
    }

    @Test func buildsFromCorpusLoadThreads() throws {
        let (memory, _) = Self.corpus(seed: 31, count: 120)
        let folder = TempFolder("search-load")
        let dir = folder.path
        for i in memory.articles.indices {
            folder.write(memory.articles[i].path, try memory.text(of: i).get().string)
        }
        let builder = SearchIndexBuilder()
        let (corpus, analyses) = Corpus.load([dir]) { builder.analyze($0, $1) }
        #expect(corpus.articles.map(\.relativePath).sorted() == memory.articles.map(\.path).sorted())
        let loaded = builder.build(articles: corpus.articles, analyses: analyses)
        let reference = Self.index(memory)
        var rng = SplitMix(seed: 8)
        for _ in 0..<100 {
            guard let q = try? Query.parse(Self.randomQuery(&rng), prefixLast: true) else { continue }
            let byName = { (c: Corpus, ids: [Int]) in ids.map { c.articles[$0].fileName }.sorted() }
            #expect(byName(corpus, loaded.articles(matching: q)) == byName(memory, reference.articles(matching: q)), "\(q)")
        }
        // Analyses given twice (the builder's counts no longer fit): counted again, still exact.
        let twice = builder.build(articles: corpus.articles + corpus.articles, analyses: analyses + analyses)
        var rng2 = SplitMix(seed: 9)
        for _ in 0..<50 {
            guard let q = try? Query.parse(Self.randomQuery(&rng2), prefixLast: true) else { continue }
            let once = loaded.articles(matching: q)
            #expect(twice.articles(matching: q) == once + once.map { $0 + corpus.articles.count }, "\(q)")
        }
        // Analyses from another builder count as empty articles.
        let other = SearchIndexBuilder().build(articles: corpus.articles, analyses: analyses)
        #expect(other.articles(matching: try Query.parse("a")) == [])
        #expect(other.articles(matching: try Query.parse("-a")) == Array(corpus.articles.indices))
    }

    @Test func emptyCorpusAndEmptyArticles() throws {
        let empty = SearchIndexBuilder().build(articles: [], analyses: [])
        #expect(empty.articles(matching: try Query.parse("x")) == [])
        #expect(try SearchIndex(serialized: empty.serialize(), articleCount: 0).articleCount == 0)
        let corpus = Corpus(documents: [("a.txt", ""), ("b.txt", "Hello world")])
        let index = Self.index(corpus)
        #expect(index.articles(matching: try Query.parse("hello")) == [1])
        #expect(index.articles(matching: try Query.parse("-hello")) == [0])
        #expect(index.articles(matching: try Query.parse("", lenient: true)) == [0, 1])
    }

    @Test func titlesAuthorsAndPlainWords() throws {
        let corpus = Corpus(documents: [
            ("putin-visit.txt", ""),                             // title from the file name
            ("b.md", "---\ntitle: Harbour strike\nauthor: Zoë Ünal\n---\n\nDockers walked out."),
            ("c.txt", "Harbour news\nBy Jane Doe\n\nNothing about strikes here, Putin said."),
        ])
        let index = Self.index(corpus)
        func find(_ q: String) throws -> [Int] { index.articles(matching: try Query.parse(q)) }
        #expect(corpus.articles[0].title == "putin visit")
        #expect(try find("putin") == [0, 2])
        #expect(try find("visit -title:putin") == [])
        #expect(try find("title:putin") == [0])
        #expect(try find("title:harbour") == [1, 2])
        #expect(try find("author:zoe") == [1])
        #expect(try find("author:\"zoe unal\"") == [1])
        #expect(try find("unal") == [1])
        #expect(try find("author:jane -title:news") == [])
    }

    @Test func personResolver() throws {
        let corpus = Corpus(documents: [("a.txt", "One"), ("b.txt", "Two"), ("c.txt", "Three")])
        let index = Self.index(corpus)
        let q = try Query.parse("person:prig", prefixLast: true)
        let none = index.evaluate(q)
        #expect(none.articles == [])
        #expect(none.notes == ["person:prig matches nothing: the people index is not available"])
        var asked: [(String, Bool)] = []
        let found = index.evaluate(q, people: { name, prefix in asked.append((name, prefix)); return [2, 0, 99] })
        #expect(found.articles == [0, 2])
        #expect(asked.count == 1 && asked[0].0 == "prig" && asked[0].1)
        let unknown = index.evaluate(try Query.parse("person:nobody OR two"), people: { _, _ in nil })
        #expect(unknown.articles == [1])
        #expect(unknown.notes == ["person:nobody: no one by that name"])
    }

    @Test func withinRestrictsToAnEarlierResult() throws {
        let (corpus, _) = Self.corpus(seed: 21, count: 120)
        let index = Self.index(corpus)
        let broad = index.articles(matching: try Query.parse("p", prefixLast: true))
        let narrow = try Query.parse("\"putin s\" p", prefixLast: true)
        #expect(index.evaluate(narrow, within: broad).articles == index.articles(matching: narrow))
        #expect(narrow.narrows(try Query.parse("p", prefixLast: true)))
    }

    @Test func liveFilterEqualsAFreshSearchAtEveryKeystroke() throws {
        let (corpus, _) = Self.corpus(seed: 41, count: 150)
        let index = Self.index(corpus)
        var rng = SplitMix(seed: 12)
        var narrowed = 0
        for _ in 0..<60 {
            let target = Self.randomQuery(&rng)
            var filter = LiveFilter(articleCount: corpus.articles.count)
            var typed = ""
            var steps = Array(target)
            // Now and then a backspace.
            if rng.next(3) == 0, steps.count > 3 { steps.insert("\u{8}", at: rng.next(steps.count)) }
            for ch in steps {
                if ch == "\u{8}" { typed = String(typed.dropLast()) } else { typed.append(ch) }
                let before = filter.query
                filter.update(typed, index: index)
                guard let fresh = try? Query.parse(typed, prefixLast: true, lenient: true) else {
                    #expect(filter.error != nil)
                    continue
                }
                if let before, fresh.narrows(before) { narrowed += 1 }
                #expect(filter.error == nil)
                #expect(filter.result.articles == index.articles(matching: fresh), "\(typed)")
            }
        }
        #expect(narrowed > 100)
    }

    @Test func memoryIsSmallerThanTheText() throws {
        let generator = CorpusGenerator(seed: 3)
        let docs = (0..<300).map { i -> (path: String, text: String) in
            let d = generator.document(i)
            return (d.name, d.text)
        }
        let size = docs.reduce(0) { $0 + $1.text.utf8.count }
        let index = Self.index(Corpus(documents: docs))
        #expect(index.memoryBytes < size / 2, "index \(index.memoryBytes) bytes for \(size) bytes of text")
    }
}
