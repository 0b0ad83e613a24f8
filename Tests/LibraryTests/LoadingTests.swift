import Foundation
import Glibc
import Testing
@testable import Library
import TestSupport

/// Loading real folders, including every kind of bad input the issue lists.
@Suite struct LoadingTests {
    /// An article's format comes from its file name's extension, in any case; the bytes are
    /// compared where they are (what the cache's list does for every article at a warm start),
    /// with the same answer as the extension lowercased as a string.
    @Test func formatFromTheFileName() {
        let cases: [(String, Article.Format)] = [
            ("a.md", .markdown), ("dir/B.MD", .markdown), ("x.Markdown", .markdown), ("x.markdowns", .text),
            ("p.html", .html), ("P.HTM", .html), ("p.htm/", .html), ("p.xhtml", .text), ("notes.txt", .text),
            (".md", .text), ("dir/.html", .text), ("..md", .markdown), ("a.", .text), ("a", .text), ("", .text),
            ("d.md/plain", .text), ("caf\u{E9}.m\u{F6}", .text), ("x.MAR\u{212A}DOWN", .markdown), ("x.#md", .text),
        ]
        for (name, format) in cases {
            #expect(Article.Format(RawPath(name)) == format, "\(name)")
            #expect(Article.Format(fileExtension: RawPath(name).fileExtension) == format, "\(name)")
        }
        #expect(Article.Format(RawPath(bytes: Array("bad\u{FF}.md".utf8) + [0xFF, 0x2E, 0x6D, 0x64])) == .markdown)
    }

    @Test func loadsTextAndMarkdownRecursivelyInOrder() {
        let dir = TempFolder()
        dir.write("b.txt", "Second headline\n\nBody.")
        dir.write("a.md", "# First headline\n\nBody.")
        dir.write("sub/c.txt", "Third headline\n\nBody.")
        dir.write("notes.pdf", "ignored")
        dir.write(".hidden.txt", "Hidden\n")
        let corpus = Corpus.load([dir.path])
        #expect(corpus.articles.map(\.relativePath) == ["a.md", "b.txt", "sub/c.txt"])
        #expect(corpus.articles.map(\.title) == ["First headline", "Second headline", "Third headline"])
        #expect(corpus.articles[2].path == dir.path + "/sub/c.txt")
        #expect(corpus.articles[2].root == dir.path)
        #expect(corpus.issues.isEmpty)
    }

    @Test func missingPathIsReportedAndTheRestLoads() {
        let dir = TempFolder()
        dir.write("a.txt", "Headline\n")
        let corpus = Corpus.load([dir.path + "/nope", dir.path])
        #expect(corpus.articles.count == 1)
        #expect(corpus.skipped == [LoadIssue(path: dir.path + "/nope", problem: "no such file or folder")])
    }

    @Test func emptyFolderLoadsNothing() {
        let dir = TempFolder()
        let corpus = Corpus.load([dir.path])
        #expect(corpus.isEmpty)
        #expect(corpus.issues.isEmpty)
    }

    @Test func binaryUTF16AndEmptyFiles() {
        let dir = TempFolder()
        dir.write("bin.txt", bytes: [0x7F, 0x45, 0x4C, 0x46, 0x00, 0x01])
        dir.write("wide.txt", bytes: [0xFF, 0xFE, 0x41, 0x00])
        dir.write("empty.txt", "")
        dir.write("ok.txt", "Fine\n")
        let corpus = Corpus.load([dir.path])
        #expect(corpus.articles.map(\.relativePath) == ["empty.txt", "ok.txt"])
        let problems = Dictionary(uniqueKeysWithValues: corpus.issues.map { ($0.path.split(separator: "/").last!, $0) })
        #expect(problems["bin.txt"]?.problem == "binary file (contains NUL bytes)")
        #expect(problems["wide.txt"]?.problem.contains("UTF-16") == true)
        #expect(problems["empty.txt"]?.severity == .note)
    }

    @Test func invalidUTF8LoadsWithMarkersAndANote() {
        let dir = TempFolder()
        dir.write("latin1.txt", bytes: Array("Caf".utf8) + [0xE9] + Array(" society\n".utf8))
        let corpus = Corpus.load([dir.path], options: { var o = LoadOptions(); o.keepTexts = true; return o }())
        #expect(corpus.articles.count == 1)
        #expect(corpus.issues.first?.problem == "1 byte of invalid UTF-8, shown as <XX>")
        let text = try! corpus.text(of: 0).get()
        #expect(Sanitizer.pieces(text, range: 0..<4, startColumn: 0).map(\.text).joined() == "Caf<E9>")
    }

    @Test(.timeLimit(.minutes(1)))
    func fifoAndDevicesNeverBlock() {
        let dir = TempFolder()
        dir.mkfifo("pipe.txt")
        dir.symlink("null.txt", to: "/dev/null")
        dir.write("ok.txt", "Fine\n")
        let corpus = Corpus.load([dir.path])
        #expect(corpus.articles.count == 1)
        let problems = corpus.skipped.map(\.problem).sorted()
        #expect(problems == ["not a regular file (a FIFO)", "not a regular file (a character device)"])
        // A FIFO named on the command line is refused without opening it.
        let direct = Corpus.load([dir.path + "/pipe.txt"])
        #expect(direct.skipped.first?.problem == "not a regular file (a FIFO)")
    }

    @Test func symlinkLoopsAndFolderLinks() {
        let dir = TempFolder()
        dir.write("real/a.txt", "Real headline\n")
        dir.symlink("loop1", to: "loop2")
        dir.symlink("loop2", to: "loop1")
        dir.symlink("again", to: ".")           // a folder link back up: never followed
        dir.symlink("link.txt", to: "real/a.txt")  // a link to a file already loaded: loaded once
        dir.symlink("broken.txt", to: "missing.txt")
        let corpus = Corpus.load([dir.path])
        #expect(corpus.articles.map(\.relativePath) == ["real/a.txt"] || corpus.articles.map(\.relativePath) == ["link.txt"])
        #expect(corpus.articles.count == 1)
        let problems = Set(corpus.issues.map(\.problem))
        #expect(problems.contains("symbolic link loop"))
        #expect(problems.contains("broken symbolic link"))
        #expect(problems.contains("symbolic link to a folder, not followed"))
    }

    @Test func undecodableFileNamesStillOpen() throws {
        let dir = TempFolder()
        dir.write(rawName: Array("caf".utf8) + [0xE9] + Array(".txt".utf8), bytes: Array("Menu of the day\n\nSoup.".utf8))
        let corpus = Corpus.load([dir.path])
        #expect(corpus.articles.count == 1)
        #expect(corpus.articles[0].path.hasSuffix("caf<E9>.txt"))
        #expect(corpus.articles[0].title == "Menu of the day")
        // The raw bytes are kept, so the text can be read again.
        #expect(try corpus.text(of: 0).get().string.hasPrefix("Menu"))
    }

    @Test func unreadableFilesAreSkippedWithTheReason() {
        let dir = TempFolder()
        dir.write("ok.txt", "Fine\n")
        // /proc/self/mem is a regular file whose read fails (EIO), even for root.
        dir.symlink("broken-read.txt", to: "/proc/self/mem")
        var expected = ["input/output error"]
        if !runningAsRoot {
            dir.write("secret.txt", "x")
            dir.chmod("secret.txt", 0)
            expected.append("permission denied")
        }
        let corpus = Corpus.load([dir.path])
        #expect(corpus.articles.count == 1)
        #expect(corpus.skipped.map(\.problem).sorted() == expected.sorted())
    }

    @Test func tooLargeFilesAreSkipped() {
        let dir = TempFolder()
        dir.write("big.txt", String(repeating: "word ", count: 1000))
        var options = LoadOptions()
        options.maxFileBytes = 1000
        let corpus = Corpus.load([dir.path], options: options)
        #expect(corpus.skipped.first?.problem == "too large (5 kB; the limit is 1 kB)")
    }

    @Test func explicitFilesLoadWhateverTheirExtension() {
        let dir = TempFolder()
        let path = dir.write("README", "Plain notes\n")
        let corpus = Corpus.load([path, path])
        #expect(corpus.articles.count == 1)
        #expect(corpus.articles[0].path == path)
        #expect(corpus.articles[0].relativePath == "README")
        #expect(corpus.articles[0].root == dir.path)
    }

    @Test func analysisRunsForEveryArticleInOrder() {
        let dir = TempFolder()
        for i in 0..<100 { dir.write(String(format: "%03d.txt", i), "Headline \(i)\n\n" + String(repeating: "w ", count: i)) }
        let (corpus, words) = Corpus.load([dir.path]) { article, text in Metadata.countWords(text) }
        #expect(corpus.articles.count == 100)
        for (i, article) in corpus.articles.enumerated() { #expect(words[i] == article.words) }
    }

    /// A scan with nothing to reuse `stat`s files as it reads them, not while walking: it finds
    /// what a walk that `stat`s finds — a file under two names (hard links, links to it) listed
    /// once, under the first name met; skipped files with their stamps — in the same order.
    @Test func scanWithoutACacheFindsWhatAStampedWalkFinds() throws {
        let dir = TempFolder()
        dir.write("b.txt", "Shared headline\n\nBody.")
        #expect(link(dir.file("b.txt"), dir.file("c.txt")) == 0)           // a hard link after it: dropped
        #expect(link(dir.file("b.txt"), dir.file("a0.txt")) == 0)          // one before it: kept, b.txt dropped
        dir.symlink("0link.txt", to: "sub/d.txt")                          // a link before its target
        dir.write("sub/d.txt", "Linked headline\n")
        dir.write(rawName: Array("bin.txt".utf8), bytes: [0x41, 0, 0x42])
        #expect(link(dir.file("bin.txt"), dir.file("bin2.txt")) == 0)      // a skipped file under two names
        dir.symlink("broken.txt", to: "missing.txt")
        dir.mkfifo("pipe.txt")
        dir.write("z.md", "# Last\n\nText.")
        let fresh = Corpus.scan([dir.path, dir.file("z.md")])
        // Anything to reuse (here a record of no file) makes the walk `stat` each file.
        let unrelated = ScanRecord(location: RawPath("/nonexistent"), path: "/nonexistent", stamp: nil, outcome: .skipped("gone"))
        let stamped = Corpus.scan([dir.path, dir.file("z.md")], reuse: [unrelated.location: unrelated])
        #expect(fresh.records == stamped.records)
        #expect(fresh.issues == stamped.issues)
        #expect(fresh.articles.map(\.relativePath) == ["0link.txt", "a0.txt", "z.md"])
        #expect(fresh.skipped.map { String(decoding: RawPath($0.path).lastComponent, as: UTF8.self) }.sorted()
                == ["bin.txt", "broken.txt", "pipe.txt"])
        #expect(fresh.records.count == 4 && fresh.records.allSatisfy { $0.stamp != nil })
    }
}
