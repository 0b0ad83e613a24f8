#if DEBUG
#if canImport(Glibc)
import Glibc
#endif
@testable import Library

/// The catalog cache reader (`CatalogCache`, `BinaryReader`) and the people and search index
/// formats in it, with their writers.
enum CacheTarget {
    static let roots = ["/fuzz"]
    static let cache = CatalogCache(path: scratchPath, roots: roots, options: LoadOptions())

    /// One file per process, on tmpfs when there is one (`fsync` is then free).
    static let scratchPath: String = {
        let folder = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : (getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp")
        atexit { unlink(CacheTarget.scratchPath) }
        return folder + "/reader-fuzz-cache-\(getpid()).bin"
    }()

    /// `FUZZ_CACHE_SEEDS=DIR`: the round trip also saves what it wrote as seeds for modes 0-3
    /// (how `Fuzz/corpus/cache` was made).
    static func saveSeeds(_ parts: () -> [(mode: UInt8, bytes: [UInt8])]) {
        guard let dir = getenv("FUZZ_CACHE_SEEDS").map({ String(cString: $0) }) else { return }
        var st = stat()
        guard stat(scratchPath, &st) == 0, let file = CatalogCache.read(scratchPath, at: 0, count: Int(st.st_size)) else { return }
        for (mode, bytes) in [(0, file)] + parts() {
            let path = dir + "/mode\(mode)-\(checksum64(bytes) % 1_000_000)"
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else { continue }
            _ = ([mode] + bytes).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
        }
    }

    /// Input: a mode byte, then
    /// - 0: a whole cache file: reading it gives records and indexes, or nothing; never a trap;
    /// - 1: the catalog part (records): read, it writes back to the same bytes;
    /// - 2: a people index: read, it writes back to the same bytes;
    /// - 3: a search index (checksum not checked): read, it writes back to the same bytes (but
    ///   the checksum) and
    ///   answers queries with articles of its corpus;
    /// - 4: articles separated by 0x1E: their records, indexes and people summaries, written as
    ///   a cache file, read back the same; the index patched for a changed and a deleted article is the one built.
    @Sendable static func run(_ data: UnsafeBufferPointer<UInt8>) {
        var input = FuzzInput(data)
        let mode = input.byte() % 5
        let bytes = input.rest()
        switch mode {
        case 0: wholeFile(bytes)
        case 1: records(bytes)
        case 2: peopleIndex(bytes)
        case 3: searchIndex(bytes)
        default: roundTrip(bytes)
        }
    }

    static func writeScratch(_ bytes: [UInt8]) {
        let fd = open(scratchPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        check(fd >= 0, "cannot write \(scratchPath)")
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, bytes.count - done) }
            check(n > 0, "cannot write \(scratchPath)")
            done += n
        }
        close(fd)
    }

    static func wholeFile(_ bytes: [UInt8]) {
        writeScratch(bytes)
        let records = cache.readRecords()
        if let t = try? cache.readTrailer() {
            if let (people, search) = cache.readIndexes(articleCount: t.articleCount) {
                check(people.articleCount == t.articleCount && search.articleCount == t.articleCount, "indexes for another corpus")
            }
            if let summaries = cache.readReusableSummaries(articleCount: t.articleCount),
               let search = cache.readReusableSearch(articleCount: t.articleCount) {
                check(summaries.count == t.articleCount && search.articleCount == t.articleCount, "summaries for another corpus")
                _ = PeopleIndex.build(articleCount: summaries.count, summaries: summaries)
            }
        } else {
            check(records == nil, "records read from a file without a trailer")
        }
    }

    /// The article count a serialised index names (a u64 after 4 magic and 4 version bytes).
    static func articleCount(_ bytes: [UInt8]) -> Int {
        var r = BinaryReader(bytes, from: 8)
        guard let n = try? r.u64(), n < 1 << 20 else { return 1 }
        return Int(n)
    }

    static func records(_ bytes: [UInt8]) {
        guard let records = try? cache.parseMeta(bytes) else { return }
        check(cache.metaBytes(records) == bytes, "records read do not write back the same")
    }

    static func peopleIndex(_ bytes: [UInt8]) {
        guard let index = try? PeopleIndex(serialized: bytes, articleCount: articleCount(bytes)) else { return }
        check(index.serialize() == bytes, "a people index read does not write back the same")
        for a in 0..<index.articleCount {
            for m in index.mentions(inArticle: a) {
                check(m.person >= 0 && m.person < index.people.count && !m.range.isEmpty, "article \(a): mention \(m)")
                _ = index.mentions(of: m.person)
                _ = index.nextMention(of: m.person, from: a, offset: m.range.lowerBound, wrapping: true)
            }
        }
    }

    static let queries = ["jose", "\"putin s\"", "o'brien", "t", "-the a", "a OR b", "title:x*"].compactMap {
        try? Query.parse($0, prefixLast: true)
    }

    static func searchIndex(_ bytes: [UInt8]) {
        let n = articleCount(bytes)
        guard let index = try? SearchIndex(serialized: bytes, articleCount: n, checkSum: false) else { return }
        // The stored checksum is not checked, so it is the one part that may differ.
        check(Array(index.serialize().dropLast(8)) == Array(bytes.dropLast(8)), "a search index read does not write back the same")
        for q in queries {
            let found = index.articles(matching: q)
            check(found.allSatisfy { $0 >= 0 && $0 < n }, "\(q) found \(found) of \(n)")
        }
    }

    static func roundTrip(_ bytes: [UInt8]) {
        let parts = articles(bytes)
        let builder = SearchIndexBuilder()
        var records: [ScanRecord] = []
        var articles: [Article] = []
        var analyses: [SearchAnalysis] = []
        var mentions: [[EntityMention]] = []
        var texts: [ArticleText] = []
        for (k, part) in parts.enumerated() {
            let text = ArticleText(utf8: part)
            let line = text.string(0..<min(text.count, 40))
            let location = RawPath(bytes: Array("/fuzz/".utf8) + part.prefix(12))
            let stamp = k % 2 == 0 ? FileStamp(size: part.count, modified: Int64(k) - 1, inode: UInt64(k) &* 0x9E37_79B9_7F4A_7C15) : nil
            if k == 3 {
                records.append(ScanRecord(location: location, path: line, stamp: stamp, outcome: .skipped(line)))
                continue
            }
            let article = Article(location: location, path: "/fuzz/\(k)", root: "/fuzz", relativePath: "\(k)", format: k % 2 == 0 ? .text : .markdown,
                                  title: line, titleIsDerived: k == 1, author: k == 2 ? nil : line, words: part.count,
                                  size: part.count, modified: -Int64(k),
                                  date: ArticleDate(parsing: line) ?? (k % 3 == 0 ? ArticleDate(seconds: -Int64(k) << 20, offsetMinutes: k - 2) : nil))
            records.append(ScanRecord(location: location, path: article.path, stamp: stamp, outcome: .article(article, invalidBytes: k)))
            articles.append(article)
            analyses.append(builder.analyze(article, text))
            texts.append(text)
            mentions.append(PeopleDetector.detect(text))
        }
        let summaries = mentions.map(PeopleIndex.Summary.init)
        let people = PeopleIndex.build(articleCount: articles.count, summaries: summaries)
        let search = builder.build(articles: articles, analyses: analyses)
        do {
            try cache.write(records: records, people: people, search: search, summaries: PeopleIndex.Summary.serialize(summaries))
        } catch {
            fail("cannot write the cache: \(error)")
        }
        check(cache.readRecords() == records, "records read back different")
        saveSeeds { [(UInt8(1), cache.metaBytes(records)), (UInt8(2), people.serialize()), (UInt8(3), search.serialize())] }
        guard let (p, s) = cache.readIndexes(articleCount: articles.count) else { fail("the indexes written do not read back") }
        check(p.serialize() == people.serialize(), "the people index reads back different")
        check(s.serialize() == search.serialize(), "the search index reads back different")
        guard let reused = cache.readReusableSummaries(articleCount: articles.count),
              let reusedSearch = cache.readReusableSearch(articleCount: articles.count) else { fail("the summaries written do not read back") }
        check(PeopleIndex.Summary.serialize(reused) == PeopleIndex.Summary.serialize(summaries), "the summaries read back different")
        check(PeopleIndex.build(articleCount: reused.count, summaries: reused).serialize() == people.serialize(), "the summaries link differently")
        // The index patched for the last article changed (analysed again) and the first deleted
        // is what building it gives.
        if articles.count >= 2 {
            let freshBuilder = SearchIndexBuilder(), fullBuilder = SearchIndexBuilder()
            let last = articles.count - 1
            let fresh = freshBuilder.build(articles: [articles[last]], analyses: [freshBuilder.analyze(articles[last], texts[last])])
            let sources = (1..<last).map { SearchIndex.Source.kept($0) } + [.fresh(0)]
            guard let patched = SearchIndex.patched(reusedSearch, fresh: fresh, sources: sources) else { fail("the patch was refused") }
            let rest = Array(articles[1...])
            let full = fullBuilder.build(articles: rest, analyses: rest.indices.map { fullBuilder.analyze(rest[$0], texts[$0 + 1]) })
            check(patched.serialize() == full.serialize(), "the patched index differs from the one built")
        }
        for q in queries { check(s.articles(matching: q) == search.articles(matching: q), "\(q) answers differently") }
        // A word of an article, searched for as a phrase, finds that article.
        for (k, record) in records.enumerated() {
            guard case .article(let a, _) = record.outcome, let i = articles.firstIndex(of: a),
                  let (phrase, query) = SearchTargets.firstWordQuery(ArticleText(utf8: parts[k])) else { continue }
            check(search.articles(matching: query).contains(i), "the index does not find \(shown(phrase)) in article \(i)")
        }
    }
}
#endif
