import Foundation
import Testing
import TestSupport
@testable import Library

/// Files that are not UTF-8 text, odd bytes in text that is, and old Mac line endings (issue 16,
/// item 10): one `<FF>` marker wherever an invalid byte is shown.
@Suite struct EncodingTests {
    /// A binary without a NUL byte in it (as `tr -d '\0' < /bin/ls` would make).
    static func elfWithoutNULs() -> [UInt8] {
        var rng = SplitMix64(seed: 7)
        var bytes: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01]
        // Machine code: about a third of the bytes high, many control bytes, some ASCII.
        for _ in 0..<12_000 {
            let r = rng.next() % 100
            let b: UInt8 = r < 35 ? UInt8(0x80 + rng.next() % 128) : r < 60 ? UInt8(1 + rng.next() % 31) : UInt8(0x20 + rng.next() % 95)
            bytes.append(b)
        }
        return bytes
    }

    /// The head's bytes that cannot be text, counted in one pass eight bytes at a time, are the
    /// control bytes (but whitespace and ESC) plus the bytes the decoder finds invalid.
    @Test func nonTextBytesCountedInOnePass() {
        var rng = SplitMix64(seed: 23)
        let pieces: [[UInt8]] = [Array("text ".utf8), [0x0A], [0x09], [0x0D], [0x1B], [0x01], [0x1F], [0x20], [0x7F], [0xFF],
                                 Array("é".utf8), Array("日".utf8), [0xE2, 0x82], [0xC0, 0xAF], Array("👍".utf8), [0x80]]
        for _ in 0..<2000 {
            var bytes: [UInt8] = []
            for _ in 0..<rng.next(60) { bytes += pieces[rng.next(pieces.count)] }
            let head = min(bytes.count, rng.next(bytes.count + 1) + 1)
            var cut = head
            while cut < bytes.count && cut > 0 && bytes[cut] & 0xC0 == 0x80 && head - cut < 3 { cut -= 1 }
            let part = Array(bytes[0..<cut])
            let controls = part.filter { $0 < 0x20 && !(0x09...0x0D).contains($0) && $0 != 0x1B }.count
            let invalid = part.withUnsafeBufferPointer { UTF8Decoder.invalidByteCount($0) }
            let counted = Corpus.nonTextBytes(bytes, head: head)
            #expect(counted.count == controls + invalid && counted.examined == cut, "\(bytes) \(head)")
        }
    }

    @Test func filesThatAreMostlyNotUTF8AreSkippedWithTheReason() {
        let dir = TempFolder("encoding")
        var rng = SplitMix64(seed: 1)
        dir.write("random.txt", bytes: (0..<5000).map { _ in UInt8(0x80 + rng.next() % 128) })
        dir.write("noise.txt", bytes: (0..<5000).map { _ in UInt8(1 + rng.next() % 255) })
        dir.write("elf.txt", bytes: Self.elfWithoutNULs())
        dir.write("ff.txt", bytes: [0xFF])
        dir.write("ok.txt", bytes: Array("Caf".utf8) + [0xE9] + Array(" society\n\nIt opened in 1902, caf\u{E9} and all.\n".utf8))
        let corpus = Corpus.load([dir.path])
        #expect(corpus.articles.map(\.relativePath) == ["ok.txt"])
        let skipped = Dictionary(uniqueKeysWithValues: corpus.skipped.map { ($0.path.split(separator: "/").last!, $0.problem) })
        #expect(skipped.keys.sorted() == ["elf.txt", "ff.txt", "noise.txt", "random.txt"])
        for problem in skipped.values { #expect(problem.hasPrefix("not UTF-8 text ("), "\(problem)") }
        // The same decision for `reader search`, which reads files itself.
        let searcher = FileSearcher(query: try! Query.parse("x"))
        if case .skipped(let why) = searcher.search(bytes: Self.elfWithoutNULs(), file: FileRef(location: RawPath("elf.txt"), path: "elf.txt", followLinks: false)) {
            #expect(why.hasPrefix("not UTF-8 text ("))
        } else {
            Issue.record("the binary was searched")
        }
    }

    @Test func theOddBadByteIsOneMarkerEverywhere() throws {
        let dir = TempFolder("encoding")
        let body = Array("Caf".utf8) + [0xE9] + Array(" society reopens\nBy Jos".utf8) + [0xE9] + Array(" Ruiz\n\n".utf8)
            + Array("The caf".utf8) + [0xE9] + Array(" society met Maria Sokolova on Friday. Sokolova said so.\n".utf8)
        dir.write("latin.txt", bytes: body)
        var options = LoadOptions()
        options.keepTexts = true
        let (corpus, found) = Corpus.load([dir.path], options: options) { _, text in PeopleDetector.detect(text) }
        #expect(corpus.articles.count == 1)
        // Title and author (the list and `reader list` print these).
        #expect(corpus.articles[0].title == "Caf<E9> society reopens")
        #expect(corpus.articles[0].author == "Jos<E9> Ruiz")
        // The same from the bytes (the scan that reads only the head of a file).
        let scanned = Corpus.scan([dir.path])
        #expect(scanned.articles[0].title == "Caf<E9> society reopens")
        #expect(scanned.articles[0].author == "Jos<E9> Ruiz")
        // The body.
        let text = try corpus.text(of: 0).get()
        #expect(Sanitizer.pieces(text, range: 0..<4, startColumn: 0).map(\.text).joined() == "Caf<E9>")
        // `reader search` lines.
        var out: [UInt8] = []
        _ = FileSearchRun().run(query: "society", roots: [dir.path], output: { out += $0 }, warn: { _ in })
        let lines = String(decoding: out, as: UTF8.self).split(separator: "\n").dropFirst()
        #expect(lines.count == 2)
        for line in lines {
            #expect(line.contains("Caf<E9> society") || line.contains("caf<E9> society"), "\(line)")
            #expect(!line.contains("\u{FFFD}"))
        }
        // People: found through the marker, names never hold it.
        let index = PeopleIndex.build(articles: corpus.articles, mentions: found)
        #expect(index.people.map(\.name).contains("Maria Sokolova"))
        #expect(!index.people.contains { $0.name.contains("\u{FFFD}") })
    }

    @Test func carriageReturnOnlyFilesSplitIntoLines() throws {
        let dir = TempFolder("encoding")
        dir.write("mac.txt", "Old Mac headline\r\rFirst paragraph about Maria Sokolova.\rSecond line.\r")
        dir.write("mixed.txt", "Headline\n\nA progress bar\rover itself.\n")
        var options = LoadOptions()
        options.keepTexts = true
        let corpus = Corpus.load([dir.path], options: options)
        let mac = try #require(corpus.articles.firstIndex { $0.relativePath == "mac.txt" })
        #expect(corpus.articles[mac].title == "Old Mac headline")
        let text = try corpus.text(of: mac).get()
        // Same number of scalars as the file (offsets still refer to it), four lines.
        #expect(text.count == "Old Mac headline\r\rFirst paragraph about Maria Sokolova.\rSecond line.\r".unicodeScalars.count)
        let layout = Layout(text: text, width: 80)
        try #require(layout.lineCount == 4)
        #expect(text.string(layout.range(ofLine: 2)).hasPrefix("First paragraph"))
        // `reader search` counts its lines.
        var out: [UInt8] = []
        _ = FileSearchRun().run(query: "second", roots: [dir.path + "/mac.txt"], output: { out += $0 }, warn: { _ in })
        #expect(String(decoding: out, as: UTF8.self).hasSuffix("mac.txt:4: Second line.\n"))
        // A lone CR in a file that has LF line breaks is still a marker (it could overwrite a line).
        let mixed = try #require(corpus.articles.firstIndex { $0.relativePath == "mixed.txt" })
        let mixedText = try corpus.text(of: mixed).get()
        #expect(Sanitizer.pieces(mixedText, range: nil, startColumn: 0).map(\.text).joined().contains("bar^Mover"))
    }
}
