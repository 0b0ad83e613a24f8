#if DEBUG
@testable import Library

/// The bookmarks file parser and the annotation import parser, with their writers.
enum BookmarkTargets {
    /// What a bookmark means, without the raw JSON it was read from.
    struct Meaning: Equatable {
        var id: String
        var path: String, root: String, hash: String, title: String?
        var range: Range<Int>
        var quote: TextQuote
        var note: String
        var tags: [String]
        var created: Timestamp, changed: Timestamp

        init(_ b: Bookmark) {
            id = b.id
            path = b.article.path; root = b.article.root; hash = b.article.hash; title = b.article.title
            range = b.range
            quote = b.quote
            note = b.note
            tags = b.tags
            created = b.created; changed = b.changed
        }
    }

    /// JSON survives a write and a read, pretty or not.
    static func checkJSON(_ bytes: [UInt8]) {
        guard let value = try? JSONValue.parse(bytes) else { return }
        for pretty in [true, false] {
            let text = value.serialized(pretty: pretty)
            do {
                check(try JSONValue.parse(text) == value, "JSON changes when written (pretty \(pretty)): \(shown(text))")
            } catch {
                fail("JSON written does not parse (\(error)): \(shown(text))")
            }
        }
    }

    /// Each bookmark is a valid range, and finding its place in a text stays inside the text.
    static func checkBookmarks(_ bookmarks: [Bookmark], texts: [ArticleText]) {
        for b in bookmarks {
            check(b.range.lowerBound >= 0, "bookmark \(shown(b.id)) at \(b.range)")
            for text in texts {
                if let r = b.resolve(in: text).range {
                    check(r.lowerBound >= 0 && r.upperBound <= text.count, "bookmark \(shown(b.id)) resolved to \(r) in \(text.count)")
                }
            }
        }
    }

    /// Texts to find bookmarks in: their own quote, and the same quote edited a little.
    static func texts(for bookmarks: [Bookmark]) -> [ArticleText] {
        guard let b = bookmarks.first else { return [] }
        let q = b.quote
        return [ArticleText(q.prefix + q.exact + q.suffix), ArticleText("x" + q.prefix + String(q.exact.dropFirst()) + q.suffix + "y")]
    }

    /// Input: a bookmarks file's bytes.
    ///
    /// Reading returns a file or a `Problem`; a file read is written back (`encoded`) to a file
    /// that reads as the same bookmarks, deletions and kept entries, and writing is then stable.
    @Sendable static func bookmarksFile(_ data: UnsafeBufferPointer<UInt8>) {
        let bytes = Array(data)
        checkJSON(bytes)
        let file: BookmarkFile
        do {
            file = try BookmarkFile.decode(bytes)
        } catch {
            guard case .newer(_, let readable) = error else {
                // One line: a message quotes the file's characters safely (a newline as its byte value).
                check(!error.description.isEmpty && !error.description.contains(where: \.isNewline), "problem \(shown(error.description))")
                return
            }
            file = readable
        }
        check(Set(file.bookmarks.map(\.id)).count == file.bookmarks.count, "repeated ids")
        checkBookmarks(file.bookmarks, texts: texts(for: file.bookmarks))
        let written = file.encoded()
        let again: BookmarkFile
        do {
            again = try BookmarkFile.decode(Array(written.utf8))
        } catch {
            guard case .newer(_, let readable) = error, file.version > BookmarkFile.formatVersion else {
                fail("the file written does not read (\(error)): \(shown(written))")
            }
            again = readable
        }
        let before = file.bookmarks.map(Meaning.init).sorted { $0.id < $1.id }
        let after = again.bookmarks.map(Meaning.init).sorted { $0.id < $1.id }
        check(before == after, "bookmarks change when written: \(shown(written))")
        check(again.deleted == file.deleted, "deletions change when written: \(shown(written))")
        check(again.unreadable == file.unreadable, "kept entries change when written: \(shown(written))")
        check(again.encoded() == written, "writing is not stable: \(shown(written))")
    }

    /// Whether two absolute paths name the same file as far as their text tells (`a//b` is `a/b`).
    static func samePath(_ a: String, _ b: String) -> Bool {
        func parts(_ p: String) -> [Substring] { p.split(separator: "/") }
        return parts(a) == parts(b)
    }

    /// Input: an import file's bytes (W3C Web Annotations, or our JSON).
    ///
    /// Importing returns bookmarks or an `ImportError`; the bookmarks are valid ranges; exported
    /// as W3C annotations and as our JSON they import again as the same bookmarks; the Markdown
    /// export never traps.
    @Sendable static func annotations(_ data: UnsafeBufferPointer<UInt8>) {
        let bytes = Array(data)
        let now = Timestamp(milliseconds: 1_750_000_000_000)
        let imported: [Bookmark]
        do {
            imported = try BookmarkExchange.parse(bytes, now: now).bookmarks
        } catch {
            check(!error.reason.isEmpty && !error.reason.contains(where: \.isNewline), "import error \(shown(error.reason))")
            return
        }
        checkBookmarks(imported, texts: texts(for: imported))
        _ = BookmarkExchange.markdown(imported)

        // Our JSON: everything comes back (a file holds one bookmark per id).
        if Set(imported.map(\.id)).count == imported.count {
            do {
                let back = try BookmarkExchange.parse(Array(BookmarkExchange.json(imported).utf8), now: now).bookmarks
                // The file lists bookmarks in the order they were made.
                let a = imported.map(Meaning.init).sorted { $0.id < $1.id }, b = back.map(Meaning.init).sorted { $0.id < $1.id }
                check(a == b, "the JSON export imports differently: \(zip(a, b).first { $0 != $1 }.map { "\($0) → \($1)" } ?? "\(a.count) → \(b.count)")")
            } catch {
                fail("the JSON export does not import: \(error)")
            }
        }
        // W3C: the article is a file URI (no hash or title; an absolute path keeps its meaning).
        do {
            let w3c = BookmarkExchange.w3c(imported)
            let back = try BookmarkExchange.parse(Array(w3c.utf8), now: now).bookmarks
            check(back.count == imported.count, "\(imported.count) bookmarks export as \(back.count) annotations")
            for (a, b) in zip(imported, back) {
                var expected = Meaning(a)
                var got = Meaning(b)
                expected.path = ""; expected.root = ""; expected.hash = ""; expected.title = nil
                got.path = ""; got.root = ""; got.hash = ""; got.title = nil
                check(got == expected, "the W3C export imports differently: \(expected) → \(got)")
                if a.article.absolutePath.hasPrefix("/") {
                    check(samePath(b.article.absolutePath, a.article.absolutePath),
                          "path \(shown(a.article.absolutePath)) imports as \(shown(b.article.absolutePath))")
                }
            }
        } catch {
            fail("the W3C export does not import: \(error)")
        }
    }
}
#endif
