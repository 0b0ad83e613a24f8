#if canImport(Glibc)
import Glibc
#endif

/// The catalog of a set of folders, cached under `$XDG_CACHE_HOME/reader/` so that a second start
/// reads no article at all: what each file yielded (title, author, words, or why it was skipped)
/// with its size, modification time and inode, then the people and search indexes, then what
/// people detection found in each article (so that a restart after a few files changed detects
/// only those, and links and indexes the rest from here).
///
/// Never trusted blindly: a magic number, a version, the roots it was made for and checksums of
/// both parts are checked; a file whose stamp changed is read again; the indexes are used only
/// when every file is exactly as when they were built. Anything wrong means a rebuild, never a
/// crash or a wrong answer.
///
/// The indexes are used where they lie in the file (mapped, see `MappedFile`), not copied into
/// memory: at a warm start only the pages that searches and the people screens read count.
public struct CatalogCache: Sendable {
    public let path: String
    let roots: [String]
    let options: String

    static let magic: [UInt8] = Array("RDRCACHE".utf8)
    /// 2: the people and search indexes in formats 2 (shared `BinaryWriter` conventions).
    /// 3: files mostly not UTF-8 are skipped, CR-only files split into lines, invalid bytes are
    /// `<FF>` in titles, and wide-letter words follow the C library's widths: what version 2
    /// recorded for such files no longer holds.
    /// 4: an article's date (front matter, a page's published time): version 3 recorded none.
    /// 5: a tab ends a name (table cells in a page's text): people found across cells are gone.
    /// 6: each article's people summary after the indexes, and the people detector's
    /// fingerprint in the trailer (summaries of another detector are not reused).
    /// 7: the people and search indexes start 8-aligned in the file (zero padding before each),
    /// so that they are used in place, mapped (`MappedFile`); the search index keeps its phrase
    /// followers (format 3), the people index its mentions' articles and by person (format 3).
    static let version: UInt32 = 7

    /// The cache for `roots` (as given) in `cacheHome`, or nil when there is no place for it.
    public init?(cacheHome: String?, roots: [String], options: LoadOptions) {
        guard let cacheHome else { return nil }
        let absolute = roots.map { ArticleRef.absolute($0) }
        let opts = "max=\(options.maxFileBytes)"
        var key = BinaryWriter()
        for r in absolute { key.string(r) }
        key.string(opts)
        let hex = String(checksum64(key.bytes), radix: 16)
        self.path = cacheHome + "/reader/catalog-" + hex + ".bin"
        self.roots = absolute
        self.options = opts
    }

    public init(path: String, roots: [String], options: LoadOptions) {
        self.path = path
        self.roots = roots.map { ArticleRef.absolute($0) }
        self.options = "max=\(options.maxFileBytes)"
    }

    // MARK: Layout
    //
    // magic (8) · version (4) · reserved (4) · meta · padding · people index · padding · search
    // index · people summaries · trailer. The padding (zeros) puts each index at a multiple of 8
    // bytes from the file's start. The trailer (at the end, written last) holds each part's length
    // and checksum, the detector's fingerprint, the article count and a second magic number: a
    // torn or damaged file fails one of the checks.

    static let headSize = 16
    static let trailerSize = 8 * 11
    static let trailerMagic: UInt64 = 0x5244_5254_5241_494C   // "RDRTRAIL"

    struct Trailer {
        var metaLength: Int, metaChecksum: UInt64
        var peopleLength: Int, peopleChecksum: UInt64
        var searchLength: Int, searchChecksum: UInt64
        var summariesLength: Int, summariesChecksum: UInt64
        var detector: UInt64
        var articleCount: Int

        var peopleAt: Int { CatalogCache.aligned(CatalogCache.headSize + metaLength) }
        var searchAt: Int { CatalogCache.aligned(peopleAt + peopleLength) }
        var summariesAt: Int { searchAt + searchLength }
    }

    static func aligned(_ offset: Int) -> Int { (offset + 7) & ~7 }

    /// Why a cache is not used: absent or of another version (rebuilt quietly), or damaged
    /// (rebuilt, with a one-line note saying so).
    enum Unusable: Error {
        case absent
        case damaged(String)
    }

    func readTrailer() throws(Unusable) -> Trailer {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw .absent }
        var st = stat()
        let ok = fstat(fd, &st) == 0 && st.st_mode & S_IFMT == S_IFREG
        close(fd)
        let size = Int(st.st_size)
        guard ok else { throw .damaged("not a regular file") }
        // What a crash right after writing may leave (the cache is not synced): nothing to say.
        guard size > 0 else { throw .absent }
        guard size >= CatalogCache.headSize, let head = CatalogCache.read(path, at: 0, count: CatalogCache.headSize),
              Array(head.prefix(8)) == CatalogCache.magic else { throw .damaged("not a reader cache") }
        var h = BinaryReader(head, from: 8)
        // Another version (older or newer) is never read: rebuilt without a word.
        guard (try? h.u32()) == CatalogCache.version else { throw .absent }
        guard size >= CatalogCache.headSize + CatalogCache.trailerSize,
              let tail = CatalogCache.read(path, at: size - CatalogCache.trailerSize, count: CatalogCache.trailerSize) else {
            throw .damaged("truncated")
        }
        var r = BinaryReader(tail)
        guard let metaLength = try? r.u64(), let metaChecksum = try? r.u64(),
              let peopleLength = try? r.u64(), let peopleChecksum = try? r.u64(),
              let searchLength = try? r.u64(), let searchChecksum = try? r.u64(),
              let summariesLength = try? r.u64(), let summariesChecksum = try? r.u64(),
              let detector = try? r.u64(), let articleCount = try? r.u64(), (try? r.u64()) == CatalogCache.trailerMagic,
              metaLength < 1 << 34, peopleLength < 1 << 34, searchLength < 1 << 36, summariesLength < 1 << 34, articleCount < 1 << 32
        else { throw .damaged("its parts do not add up") }
        let t = Trailer(metaLength: Int(metaLength), metaChecksum: metaChecksum, peopleLength: Int(peopleLength),
                        peopleChecksum: peopleChecksum, searchLength: Int(searchLength), searchChecksum: searchChecksum,
                        summariesLength: Int(summariesLength), summariesChecksum: summariesChecksum, detector: detector,
                        articleCount: Int(articleCount))
        guard t.summariesAt + t.summariesLength + CatalogCache.trailerSize == size else { throw .damaged("its parts do not add up") }
        return t
    }

    // MARK: Reading

    /// What the last run found for each file, or nil when there is no usable cache.
    public func readRecords() -> [ScanRecord]? {
        try? readRecordsReporting().get()
    }

    /// The same, telling a damaged cache (`problem`: one line naming the file) from an absent
    /// one or one of another version (no problem: it is simply rebuilt).
    public func readRecords(problem: inout LoadIssue?) -> [ScanRecord]? {
        switch readRecordsReporting() {
        case .success(let records): return records
        case .failure(.absent): return nil
        case .failure(.damaged(let what)):
            problem = LoadIssue(path: path, problem: "the cache is damaged (\(what)): it is made again", severity: .note)
            return nil
        }
    }

    func readRecordsReporting() -> Result<[ScanRecord], Unusable> {
        let t: Trailer
        do { t = try readTrailer() } catch { return .failure(error) }
        guard let meta = CatalogCache.read(path, at: CatalogCache.headSize, count: t.metaLength),
              checksum64(meta) == t.metaChecksum else { return .failure(.damaged("checksum mismatch")) }
        do {
            return .success(try parseMeta(meta))
        } catch {
            return .failure(error == CatalogCache.otherFolders ? .absent : .damaged(error.message))
        }
    }

    /// The people and search indexes, when present, intact and made for `articleCount` articles.
    public func readIndexes(articleCount: Int) -> (people: PeopleIndex, search: SearchIndex)? {
        guard let t = try? readTrailer(), t.detector == PeopleDetector.fingerprint,
              t.articleCount == articleCount, t.peopleLength > 0, t.searchLength > 0 else { return nil }
        // Both mapped: only the pages later read count in memory.
        guard let people = readPeople(t, articleCount: articleCount), let search = readSearch(t) else { return nil }
        return (people, search)
    }

    /// The people index, its arrays used where they lie in the file (mapped, as the search
    /// index's: see `readSearch`), else read into memory.
    private func readPeople(_ t: Trailer, articleCount: Int) -> PeopleIndex? {
        if let file = map(at: t.peopleAt, count: t.peopleLength, checksum: t.peopleChecksum) {
            guard let file else { return nil }
            var r = MappedReader(file)
            return try? PeopleIndex(reading: &r, articleCount: articleCount)
        }
        guard let bytes = CatalogCache.read(path, at: t.peopleAt, count: t.peopleLength), checksum64(bytes) == t.peopleChecksum else {
            return nil
        }
        return try? PeopleIndex(serialized: bytes, articleCount: articleCount)
    }

    /// `count` bytes of the cache from `offset`, mapped, when their checksum (made first, through
    /// a small buffer: none of it stays in memory) is `checksum`: nil when the file cannot be
    /// mapped (to be read otherwise), .some(nil) when the part is not intact.
    private func map(at offset: Int, count: Int, checksum: UInt64) -> MappedFile?? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return .some(nil) }
        defer { close(fd) }
        guard let file = MappedFile(fd: fd, offset: offset, length: count) else { return nil }
        return .some(CatalogCache.checksum(fd: fd, at: offset, count: count) == checksum ? file : nil)
    }

    /// What an incremental build reuses, for the `articleCount` articles of the records the
    /// cache holds (in their order), when present, intact and made by this people detector:
    /// every article's people summary, and the search index. Read apart, so that each can be
    /// read on its own core.
    public func readReusableSummaries(articleCount: Int) -> [PeopleIndex.Summary]? {
        guard let t = reusableTrailer(articleCount), t.summariesLength > 0,
              let bytes = CatalogCache.read(path, at: t.summariesAt, count: t.summariesLength),
              checksum64(bytes) == t.summariesChecksum else { return nil }
        return try? PeopleIndex.Summary.deserialize(bytes, articleCount: articleCount)
    }

    public func readReusableSearch(articleCount: Int) -> SearchIndex? {
        guard let t = reusableTrailer(articleCount), t.searchLength > 0 else { return nil }
        return readSearch(t)
    }

    private func reusableTrailer(_ articleCount: Int) -> Trailer? {
        guard let t = try? readTrailer(), t.detector == PeopleDetector.fingerprint, t.articleCount == articleCount, t.summariesLength > 0 else {
            return nil
        }
        return t
    }

    /// The search index, used where it lies in the file (mapped: the largest part of the cache
    /// counts in memory only as far as searches read it), its part's checksum made first through
    /// a small buffer and its structure checked (pages given back as they are checked). Where
    /// the file cannot be mapped, read straight into its arrays (never in memory twice), the
    /// checksum made as it is read. The index's own checksum (its last 8 bytes) is covered by the
    /// part's and not checked again.
    private func readSearch(_ t: Trailer) -> SearchIndex? {
        guard t.searchLength >= 8 else { return nil }
        if let file = map(at: t.searchAt, count: t.searchLength, checksum: t.searchChecksum) {
            guard let file else { return nil }
            var r = MappedReader(file, to: t.searchLength - 8)
            guard let index = try? SearchIndex(reading: &r, articleCount: t.articleCount), r.remaining == 0 else { return nil }
            return index
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG, Int(st.st_size) >= t.searchAt + t.searchLength else { return nil }
        var r = FilePartReader(fd: fd, offset: t.searchAt, length: t.searchLength)
        guard let index = try? SearchIndex(reading: &r, articleCount: t.articleCount), r.remaining == 8,
              (try? r.u64()) != nil, r.checksum == t.searchChecksum else { return nil }
        return index
    }

    static let otherFolders = BinaryFormatError("made for other folders")

    func parseMeta(_ b: [UInt8]) throws(BinaryFormatError) -> [ScanRecord] {
        var r = BinaryReader(b)
        let rootCount = try r.count(max: 10_000)
        var cachedRoots: [String] = []
        for _ in 0..<rootCount { cachedRoots.append(try r.string()) }
        guard cachedRoots == roots, try r.string() == options else { throw CatalogCache.otherFolders }
        let n = try r.count(max: r.remaining / 8)
        var records: [ScanRecord] = []
        records.reserveCapacity(n)
        var lastRoot = ""
        for _ in 0..<n {
            let location = RawPath(bytes: try r.data())
            let path = try r.string()
            var stamp: FileStamp?
            if try r.bool() { stamp = FileStamp(size: try r.int(), modified: try r.i64(), inode: try r.u64()) }
            switch try r.u8() {
            case 0:
                let root = try r.string(reusing: &lastRoot), relative = try r.string()
                let format: Article.Format = try r.bool() ? .markdown : Article.Format(location)   // text or a web page
                let title = try r.string(), derived = try r.bool(), author = try r.optionalString()
                let words = try r.int(), size = try r.int(), modified = try r.i64(), invalid = try r.int()
                var date: ArticleDate?
                if try r.bool() { date = ArticleDate(seconds: try r.i64(), offsetMinutes: Int(try r.i64())) }
                let article = Article(location: location, path: path, root: root, relativePath: relative, format: format,
                                      title: title, titleIsDerived: derived, author: author, words: words, size: size,
                                      modified: modified, date: date)
                records.append(ScanRecord(location: location, path: path, stamp: stamp, outcome: .article(article, invalidBytes: invalid)))
            case 1:
                records.append(ScanRecord(location: location, path: path, stamp: stamp, outcome: .skipped(try r.string())))
            default:
                throw BinaryFormatError("bad record")
            }
        }
        guard r.remaining == 0 else { throw BinaryFormatError("trailing bytes") }
        return records
    }

    // MARK: Writing

    /// Writes the cache (replacing any old one whole: a reader never sees half a file). The
    /// indexes are serialised one at a time and written as they come, so the cache never needs
    /// a second copy of everything in memory.
    /// `summaries`: every article's people summary (`PeopleIndex.Summary.serialize`), kept with
    /// the indexes.
    public func write(records: [ScanRecord], people: PeopleIndex?, search: SearchIndex?, summaries: [UInt8]? = nil) throws {
        // The list goes out in pieces too (3 MB at 10,000 articles, made whole it was the peak of
        // writing): measured first, as its checksum starts from its length.
        var metaLength = 0
        metaPieces(records) { metaLength += $0.count }
        try AtomicFile.write(path) { write throws(StorageError) in
            var head = BinaryWriter()
            head.raw(CatalogCache.magic)
            head.u32(CatalogCache.version)
            head.u32(0)
            try write(head.bytes)
            var metaSum = Checksum64(length: metaLength)
            var failure: StorageError?
            metaPieces(records) { piece in
                guard failure == nil else { return }
                piece.withUnsafeBytes { metaSum.update($0) }
                do throws(StorageError) { try write(piece) } catch { failure = error }
            }
            if let failure { throw failure }
            let zeros = [UInt8](repeating: 0, count: 8)
            try write(Array(zeros.prefix(CatalogCache.aligned(CatalogCache.headSize + metaLength) - CatalogCache.headSize - metaLength)))
            var trailer = BinaryWriter()
            trailer.u64(UInt64(metaLength))
            trailer.u64(metaSum.finish())
            if let people, let search {
                // Both indexes go out a megabyte at a time, never whole in memory a second time.
                func streamed(_ part: some StreamedPart) throws(StorageError) {
                    let size = part.serializedSize
                    var sum = Checksum64(length: size)
                    let chunk = 1 << 20
                    var buffer: [UInt8] = []
                    buffer.reserveCapacity(chunk)
                    var failure: StorageError?
                    part.serialize { raw in
                        sum.update(raw)
                        var rest = raw[...]
                        while !rest.isEmpty && failure == nil {
                            let take = min(rest.count, chunk - buffer.count)
                            buffer.append(contentsOf: rest.prefix(take))
                            rest = rest.dropFirst(take)
                            if buffer.count == chunk {
                                do throws(StorageError) { try write(buffer) } catch { failure = error }
                                buffer.removeAll(keepingCapacity: true)
                            }
                        }
                    }
                    if let failure { throw failure }
                    if !buffer.isEmpty { try write(buffer) }
                    trailer.u64(UInt64(size))
                    trailer.u64(sum.finish())
                }
                try streamed(people)
                try write(Array(zeros.prefix(CatalogCache.aligned(people.serializedSize) - people.serializedSize)))
                try streamed(search)
                let summaries = summaries ?? []
                try write(summaries)
                trailer.u64(UInt64(summaries.count))
                trailer.u64(checksum64(summaries))
                trailer.u64(PeopleDetector.fingerprint)
                trailer.u64(UInt64(people.articleCount))
            } else {
                for _ in 0..<6 { trailer.u64(0) }
                trailer.u64(PeopleDetector.fingerprint)
                trailer.u64(0)
            }
            trailer.u64(CatalogCache.trailerMagic)
            try write(trailer.bytes)
        }
    }

    /// What the cache writes a piece at a time: its length, then its bytes handed over in pieces.
    protocol StreamedPart {
        var serializedSize: Int { get }
        func serialize(_ emit: (UnsafeRawBufferPointer) -> Void)
    }

    func metaBytes(_ records: [ScanRecord]) -> [UInt8] {
        var bytes: [UInt8] = []
        metaPieces(records) { bytes += $0 }
        return bytes
    }

    /// The list part's bytes (`metaBytes`), handed to `emit` in pieces of about `piece` bytes.
    func metaPieces(_ records: [ScanRecord], piece: Int = 1 << 16, _ emit: ([UInt8]) -> Void) {
        var meta = BinaryWriter(capacity: piece + 4096)
        meta.u64(UInt64(roots.count))
        for root in roots { meta.string(root) }
        meta.string(options)
        meta.u64(UInt64(records.count))
        for record in records {
            if meta.bytes.count >= piece {
                emit(meta.bytes)
                meta = BinaryWriter(capacity: piece + 4096)
            }
            meta.data(record.location.bytes)
            meta.string(record.path)
            meta.bool(record.stamp != nil)
            if let s = record.stamp {
                meta.int(s.size)
                meta.i64(s.modified)
                meta.u64(s.inode)
            }
            switch record.outcome {
            case .article(let a, let invalid):
                meta.u8(0)
                meta.string(a.root)
                meta.string(a.relativePath)
                meta.bool(a.format == .markdown)
                meta.string(a.title)
                meta.bool(a.titleIsDerived)
                meta.optionalString(a.author)
                meta.int(a.words)
                meta.int(a.size)
                meta.i64(a.modified)
                meta.int(invalid)
                meta.bool(a.date != nil)
                if let d = a.date {
                    meta.i64(d.seconds)
                    meta.i64(Int64(d.offsetMinutes))
                }
            case .skipped(let problem):
                meta.u8(1)
                meta.string(problem)
            }
        }
        emit(meta.bytes)
    }

    /// The checksum (`checksum64`) of `count` bytes of the open file `fd` from `offset`, read a
    /// megabyte at a time (none of it stays in memory), or nil when they cannot be read.
    static func checksum(fd: Int32, at offset: Int, count: Int) -> UInt64? {
        var sum = Checksum64(length: count)
        var buffer = [UInt8](repeating: 0, count: min(count, 1 << 20))
        var done = 0
        while done < count {
            let want = min(buffer.count, count - done)
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, want, off_t(offset + done)) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return nil }
            buffer.withUnsafeBytes { sum.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            done += n
        }
        return sum.finish()
    }

    /// `count` bytes of a file from `offset`, or nil.
    static func read(_ path: String, at offset: Int, count: Int) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG, Int(st.st_size) >= offset + count else { return nil }
        var buffer = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + filled, count - filled, off_t(offset + filled)) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return nil }
            filled += n
        }
        return buffer
    }
}

extension PeopleIndex: CatalogCache.StreamedPart {}
extension SearchIndex: CatalogCache.StreamedPart {}
