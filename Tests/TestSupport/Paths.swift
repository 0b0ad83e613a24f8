import Foundation
import Glibc

/// Where the package and its built products are, from a test.
public enum PackagePaths {
    /// The package root (the folder with Package.swift).
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    public static var seeds: String { root + "/seeds" }

    /// The folder with the built products (the `reader` executable), next to the test bundle.
    public static let products: String = {
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        // Inside an .xctest bundle on some layouts: go up until `reader` is found.
        for _ in 0..<4 {
            if FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("reader").path) { return dir.path }
            dir.deleteLastPathComponent()
        }
        return root + "/.build/debug"
    }()

    /// The built `reader` executable.
    public static var reader: String { products + "/reader" }

    /// The built developer executable (`reader-bench`: benchmarks, testing aids).
    public static var readerBench: String { products + "/reader-bench" }
}

/// Runs a command to completion, returning its exit status, standard output and standard error.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

public func runProcess(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                       currentDirectory: String? = nil, stdin: String? = nil, captureOutput: Bool = true) throws -> ProcessResult {
    if !captureOutput {
        // Commands that leave a daemon behind (tmux new-session) must not go through Foundation's
        // Process: the daemon would inherit its pipes and its exit-notification socket, and
        // waiting would never end.
        let status = spawnDetached([executable] + arguments, environment: environment ?? ProcessInfo.processInfo.environment)
        return ProcessResult(status: status, stdout: "", stderr: "")
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let input = Pipe()
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try? input.fileHandleForWriting.close()
    // Read both pipes concurrently so neither fills up.
    nonisolated(unsafe) var errData = Data()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus,
                         stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
}

/// A clean environment for running `reader` in tests: its own HOME and XDG folders, so tests
/// never touch a user's files.
public func isolatedEnvironment(home: String, extra: [String: String] = [:]) -> [String: String] {
    var env: [String: String] = [
        "HOME": home,
        "XDG_STATE_HOME": home + "/state",
        "XDG_DATA_HOME": home + "/data",
        "XDG_CACHE_HOME": home + "/cache",
        "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
        "LANG": "C.UTF-8",
    ]
    for (k, v) in extra { env[k] = v }
    return env
}

/// Runs a command with standard input and output on /dev/null and every other descriptor closed
/// (through bash, which closes them before exec), waiting only for the command itself.
func spawnDetached(_ argv: [String], environment: [String: String]) -> Int32 {
    let closer = "for f in /proc/$$/fd/*; do n=${f##*/}; [ \"$n\" -gt 2 ] && eval \"exec $n>&-\"; done 2>/dev/null; exec \"$@\""
    let args = ["/bin/bash", "-c", closer, "bash"] + argv
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for fd in Int32(0)...2 {
        posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
    }
    let cArgs = args.map { strdup($0) } + [nil]
    let cEnv = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        for p in cArgs { free(p) }
        for p in cEnv { free(p) }
    }
    // A clean signal state: the test runner's threads may block or ignore signals (SIGWINCH
    // among them) and a child would inherit that.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var empty = sigset_t()
    sigemptyset(&empty)
    var all = sigset_t()
    sigfillset(&all)
    posix_spawnattr_setsigmask(&attributes, &empty)
    posix_spawnattr_setsigdefault(&attributes, &all)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, "/bin/bash", &actions, &attributes, cArgs, cEnv)
    guard rc == 0 else { return -1 }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return (status >> 8) & 0xFF
}
