import Foundation
import Testing
import TestSupport
@testable import Library

/// Offsets near the ends of `Int` (issue 16, item 3): refused per entry where they enter, never
/// an overflow where they are used.
@Suite struct OffsetValidationTests {
    let text = ArticleText(Sample.article)

    /// A bookmarks file entry with the given position (raw JSON numbers) and a real quote.
    static func entry(_ id: String, start: String, end: String) -> String {
        """
        {"id": "\(id)", "article": {"path": "harbour.txt", "root": "/srv/news", "hash": ""},
         "position": {"start": \(start), "end": \(end)},
         "quote": {"exact": "Captain Ilse Marrow", "prefix": "", "suffix": ""}, "note": "\(id)"}
        """
    }

    static let hostile: [(id: String, start: String, end: String)] = [
        ("max", "9223372036854775807", "9223372036854775807"),
        ("nearmax", "9223372036854775806", "9223372036854775807"),
        ("min", "-9223372036854775808", "0"),
        ("minus1", "-1", "5"),
        ("hugelength", "0", "9223372036854775807"),
        ("beyondint", "99999999999999999999999", "99999999999999999999999"),
        ("fraction", "1.5", "3"),
        ("exponent", "1e300", "1e300"),
    ]

    @Test func bookmarksFileRefusesOutOfRangeEntriesButStaysUsable() throws {
        let dir = TempFolder()
        defer { dir.remove() }
        let items = [Self.entry("good", start: "0", end: "7")] + Self.hostile.map { Self.entry($0.id, start: $0.start, end: $0.end) }
        let original = "{\"format\": \"reader bookmarks\", \"version\": 1, \"bookmarks\": [\n" + items.joined(separator: ",\n") + "\n]}\n"
        let path = dir.write("bookmarks.json", original)
        let store = BookmarkStore(path: path, clock: TestClock().read)
        #expect(store.load() == .ok)
        #expect(store.bookmarks.map(\.id) == ["good"])
        #expect(store.warnings.count == Self.hostile.count)
        for (n, w) in store.warnings.enumerated() {
            #expect(w.contains("bookmark \(n + 2)") && w.contains("position"), "\(w)")
        }
        // Saving keeps every refused entry exactly as it was written.
        try store.add(Sample.bookmark("ferry company", in: text))
        let saved = try JSONValue.parse(dir.read("bookmarks.json")!)
        let written = try #require(saved["bookmarks"]?.arrayValue)
        #expect(written.count == 2 + Self.hostile.count)
        let before = try #require(try JSONValue.parse(original)["bookmarks"]?.arrayValue)
        for value in before.dropFirst() { #expect(written.contains(value)) }
        // Reading it again gives the same (no crash, still usable).
        let again = BookmarkStore(path: path)
        #expect(again.load() == .ok)
        #expect(again.bookmarks.count == 2)
    }

    @Test func w3cImportSkipsOutOfRangePositions() throws {
        func annotation(_ id: String, _ start: String, _ end: String) -> String {
            """
            {"type": "Annotation", "id": "urn:x-reader-bookmark:\(id)", "bodyValue": "\(id)",
             "target": {"source": "file:///srv/news/harbour.txt", "selector": [
               {"type": "TextPositionSelector", "start": \(start), "end": \(end)},
               {"type": "TextQuoteSelector", "exact": "Captain Ilse Marrow"}]}}
            """
        }
        let items = [annotation("good", "10", "29")] + Self.hostile.map { annotation($0.id, $0.start, $0.end) }
        let json = "{\"type\": \"AnnotationCollection\", \"first\": {\"items\": [" + items.joined(separator: ",") + "]}}"
        let (bookmarks, warnings) = try BookmarkExchange.parse(Array(json.utf8))
        #expect(bookmarks.map(\.id) == ["good"])
        #expect(warnings.count == Self.hostile.count)
        for w in warnings { #expect(w.contains("TextPositionSelector"), "\(w)") }
        // A position-only annotation whose start is fine but whose quote makes the end overflow
        // cannot arise: the end is the start plus the quote's length, checked too.
        let quoteOnly = "{\"type\": \"Annotation\", \"target\": {\"source\": \"x.txt\", \"selector\": {\"type\": \"TextQuoteSelector\", \"exact\": \"Captain\"}}}"
        let (one, _) = try BookmarkExchange.parse(Array(quoteOnly.utf8))
        #expect(one.first?.range == 0..<7)
    }

    @Test func anchoringNeverOverflows() {
        let s = text.count
        let at = Sample.offset(of: "Captain Ilse Marrow", in: text)
        let found = at..<(at + 19)
        let exact = TextQuote(exact: "Captain Ilse Marrow", prefix: "", suffix: "")
        let short = TextQuote(exact: "Ilse", prefix: "Captain ", suffix: " Marrow")
        let point = TextQuote(exact: "", prefix: "Captain ", suffix: "Ilse Marrow")
        let fuzzy = TextQuote(exact: "Captain Ilse Marow said the hull", prefix: "", suffix: "")
        let none = TextQuote(exact: "", prefix: "", suffix: "")
        let ranges: [Range<Int>] = [Int.max..<Int.max, (Int.max - 1)..<Int.max, Int.min..<Int.min, Int.min..<Int.max,
                                    -1..<5, 0..<Int.max, (s + 1)..<(s + 1)]
        for r in ranges {
            #expect(Anchoring.resolve(range: r, quote: exact, in: text) == .moved(found), "\(r)")
            #expect(Anchoring.resolve(range: r, quote: short, in: text).range == (at + 8)..<(at + 12), "\(r)")
            #expect(Anchoring.resolve(range: r, quote: point, in: text).range == (at + 8)..<(at + 8), "\(r)")
            #expect(Anchoring.resolve(range: r, quote: fuzzy, in: text).range?.lowerBound == at, "\(r)")
            #expect(Anchoring.resolve(range: r, quote: none, in: text) == .detached, "\(r)")
        }
    }

    @Test func savedPositionsNeverOverflow() {
        let at = Sample.offset(of: "Captain Ilse Marrow", in: text)
        for offset in [Int.max, Int.max - 1, Int.min, -1, text.count + 5] {
            #expect(SavedPosition(offset: offset, quote: "Captain Ilse Marrow", time: 1).resolve(in: text) == at)
            let gone = SavedPosition(offset: offset, quote: "nowhere in the text", time: 1).resolve(in: text)
            #expect((0...text.count).contains(gone))
            let empty = SavedPosition(offset: offset, quote: "", time: 1).resolve(in: text)
            #expect((0...text.count).contains(empty))
        }
    }

    @Test func positionsFileRefusesOutOfRangeEntriesButStaysUsable() throws {
        let dir = TempFolder()
        defer { dir.remove() }
        let original = """
            {"version": 1, "positions": {
              "/a/good.txt": {"offset": 12, "quote": "x", "time": 1700000000.5},
              "/a/max.txt": {"offset": 9223372036854775807, "quote": "x", "time": 1},
              "/a/minus.txt": {"offset": -1, "quote": "x", "time": 1},
              "/a/beyond.txt": {"offset": 99999999999999999999999, "quote": "x", "time": 1},
              "/a/text.txt": {"offset": "twelve", "quote": "x", "time": 1}
            }}
            """
        let path = dir.write("positions.json", original)
        let store = PositionStore(path: path)
        let loaded = try store.loadFile()
        #expect(loaded.positions == ["/a/good.txt": SavedPosition(offset: 12, quote: "x", time: 1700000000.5)])
        #expect(loaded.warnings.count == 4)
        #expect(loaded.warnings.allSatisfy { $0.contains("offset") })
        #expect(try store.load().keys.sorted() == ["/a/good.txt"])
        // Saving keeps every refused entry as it was written.
        try store.save(SavedPosition(offset: 3, quote: "y", time: 2), for: "/a/new.txt")
        let saved = try JSONValue.parse(dir.read("positions.json")!)
        let before = try JSONValue.parse(original)
        for key in ["/a/max.txt", "/a/minus.txt", "/a/beyond.txt", "/a/text.txt"] {
            #expect(saved["positions"]?[key] == before["positions"]?[key], "\(key)")
        }
        #expect(try store.load().keys.sorted() == ["/a/good.txt", "/a/new.txt"])
        #expect(try store.load()["/a/good.txt"]?.time == 1700000000.5)
    }

    @Test func commandLineListResolveAndImport() throws {
        let dir = TempFolder("cli-offsets")
        defer { dir.remove() }
        dir.write("news/harbour.txt", Sample.article)
        let root = ArticleRef.absolute(dir.file("news"))
        let items = ([("good", "10", "29")] + Self.hostile).map { id, start, end in
            Self.entry(id, start: start, end: end).replacingOccurrences(of: "/srv/news", with: root)
        }
        let file = dir.write("bookmarks.json", "{\"format\": \"reader bookmarks\", \"version\": 1, \"bookmarks\": [" + items.joined(separator: ",") + "]}")
        var r = try ReaderBinary.run(["bookmarks", "list", "--resolve", "--bookmarks", file], environment: dir.environment)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.split(separator: "\n").count == 1 && r.stdout.contains("good\t") && r.stdout.contains("\tmoved "), "\(r.stdout)")
        #expect(r.stderr.contains(file) && r.stderr.contains("bookmark 2 of the file"), "\(r.stderr)")
        r = try ReaderBinary.run(["bookmarks", "list", "--json", "--resolve", "--bookmarks", file], environment: dir.environment)
        #expect(r.status == 0, "\(r.stderr)")
        // W3C import of the same positions: the bad ones are skipped with a warning each.
        let annotations = ([("good", "10", "29")] + Self.hostile).map { id, start, end in
            "{\"type\": \"Annotation\", \"id\": \"\(id)\", \"target\": {\"source\": \"file://\(root)/harbour.txt\", \"selector\": [{\"type\": \"TextPositionSelector\", \"start\": \(start), \"end\": \(end)}, {\"type\": \"TextQuoteSelector\", \"exact\": \"Captain Ilse Marrow\"}]}}"
        }
        let input = dir.write("w3c.json", "[" + annotations.joined(separator: ",") + "]")
        let other = dir.file("other.json")
        r = try ReaderBinary.run(["bookmarks", "import", input, "--bookmarks", other], environment: dir.environment)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("imported 1,"), "\(r.stderr)")
        r = try ReaderBinary.run(["bookmarks", "list", "--resolve", "--bookmarks", other], environment: dir.environment)
        #expect(r.status == 0 && r.stdout.contains("\tmoved "), "\(r.stdout) \(r.stderr)")
        // Adding with offsets or lengths near the ends of Int: a usage error, not a crash.
        let article = dir.file("news/harbour.txt")
        for (at, length) in [("5", "9223372036854775807"), ("9223372036854775807", "1"), ("-9223372036854775808", "1"), ("0", "-1")] {
            r = try ReaderBinary.run(["bookmarks", "add", article, "--at=" + at, "--length=" + length, "--note", "x", "--bookmarks", other],
                                     environment: dir.environment)
            #expect(r.status == 2 && r.stderr.contains("harbour.txt"), "--at \(at) --length \(length): \(r.status) \(r.stderr)")
        }
    }
}
