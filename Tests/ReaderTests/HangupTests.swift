import Foundation
import Glibc
import Testing
import TestSupport

/// The terminal going away under a running reader without a SIGHUP reaching it (a reader in a
/// session of its own, or under a tracer, when its window closes): it must end, not redraw into
/// the dead terminal forever. Before the fix it spun at 40–60% of a core until killed.
@Suite struct HangupTests {
    @Test func readerEndsWhenItsTerminalIsGone() throws {
        let folder = TempFolder()
        let master = Pty.open(O_RDWR | O_NOCTTY)
        try #require(master >= 0)
        try #require(Pty.grant(master) == 0 && Pty.unlock(master) == 0)
        var name = [CChar](repeating: 0, count: 128)
        try #require(Pty.name(master, &name, name.count) == 0)
        let slave = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd in Int32(0)...2 { posix_spawn_file_actions_addopen(&actions, fd, slave, O_RDWR | O_NOCTTY, 0) }
        posix_spawn_file_actions_addclose(&actions, master)   // or the terminal never closes
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t(), all = sigset_t()
        sigemptyset(&empty)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        // A session of its own with no controlling terminal: closing the terminal sends it no SIGHUP.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | Pty.spawnSetsid))
        let env = isolatedEnvironment(home: folder.path, extra: ["TERM": "xterm-256color"])
        let argv = [PackagePaths.reader, PackagePaths.seeds]
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in cArgs { free(p) }
            for p in cEnv { free(p) }
        }
        var pid: pid_t = 0
        try #require(posix_spawn(&pid, PackagePaths.reader, &actions, &attributes, cArgs, cEnv) == 0)

        // Wait for the list to be drawn.
        var seen = [UInt8]()
        let drawnBy = Date().addingTimeInterval(15)
        while Date() < drawnBy, !String(decoding: seen, as: UTF8.self).contains("articles") {
            var fds = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&fds, 1, 200) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let n = read(master, &buffer, buffer.count)
            if n <= 0 { break }
            seen += buffer[0..<n]
        }
        #expect(String(decoding: seen, as: UTF8.self).contains("articles"), "the list was never drawn")
        // The rest of the frame read, as a terminal would, until the reader waits for a key.
        var quiet = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        while poll(&quiet, 1, 300) > 0 {
            var buffer = [UInt8](repeating: 0, count: 4096)
            if read(master, &buffer, buffer.count) <= 0 { break }
        }

        close(master)   // the terminal is gone
        var status: Int32 = 0
        var ended = false
        let endedBy = Date().addingTimeInterval(5)
        while Date() < endedBy {
            if waitpid(pid, &status, WNOHANG) == pid { ended = true; break }
            usleep(20_000)
        }
        if !ended {
            kill(pid, SIGKILL)
            waitpid(pid, &status, 0)
        }
        #expect(ended, "the reader kept running after its terminal closed")
    }
}

/// The pseudo-terminal calls glibc has but its Swift module leaves out (they need _XOPEN_SOURCE).
private enum Pty {
    private static func symbol<F>(_ name: String, as: F.Type) -> F {
        unsafeBitCast(dlsym(UnsafeMutableRawPointer(bitPattern: 0), name)!, to: F.self)   // RTLD_DEFAULT
    }
    static let open = symbol("posix_openpt", as: (@convention(c) (Int32) -> Int32).self)
    static let grant = symbol("grantpt", as: (@convention(c) (Int32) -> Int32).self)
    static let unlock = symbol("unlockpt", as: (@convention(c) (Int32) -> Int32).self)
    static let name = symbol("ptsname_r", as: (@convention(c) (Int32, UnsafeMutablePointer<CChar>, Int) -> Int32).self)
    /// glibc's POSIX_SPAWN_SETSID.
    static let spawnSetsid: Int32 = 0x80
}
