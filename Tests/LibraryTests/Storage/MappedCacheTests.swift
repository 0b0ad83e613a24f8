import Foundation
import Testing
@testable import Library
import TestSupport

/// Issue 15, memory at a warm start: the cache's people and search indexes are used where they
/// lie in the file (mapped), not copied into the heap. They must answer exactly as the indexes
/// built in memory, and a damaged or truncated cache must be rebuilt, never crash.
@Suite struct MappedCacheTests {
    /// Generated articles in a folder; the catalog built from them, and its search index with
    /// phrase followers made for any size of text (the corpus is small), cached as the reader
    /// caches them.
    static func cached() throws -> (dir: TempFolder, cache: CatalogCache, built: Catalog, search: SearchIndex, texts: [String]) {
        let dir = TempFolder("mapped-cache")
        let generator = CorpusGenerator(seed: 5)
        var texts: [String] = []
        for i in 0..<160 {
            let d = generator.document(i)
            _ = dir.write("a/" + d.name, d.text)
            texts.append(d.text)
        }
        let cache = CatalogCache(path: dir.file("cache/catalog.bin"), roots: [dir.file("a")], options: LoadOptions())
        let built = CatalogLoader.start(paths: [dir.file("a")], cache: nil).wait()
        var search = built.search
        for f in search.fields.indices { search.fields[f].followers = PhraseFollowers(search.fields[f], minimumUnits: 0) }
        try cache.write(records: built.corpus.records, people: built.people, search: search)
        return (dir, cache, built, search, texts)
    }

    /// Words, prefixes and phrases taken from the articles themselves (so that phrases match),
    /// in every field, negated and combined.
    static func queries(_ documents: [String], count: Int) -> [String] {
        var rng = SplitMix64(seed: 17)
        let texts = documents.map { $0.split(whereSeparator: { !$0.isLetter }).map(String.init) }
        var out = ["\"the t", "\"the", "\"of the", "the", "t", "-\"the s", "\"said the", "person:a", "person:m"]
        while out.count < count {
            let words = texts[rng.next(texts.count)]
            guard words.count > 4 else { continue }
            let at = rng.next(words.count - 4)
            var q: String
            switch rng.next(6) {
            case 0: q = "\"" + words[at..<(at + 2 + rng.next(3))].joined(separator: " ") + "\""
            case 1: q = "\"" + words[at] + " " + String(words[at + 1].prefix(1 + rng.next(2)))
            case 2: q = String(words[at].prefix(1 + rng.next(3)))
            case 3: q = ["title:", "author:"][rng.next(2)] + String(words[at].prefix(2))
            case 4: q = words[at] + " -" + words[at + 1]
            default: q = "(" + words[at] + " OR \"the " + words[at + 1] + "\")"
            }
            out.append(q)
        }
        return out
    }

    @Test func mappedIndexesAnswerAsTheOnesBuilt() throws {
        let (dir, cache, built, search, texts) = try Self.cached()
        _ = dir
        let n = built.corpus.articles.count
        let read = try #require(cache.readIndexes(articleCount: n))
        // Used where they lie: every array of both indexes is in the mapping.
        for f in read.search.fields {
            #expect(f.codes.isMapped && f.docStarts.isMapped && f.joinBits.isMapped && f.postings.isMapped && f.termBytes.isMapped)
            #expect(f.bitsets.isMapped && f.rankToTerm.isMapped && f.termToRank.isMapped && f.denseTerms.isMapped)
        }
        let text = read.search.fields[SearchIndex.textField]
        #expect(!text.followers.lists.isEmpty && text.followers.stored.units.isMapped && text.followers.stored.starts.isMapped)
        #expect(read.people.starts.isMapped && read.people.owners.isMapped && read.people.articleOf.isMapped && read.people.byPerson.isMapped)
        // The same indexes: the same bytes once written again, the same people.
        #expect(read.search.serialize() == search.serialize())
        #expect(read.people == built.people)
        #expect(read.people.serialize() == built.people.serialize())
        // The same answers, query by query and prefix by prefix (as typed into the live filter).
        let mapped = Catalog(corpus: built.corpus, people: read.people, search: read.search)
        var nonTrivial = 0
        for q in Self.queries(texts, count: 300) {
            let query = try Query.parse(q, prefixLast: true, lenient: true)
            let want = search.evaluate(query, people: built.personResolver)
            #expect(read.search.evaluate(query, people: mapped.personResolver) == want, "\(q)")
            if !want.articles.isEmpty && want.articles.count < n { nonTrivial += 1 }
        }
        #expect(nonTrivial > 150)
        var live = LiveFilter(articleCount: n), heap = LiveFilter(articleCount: n)
        for typed in ["\"the t", "\"the tr", "\"the tre", "\"of the w", "\"of the wo", "pre", "pres", "person:m", "person:ma"] {
            live.update(typed, index: read.search, people: mapped.personResolver)
            heap.update(typed, index: search, people: built.personResolver)
            #expect(live.result == heap.result, "\(typed)")
        }
        for p in built.people.people.indices {
            #expect(read.people.articles(mentioning: p) == built.people.articles(mentioning: p))
            #expect(read.people.mentions(of: p).map { "\($0.article) \($0.range)" } == built.people.mentions(of: p).map { "\($0.article) \($0.range)" })
        }
        for name in ["a", "m", "ma", "van", "o"] { #expect(read.people.people(matching: name) == built.people.people(matching: name)) }
    }

    /// The trailer's checksum of the part at `range` made again, so that damage inside it gets
    /// past the checksum and must be caught by the checks of the arrays themselves.
    static func resum(_ bytes: inout [UInt8], part range: Range<Int>, slot: Int) {
        let sum = checksum64(Array(bytes[range]))
        let at = bytes.count - CatalogCache.trailerSize + 8 * slot
        bytes.replaceSubrange(at..<(at + 8), with: withUnsafeBytes(of: sum.littleEndian) { Array($0) })
    }

    /// Damage inside the mapped indexes, with checksums that match: either caught (the indexes
    /// are not used) or an index that answers within bounds; never a crash. Truncated or torn
    /// files: the reader rebuilds, and answers as before.
    @Test func damagedMappedIndexesAreCaughtOrHarmless() throws {
        let (dir, cache, built, _, _) = try Self.cached()
        _ = dir
        let n = built.corpus.articles.count
        let good = [UInt8](try Data(contentsOf: URL(fileURLWithPath: cache.path)))
        let t = try cache.readTrailer()
        let people = t.peopleAt..<(t.peopleAt + t.peopleLength), search = t.searchAt..<(t.searchAt + t.searchLength)
        var rng = SplitMix64(seed: 9)
        var caught = 0, rounds = 0
        for round in 0..<240 {
            var bytes = good
            let (part, slot) = round % 2 == 0 ? (people, 3) : (search, 5)
            // Past the part's header (magic, version, counts), before the search index's own checksum.
            for _ in 0..<(1 + rng.next(3)) {
                bytes[part.lowerBound + 24 + rng.next(part.count - 32)] ^= UInt8(1 + rng.next(255))
            }
            Self.resum(&bytes, part: part, slot: slot)
            try Data(bytes).write(to: URL(fileURLWithPath: cache.path))
            rounds += 1
            guard let read = cache.readIndexes(articleCount: n) else {
                caught += 1
                continue
            }
            let catalog = Catalog(corpus: built.corpus, people: read.people, search: read.search)
            for q in ["\"the t", "\"of the", "person:m", "a", "title:t", "-\"the s"] {
                let got = read.search.articles(matching: try Query.parse(q, prefixLast: true, lenient: true), people: catalog.personResolver)
                #expect(got.allSatisfy { $0 >= 0 && $0 < n })
            }
            for p in read.people.people.indices { #expect(read.people.articles(mentioning: p).allSatisfy { $0 >= 0 && $0 < n }) }
        }
        #expect(rounds == 240 && caught > 150)
        // Torn anywhere, or cut inside an index: the loader rebuilds what the folders hold.
        let summary = { (c: Catalog) -> [String] in
            c.corpus.articles.map(\.relativePath) + c.people.people.map { "\($0.id) \($0.mentionCount)" }
                + ["\(c.search.articles(matching: try! Query.parse("\"the t", prefixLast: true, lenient: true)))"]
        }
        for cut in [search.upperBound - 1, search.lowerBound + 40, people.lowerBound + 100, good.count - 1, good.count / 2] {
            try Data(good.prefix(cut)).write(to: URL(fileURLWithPath: cache.path))
            #expect(cache.readIndexes(articleCount: n) == nil)
            let loader = CatalogLoader.start(paths: [dir.file("a")], cache: cache)
            let rebuilt = loader.wait()
            #expect(loader.source != .cache)
            #expect(summary(rebuilt) == summary(built))
        }
        // Damage caught after the checksum: the indexes are built again, answering as before.
        var bytes = good
        bytes[search.lowerBound + 24] ^= 0xFF   // the first field's word bytes' count
        Self.resum(&bytes, part: search, slot: 5)
        try Data(bytes).write(to: URL(fileURLWithPath: cache.path))
        #expect(cache.readIndexes(articleCount: n) == nil)
        let loader = CatalogLoader.start(paths: [dir.file("a")], cache: cache)
        #expect(summary(loader.wait()) == summary(built))
    }

    /// Pages given back are read again as they were.
    @Test func releasedPagesReadTheSame() throws {
        let dir = TempFolder("mapped-file")
        let bytes = (0..<(3 * MappedFile.pageSize + 123)).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let path = dir.write("f.bin", bytes: bytes)
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        let file = try #require(MappedFile(fd: fd, offset: 100, length: bytes.count - 100))
        #expect(Array(file.bytes) == Array(bytes.dropFirst(100)))
        file.release(0..<file.bytes.count)
        file.release(5000..<5001)
        #expect(Array(file.bytes) == Array(bytes.dropFirst(100)))
        // Beyond the file: refused, not mapped.
        #expect(MappedFile(fd: fd, offset: 100, length: bytes.count) == nil)
        #expect(MappedFile(fd: fd, offset: 0, length: 0) == nil)
    }
}
