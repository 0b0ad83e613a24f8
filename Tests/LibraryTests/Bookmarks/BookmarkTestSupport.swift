import Foundation
import Synchronization
import TestSupport
@testable import Library
#if canImport(Glibc)
import Glibc
#endif

/// A text for bookmarks in tests (invented names, nothing from the seeds).
enum Sample {
    static let article = """
        Harbour news from Velmstad

        The ferry company of Velmstad announced on Monday that the northern route would close for repairs. \
        Captain Ilse Marrow said the hull needed new plates before winter. Passengers were offered the \
        southern route instead, which adds forty minutes to the crossing.

        Local traders were unhappy. "We sell fish, not patience," said Borin Tallow, who runs a stall by the pier. \
        The council promised a decision on compensation by the end of the month.
        """

    /// The offset of the first occurrence of `quote` in `text`.
    static func offset(of quote: String, in text: ArticleText) -> Int {
        Anchoring.occurrences(of: Array(quote.unicodeScalars), in: text.scalars).first!
    }

    static func ref(root: String = "/srv/news", path: String = "harbour.txt", text: ArticleText) -> ArticleRef {
        ArticleRef(path: path, root: root, hash: ArticleRef.hash(of: text), title: "Harbour news from Velmstad")
    }

    private static let counter = Atomic<Int64>(0)

    /// A bookmark on the first occurrence of `quote`, made a second after the one before.
    static func bookmark(_ quote: String, in text: ArticleText, note: String = "a note", tags: [String] = [],
                         now: Timestamp = Timestamp(milliseconds: 1_700_000_000_000 + 1000 * counter.add(1, ordering: .relaxed).newValue)) -> Bookmark {
        let start = offset(of: quote, in: text)
        return Bookmark.make(article: ref(text: text), text: text, range: start..<(start + quote.unicodeScalars.count),
                             note: note, tags: tags, now: now)
    }
}

/// A clock that moves on by one second each time it is read.
final class TestClock: @unchecked Sendable {
    private var now: Int64
    init(_ start: Int64 = 1_750_000_000_000) { now = start }
    func read() -> Timestamp {
        now += 1000
        return Timestamp(milliseconds: now)
    }
}

/// Running the built `reader` binary.
enum ReaderBinary {
    /// `reader` next to the test bundle (.build/debug), built by `swift build` / `swift test`.
    static var path: String? {
        FileManager.default.isExecutableFile(atPath: PackagePaths.reader) ? PackagePaths.reader : nil
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// `reader-bench` next to it: the testing aids (`bookmarks-stress`).
    static var bench: String? {
        FileManager.default.isExecutableFile(atPath: PackagePaths.readerBench) ? PackagePaths.readerBench : nil
    }

    /// Starts `reader` (or, with `bench`, `reader-bench`) with `arguments`.
    static func start(_ arguments: [String], environment: [String: String], bench: Bool = false) throws -> (Process, Pipe, Pipe) {
        guard let path = bench ? Self.bench : path else { throw ReaderBinaryMissing() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return (process, out, err)
    }

    static func run(_ arguments: [String], environment: [String: String]) throws -> Result {
        let (process, out, err) = try start(arguments, environment: environment)
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: output, as: UTF8.self),
                      stderr: String(decoding: errors, as: UTF8.self))
    }
}

struct ReaderBinaryMissing: Error, CustomStringConvertible {
    var description: String { "the reader (or reader-bench) binary was not found next to the test bundle; run swift build first" }
}

/// Mounting a small tmpfs (needs root or CAP_SYS_ADMIN); unmounted by `unmount()`.
enum Mounts {
    static func tmpfs(at folder: String, size: String, readOnly: Bool = false) -> Bool {
        mkdir(folder, 0o700)
        return mount("tmpfs", folder, "tmpfs", readOnly ? UInt(MS_RDONLY) : 0, "size=\(size),mode=0700") == 0
    }

    static func remount(_ folder: String, readOnly: Bool) -> Bool {
        mount("tmpfs", folder, "tmpfs", UInt(MS_REMOUNT) | (readOnly ? UInt(MS_RDONLY) : 0), nil) == 0
    }

    static func unmount(_ folder: String) {
        if umount2(folder, 0) != 0 { umount2(folder, Int32(MNT_DETACH)) }
    }
}
