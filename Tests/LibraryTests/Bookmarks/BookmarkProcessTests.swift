import Foundation
import Testing
import TestSupport
@testable import Library
#if canImport(Glibc)
import Glibc
#endif

/// Tests that run the built `reader` binary: killed writers, concurrent writers, the command line.
@Suite(.serialized) struct BookmarkProcessTests {
    /// Ids on complete lines of a writer's output (each printed after its save returned).
    func ids(_ data: Data) -> [String] {
        let text = String(decoding: data, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeLast()   // an unfinished last line (or the empty string after the last newline)
        return lines.filter { !$0.isEmpty }
    }

    @Test func writerKilledAtRandomMomentsNeverLosesASavedBookmark() throws {
        let dir = TempFolder("crash")
        defer { dir.remove() }
        let path = dir.file("data/bookmarks.json")
        // Rounds spent where the crashes matter: four in five are killed while the writer is in
        // its saving loop (after its first save returned, within the next few saves: lock,
        // merge, temporary file, fsync, rename), one in five anywhere from before it is up to
        // its first saves. (The 100 rounds of sleeps from the start this replaced ended half
        // their rounds before any save; these 25 reach the temporary-file window about half the
        // time, in a sixth of the time.)
        let rounds = 25
        var confirmed = Set<String>()
        var onDiskNotConfirmed = 0
        var killedBeforeAnySave = 0
        var killedWritingTemporaryFile = 0
        // The moments of the kills come from a seed, named in every failure: READER_CRASH_SEED=N
        // runs the same moments again (the writer's own timing still varies a little).
        let seed = ProcessInfo.processInfo.environment["READER_CRASH_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 0...UInt64(UInt32.max))
        var g = SplitMix64(seed: seed)
        for round in 0..<rounds {
            let (process, out, _) = try ReaderBinary.start(
                ["bookmarks-stress", "--count", "100000", "--label", "round\(round)", "--bookmarks", path],
                environment: dir.environment, bench: true)
            var early = Data()
            if UInt64.random(in: 0..<5, using: &g) == 0 {
                usleep(UInt32.random(in: 0...80_000, using: &g))
            } else {
                // Until the first id is printed (its save returned), then a little more.
                while !early.contains(UInt8(ascii: "\n")) {
                    let chunk = out.fileHandleForReading.availableData
                    if chunk.isEmpty { break }
                    early.append(chunk)
                }
                usleep(UInt32.random(in: 0...25_000, using: &g))
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let printed = ids(early + out.fileHandleForReading.readDataToEndOfFile())
            if printed.isEmpty { killedBeforeAnySave += 1 }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.file("data"))) ?? []
            if names.contains(where: { $0.hasSuffix(".tmp") }) { killedWritingTemporaryFile += 1 }
            confirmed.formUnion(printed)

            // The file always parses and holds every bookmark whose save returned.
            let check = BookmarkStore(path: path)
            let state = check.load()
            #expect(state == .ok, "seed \(seed), round \(round): \(state)")
            let present = Set(check.bookmarks.map(\.id))
            let missing = confirmed.subtracting(present)
            #expect(missing.isEmpty, "seed \(seed), round \(round): \(missing.count) saved bookmarks missing")
            if present.count > confirmed.count { onDiskNotConfirmed += 1 }
            confirmed.formUnion(present)   // saved just before the kill: from now on it must stay
            if !missing.isEmpty { break }
        }
        // A last clean save removes whatever temporary file a killed writer left.
        let final = BookmarkStore(path: path)
        #expect(final.load() == .ok)
        let text = ArticleText(Sample.article)
        try final.add(Sample.bookmark("ferry company", in: text))
        #expect(!(try FileManager.default.contentsOfDirectory(atPath: dir.file("data"))).contains { $0.hasSuffix(".tmp") })
        print("bookmarks crash test (seed \(seed)): \(rounds) rounds of SIGKILL, \(confirmed.count) bookmarks saved and all present; "
              + "\(killedWritingTemporaryFile) rounds killed while a temporary file was being written, "
              + "\(onDiskNotConfirmed) between the rename and the printed id, \(killedBeforeAnySave) before any save")
        #expect(confirmed.count > 0)
    }

    @Test func twoWritersAtOnceEndWithFourHundred() throws {
        let dir = TempFolder("concurrent")
        defer { dir.remove() }
        let path = dir.file("bookmarks.json")
        let writers = try (0..<2).map { i in
            try ReaderBinary.start(["bookmarks-stress", "--count", "200", "--label", "writer\(i)", "--bookmarks", path],
                                   environment: dir.environment, bench: true)
        }
        var printed: [String] = []
        for (process, out, err) in writers {
            let data = out.fileHandleForReading.readDataToEndOfFile()
            let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(errors)")
            printed += ids(data)
        }
        #expect(printed.count == 400)
        let store = BookmarkStore(path: path)
        #expect(store.load() == .ok)
        #expect(store.bookmarks.count == 400)
        #expect(Set(store.bookmarks.map(\.id)) == Set(printed))
        print("bookmarks concurrency test: 2 processes × 200 saves → \(store.bookmarks.count) bookmarks")
    }

    @Test func commandLine() throws {
        let dir = TempFolder("cli")
        defer { dir.remove() }
        dir.write("news/harbour.txt", Sample.article)
        let env = dir.environment
        func reader(_ args: String...) throws -> ReaderBinary.Result { try ReaderBinary.run(args, environment: env) }
        let article = dir.file("news/harbour.txt")
        let at = Sample.offset(of: "Captain Ilse", in: ArticleText(Sample.article))

        // The default file is under XDG_DATA_HOME (here inside the temp folder).
        var r = try reader("bookmarks", "add", article, "--at", String(at), "--length", "19", "--note", "line 1\nline 2\u{1B}[2J", "--tag", "ships")
        #expect(r.status == 0, "\(r.stderr)")
        let id = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(Bookmark.newID().count == id.count)
        let defaultFile = dir.file("home/data/reader/bookmarks.json")
        #expect(FileManager.default.fileExists(atPath: defaultFile))

        r = try reader("bookmarks", "list")
        #expect(r.status == 0)
        #expect(r.stdout.contains(id) && r.stdout.contains("Captain Ilse Marrow") && r.stdout.contains("line 1^Jline 2^[[2J"))
        #expect(!r.stdout.unicodeScalars.contains { $0.value == 0x1B })
        r = try reader("bookmarks", "list", "--json", "--resolve")
        let listed = try JSONValue.parse(r.stdout)
        #expect(listed["bookmarks"]?.arrayValue?.first?["anchor"]?["status"]?.stringValue == "exact")
        #expect(listed["bookmarks"]?.arrayValue?.first?["note"]?.stringValue == "line 1\nline 2\u{1B}[2J")

        // The article is edited: list --resolve finds the place again.
        dir.write("news/harbour.txt", "Correction appended at the top.\n\n" + Sample.article)
        r = try reader("bookmarks", "list", "--resolve")
        #expect(r.stdout.contains("\tmoved "))

        // Usage errors exit 2, failures 1.
        r = try reader("bookmarks", "add", article, "--at", "999999", "--note", "x")
        #expect(r.status == 2)
        #expect(r.stderr.contains("--at 999999 is past the end of the text (") && r.stderr.contains(" characters)"))
        #expect(!r.stderr.contains("..."))
        r = try reader("bookmarks", "add", article, "--at", "-5", "--note", "x")
        #expect(r.status == 2)
        #expect(r.stderr.contains("--at -5: the offset must be 0 or more"))
        r = try reader("bookmarks", "add", article, "--at", "0", "--length", "999999", "--note", "x")
        #expect(r.status == 2)
        r = try reader("bookmarks", "add", dir.file("news/missing.txt"), "--at", "0", "--note", "x")
        #expect(r.status == 1)
        #expect(r.stderr.contains("missing.txt"))

        // Export, then import into another file (READER_BOOKMARKS), twice: no duplicates.
        for format in ["json", "w3c", "markdown"] {
            r = try reader("bookmarks", "export", "--format", format)
            #expect(r.status == 0)
            dir.write("export.\(format)", r.stdout)
        }
        #expect(try String(contentsOfFile: dir.file("export.markdown"), encoding: .utf8).contains("> Captain Ilse Marrow"))
        var otherEnv = env
        otherEnv["READER_BOOKMARKS"] = dir.file("other.json")
        for _ in 0..<2 {
            r = try ReaderBinary.run(["bookmarks", "import", dir.file("export.w3c")], environment: otherEnv)
            #expect(r.status == 0, "\(r.stderr)")
        }
        #expect(r.stderr.contains("imported 0") && r.stderr.contains("1 already present"))
        r = try ReaderBinary.run(["bookmarks", "list"], environment: otherEnv)
        #expect(r.stdout.split(separator: "\n").count == 1 && r.stdout.contains(id))

        // Delete by a unique beginning of the id.
        r = try reader("bookmarks", "delete", String(id.prefix(8)), "--bookmarks", dir.file("other.json"))
        #expect(r.status == 0, "\(r.stderr)")
        r = try ReaderBinary.run(["bookmarks", "list"], environment: otherEnv)
        #expect(r.stdout.isEmpty)

        // A corrupt file: listing fails, adding fails, the file is untouched.
        let corrupt = "{\"version\": 1, \"bookmarks\": [ {\"id\": \"a\"} \n"
        dir.write("corrupt.json", corrupt)
        r = try reader("bookmarks", "add", article, "--at", "0", "--note", "x", "--bookmarks", dir.file("corrupt.json"))
        #expect(r.status == 1)
        #expect(r.stderr.contains(dir.file("corrupt.json")) && r.stderr.contains("line 2"))
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(dir.read("corrupt.json") == Array(corrupt.utf8))

        // A newer file: listing shows what it can (with a warning), adding fails.
        let newer = "{\"format\": \"reader bookmarks\", \"version\": 2, \"bookmarks\": [{\"id\": \"n\", \"article\": {\"path\": \"p.txt\"}, \"quote\": {\"exact\": \"Harbour\"}, \"note\": \"kept\"}]}"
        dir.write("newer.json", newer)
        r = try reader("bookmarks", "list", "--bookmarks", dir.file("newer.json"))
        #expect(r.status == 0)
        #expect(r.stdout.contains("kept") && r.stderr.contains("newer"))
        r = try reader("bookmarks", "add", article, "--at", "0", "--note", "x", "--bookmarks", dir.file("newer.json"))
        #expect(r.status == 1)
        #expect(dir.read("newer.json") == Array(newer.utf8))
        r = try reader("bookmarks", "import", dir.file("export.json"), "--bookmarks", dir.file("newer.json"))
        #expect(r.status == 1)
    }
}
