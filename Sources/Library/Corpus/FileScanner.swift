#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file found for loading.
public struct FileRef: Sendable, Hashable {
    public var location: RawPath
    /// How reader names it: the root as given, then the path inside it.
    public var path: String
    /// Named on the command line (or a symbolic link found in a folder): open it following links.
    public var followLinks: Bool
    /// The folder it was found under, as given (for a file named on the command line, its folder),
    /// and its path inside that folder.
    public var root: String
    public var relativePath: String
    /// Size and modification time (nanoseconds) seen while walking, when known: enough to tell
    /// whether a cached analysis of the file still holds without reading it.
    public var stamp: FileStamp?
    /// Which file it is (device and inode), when the walk `stat`ed it.
    var id: FileScanner.FileID?

    public init(location: RawPath, path: String, followLinks: Bool, root: String = "", relativePath: String? = nil,
                stamp: FileStamp? = nil) {
        self.location = location
        self.path = path
        self.followLinks = followLinks
        self.root = root
        self.relativePath = relativePath ?? path
        self.stamp = stamp
    }
}

/// What tells a file's version apart without reading it.
public struct FileStamp: Hashable, Sendable {
    public var size: Int
    public var modified: Int64
    public var inode: UInt64

    public init(size: Int, modified: Int64, inode: UInt64) {
        self.size = size
        self.modified = modified
        self.inode = inode
    }

    init(_ st: stat) {
        size = Int(st.st_size)
        modified = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
        inode = UInt64(st.st_ino)
    }
}

/// Walks folders and reads files without ever blocking or looping: FIFOs and devices are never
/// opened for reading, symbolic links to folders are not followed, names are kept as bytes.
public enum FileScanner {
    /// File name extensions loaded from folders (files named explicitly load whatever their name).
    public static let articleExtensions: Set<String> = ["txt", "md", "markdown", "text", "html", "htm"]
    public static let maxDepth = 64

    /// The files under `roots`, in a stable order (each root in turn, names sorted bytewise), and
    /// the problems met on the way.
    ///
    /// `stamps` false (for a one-off search): files met as folder entries are not `stat`ed, so
    /// they have no stamp, and two hard links to one file are both listed (as `grep -r` does);
    /// a file reached through a symbolic link is still listed once.
    public static func collect(_ roots: [String], stamps: Bool = true) -> (files: [FileRef], issues: [LoadIssue]) {
        collect(roots, mode: stamps ? .walk : .none)
    }

    /// When the files found are `stat`ed.
    enum Stamps {
        /// While walking: each file's stamp known, and a file met again (a hard link, a link to
        /// it) listed once, the first time.
        case walk
        /// Never (for a one-off search; see `collect`).
        case none
        /// Files met as folder entries are not `stat`ed: their stamps and identities come from
        /// reading them (`fstat` on the open file), and the caller drops a file met again
        /// (`Corpus.scan`, by `FileRef.id` or what reading found). The walk's 10,000 `fstatat`
        /// calls are the one part of a cold start no other core can share.
        case fromReading
    }

    static func collect(_ roots: [String], mode: Stamps) -> (files: [FileRef], issues: [LoadIssue]) {
        let stamps = mode != .none
        var files: [FileRef] = []
        var issues: [LoadIssue] = []
        var seen = Set<FileID>()
        for root in roots {
            let raw = RawPath(root)
            var st = stat()
            if raw.withCString({ stat($0, &st) }) != 0 {
                issues.append(LoadIssue(path: root, problem: describeErrno(errno)))
                continue
            }
            switch st.st_mode & S_IFMT {
            case S_IFDIR:
                let fd = raw.withCString { open($0, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
                if fd < 0 {
                    issues.append(LoadIssue(path: root, problem: describeErrno(errno)))
                    continue
                }
                let prefix = (root == "." || root == "./") ? "" : root
                walk(fd: fd, location: raw, display: prefix, relative: "", root: root, depth: 0, mode: mode,
                     files: &files, issues: &issues, seen: &seen)
                close(fd)
            case S_IFREG:
                if mode == .fromReading || seen.insert(FileID(st)).inserted {
                    let name = RawPath(bytes: raw.lastComponent).display
                    let folder = root.hasSuffix(name) ? String(root.dropLast(name.count)) : ""
                    let trimmed = folder.count > 1 && folder.hasSuffix("/") ? String(folder.dropLast()) : folder
                    var file = FileRef(location: raw, path: root, followLinks: true,
                                       root: trimmed.isEmpty ? "." : trimmed, relativePath: name, stamp: FileStamp(st))
                    file.id = FileID(st)
                    files.append(file)
                }
            default:
                issues.append(LoadIssue(path: root, problem: "not a regular file (\(kindName(st.st_mode)))"))
            }
        }
        if !stamps && files.contains(where: \.followLinks) {
            // Files reached through links may also be in the folders: the first of each kept.
            var unique = Set<FileID>()
            files = files.filter { file in
                var st = stat()
                guard file.location.withCString({ stat($0, &st) }) == 0 else { return true }
                return unique.insert(FileID(st)).inserted
            }
        }
        return (files, issues)
    }

    struct FileID: Hashable {
        var device: UInt64
        var inode: UInt64
        init(_ st: stat) { device = UInt64(st.st_dev); inode = UInt64(st.st_ino) }
    }

    static func kindName(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: return "a FIFO"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        case S_IFDIR: return "a folder"
        case S_IFLNK: return "a symbolic link"
        default: return "unknown kind"
        }
    }

    private static func walk(fd: Int32, location: RawPath, display: String, relative: String, root: String, depth: Int,
                             mode: Stamps, files: inout [FileRef], issues: inout [LoadIssue], seen: inout Set<FileID>) {
        func join(_ name: String) -> String {
            if display.isEmpty { return name }
            return display.hasSuffix("/") ? display + name : display + "/" + name
        }
        guard depth < maxDepth else {
            issues.append(LoadIssue(path: display, problem: "folders nested too deep (over \(maxDepth) levels)"))
            return
        }
        let dupfd = dup(fd)
        guard dupfd >= 0, let dir = fdopendir(dupfd) else {
            issues.append(LoadIssue(path: display, problem: describeErrno(errno)))
            return
        }
        var entries: [(name: [UInt8], type: UInt8)] = []
        while let entry = readdir(dir) {
            let name: [UInt8] = withUnsafePointer(to: &entry.pointee.d_name) { ptr in
                ptr.withMemoryRebound(to: UInt8.self, capacity: 256) { p in
                    Array(UnsafeBufferPointer(start: p, count: strlen(UnsafeRawPointer(p).assumingMemoryBound(to: CChar.self))))
                }
            }
            if name.first == UInt8(ascii: ".") { continue }   // ., .., and hidden files
            entries.append((name, entry.pointee.d_type))
        }
        closedir(dir)
        entries.sort { $0.name.lexicographicallyPrecedes($1.name) }

        for (name, dtype) in entries {
            let child = location.appending(name)
            let shownName = RawPath(bytes: name).display
            let shown = join(shownName)
            let inside = relative.isEmpty ? shownName : relative + "/" + shownName
            let wanted = isArticleName(name)
            var type = dtype
            var st = stat()
            if type == UInt8(DT_UNKNOWN) {
                guard fstatat(fd, name.cString, &st, AT_SYMLINK_NOFOLLOW) == 0 else {
                    if wanted { issues.append(LoadIssue(path: shown, problem: describeErrno(errno))) }
                    continue
                }
                type = dtypeOf(st.st_mode)
            }
            switch type {
            case UInt8(DT_DIR):
                let sub = openat(fd, name.cString, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                if sub < 0 {
                    issues.append(LoadIssue(path: shown, problem: describeErrno(errno)))
                    continue
                }
                walk(fd: sub, location: child, display: shown, relative: inside, root: root, depth: depth + 1,
                     mode: mode, files: &files, issues: &issues, seen: &seen)
                close(sub)
            case UInt8(DT_REG):
                guard wanted else { continue }
                var stamp: FileStamp?
                if mode == .walk, fstatat(fd, name.cString, &st, AT_SYMLINK_NOFOLLOW) == 0 {
                    if !seen.insert(FileID(st)).inserted { continue }
                    stamp = FileStamp(st)
                }
                files.append(FileRef(location: child, path: shown, followLinks: false, root: root, relativePath: inside, stamp: stamp))
            case UInt8(DT_LNK):
                if fstatat(fd, name.cString, &st, 0) != 0 {
                    let code = errno
                    if code == ELOOP {
                        issues.append(LoadIssue(path: shown, problem: "symbolic link loop"))
                    } else if wanted {
                        issues.append(LoadIssue(path: shown, problem: code == ENOENT ? "broken symbolic link" : describeErrno(code)))
                    }
                    continue
                }
                switch st.st_mode & S_IFMT {
                case S_IFDIR:
                    issues.append(LoadIssue(path: shown, problem: "symbolic link to a folder, not followed", severity: .note))
                case S_IFREG:
                    guard wanted, mode == .fromReading || seen.insert(FileID(st)).inserted else { continue }
                    var file = FileRef(location: child, path: shown, followLinks: true, root: root, relativePath: inside,
                                       stamp: FileStamp(st))
                    file.id = FileID(st)
                    files.append(file)
                default:
                    if wanted { issues.append(LoadIssue(path: shown, problem: "not a regular file (\(kindName(st.st_mode)))")) }
                }
            default:
                if wanted {
                    _ = fstatat(fd, name.cString, &st, AT_SYMLINK_NOFOLLOW)
                    issues.append(LoadIssue(path: shown, problem: "not a regular file (\(kindName(st.st_mode)))"))
                }
            }
        }
    }

    /// Whether a name found in a folder has one of `articleExtensions` (compared on the bytes
    /// when the extension is ASCII, as most are).
    static func isArticleName(_ name: [UInt8]) -> Bool {
        guard let dot = name.lastIndex(of: UInt8(ascii: ".")), dot > 0 else { return articleExtensions.contains("") }
        let ext = name[(dot + 1)...]
        guard ext.allSatisfy({ $0 < 0x80 }) else { return articleExtensions.contains(RawPath(bytes: name).fileExtension) }
        return asciiExtensions.contains { $0.elementsEqual(ext.lazy.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }) }
    }

    static let asciiExtensions: [[UInt8]] = articleExtensions.map { Array($0.utf8) }

    static func dtypeOf(_ mode: mode_t) -> UInt8 {
        switch mode & S_IFMT {
        case S_IFDIR: return UInt8(DT_DIR)
        case S_IFREG: return UInt8(DT_REG)
        case S_IFLNK: return UInt8(DT_LNK)
        default: return UInt8(DT_FIFO)
        }
    }

    // MARK: Reading

    public enum ReadResult: Sendable {
        case bytes([UInt8], stamp: FileStamp)
        case failed(String)
    }

    /// Reads a whole regular file. Opens with `O_NONBLOCK` (a FIFO never blocks) and checks with
    /// `fstat` that it is a regular file before reading; refuses files over `maxBytes` and files
    /// that are not text (`Corpus.refusal`).
    public static func read(_ location: RawPath, followLinks: Bool, maxBytes: Int) -> ReadResult {
        var opened: (id: FileID, stamp: FileStamp)?
        return read(location, followLinks: followLinks, maxBytes: maxBytes, opened: &opened)
    }

    /// The same, telling which file was opened (when `fstat` said), whether or not it was read.
    /// `prefix`: no more than the first `prefix` bytes are read (at least the 8 KiB head
    /// checked for text): fewer bytes than that returned is the whole file.
    static func read(_ location: RawPath, followLinks: Bool, maxBytes: Int, prefix: Int = .max,
                     opened: inout (id: FileID, stamp: FileStamp)?) -> ReadResult {
        let prefix = max(prefix, headCheckBytes)
        var flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC
        if !followLinks { flags |= O_NOFOLLOW }
        let fd = location.withCString { open($0, flags) }
        if fd < 0 { return .failed(errno == ELOOP && !followLinks ? "symbolic link not followed" : describeErrno(errno)) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return .failed(describeErrno(errno)) }
        opened = (FileID(st), FileStamp(st))
        guard st.st_mode & S_IFMT == S_IFREG else { return .failed("not a regular file (\(kindName(st.st_mode)))") }
        let stamp = FileStamp(st)
        let size = stamp.size
        if size > maxBytes { return .failed("too large (\(formatBytes(size)); the limit is \(formatBytes(maxBytes)))") }
        // The head first; the rest of the buffer only once the head shows a text file.
        var buffer = [UInt8](repeating: 0, count: min(size + 1, 8192))
        var filled = 0
        var headChecked = false
        var checkedBytes = 0
        while true {
            // Once the head is in (or the whole file, if shorter), a binary file is refused
            // without reading the rest of it.
            if !headChecked && (filled >= min(size, 8192) || filled == buffer.count) {
                headChecked = true
                checkedBytes = filled
                if let problem = Corpus.refusal(Array(buffer[0..<filled]), format: Article.Format(location)) { return .failed(problem) }
                let wanted = min(size + 1, prefix)
                if buffer.count < wanted { buffer.append(contentsOf: repeatElement(0, count: wanted - buffer.count)) }
            }
            if filled >= prefix { break }
            if filled == buffer.count {
                if buffer.count > maxBytes { return .failed("too large (grew past \(formatBytes(maxBytes)) while reading)") }
                buffer.append(contentsOf: [UInt8](repeating: 0, count: max(4096, buffer.count)))
            }
            // The first read takes only the head, so that the check above comes before the rest.
            let want = headChecked ? buffer.count - filled : min(buffer.count, 8192) - filled
            let n = buffer.withUnsafeMutableBytes { raw in
                Glibc.read(fd, raw.baseAddress! + filled, want)
            }
            if n < 0 {
                if errno == EINTR { continue }
                return .failed(describeErrno(errno))
            }
            if n == 0 { break }
            filled += n
            // All the bytes fstat announced: done, without another read to see the end (a
            // file growing meanwhile is read as it was). Not for size 0 (files in /proc).
            if filled == size && size > 0 { break }
        }
        buffer.removeSubrange(min(filled, prefix)...)
        // The head checked above is the final one unless the file turned out longer than fstat
        // said (files in /proc): then the whole head is checked now. A head checked alone is at
        // least as strict as the same bytes checked inside the file, so callers need not check
        // the bytes returned again.
        if checkedBytes < min(buffer.count, 8192), let problem = Corpus.refusal(buffer, format: Article.Format(location)) { return .failed(problem) }
        return .bytes(buffer, stamp: stamp)
    }

    /// The bytes at the start of a file checked for text before the rest is read (`Corpus.refusal`).
    static let headCheckBytes = 8192

    /// Which file a path names (not following a final symbolic link), and its stamp; nil when it is gone.
    static func identityAndStamp(_ location: RawPath) -> (id: FileID, stamp: FileStamp)? {
        var st = stat()
        guard location.withCString({ fstatat(AT_FDCWD, $0, &st, AT_SYMLINK_NOFOLLOW) }) == 0 else { return nil }
        return (FileID(st), FileStamp(st))
    }

    /// The modification time and size of a file, without reading it (nil when it is gone).
    public static func stamp(_ location: RawPath) -> (size: Int, modified: Int64)? {
        var st = stat()
        guard location.withCString({ stat($0, &st) }) == 0 else { return nil }
        return (Int(st.st_size), Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec))
    }
}

/// "1.2 MB"-style sizes for messages.
public func formatBytes(_ n: Int) -> String {
    if n < 1000 { return "\(n) bytes" }
    let units = ["kB", "MB", "GB", "TB"]
    var value = Double(n) / 1000
    var unit = 0
    while value >= 1000 && unit < units.count - 1 { value /= 1000; unit += 1 }
    let rounded = (value * 10).rounded() / 10
    return (rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)) + " " + units[unit]
}

extension Array where Element == UInt8 {
    /// A NUL-terminated copy for C calls.
    var cString: [CChar] { map { CChar(bitPattern: $0) } + [0] }
}
