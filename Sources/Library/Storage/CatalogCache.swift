#if canImport(Glibc)
import Glibc
#endif

/// The catalog of a set of folders, cached under `$XDG_CACHE_HOME/reader/` so that a second start
/// reads no article at all: what each file yielded (title, author, words, or why it was skipped)
/// with its size, modification time and inode, then the people and search indexes.
///
/// Never trusted blindly: a magic number, a version, the roots it was made for and checksums of
/// both parts are checked; a file whose stamp changed is read again; the indexes are used only
/// when every file is exactly as when they were built. Anything wrong means a rebuild, never a
/// crash or a wrong answer.
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
    static let version: UInt32 = 5

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
    // magic (8) · version (4) · reserved (4) · meta · people index · search index · trailer
    // The trailer (at the end, written last) holds each part's length and checksum, the article
    // count and a second magic number: a torn or damaged file fails one of the checks.

    static let headSize = 16
    static let trailerSize = 8 * 8
    static let trailerMagic: UInt64 = 0x5244_5254_5241_494C   // "RDRTRAIL"

    struct Trailer {
        var metaLength: Int, metaChecksum: UInt64
        var peopleLength: Int, peopleChecksum: UInt64
        var searchLength: Int, searchChecksum: UInt64
        var articleCount: Int
    }

    func readTrailer() -> Trailer? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        var st = stat()
        let ok = fstat(fd, &st) == 0 && st.st_mode & S_IFMT == S_IFREG
        close(fd)
        let size = Int(st.st_size)
        guard ok, size >= CatalogCache.headSize + CatalogCache.trailerSize,
              let head = CatalogCache.read(path, at: 0, count: CatalogCache.headSize),
              Array(head.prefix(8)) == CatalogCache.magic,
              let tail = CatalogCache.read(path, at: size - CatalogCache.trailerSize, count: CatalogCache.trailerSize) else { return nil }
        var h = BinaryReader(head, from: 8)
        var r = BinaryReader(tail)
        guard (try? h.u32()) == CatalogCache.version,
              let metaLength = try? r.u64(), let metaChecksum = try? r.u64(),
              let peopleLength = try? r.u64(), let peopleChecksum = try? r.u64(),
              let searchLength = try? r.u64(), let searchChecksum = try? r.u64(),
              let articleCount = try? r.u64(), (try? r.u64()) == CatalogCache.trailerMagic,
              metaLength < 1 << 34, peopleLength < 1 << 34, searchLength < 1 << 36, articleCount < 1 << 32,
              CatalogCache.headSize + Int(metaLength + peopleLength + searchLength) + CatalogCache.trailerSize == size
        else { return nil }
        return Trailer(metaLength: Int(metaLength), metaChecksum: metaChecksum, peopleLength: Int(peopleLength),
                       peopleChecksum: peopleChecksum, searchLength: Int(searchLength), searchChecksum: searchChecksum,
                       articleCount: Int(articleCount))
    }

    // MARK: Reading

    /// What the last run found for each file, or nil when there is no usable cache.
    public func readRecords() -> [ScanRecord]? {
        guard let t = readTrailer(),
              let meta = CatalogCache.read(path, at: CatalogCache.headSize, count: t.metaLength),
              checksum64(meta) == t.metaChecksum else { return nil }
        return try? parseMeta(meta)
    }

    /// The people and search indexes, when present, intact and made for `articleCount` articles.
    public func readIndexes(articleCount: Int) -> (people: PeopleIndex, search: SearchIndex)? {
        guard let t = readTrailer(), t.articleCount == articleCount, t.peopleLength > 0, t.searchLength > 0 else { return nil }
        let peopleAt = CatalogCache.headSize + t.metaLength
        guard let peopleBytes = CatalogCache.read(path, at: peopleAt, count: t.peopleLength),
              checksum64(peopleBytes) == t.peopleChecksum,
              let people = try? PeopleIndex(serialized: peopleBytes, articleCount: articleCount) else { return nil }
        guard let searchBytes = CatalogCache.read(path, at: peopleAt + t.peopleLength, count: t.searchLength),
              checksum64(searchBytes) == t.searchChecksum,
              let search = try? SearchIndex(serialized: searchBytes, articleCount: articleCount) else { return nil }
        return (people, search)
    }

    func parseMeta(_ b: [UInt8]) throws(BinaryFormatError) -> [ScanRecord] {
        var r = BinaryReader(b)
        let rootCount = try r.count(max: 10_000)
        var cachedRoots: [String] = []
        for _ in 0..<rootCount { cachedRoots.append(try r.string()) }
        guard cachedRoots == roots, try r.string() == options else { throw BinaryFormatError("made for other folders") }
        let n = try r.count(max: r.remaining / 8)
        var records: [ScanRecord] = []
        records.reserveCapacity(n)
        for _ in 0..<n {
            let location = RawPath(bytes: try r.data())
            let path = try r.string()
            var stamp: FileStamp?
            if try r.bool() { stamp = FileStamp(size: try r.int(), modified: try r.i64(), inode: try r.u64()) }
            switch try r.u8() {
            case 0:
                let root = try r.string(), relative = try r.string()
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
    public func write(records: [ScanRecord], people: PeopleIndex?, search: SearchIndex?) throws {
        let meta = metaBytes(records)
        try AtomicFile.write(path) { write throws(StorageError) in
            var head = BinaryWriter()
            head.raw(CatalogCache.magic)
            head.u32(CatalogCache.version)
            head.u32(0)
            try write(head.bytes)
            try write(meta)
            var trailer = BinaryWriter()
            trailer.u64(UInt64(meta.count))
            trailer.u64(checksum64(meta))
            if let people, let search {
                var part = people.serialize()
                try write(part)
                trailer.u64(UInt64(part.count))
                trailer.u64(checksum64(part))
                part = []
                // The search index (the largest part) goes out a megabyte at a time.
                let size = search.serializedSize
                var sum = Checksum64(length: size)
                let chunk = 1 << 20
                var buffer: [UInt8] = []
                buffer.reserveCapacity(chunk)
                var failure: StorageError?
                search.serialize { raw in
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
                trailer.u64(UInt64(people.articleCount))
            } else {
                for _ in 0..<5 { trailer.u64(0) }
            }
            trailer.u64(CatalogCache.trailerMagic)
            try write(trailer.bytes)
        }
    }

    func metaBytes(_ records: [ScanRecord]) -> [UInt8] {
        var meta = BinaryWriter(capacity: records.count * 160)
        meta.u64(UInt64(roots.count))
        for root in roots { meta.string(root) }
        meta.string(options)
        meta.u64(UInt64(records.count))
        for record in records {
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
        return meta.bytes
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
