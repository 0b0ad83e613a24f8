import Foundation
import Testing
import TestSupport
@testable import Library
#if canImport(Glibc)
import Glibc
#endif

@Suite struct BookmarkStoreTests {
    let text = ArticleText(Sample.article)

    func store(_ path: String, _ clock: TestClock = TestClock()) -> BookmarkStore {
        BookmarkStore(path: path, clock: clock.read)
    }

    /// Known fields, without the copy of the entry as it was read.
    func content(_ b: Bookmark) -> Bookmark {
        var copy = b
        copy.original = nil
        return copy
    }

    @Test func saveLoadRoundTrip() throws {
        let dir = TempFolder()
        defer { dir.remove() }
        let path = dir.file("data/reader/bookmarks.json")
        let s = store(path)
        #expect(s.load() == .ok)
        #expect(s.bookmarks.isEmpty)
        let a = Sample.bookmark("Captain Ilse Marrow", in: text, note: "first line\nsecond line\n\n  indented", tags: ["ships", "Velmstad"])
        let b = Sample.bookmark("\"We sell fish, not patience,\"", in: text, note: "quote with \u{1B}[31m escape and \u{202E} bidi")
        try s.add(a)
        try s.add(b)
        #expect(!s.hasUnsavedChanges)

        let again = store(path)
        #expect(again.load() == .ok)
        #expect(again.bookmarks.map(content) == [a, b].map(content))
        // File details: mode 0600, folder 0700, pretty JSON with a version, stable.
        var st = stat()
        stat(path, &st)
        #expect(st.st_mode & 0o777 == 0o600)
        stat(dir.file("data/reader"), &st)
        #expect(st.st_mode & 0o777 == 0o700)
        let bytes = dir.read("data/reader/bookmarks.json")!
        let textForm = String(decoding: bytes, as: UTF8.self)
        #expect(textForm.hasPrefix("{\n  \"format\": \"reader bookmarks\",\n  \"version\": 1,"))
        #expect(!textForm.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E })
        #expect(BookmarkExchange.json(again.bookmarks) == BookmarkExchange.json(s.bookmarks))
    }

    @Test func unknownFieldsSurviveARewrite() throws {
        let dir = TempFolder()
        defer { dir.remove() }
        let path = dir.file("bookmarks.json")
        dir.write("bookmarks.json", """
            {"format": "reader bookmarks", "version": 1, "futureTop": {"x": [1, 2.50]},
             "bookmarks": [
              {"id": "keep-1", "article": {"path": "a.txt", "root": "/srv", "hash": "", "color": "teal"},
               "position": {"start": 0, "end": 7}, "quote": {"exact": "Harbour", "prefix": "", "suffix": " news"},
               "note": "old", "tags": [], "created": "2024-01-01T00:00:00.000Z", "changed": "2024-01-01T00:00:00.000Z",
               "highlight": {"style": "wavy"}},
              {"id": 42, "what": "an entry this version cannot read"}
             ]}
            """)
        let s = store(path)
        #expect(s.load() == .ok)
        #expect(s.warnings.count == 1)
        #expect(s.bookmarks.count == 1)
        var edited = try #require(s.bookmark(id: "keep-1"))
        edited.note = "new note"
        try s.update(edited)
        try s.add(Sample.bookmark("ferry company", in: text))

        let file = try JSONValue.parse(dir.read("bookmarks.json")!)
        #expect(file["futureTop"] == .object([("x", .array([.int(1), .number("2.50")]))]))
        let items = try #require(file["bookmarks"]?.arrayValue)
        #expect(items.count == 3)
        let kept = try #require(items.first { $0["id"]?.stringValue == "keep-1" })
        #expect(kept["note"]?.stringValue == "new note")
        #expect(kept["highlight"]?["style"]?.stringValue == "wavy")
        #expect(kept["article"]?["color"]?.stringValue == "teal")
        #expect(items.contains { $0["id"] == .int(42) && $0["what"] != nil })
        #expect(s.bookmark(id: "keep-1")!.changed > Timestamp(iso8601: "2024-01-01T00:00:00Z")!)
    }

    @Test func twoStoresOnOneFileLoseNothing() throws {
        let dir = TempFolder()
        defer { dir.remove() }
        let path = dir.file("bookmarks.json")
        let clock = TestClock()
        let one = store(path, clock)
        let two = store(path, clock)
        one.load()
        two.load()
        let a = Sample.bookmark("ferry company", in: text, note: "from one")
        let b = Sample.bookmark("northern route", in: text, note: "from two")
        try one.add(a)
        try two.add(b)                       // two never read a: the merge keeps it
        #expect(Set(two.bookmarks.map(\.id)) == [a.id, b.id])
        one.load()
        #expect(Set(one.bookmarks.map(\.id)) == [a.id, b.id])

        // Deleted in one; two (which still has it) saves something else: it stays deleted.
        try one.delete(id: a.id)
        let c = Sample.bookmark("southern route", in: text, note: "from two again")
        try two.add(c)
        #expect(Set(two.bookmarks.map(\.id)) == [b.id, c.id])
        let file = try BookmarkFile.decode(dir.read("bookmarks.json")!)
        #expect(file.deleted[a.id] != nil)

        // Both edit b: the later edit wins, in both.
        var fromOne = try #require(one.bookmark(id: b.id))
        fromOne.note = "edited by one"
        var fromTwo = try #require(two.bookmark(id: b.id))
        fromTwo.note = "edited by two, later"
        try one.update(fromOne)
        try two.update(fromTwo)
        try one.add(Sample.bookmark("Borin Tallow", in: text))   // one saves again with its older edit known
        #expect(one.bookmark(id: b.id)?.note == "edited by two, later")

        // An edit made after a deletion elsewhere brings the bookmark back (nothing typed is lost).
        try one.delete(id: c.id)
        var late = try #require(two.bookmark(id: c.id))
        late.note = "edited after the deletion"
        try two.update(late)
        one.load()
        #expect(one.bookmark(id: c.id)?.note == "edited after the deletion")
    }

    @Test func undoDeleteBringsItBack() throws {
        let dir = TempFolder()
        defer { dir.remove() }
        let path = dir.file("bookmarks.json")
        let s = store(path)
        s.load()
        let a = Sample.bookmark("ferry company", in: text)
        try s.add(a)
        try s.delete(id: a.id)
        #expect(s.bookmarks.isEmpty)
        #expect(s.canUndoDelete)
        let back = try s.undoDelete()
        #expect(back?.id == a.id)
        #expect(!s.canUndoDelete)
        let other = store(path)
        other.load()
        #expect(other.bookmarks.map(\.id) == [a.id])
        #expect(try s.undoDelete() == nil)
    }

    @Test func corruptFileIsNeverOverwritten() throws {
        let dir = TempFolder()
        defer { dir.remove() }
        let path = dir.file("bookmarks.json")
        let bad = "{\n  \"format\": \"reader bookmarks\",\n  \"version\": 1,\n  \"bookmarks\": [\n    {\"id\": \"x\",, }\n  ]\n}\n"
        dir.write("bookmarks.json", bad)
        let s = store(path)
        guard case .unusable(let error) = s.load() else { Issue.record("a corrupt file loaded"); return }
        #expect(error.kind == .unusable)
        #expect(error.description.hasPrefix(path + ": "))
        #expect(error.description.contains("line 5, column"))
        #expect(!error.description.contains("\n"))
        #expect(s.isReadOnly)
        let a = Sample.bookmark("ferry company", in: text)
        #expect(throws: StorageError.self) { try s.add(a) }
        // Kept in memory for the session, reported as unsaved.
        #expect(s.bookmarks.map(\.id) == [a.id])
        #expect(s.hasUnsavedChanges)
        #expect(throws: StorageError.self) { try s.retrySave() }
        #expect(dir.read("bookmarks.json") == Array(bad.utf8))
        #expect(!dir.list("").contains { $0.hasSuffix(".tmp") })

        // Not a bookmarks file at all.
        dir.write("other.json", "[1, 2, 3]")
        let t = store(dir.file("other.json"))
        guard case .unusable(let e2) = t.load() else { Issue.record("a JSON array loaded as bookmarks"); return }
        #expect(e2.description.contains("not a reader bookmarks file"))
    }

    @Test func fileBecomingCorruptWhileOpenStopsSaving() throws {
        let dir = TempFolder()
        defer { dir.remove() }
        let path = dir.file("bookmarks.json")
        let s = store(path)
        s.load()
        try s.add(Sample.bookmark("ferry company", in: text))
        dir.write("bookmarks.json", "{ oops")
        #expect(throws: StorageError.self) { try s.add(Sample.bookmark("northern route", in: text)) }
        #expect(s.isReadOnly)
        #expect(dir.read("bookmarks.json") == Array("{ oops".utf8))
    }

    @Test func newerVersionIsReadButNotWritten() throws {
        let dir = TempFolder()
        defer { dir.remove() }
        let path = dir.file("bookmarks.json")
        let newer = """
            {"format": "reader bookmarks", "version": 7, "bookmarks": [
              {"id": "n1", "article": {"path": "a.txt", "root": "/srv", "hash": ""}, "position": {"start": 1, "end": 4},
               "quote": {"exact": "arb", "prefix": "H", "suffix": "our"}, "note": "from the future", "tags": ["t"],
               "created": "2030-01-01T00:00:00Z", "changed": "2030-01-01T00:00:00Z", "sparkle": true}]}
            """
        dir.write("bookmarks.json", newer)
        let s = store(path)
        guard case .unusable(let error) = s.load() else { Issue.record("a newer file was accepted"); return }
        #expect(error.description.contains("format version 7 is newer"))
        #expect(s.bookmarks.map(\.note) == ["from the future"])
        #expect(throws: StorageError.self) { try s.add(Sample.bookmark("ferry company", in: text)) }
        if let first = s.bookmarks.first {
            #expect(throws: StorageError.self) { try s.delete(id: first.id) }
        }
        #expect(dir.read("bookmarks.json") == Array(newer.utf8))
    }

    @Test func readOnlyFolderKeepsTheBookmarkAndRetries() throws {
        let dir = TempFolder()
        defer { dir.remove() }
        let folder = dir.file("ro")
        mkdir(folder, 0o700)
        var mounted = false
        if geteuid() == 0 {
            // chmod does not stop root: use a tmpfs that is remounted read-only.
            mounted = Mounts.tmpfs(at: folder, size: "1m")
            if !mounted {
                print("bookmarks read-only test: NOT RUN — running as root and mounting a tmpfs failed (\(String(cString: strerror(errno)))); chmod cannot stop root")
                return
            }
        }
        defer { if mounted { Mounts.unmount(folder) } }
        let path = folder + "/bookmarks.json"
        let s = store(path)
        s.load()
        let a = Sample.bookmark("ferry company", in: text)
        try s.add(a)
        if mounted {
            #expect(Mounts.remount(folder, readOnly: true))
        } else {
            chmod(folder, 0o500)
        }
        let b = Sample.bookmark("northern route", in: text)
        do {
            try s.add(b)
            Issue.record("saving into a read-only folder succeeded")
        } catch {
            #expect(error.kind == .readOnly)
            #expect(error.description.contains(path))
            #expect(error.description.contains(mounted ? "read-only file system" : "permission denied"))
        }
        print("bookmarks read-only test: ran with \(mounted ? "a read-only tmpfs (root)" : "chmod 0500")")
        #expect(s.hasUnsavedChanges)
        #expect(s.pendingChanges == 1)
        #expect(!s.isReadOnly)
        #expect(s.bookmarks.map(\.id) == [a.id, b.id])
        #expect(throws: StorageError.self) { try s.retrySave() }
        if mounted { #expect(Mounts.remount(folder, readOnly: false)) } else { chmod(folder, 0o700) }
        try s.retrySave()
        #expect(!s.hasUnsavedChanges)
        let check = store(path)
        #expect(check.load() == .ok)
        #expect(check.bookmarks.map(\.id) == [a.id, b.id])
    }

    @Test func diskFullKeepsTheBookmarkAndRetries() throws {
        let dir = TempFolder()
        defer { dir.remove() }
        let folder = dir.file("full")
        guard Mounts.tmpfs(at: folder, size: "64k") else {
            print("bookmarks disk-full test: NOT RUN — cannot mount a 64 kB tmpfs (\(String(cString: strerror(errno)))); needs root")
            return
        }
        defer { Mounts.unmount(folder) }
        // A filler file to free later.
        let filler = folder + "/filler"
        #expect(FileManager.default.createFile(atPath: filler, contents: Data(count: 24 * 1024)))
        let path = folder + "/bookmarks.json"
        let s = store(path)
        s.load()
        var saved: [String] = []
        var failure: StorageError?
        for i in 0..<200 {
            let b = Sample.bookmark("ferry company", in: text, note: "note \(i) " + String(repeating: "long text ", count: 300))
            do {
                try s.add(b)
                saved.append(b.id)
            } catch {
                failure = error
                break
            }
        }
        let error = try #require(failure, "the 64 kB file system never filled up")
        print("bookmarks disk-full test: ENOSPC after \(saved.count) saves: \(error)")
        #expect(error.kind == .full)
        #expect(error.description.contains("no space left"))
        #expect(s.hasUnsavedChanges)
        #expect(s.bookmarks.count == saved.count + 1)
        #expect(!(try FileManager.default.contentsOfDirectory(atPath: folder)).contains { $0.hasSuffix(".tmp") })
        let onDisk = store(path)
        #expect(onDisk.load() == .ok)
        #expect(onDisk.bookmarks.map(\.id) == saved)
        unlink(filler)
        try s.retrySave()
        #expect(!s.hasUnsavedChanges)
        let after = store(path)
        #expect(after.load() == .ok)
        #expect(after.bookmarks.count == saved.count + 1)
    }

    @Test func symbolicLinkIsFollowedNotReplaced() throws {
        let dir = TempFolder()
        defer { dir.remove() }
        mkdir(dir.file("dotfiles"), 0o700)
        symlink(dir.file("dotfiles/bookmarks.json"), dir.file("bookmarks.json"))
        let s = store(dir.file("bookmarks.json"))
        s.load()
        try s.add(Sample.bookmark("ferry company", in: text))
        var st = stat()
        #expect(lstat(dir.file("bookmarks.json"), &st) == 0 && st.st_mode & S_IFMT == S_IFLNK)
        #expect(dir.read("dotfiles/bookmarks.json") != nil)
    }

    @Test func staleTemporaryFilesAreRemoved() throws {
        let dir = TempFolder()
        defer { dir.remove() }
        dir.write(".bookmarks.json.99999.1.0.tmp", "left by a killed writer")
        let s = store(dir.file("bookmarks.json"))
        s.load()
        try s.add(Sample.bookmark("ferry company", in: text))
        #expect(dir.list("") == ["bookmarks.json", "bookmarks.json.lock"])
    }

    @Test func exportAndImportWithoutDuplicates() throws {
        let dir = TempFolder()
        defer { dir.remove() }
        let s = store(dir.file("a.json"))
        s.load()
        let a = Sample.bookmark("ferry company", in: text, note: "line one\nline two", tags: ["boats", "money"])
        let b = Sample.bookmark("Borin Tallow", in: text, note: "")
        try s.add(a)
        try s.add(b)

        for format in ["json", "w3c"] {
            let exported = format == "json" ? BookmarkExchange.json(s.bookmarks) : BookmarkExchange.w3c(s.bookmarks)
            let parsed = try BookmarkExchange.parse(Array(exported.utf8))
            #expect(parsed.warnings.isEmpty)
            let t = store(dir.file("b-\(format).json"))
            t.load()
            var result = try t.importBookmarks(parsed.bookmarks)
            #expect(result.added == 2)
            #expect(t.bookmarks.map(\.id) == [a.id, b.id])
            #expect(t.bookmarks.map(\.note) == [a.note, b.note])
            #expect(t.bookmarks.map(\.tags) == [a.tags, b.tags])
            #expect(t.bookmarks.map(\.range) == [a.range, b.range])
            #expect(t.bookmarks.map(\.quote) == [a.quote, b.quote])
            #expect(t.bookmarks.map(\.article.absolutePath) == [a.article.absolutePath, b.article.absolutePath])
            #expect(t.bookmarks.map(\.changed) == [a.changed, b.changed])
            result = try t.importBookmarks(parsed.bookmarks)
            #expect(result.added == 0 && result.duplicates == 2)
            #expect(t.bookmarks.count == 2)
        }
        // The same place and note under another id is a duplicate too.
        var copy = a
        copy.id = Bookmark.newID()
        #expect(try s.importBookmarks([copy]).duplicates == 1)
    }

    @Test func w3cExportHasTheAnnotationModel() throws {
        let a = Sample.bookmark("ferry company", in: text, note: "why", tags: ["boats"])
        let value = try JSONValue.parse(BookmarkExchange.w3c([a]))
        #expect(value["@context"]?.stringValue == "http://www.w3.org/ns/anno.jsonld")
        #expect(value["type"]?.stringValue == "AnnotationCollection")
        let item = try #require(value["first"]?["items"]?.arrayValue?.first)
        #expect(item["type"]?.stringValue == "Annotation")
        #expect(item["id"]?.stringValue == "urn:uuid:" + a.id)
        let bodies = try #require(item["body"]?.arrayValue)
        #expect(bodies.contains { $0["purpose"]?.stringValue == "commenting" && $0["value"]?.stringValue == "why" })
        #expect(bodies.contains { $0["purpose"]?.stringValue == "tagging" && $0["value"]?.stringValue == "boats" })
        #expect(item["target"]?["source"]?.stringValue == "file:///srv/news/harbour.txt")
        let selectors = try #require(item["target"]?["selector"]?.arrayValue)
        #expect(selectors.contains { $0["type"]?.stringValue == "TextPositionSelector" && $0["start"]?.intValue == a.range.lowerBound })
        #expect(selectors.contains { $0["type"]?.stringValue == "TextQuoteSelector" && $0["exact"]?.stringValue == "ferry company" })
        #expect(item["created"]?.stringValue == a.created.iso8601)
        #expect(BookmarkExchange.fileURI("/a b/é%.txt") == "file:///a%20b/%C3%A9%25.txt")
        #expect(BookmarkExchange.path(fromFileURI: "file:///a%20b/%C3%A9%25.txt") == "/a b/é%.txt")
    }

    @Test func importsAnnotationsFromOtherTools() throws {
        let single = """
            {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "http://example.org/anno/7", "type": "Annotation",
             "bodyValue": "A comment from elsewhere",
             "target": {"source": "file:///home/u/notes/x.txt",
                        "selector": {"type": "TextQuoteSelector", "exact": "harbour", "prefix": "the ", "suffix": " master"}}}
            """
        let parsed = try BookmarkExchange.parse(Array(single.utf8))
        let b = try #require(parsed.bookmarks.first)
        #expect(b.id == "http://example.org/anno/7")
        #expect(b.note == "A comment from elsewhere")
        #expect(b.article.absolutePath == "/home/u/notes/x.txt")
        #expect(b.quote.exact == "harbour")
        let found = b.resolve(in: ArticleText("Then the harbour master spoke."))
        #expect(found == .moved(9..<16))
        let list = "[{\"type\": \"Annotation\", \"target\": \"http://example.org/page\"}, 5]"
        let skipped = try BookmarkExchange.parse(Array(list.utf8))
        #expect(skipped.bookmarks.isEmpty)
        #expect(skipped.warnings.count == 2)
        #expect(throws: BookmarkExchange.ImportError.self) { try BookmarkExchange.parse(Array("{\"hello\": 1}".utf8)) }
    }

    @Test func matchesArticlesByPathOrByRelativePathAndText() {
        let a = Sample.bookmark("ferry company", in: text)
        #expect(a.article.matches(absolutePath: "/srv/news/harbour.txt", relativePath: "harbour.txt"))
        #expect(!a.article.matches(absolutePath: "/backup/news/harbour.txt", relativePath: "harbour.txt"))
        #expect(a.article.matches(absolutePath: "/backup/news/harbour.txt", relativePath: "harbour.txt", hash: ArticleRef.hash(of: text)))
        #expect(BookmarkStore.path(option: nil, environment: ["HOME": "/h"]) == "/h/.local/share/reader/bookmarks.json")
        #expect(BookmarkStore.path(option: nil, environment: ["HOME": "/h", "XDG_DATA_HOME": "/d"]) == "/d/reader/bookmarks.json")
        #expect(BookmarkStore.path(option: nil, environment: ["HOME": "/h", "XDG_DATA_HOME": "rel"]) == "/h/.local/share/reader/bookmarks.json")
        #expect(BookmarkStore.path(option: nil, environment: ["HOME": "/h", "READER_BOOKMARKS": "/b.json"]) == "/b.json")
        #expect(BookmarkStore.path(option: "/o.json", environment: ["READER_BOOKMARKS": "/b.json"]) == "/o.json")
        #expect(BookmarkStore.path(option: nil, environment: [:]) == nil)
    }
}
