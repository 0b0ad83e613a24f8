import Foundation
import Glibc

/// A temporary folder that removes itself, with helpers to fill it with awkward files.
public final class TempFolder: @unchecked Sendable {
    public let path: String

    public init(_ label: String = "reader-test") {
        let tmp = NSTemporaryDirectory().hasSuffix("/") ? String(NSTemporaryDirectory().dropLast()) : NSTemporaryDirectory()
        var template = Array((tmp + "/\(label).XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        path = made.map { String(cString: $0) } ?? (NSTemporaryDirectory() + "/\(label).\(UUID().uuidString)")
        if made == nil { try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
    }

    deinit { remove() }

    /// Removes the folder and everything in it (also what tests made unreadable).
    public func remove() {
        _ = chmodTree(path)
        try? FileManager.default.removeItem(atPath: path)
    }

    private func chmodTree(_ p: String) -> Bool {
        Glibc.chmod(p, 0o700)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: p)) ?? [] {
            var st = stat()
            if lstat(p + "/" + name, &st) == 0, st.st_mode & S_IFMT == S_IFDIR { _ = chmodTree(p + "/" + name) }
        }
        return true
    }

    /// The full path of a name inside the folder.
    public func file(_ name: String) -> String { path + "/" + name }

    /// Names in a subfolder (hidden ones included), sorted.
    public func list(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: file(folder))) ?? []).sorted()
    }

    /// An environment with HOME and every XDG folder inside this folder, so nothing a test runs
    /// can touch the user's files.
    public var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = file("home")
        env["XDG_DATA_HOME"] = file("home/data")
        env["XDG_STATE_HOME"] = file("home/state")
        env["XDG_CONFIG_HOME"] = file("home/config")
        env["XDG_CACHE_HOME"] = file("home/cache")
        env["READER_BOOKMARKS"] = nil
        return env
    }

    /// Writes a file (creating folders), returns its full path.
    @discardableResult
    public func write(_ name: String, _ text: String) -> String {
        write(name, bytes: Array(text.utf8))
    }

    @discardableResult
    public func write(_ name: String, bytes: [UInt8]) -> String {
        let full = path + "/" + name
        let folder = (full as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: full, contents: Data(bytes))
        return full
    }

    /// Writes a file whose name is raw bytes (possibly not valid UTF-8).
    public func write(rawName: [UInt8], bytes: [UInt8]) {
        let full = Array(path.utf8) + [UInt8(ascii: "/")] + rawName + [0]
        let fd = full.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
        }
        guard fd >= 0 else { return }
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    public func mkfifo(_ name: String) { _ = Glibc.mkfifo(path + "/" + name, 0o644) }
    public func symlink(_ name: String, to target: String) { _ = Glibc.symlink(target, path + "/" + name) }
    public func chmod(_ name: String, _ mode: mode_t) { _ = Glibc.chmod(path + "/" + name, mode) }
    public func mkdir(_ name: String) { try? FileManager.default.createDirectory(atPath: path + "/" + name, withIntermediateDirectories: true) }
    public func read(_ name: String) -> [UInt8]? { FileManager.default.contents(atPath: file(name)).map { Array($0) } }
    public func readText(_ name: String) -> String? { try? String(contentsOfFile: file(name), encoding: .utf8) }
}

/// Whether this process can read files regardless of permissions (root can: chmod tests then
/// cannot make a file unreadable).
public var runningAsRoot: Bool { geteuid() == 0 }
