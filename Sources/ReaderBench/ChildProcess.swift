import Dispatch
import Foundation
import Library
import ReaderUI
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

// MARK: - Child processes

enum ChildProcess {
    struct Outcome {
        var ms: Double
        var peakRSS: Int
        var status: Int32
        var outputLines: Int
        var errorLine: String
    }

    /// Runs `argv` (argv[0] an absolute path) with `environment`, standard input from /dev/null,
    /// standard output into a pipe drained (and its lines counted) by another thread, standard
    /// error into `errorLog`; its wall time and peak memory (wait4's rusage).
    ///
    /// Peak memory needs a detour. Linux counts in a child's ru_maxrss the peak of the memory it
    /// had before exec, and a child made by posix_spawn (vfork) or fork has its parent's: every
    /// figure would be at least this process's size (the whole catalog). So the command is
    /// started by a small /bin/sh that forks it and exits at once; this process is the
    /// "subreaper" that inherits it and reaps it with wait4. The shell's start (about a
    /// millisecond) is in every time, and measured on its own (`true`) as a baseline.
    static func run(_ argv: [[UInt8]], environment: [String], errorLog: String) throws -> Outcome {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw CLIError("bench: cannot make a pipe: \(describeErrno(errno))") }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        _ = fcntl(fds[0], 1031 /* F_SETPIPE_SZ */, 1 << 20)   // fewer wake-ups draining cat's output
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, errorLog, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // Its own process group (so an interrupted bench can stop it), default signal actions.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signo in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&defaults, signo) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF))
        let shell = ["/bin/sh", "-c", "\"$@\" &", "sh"].map { Array($0.utf8) }
        let args = (shell + argv).map(cString) + [nil]
        let envp = environment.map { cString(Array($0.utf8)) } + [nil]
        defer { (args + envp).forEach { $0?.deallocate() } }
        var shellPID = pid_t()
        let start = Tools.now()
        let spawned = posix_spawn(&shellPID, args[0]!, &actions, &attributes, args, envp)
        close(fds[1])
        Interrupt.runningGroup.store(spawned == 0 ? shellPID : 0, ordering: .relaxed)
        defer { Interrupt.runningGroup.store(0, ordering: .relaxed) }
        guard spawned == 0 else {
            close(fds[0])
            throw CLIError("bench: cannot run /bin/sh: \(describeErrno(spawned))")
        }
        let drain = Drain.start(fds[0])
        var shellReaped = false
        var target: (status: Int32, usage: rusage, end: Double)?
        while !shellReaped || target == nil {
            var status: Int32 = 0
            var usage = rusage()
            let pid = wait4(-1, &status, 0, &usage)
            if pid < 0 {
                if errno == EINTR { continue }
                break
            }
            if pid == shellPID { shellReaped = true } else { target = (status, usage, Tools.now()) }
        }
        let lines = drain.finish()
        close(fds[0])
        try Interrupt.check()
        guard let target else { throw CLIError("bench: \(String(decoding: argv[0], as: UTF8.self)) did not start") }
        let code = target.status & 0x7F == 0 ? (target.status >> 8) & 0xFF : 128 + (target.status & 0x7F)
        return Outcome(ms: target.end - start, peakRSS: target.usage.ru_maxrss * 1024, status: code, outputLines: lines,
                       errorLine: code == 0 ? "" : firstLine(errorLog))
    }

    /// Orphaned descendants (the command the shell started) become this process's children.
    static func becomeSubreaper() throws {
        typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "prctl"),
              unsafeBitCast(symbol, to: Prctl.self)(36 /* PR_SET_CHILD_SUBREAPER */, 1, 0, 0, 0) == 0 else {
            throw CLIError("bench: cannot become a child subreaper (prctl), needed to measure peak memory (Linux 3.4 or later)")
        }
    }

    static func cString(_ bytes: [UInt8]) -> UnsafeMutablePointer<CChar>? {
        let p = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
        bytes.withUnsafeBufferPointer { b in
            b.withMemoryRebound(to: CChar.self) { p.initialize(from: $0.baseAddress!, count: b.count) }
        }
        p[bytes.count] = 0
        return p
    }

    static func firstLine(_ path: String) -> String {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return String((text.split(separator: "\n").first ?? "").prefix(300))
    }

    /// Reads a pipe to its end on its own thread, counting lines.
    final class Drain: @unchecked Sendable {
        private var lines = 0
        private let done = DispatchSemaphore(value: 0)

        static func start(_ fd: Int32) -> Drain {
            let drain = Drain()
            Thread.detachNewThread { drain.read(fd) }
            return drain
        }

        private func read(_ fd: Int32) {
            let size = 1 << 18
            let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
            defer { buffer.deallocate() }
            while true {
                let n = Glibc.read(fd, buffer, size)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                for i in 0..<n where buffer[i] == 10 { lines += 1 }
            }
            done.signal()
        }

        /// The lines read, once the pipe is closed.
        func finish() -> Int {
            done.wait()
            return lines
        }
    }
}

// MARK: - Interrupts

/// Ctrl-C (or SIGTERM, SIGHUP) kills the command being measured and ends the benchmark through
/// its normal error path, so the scratch folder is removed.
enum Interrupt {
    /// The process group of the command being measured (0: none).
    static let runningGroup = Atomic<Int32>(0)
    static let received = Atomic<Int32>(0)

    static func install() {
        _ = runningGroup.load(ordering: .relaxed)   // initialised before any handler can run
        _ = received.load(ordering: .relaxed)
        for signo in [SIGINT, SIGTERM, SIGHUP] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { signo in
                Interrupt.received.store(signo, ordering: .relaxed)
                let group = Interrupt.runningGroup.load(ordering: .relaxed)
                if group > 0 { kill(-group, SIGKILL) }
            }
            sigemptyset(&action.sa_mask)
            sigaction(signo, &action, nil)
        }
    }

    static func check() throws {
        let signo = received.load(ordering: .relaxed)
        if signo != 0 { throw CLIError("bench: interrupted", code: 128 + signo) }
    }
}

// MARK: - Small helpers

enum Tools {
    static let cores = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    /// Milliseconds on the monotonic clock.
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) * 1000 + Double(ts.tv_nsec) / 1_000_000
    }

    /// The running binary: the whole-process figures time this very build.
    static func currentExecutable() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    static func temporaryFolder(_ environment: [String: String]) -> String {
        var temp = environment["TMPDIR"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? "/tmp"
        while temp.count > 1 && temp.hasSuffix("/") { temp.removeLast() }
        return temp
    }

    /// The absolute path of a program on $PATH.
    static func find(_ name: String, environment: [String: String]) throws -> String {
        for dir in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") where dir.hasPrefix("/") {
            let path = dir + "/" + name
            if access(path, X_OK) == 0 { return path }
        }
        throw CLIError("bench: \(name) not found on PATH (it is a baseline); install it or fix PATH")
    }

    /// Reads every file once, so the measurements start with a warm page cache.
    static func warmPageCache(_ files: [RawPath]) -> (files: Int, bytes: Int, ms: Double) {
        progress("warming the page cache")
        let start = now()
        let size = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        defer { buffer.deallocate() }
        var total = 0
        for file in files {
            let fd = file.withCString { open($0, O_RDONLY | O_NONBLOCK | O_CLOEXEC) }
            guard fd >= 0 else { continue }
            while true {
                let n = read(fd, buffer, size)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                total += n
            }
            close(fd)
        }
        return (files.count, total, now() - start)
    }

    /// What is being measured, on standard error when it is a terminal (or `always`).
    static func progress(_ message: String, always: Bool = false) {
        guard always || isatty(2) == 1 else { return }
        FileHandle.standardError.write(Data(("reader-bench: " + Sanitizer.clean(message) + "\n").utf8))
    }
}
