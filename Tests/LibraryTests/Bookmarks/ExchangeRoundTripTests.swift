import Testing
import TestSupport
@testable import Library

/// Exporting bookmarks (W3C or our JSON) and importing them again gives the same bookmarks: the
/// same ids, the same times (the `annotations` fuzz target's findings, issue 16).
@Suite struct ExchangeRoundTripTests {
    let text = ArticleText(Sample.article)

    /// Exported as W3C annotations and imported again.
    static func throughW3C(_ bookmarks: [Bookmark]) throws -> [Bookmark] {
        try BookmarkExchange.parse(Array(BookmarkExchange.w3c(bookmarks).utf8)).bookmarks
    }

    /// Ids that look like the IRIs the W3C export makes keep every character (`urn:uuid:c` was
    /// imported back as `c`, a new bookmark beside the old one).
    @Test func idsSurviveW3CExportExactly() throws {
        let uuid = "3f2c1a9e-0b4d-4c3e-9a8f-1d2e3f4a5b6c"
        let ids = ["urn:uuid:c", "urn:uuid:" + uuid, "urn:x-reader-bookmark:7", "urn:x-reader-bookmark:",
                   "urn:x-reader-bookmark:urn:uuid:" + uuid, "urn:uuid:", uuid, uuid.uppercased(), "plain",
                   "http://example.org/anno/7", "urn:x-reader-bookmark:\u{301}x", "a:b"]
        let bookmarks = ids.map { id -> Bookmark in
            var b = Sample.bookmark("ferry company", in: text)
            b.id = id
            return b
        }
        #expect(try Self.throughW3C(bookmarks).map(\.id) == ids)
        // A bookmarks file with such an id, exported and imported into a store: no duplicate.
        let file = "{\"version\":1,\"bookmarks\":[{\"id\":\"urn:uuid:c\",\"article\":{\"path\":\"\"},\"position\":\"\"}]}"
        let read = try BookmarkExchange.parse(Array(file.utf8)).bookmarks
        #expect(read.map(\.id) == ["urn:uuid:c"])
        #expect(try Self.throughW3C(read).map(\.id) == ["urn:uuid:c"])
    }

    /// IRIs from other tools come back out as they went in, and our own forms still read as before.
    @Test func annotationIRIsFromOtherToolsAreKept() throws {
        for iri in ["http://example.org/anno/7", "urn:uuid:not-a-uuid", "tag:x,2025:1"] {
            #expect(BookmarkExchange.annotationID(BookmarkExchange.bookmarkID(iri)) == iri)
        }
        #expect(BookmarkExchange.bookmarkID("urn:uuid:3f2c1a9e-0b4d-4c3e-9a8f-1d2e3f4a5b6c") == "3f2c1a9e-0b4d-4c3e-9a8f-1d2e3f4a5b6c")
        #expect(BookmarkExchange.bookmarkID("urn:x-reader-bookmark:7") == "7")
        // An empty id is no bookmark id: the annotation gets a new one, which then survives.
        let empty = """
            {"type": "Annotation", "id": "", "target": {"source": "file:///a.txt",
             "selector": {"type": "TextQuoteSelector", "exact": "x"}}}
            """
        let b = try #require(try BookmarkExchange.parse(Array(empty.utf8)).bookmarks.first)
        #expect(!b.id.isEmpty)
        #expect(try Self.throughW3C([b]).map(\.id) == [b.id])
    }

    /// A `changed` before `created` is kept as written by both readers (the bookmarks file kept
    /// it, the W3C import moved it to `created`), so an export and an import change nothing.
    @Test func timesAreKeptAsWrittenOnEveryPath() throws {
        let created = try #require(Timestamp(iso8601: "2025-05-01T10:00:00.000Z"))
        let changed = try #require(Timestamp(iso8601: "2024-05-02T11:30:00.250Z"))
        var b = Sample.bookmark("ferry company", in: text)
        b.created = created
        b.changed = changed
        let viaFile = try BookmarkExchange.parse(Array(BookmarkExchange.json([b]).utf8)).bookmarks
        #expect(viaFile.map(\.created) == [created] && viaFile.map(\.changed) == [changed])
        let viaW3C = try Self.throughW3C([b])
        #expect(viaW3C.map(\.created) == [created] && viaW3C.map(\.changed) == [changed])
        let annotation = """
            {"type": "Annotation", "id": "urn:x-reader-bookmark:1", "created": "2025-05-01T10:00:00Z",
             "modified": "2024-05-02T11:30:00.250Z", "target": {"source": "file:///a.txt",
             "selector": {"type": "TextQuoteSelector", "exact": "x"}}}
            """
        let imported = try BookmarkExchange.parse(Array(annotation.utf8)).bookmarks
        #expect(imported.map(\.changed) == [changed])
    }

    /// Parse errors quote characters safely: one line, whatever byte the file has there.
    @Test func parseErrorsAreOneLine() {
        for bad in ["\"\\\n\"", "\"\\\u{1}\"", "\"\\é\"", "[1,\n\n}", "\u{1}", "{\"a\" \n 1}"] {
            do {
                _ = try JSONValue.parse(Array(bad.utf8))
                Issue.record("\(bad.debugDescription) parsed")
            } catch {
                #expect(!error.description.contains("\n") && !error.description.contains("\r"), "\(error.description.debugDescription)")
                #expect(error.description.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F })
            }
        }
        do { _ = try JSONValue.parse(Array("\"\\q\"".utf8)) } catch { #expect(error.description.contains("'\\q'")) }
        do { _ = try JSONValue.parse(Array("\"\\\n\"".utf8)) } catch { #expect(error.description.contains("byte 0x0A")) }
    }
}
