#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file could not be read or saved, in words for a one-line message.
public struct StorageError: Error, Equatable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// No space left, or over quota.
        case full
        /// Read-only file system or folder, or permission denied.
        case readOnly
        /// The file exists but does not parse, or is of a newer format: never overwritten.
        case unusable
        case other
    }
    public var path: String
    public var problem: String
    public var kind: Kind

    public init(path: String, problem: String, kind: Kind) {
        self.path = path
        self.problem = problem
        self.kind = kind
    }

    init(path: String, errno code: Int32, doing: String) {
        self.path = path
        switch code {
        case ENOSPC, EDQUOT: kind = .full
        case EROFS, EACCES, EPERM: kind = .readOnly
        default: kind = .other
        }
        problem = "\(doing): \(describeErrno(code))"
    }

    public var description: String { "\(path): \(problem)" }
}

/// Saving a user's file without ever losing it (see NOTES: lock file, re-read and merge under
/// the lock, temporary file, fsync, rename, fsync of the folder). A new file gets mode 0600; a
/// replaced one keeps its mode, owner and group; one its owner made read-only is not replaced.
public enum AtomicFile {
    /// The file's bytes, or nil when it does not exist.
    public static func read(_ path: String) throws(StorageError) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw StorageError(path: path, errno: errno, doing: "cannot read")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw StorageError(path: path, errno: errno, doing: "cannot read") }
        guard st.st_mode & S_IFMT == S_IFREG else {
            throw StorageError(path: path, problem: "not a regular file", kind: .unusable)
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw StorageError(path: path, errno: errno, doing: "cannot read")
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return bytes
    }

    /// Replaces the file's contents with what `transform` makes of its current contents (nil
    /// when it does not exist), under an exclusive lock, so that concurrent writers each see the
    /// other's result. The file is either entirely old or entirely new at every moment.
    public static func update(_ given: String, _ transform: ([UInt8]?) throws -> [UInt8]) throws {
        // A symbolic link (say, into a dotfiles repository) is followed, not replaced by a file.
        let path = resolvedLink(given)
        let (folder, name) = split(path)
        try makeFolders(folder)
        let dirfd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dirfd >= 0 else { throw StorageError(path: path, errno: errno, doing: "cannot open its folder") }
        defer { close(dirfd) }

        let lockfd = openat(dirfd, name + ".lock", O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard lockfd >= 0 else { throw StorageError(path: path, errno: errno, doing: "cannot create its lock file") }
        defer { close(lockfd) }
        while flock(lockfd, LOCK_EX) != 0 {
            if errno != EINTR { throw StorageError(path: path, errno: errno, doing: "cannot lock") }
        }
        defer { flock(lockfd, LOCK_UN) }

        removeStaleTemporaryFiles(dirfd: dirfd, name: name)
        // The file as it is: the new one gets its mode, owner and group; one its owner made
        // read-only is never replaced (renaming over it would be allowed by the folder).
        var existing = stat()
        let exists = fstatat(dirfd, name, &existing, AT_SYMLINK_NOFOLLOW) == 0 && existing.st_mode & S_IFMT == S_IFREG
        if exists && (existing.st_mode & S_IWUSR == 0 || faccessat(dirfd, name, W_OK, AT_EACCESS) != 0) {
            throw StorageError(path: path, problem: "the file is read-only (mode \(octal(existing.st_mode & 0o7777))): not replaced; "
                               + "make it writable (chmod u+w) to save", kind: .readOnly)
        }
        let current = try read(path)
        let bytes = try transform(current)
        try replace(dirfd: dirfd, name: name, path: path, keeping: exists ? existing : nil, with: bytes)
    }

    static func octal(_ mode: mode_t) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// Replaces a file whose loss would only cost time (a cache): folders created as needed, a
    /// temporary file renamed over the target, so readers see the old file or the new one.
    /// The content is written in parts as `produce` hands them over, so a large file never has
    /// to be in memory whole. Not synced: after a crash the file may be old, new, empty or torn,
    /// which its reader must tell (the catalog cache's checksums do) — syncing tens of megabytes
    /// would cost a restart more than the cache saves it.
    public static func write(_ path: String, produce: (_ write: ([UInt8]) throws(StorageError) -> Void) throws -> Void) throws {
        let (folder, name) = split(path)
        try makeFolders(folder)
        let dirfd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dirfd >= 0 else { throw StorageError(path: path, errno: errno, doing: "cannot open its folder") }
        defer { close(dirfd) }
        try replace(dirfd: dirfd, name: name, path: path, synced: false, produce: produce)
    }

    /// Writes a temporary file beside the target, syncs it, renames it over the target and syncs
    /// the folder. On failure the temporary file is removed and the target is untouched.
    static func replace(dirfd: Int32, name: String, path: String, keeping old: stat?, with bytes: [UInt8]) throws(StorageError) {
        do {
            try replace(dirfd: dirfd, name: name, path: path, keeping: old) { write throws(StorageError) in try write(bytes) }
        } catch let error as StorageError {
            throw error
        } catch {
            throw StorageError(path: path, problem: "\(error)", kind: .other)
        }
    }

    /// `old`: the file being replaced, whose owner, group and permissions the new one gets (as
    /// far as this process may give them; group permissions only with the group).
    /// `synced`: the file and the folder are synced (user data); without, neither is (a cache).
    static func replace(dirfd: Int32, name: String, path: String, keeping old: stat? = nil, synced: Bool = true,
                        produce: (_ write: ([UInt8]) throws(StorageError) -> Void) throws -> Void) throws {
        var tempName = ""
        var fd: Int32 = -1
        for attempt in 0..<100 {
            tempName = ".\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).\(attempt).tmp"
            fd = openat(dirfd, tempName, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else { throw StorageError(path: path, errno: errno, doing: "cannot create a temporary file") }
        if let old {
            var mode = old.st_mode & 0o777
            if fchown(fd, old.st_uid, old.st_gid) != 0 && fchown(fd, uid_t.max, old.st_gid) != 0 {
                mode &= ~0o070   // the writer's group must not get what the file's group had
            }
            fchmod(fd, mode)
        }
        func fail(_ code: Int32, _ doing: String) -> StorageError {
            close(fd)
            unlinkat(dirfd, tempName, 0)
            return StorageError(path: path, errno: code, doing: doing)
        }
        func writePart(_ bytes: [UInt8]) throws(StorageError) {
            var written = 0
            while written < bytes.count {
                let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, $0.count - written) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw StorageError(path: path, errno: errno, doing: "cannot save")   // cleaned up below
                }
                written += n
            }
        }
        do {
            try produce(writePart)
        } catch {
            close(fd)
            unlinkat(dirfd, tempName, 0)
            throw error
        }
        // A failed fsync is final: the data may be lost, so it is never reported as saved.
        if synced && fsync(fd) != 0 { throw fail(errno, "cannot save (fsync)") }
        if close(fd) != 0 {
            let code = errno
            unlinkat(dirfd, tempName, 0)
            throw StorageError(path: path, errno: code, doing: "cannot save (close)")
        }
        if renameat(dirfd, tempName, dirfd, name) != 0 {
            let code = errno
            unlinkat(dirfd, tempName, 0)
            throw StorageError(path: path, errno: code, doing: "cannot save (rename)")
        }
        // Without this the rename may not survive a crash: a failure is reported (saving again
        // is harmless), except where the file system cannot sync folders at all.
        if synced && fsync(dirfd) != 0 && errno != EINVAL && errno != ENOTSUP {
            throw StorageError(path: path, errno: errno, doing: "cannot save (fsync of the folder)")
        }
    }

    /// Temporary files are only made while holding the lock, so any found by the lock's holder
    /// were left by a writer that was killed: remove them rather than let them pile up.
    static func removeStaleTemporaryFiles(dirfd: Int32, name: String) {
        let copy = dup(dirfd)
        guard copy >= 0, let dir = fdopendir(copy) else {
            if copy >= 0 { close(copy) }
            return
        }
        defer { closedir(dir) }
        let prefix = "." + name + "."
        var stale: [String] = []
        while let entry = readdir(dir) {
            let entryName = withUnsafePointer(to: &entry.pointee.d_name) { ptr in
                ptr.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if entryName.hasPrefix(prefix) && entryName.hasSuffix(".tmp") { stale.append(entryName) }
        }
        for entryName in stale { unlinkat(dirfd, entryName, 0) }
    }

    /// Where a symbolic link finally points (even when the target does not exist yet), or the
    /// path itself.
    static func resolvedLink(_ path: String) -> String {
        var current = path
        for _ in 0..<40 {
            var st = stat()
            guard lstat(current, &st) == 0, st.st_mode & S_IFMT == S_IFLNK else { return current }
            var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = buffer.withUnsafeMutableBytes { readlink(current, $0.baseAddress!.assumingMemoryBound(to: CChar.self), $0.count - 1) }
            guard n > 0 else { return current }
            let target = String(decoding: buffer[0..<n], as: UTF8.self)
            current = target.hasPrefix("/") ? target : split(current).folder + "/" + target
        }
        return path
    }

    /// Creates missing folders with mode 0700.
    public static func makeFolders(_ folder: String) throws(StorageError) {
        var st = stat()
        if stat(folder, &st) == 0 {
            if st.st_mode & S_IFMT == S_IFDIR { return }
            throw StorageError(path: folder, problem: "not a folder", kind: .unusable)
        }
        let (parent, _) = split(folder)
        if parent != folder && !parent.isEmpty { try makeFolders(parent) }
        if mkdir(folder, 0o700) != 0 && errno != EEXIST {
            throw StorageError(path: folder, errno: errno, doing: "cannot create the folder")
        }
    }

    static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let folder = String(path[..<slash])
        return (folder.isEmpty ? "/" : folder, String(path[path.index(after: slash)...]))
    }
}

/// Standard places for reader's files, following the XDG base directory specification
/// (relative values are ignored, as the specification says).
public enum XDG {
    public static func folder(_ variable: String, default fallback: String, environment: [String: String]) -> String? {
        if let value = environment[variable], value.hasPrefix("/") { return value }
        guard let home = environment["HOME"], home.hasPrefix("/") else { return nil }
        return home + "/" + fallback
    }

    public static func stateHome(_ env: [String: String]) -> String? { folder("XDG_STATE_HOME", default: ".local/state", environment: env) }
    public static func dataHome(_ env: [String: String]) -> String? { folder("XDG_DATA_HOME", default: ".local/share", environment: env) }
    public static func cacheHome(_ env: [String: String]) -> String? { folder("XDG_CACHE_HOME", default: ".cache", environment: env) }
}
