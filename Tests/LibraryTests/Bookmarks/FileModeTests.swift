import Foundation
import Testing
import TestSupport
@testable import Library
#if canImport(Glibc)
import Glibc
#endif

/// Saving keeps the bookmarks file's mode and group, and never replaces a file the user made
/// read-only (issue 16, item 9).
@Suite struct FileModeTests {
    let text = ArticleText(Sample.article)

    func stats(_ path: String) -> stat {
        var st = stat()
        stat(path, &st)
        return st
    }

    /// A bookmarks file holding one bookmark, and its store.
    func saved(_ dir: TempFolder) throws -> (String, BookmarkStore) {
        let path = dir.file("bookmarks.json")
        let store = BookmarkStore(path: path, clock: TestClock().read)
        #expect(store.load() == .ok)
        try store.add(Sample.bookmark("Captain Ilse Marrow", in: text))
        return (path, store)
    }

    @Test func modeIsKept() throws {
        let dir = TempFolder()
        defer { dir.remove() }
        let (path, store) = try saved(dir)
        #expect(stats(path).st_mode & 0o7777 == 0o600)   // a new file is private
        for mode: mode_t in [0o644, 0o640, 0o664] {
            chmod(path, mode)
            try store.add(Sample.bookmark("ferry company", in: text))
            #expect(stats(path).st_mode & 0o7777 == mode)
        }
        // The positions file is saved the same way.
        let positions = PositionStore(path: dir.file("positions.json"))
        try positions.save(SavedPosition(offset: 1, quote: "a", time: 1), for: "/a")
        chmod(dir.file("positions.json"), 0o644)
        try positions.save(SavedPosition(offset: 2, quote: "b", time: 2), for: "/b")
        #expect(stats(dir.file("positions.json")).st_mode & 0o7777 == 0o644)
    }

    @Test func groupIsKept() throws {
        let dir = TempFolder()
        defer { dir.remove() }
        let (path, store) = try saved(dir)
        // A group other than ours: root can give the file any; others one of their own groups.
        var groups = [gid_t](repeating: 0, count: 64)
        let n = getgroups(Int32(groups.count), &groups)
        let other = getuid() == 0 ? gid_t(100) : groups.prefix(Int(max(0, n))).first { $0 != getegid() }
        guard let other, chown(path, getuid(), other) == 0 else {
            print("groupIsKept: skipped, this user cannot give a file another group")
            return
        }
        try store.add(Sample.bookmark("ferry company", in: text))
        #expect(stats(path).st_gid == other)
        #expect(stats(path).st_uid == getuid())
        #expect(BookmarkStore(path: path).load() == .ok)
    }

    @Test func readOnlyFileIsNotReplaced() throws {
        let dir = TempFolder()
        defer { dir.remove() }
        let (path, store) = try saved(dir)
        chmod(path, 0o444)
        let before = dir.read("bookmarks.json")
        let inode = stats(path).st_ino
        let b = Sample.bookmark("ferry company", in: text)
        #expect(throws: StorageError.self) { try store.add(b) }
        #expect(store.lastSaveError?.kind == .readOnly)
        let message = store.lastSaveError?.description ?? ""
        #expect(message.contains(path) && message.contains("read-only"), "\(message)")
        #expect(dir.read("bookmarks.json") == before)
        #expect(stats(path).st_ino == inode && stats(path).st_mode & 0o7777 == 0o444)
        // Kept in memory, saved once the user allows it.
        #expect(store.bookmarks.contains { $0.id == b.id } && store.hasUnsavedChanges)
        chmod(path, 0o644)
        try store.retrySave()
        #expect(!store.hasUnsavedChanges)
        let again = BookmarkStore(path: path)
        #expect(again.load() == .ok && again.bookmarks.count == 2)
        #expect(stats(path).st_mode & 0o7777 == 0o644)
    }
}
