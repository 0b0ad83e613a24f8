import Foundation
import Testing
import TestSupport
import ReaderTestSupport
import Library
@testable import ReaderUI

/// Issue 12, rough edge 11: quitting after the warning throws unsaved bookmark changes away;
/// the exit status says so (1), a plain quit is 0.
@Suite(.serialized) struct QuitStatusTests {
    func run(_ keys: [Key], bookmarks: String) throws -> Int32 {
        let dir = TempFolder()
        defer { dir.remove() }
        dir.write("a.txt", "Harbour news\n\nThe harbour reopened today after the storm.\n")
        let loader = CatalogLoader.start(paths: [dir.path], cache: nil)
        let terminal = ScriptedTerminal(size: Size(rows: 24, columns: 90), keys: keys)
        return Runner.run(loader: loader, terminal: terminal, settings: AppState.Settings(),
                          environment: ["HOME": dir.path], bookmarksOption: bookmarks)
    }

    @Test func discardingUnsavedBookmarksExitsOne() throws {
        // A bookmarks file under a path that can never be created (not even by root).
        let note: [Key] = [.enter, .char("m")] + "keep me".map { .char($0) } + [.enter]
        #expect(try run(note + [.char("Q"), .char("Q")], bookmarks: "/proc/reader-cannot-exist/bookmarks.json") == 1)
        let dir = TempFolder()
        defer { dir.remove() }
        #expect(try run(note + [.char("Q")], bookmarks: dir.file("bookmarks.json")) == 0)
        #expect(try run([.char("Q")], bookmarks: "/proc/reader-cannot-exist/bookmarks.json") == 0)
    }
}
