import Foundation
import Synchronization
@testable import Library
#if canImport(Glibc)
import Glibc
#endif

/// A fresh folder under /tmp, removed by `remove()`.
struct TempFolder {
    let path: String

    init(_ label: String = "bookmarks") {
        var template = Array("/tmp/reader-\(label)-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed")
        path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func write(_ name: String, _ text: String) {
        let full = file(name)
        try? FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: full, contents: Data(text.utf8))
    }

    func read(_ name: String) -> [UInt8]? {
        FileManager.default.contents(atPath: file(name)).map { Array($0) }
    }

    /// Names in a folder (hidden ones included).
    func list(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: file(folder))) ?? []).sorted()
    }

    func remove() {
        _ = chmodTree(path)
        try? FileManager.default.removeItem(atPath: path)
    }

    private func chmodTree(_ p: String) -> Bool {
        chmod(p, 0o700)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: p)) ?? [] {
            var st = stat()
            if lstat(p + "/" + name, &st) == 0, st.st_mode & S_IFMT == S_IFDIR { _ = chmodTree(p + "/" + name) }
        }
        return true
    }

    /// An environment that points every home and XDG folder inside this folder, so nothing a
    /// test runs can touch the user's files.
    var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = file("home")
        env["XDG_DATA_HOME"] = file("home/data")
        env["XDG_STATE_HOME"] = file("home/state")
        env["XDG_CONFIG_HOME"] = file("home/config")
        env["XDG_CACHE_HOME"] = file("home/cache")
        env["READER_BOOKMARKS"] = nil
        return env
    }
}

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
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = (exe as NSString).deletingLastPathComponent
        for _ in 0..<4 {
            let candidate = dir + "/reader"
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDir), !isDir.boolValue,
               FileManager.default.isExecutableFile(atPath: candidate) {
                return candidate
            }
            dir = (dir as NSString).deletingLastPathComponent
        }
        return nil
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func start(_ arguments: [String], environment: [String: String]) throws -> (Process, Pipe, Pipe) {
        guard let path else { throw ReaderBinaryMissing() }
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
    var description: String { "the reader binary was not found next to the test bundle; run swift build first" }
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
