import Foundation
import Testing
import TestSupport
@testable import Library
#if canImport(Glibc)
import Glibc
#endif

/// An article's file changed or deleted while reader runs (issue 16, item 11): its text is
/// checked against the file on every request and read again when it changed.
@Suite struct ArticleChangeTests {
    /// Sets a file's modification time (seconds since 1970).
    func touch(_ path: String, seconds: Int) {
        var times = [timespec(tv_sec: seconds, tv_nsec: 0), timespec(tv_sec: seconds, tv_nsec: 0)]
        _ = utimensat(AT_FDCWD, path, &times, 0)
    }

    func check(_ corpus: Corpus, _ dir: TempFolder) throws {
        let i = try #require(corpus.articles.firstIndex { $0.path.hasSuffix("a.txt") })
        let first = try corpus.currentText(of: i).get()
        #expect(first.text.string(0..<first.text.count) == "Old title\n\nThe old text.")
        #expect(!first.changed)
        #expect(try corpus.text(of: i).get() == first.text)

        // Rewritten in place, same size, another modification time.
        dir.write("a.txt", "New title\n\nThe new text.")
        touch(dir.file("a.txt"), seconds: 1_900_000_000)
        let second = try corpus.currentText(of: i).get()
        #expect(second.text.string(0..<second.text.count) == "New title\n\nThe new text.")
        #expect(second.changed)
        #expect(try corpus.text(of: i).get() == second.text)

        // Replaced by another file (a new inode) with the same size and time.
        let replacement = dir.write("a.tmp", "Thd title\n\nThe 3rd text.")
        touch(replacement, seconds: 1_900_000_000)
        #expect(rename(replacement, dir.file("a.txt")) == 0)
        let third = try corpus.currentText(of: i).get()
        #expect(third.text.string(0..<third.text.count) == "Thd title\n\nThe 3rd text.")
        #expect(third.changed)

        // Deleted: an error naming the file, every time.
        unlink(dir.file("a.txt"))
        for _ in 0..<2 {
            guard case .failure(let error) = corpus.currentText(of: i) else { Issue.record("a deleted file read"); return }
            #expect(error.description.hasPrefix(corpus.articles[i].path + ": no longer there"), "\(error)")
        }
        // A folder in its place: not an article.
        mkdir(dir.file("a.txt"), 0o700)
        guard case .failure(let error) = corpus.currentText(of: i) else { Issue.record("a folder read as text"); return }
        #expect(error.description.contains("not a regular file"), "\(error)")
        // The other article is untouched.
        let j = try #require(corpus.articles.firstIndex { $0.path.hasSuffix("b.txt") })
        #expect(try corpus.currentText(of: j).get().changed == false)
    }

    @Test func scannedCorpusNoticesChanges() throws {
        let dir = TempFolder()
        defer { dir.remove() }
        dir.write("a.txt", "Old title\n\nThe old text.")
        dir.write("b.txt", "Other\n\nUnchanged.")
        try check(Corpus.scan([dir.path]), dir)
    }

    @Test func loadedCorpusKeepingTextsNoticesChanges() throws {
        let dir = TempFolder()
        defer { dir.remove() }
        dir.write("a.txt", "Old title\n\nThe old text.")
        dir.write("b.txt", "Other\n\nUnchanged.")
        var options = LoadOptions()
        options.keepTexts = true
        try check(Corpus.load([dir.path], options: options), dir)
    }
}
