import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// What reading one file found: an article (with how many of its bytes were not UTF-8), or why
/// it was skipped; with the file's stamp, so the cache can tell when it changes.
public struct ScanRecord: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        case article(Article, invalidBytes: Int)
        case skipped(String)
    }
    public var location: RawPath
    public var path: String
    public var stamp: FileStamp?
    public var outcome: Outcome

    public init(location: RawPath, path: String, stamp: FileStamp?, outcome: Outcome) {
        self.location = location
        self.path = path
        self.stamp = stamp
        self.outcome = outcome
    }

    init(file: FileRef, stamp: FileStamp?, outcome: Outcome) {
        self.init(location: file.location, path: file.path, stamp: stamp, outcome: outcome)
    }

    var article: Article? {
        if case .article(let article, _) = outcome { return article }
        return nil
    }

    /// The same record for a file found under another name (the same folder given differently).
    func renamed(_ file: FileRef) -> ScanRecord {
        var copy = self
        copy.path = file.path
        if case .article(var article, let invalid) = outcome {
            article.path = file.path
            article.root = file.root
            article.relativePath = file.relativePath
            copy.outcome = .article(article, invalidBytes: invalid)
        }
        return copy
    }
}

extension Article.Format {
    /// What a file's name says it is: Markdown for `.md` and `.markdown`, a web page for `.html`
    /// and `.htm`, plain text otherwise.
    public init(_ location: RawPath) {
        // The extension's bytes, lowercased into one word and compared as such (a warm start of
        // 100,000 articles made a string of each); only a name with other than ASCII after its
        // dot is lowercased whole.
        let packed: UInt64?? = location.bytes.withUnsafeBufferPointer { b -> UInt64?? in
            var end = b.count
            while end > 1 && b[end - 1] == UInt8(ascii: "/") { end -= 1 }
            var dot = end
            while dot > 0 && b[dot - 1] != UInt8(ascii: ".") && b[dot - 1] != UInt8(ascii: "/") { dot -= 1 }
            // No dot in the name, or only a leading one (".md" has no extension).
            guard dot > 1, b[dot - 1] == UInt8(ascii: "."), b[dot - 2] != UInt8(ascii: "/") else { return .some(nil) }
            guard end - dot <= 8 else { return b[dot..<end].allSatisfy { $0 < 0x80 } ? .some(nil) : nil }
            var word: UInt64 = 0
            for i in dot..<end {
                guard b[i] < 0x80 else { return nil }
                let c = b[i] >= UInt8(ascii: "A") && b[i] <= UInt8(ascii: "Z") ? b[i] | 0x20 : b[i]
                word = word << 8 | UInt64(c)
            }
            return .some(word)
        }
        guard let packed else { self = Self(fileExtension: location.fileExtension); return }
        if packed == Self.packedMD || packed == Self.packedMarkdown {
            self = .markdown
        } else if packed == Self.packedHTML || packed == Self.packedHTM {
            self = .html
        } else {
            self = .text
        }
    }

    /// Extensions as `init(_:)` packs them: their bytes, the first highest.
    private static func pack(_ name: StaticString) -> UInt64 {
        name.withUTF8Buffer { $0.reduce(0) { $0 << 8 | UInt64($1) } }
    }
    private static let packedMD = pack("md"), packedMarkdown = pack("markdown"), packedHTML = pack("html"), packedHTM = pack("htm")

    init(fileExtension: String) {
        switch fileExtension {
        case "md", "markdown": self = .markdown
        case "html", "htm": self = .html
        default: self = .text
        }
    }
}

public struct LoadOptions: Sendable {
    /// Files larger than this are skipped with a note.
    public var maxFileBytes = 32 * 1024 * 1024
    /// Worker threads for reading and analysing files.
    public var threads = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    /// Threads reading files for the article list (`Corpus.scan`): files not in the page cache
    /// are read from the disk, and many reads in flight at once finish sooner than one per core
    /// (10,000 evicted files: 1.75 s with 2 threads, 1.13 s with 16; machine busy). The first
    /// screen with every file evicted, 5 runs each, three times over: 16 threads 233-344 ms,
    /// 64 threads 196-263 ms; with the files cached, no difference (98-135 ms). Reading only the
    /// files' first 8 KiB: 1 thread 1,021 ms, 4 396, 16 246, 32 219, 64 199, 128 196.
    public var readThreads = max(64, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    /// Keep every text in memory after loading (small corpora, tests).
    public var keepTexts = false
    public init() {}
}

// MARK: Small concurrency helpers

/// How much of a long job is done, readable from any thread.
public final class Progress: Sendable {
    private let count = Atomic<Int>(0)
    private let all: Atomic<Int>
    public init(total: Int) { all = Atomic(total) }
    public var total: Int { all.load(ordering: .relaxed) }
    public var done: Int { min(count.load(ordering: .relaxed), total) }
    public func advance(by n: Int = 1) { count.wrappingAdd(n, ordering: .relaxed) }
    /// The job is another one, of `total` steps, none done yet.
    public func restart(total: Int) {
        count.store(0, ordering: .relaxed)
        all.store(total, ordering: .relaxed)
    }
}

/// Fixed slots that parallel workers fill, each slot written by exactly one worker.
final class ResultSlots<T>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<T?>
    init(count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil)
    }
    deinit {
        storage.deinitialize()
        storage.deallocate()
    }
    subscript(i: Int) -> T? {
        get { storage[i] }
        set { storage[i] = newValue }
    }
    var values: [T] { storage.map { $0! } }
}
