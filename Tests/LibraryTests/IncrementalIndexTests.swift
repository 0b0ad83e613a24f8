import Foundation
import Testing
@testable import Library
import TestSupport

/// A restart after one file changed, was added or was deleted analyses only that file (the rest
/// come from the cache: people detection's summaries, the words of the search index), and the
/// indexes are exactly those a full rebuild makes — people linked across articles included.
@Suite struct IncrementalIndexTests {
    /// Generated articles, plus three whose people link across articles: "Marchetti" alone in
    /// `b.txt` is Oswin Marchetti because `a.txt` names him in full.
    static func folder() -> TempFolder {
        let dir = TempFolder()
        let generator = CorpusGenerator(seed: 11)
        for i in 0..<30 {
            let doc = generator.document(i)
            dir.write("gen/" + doc.name, doc.text)
        }
        dir.write("a.txt", "Lighthouse keepers strike\n\nThe keeper Oswin Marchetti refused the new rota. Marchetti said so twice.\n")
        dir.write("b.txt", "Harbour notes\n\nMarchetti was seen at the quay. Liesl Vantongeren, the harbour master, said nothing.\n")
        dir.write("c.md", "# Ferry timetable cut\n\nThe cut angered Liesl Vantongeren. Vantongeren wrote to the board.\n")
        return dir
    }

    static func cache(_ dir: TempFolder) -> CatalogCache {
        CatalogCache(path: dir.path + "-cache/catalog.bin", roots: [dir.path], options: LoadOptions())
    }

    /// The folder, its cache after a first start, and the cache's bytes (the caller removes the
    /// cache's folder, `dir.path + "-cache"`).
    static func primed() throws -> (TempFolder, CatalogCache, [UInt8]) {
        let dir = folder()
        let cache = cache(dir)
        _ = load(dir, cache)
        return (dir, cache, [UInt8](try Data(contentsOf: URL(fileURLWithPath: cache.path))))
    }

    static func load(_ dir: TempFolder, _ cache: CatalogCache?) -> (CatalogLoader, Catalog) {
        let loader = CatalogLoader.start(paths: [dir.path], cache: cache)
        return (loader, loader.wait())
    }

    /// The incremental catalog is the full rebuild's, byte for byte, in both indexes; and what
    /// `reader people --json` prints from the index is the same.
    static func expectSameAsFullRebuild(_ catalog: Catalog, _ dir: TempFolder, _ what: Comment) {
        let (_, full) = load(dir, nil)
        #expect(catalog.corpus.records == full.corpus.records, what)
        #expect(catalog.people.serialize() == full.people.serialize(), what)
        #expect(catalog.search.serialize() == full.search.serialize(), what)
        #expect(peopleJSON(catalog) == peopleJSON(full), what)
    }

    /// The people, their aliases and every mention with its text (what `reader people --json` lists).
    static func peopleJSON(_ c: Catalog) -> String {
        c.people.people.indices.map { p in
            let person = c.people.people[p]
            let mentions = c.people.mentions(of: p).map { m in
                "\(c.corpus.articles[m.article].path):\(m.range):" + ((try? c.corpus.text(of: m.article).get().string(m.range)) ?? "?")
            }
            return "\(person.id)|\(person.name)|\(person.aliases)|\(mentions)"
        }.joined(separator: "\n")
    }

    @Test func oneChangedAddedOrDeletedFileIsTheOnlyOneAnalysed() throws {
        let dir = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: dir.path + "-cache") }
        let cache = Self.cache(dir)
        let (first, _) = Self.load(dir, cache)
        #expect(first.analysedCount == 33)

        // Changed: a.txt no longer names Marchetti in full, so b.txt's "Marchetti" is linked
        // differently although b.txt itself is not read again.
        usleep(20_000)
        dir.write("a.txt", "Lighthouse keepers strike\n\nThe keeper refused the new rota. Liesl Vantongeren and Piotr Marchetti agreed.\n")
        var (loader, catalog) = Self.load(dir, cache)
        #expect(loader.analysedCount == 1)
        #expect(catalog.people.people.contains { $0.name == "Piotr Marchetti" })
        Self.expectSameAsFullRebuild(catalog, dir, "changed")

        // Added.
        dir.write("d.txt", "Quay repairs\n\nOswin Marchetti returned. Marchetti and Vantongeren met on Friday.\n")
        (loader, catalog) = Self.load(dir, cache)
        #expect(loader.analysedCount == 1)
        #expect(catalog.corpus.articles.count == 34)
        Self.expectSameAsFullRebuild(catalog, dir, "added")

        // Deleted: nothing to analyse.
        try FileManager.default.removeItem(atPath: dir.file("c.md"))
        (loader, catalog) = Self.load(dir, cache)
        #expect(loader.analysedCount == 0)
        #expect(catalog.corpus.articles.count == 33)
        Self.expectSameAsFullRebuild(catalog, dir, "deleted")

        // Unchanged: the indexes come from the cache as they are.
        (loader, catalog) = Self.load(dir, cache)
        #expect(loader.source == .cache)
        #expect(loader.analysedCount == 0)
        Self.expectSameAsFullRebuild(catalog, dir, "unchanged")
    }

    /// The search index patched for articles dropped, changed and added anywhere is the one a
    /// build over the new articles gives, byte for byte (ten random edits of 30 articles).
    @Test func patchedSearchIndexIsTheBuiltOne() throws {
        let generator = CorpusGenerator(seed: 5)
        let docs = (0..<60).map { i -> (path: String, text: String) in
            let d = generator.document(i)
            return ("/x/" + d.name, d.text)
        }
        func index(_ documents: [(path: String, text: String)]) -> SearchIndex {
            let corpus = Corpus(documents: documents)
            let builder = SearchIndexBuilder()
            return builder.build(articles: corpus.articles, analyses: corpus.articles.indices.map {
                builder.analyze(corpus.articles[$0], try! corpus.text(of: $0).get())
            })
        }
        let old = Array(docs[0..<30])
        let oldIndex = index(old)
        var rng = SplitMix64(seed: 9)
        for round in 0..<10 {
            var now: [(path: String, text: String)] = [], fresh: [(path: String, text: String)] = []
            var sources: [SearchIndex.Source] = []
            for (k, doc) in old.enumerated() {
                if rng.next(8) == 0 {   // a new article before this one
                    fresh.append(docs[30 + rng.next(30)]); now.append(fresh.last!); sources.append(.fresh(fresh.count - 1))
                }
                switch rng.next(6) {
                case 0: continue   // deleted
                case 1:            // changed
                    fresh.append((doc.path, docs[30 + rng.next(30)].text)); now.append(fresh.last!); sources.append(.fresh(fresh.count - 1))
                default:
                    now.append(doc); sources.append(.kept(k))
                }
            }
            let patched = try #require(SearchIndex.patched(oldIndex, fresh: index(fresh), sources: sources))
            #expect(patched.serialize() == index(now).serialize(), "round \(round)")
        }
        // Sources that do not fit are refused.
        #expect(SearchIndex.patched(oldIndex, fresh: index([]), sources: [.kept(1), .kept(0)]) == nil)
        #expect(SearchIndex.patched(oldIndex, fresh: index([docs[40]]), sources: [.kept(0)]) == nil)
        #expect(SearchIndex.patched(oldIndex, fresh: index([]), sources: [.kept(30)]) == nil)
    }

    /// Summaries made by another people detector (another fingerprint) are not reused.
    @Test func anotherDetectorsSummariesAreNotReused() throws {
        var (dir, cache, bytes) = try Self.primed()
        defer { try? FileManager.default.removeItem(atPath: dir.path + "-cache") }
        // The fingerprint is the trailer's third word from the end.
        let at = bytes.count - 3 * 8
        bytes[at] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: cache.path))
        #expect(cache.readRecords() != nil)
        #expect(cache.readReusableSummaries(articleCount: 33) == nil)
        #expect(cache.readReusableSearch(articleCount: 33) == nil)
        #expect(cache.readIndexes(articleCount: 33) == nil)
        dir.write("d.txt", "Quay repairs\n\nOswin Marchetti returned.\n")
        let (loader, catalog) = Self.load(dir, cache)
        #expect(loader.analysedCount == 34)
        Self.expectSameAsFullRebuild(catalog, dir, "other detector")
    }

    /// Summaries survive their byte format: what is read back links to the same index.
    @Test func summariesReadBackAsWritten() throws {
        let texts = ["Oswin Marchetti met Liesl Vantongeren. Marchetti left.", "Nobody here.", "Ferreira left early. Ana de la Cruz stayed."]
        let summaries = texts.map { PeopleIndex.Summary(PeopleDetector.detect(ArticleText($0))) }
        let bytes = PeopleIndex.Summary.serialize(summaries)
        let back = try PeopleIndex.Summary.deserialize(bytes, articleCount: 3)
        #expect(PeopleIndex.build(articleCount: 3, summaries: back).serialize() == PeopleIndex.build(articleCount: 3, summaries: summaries).serialize())
        #expect(PeopleIndex.Summary.serialize(back) == bytes)
        #expect(throws: BinaryFormatError.self) { try PeopleIndex.Summary.deserialize(bytes, articleCount: 2) }
        for cut in stride(from: 0, to: bytes.count, by: 7) {
            #expect(throws: BinaryFormatError.self) { try PeopleIndex.Summary.deserialize(Array(bytes.prefix(cut)), articleCount: 3) }
        }
    }

    /// A cache of another format version is made again without a word; a damaged one with one
    /// note naming it.
    @Test func oldVersionsAreRebuiltQuietlyDamagedOnesWithANote() throws {
        let (dir, cache, good) = try Self.primed()
        defer { try? FileManager.default.removeItem(atPath: dir.path + "-cache") }
        var old = good
        old[8] = 3   // version 3, the format before this one
        try Data(old).write(to: URL(fileURLWithPath: cache.path))
        var problem: LoadIssue?
        #expect(cache.readRecords(problem: &problem) == nil)
        #expect(problem == nil)
        var (loader, catalog) = Self.load(dir, cache)
        #expect(loader.analysedCount == 33)
        #expect(!catalog.corpus.issues.contains { $0.path == cache.path })

        var damaged = good
        damaged[40] ^= 0x55
        try Data(damaged).write(to: URL(fileURLWithPath: cache.path))
        (loader, catalog) = Self.load(dir, cache)
        let notes = catalog.corpus.issues.filter { $0.path == cache.path }
        #expect(notes.count == 1)
        #expect(notes.first?.severity == .note)
        #expect(notes.first?.description.contains("damaged") == true)
        Self.expectSameAsFullRebuild(catalog, dir, "after a damaged cache")
    }
}
