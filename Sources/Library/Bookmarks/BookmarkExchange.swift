/// Bookmarks written for other programs (our JSON, W3C Web Annotation JSON-LD, Markdown) and read
/// back (our JSON, W3C JSON-LD).
public enum BookmarkExchange {
    public static let annotationContext = "http://www.w3.org/ns/anno.jsonld"

    // MARK: Export

    /// The bookmarks file format, without the deletion records.
    public static func json(_ bookmarks: [Bookmark]) -> String {
        var file = BookmarkFile()
        file.bookmarks = bookmarks
        return file.encoded()
    }

    /// A W3C Web Annotation `AnnotationCollection` (JSON-LD) with one `Annotation` per bookmark:
    /// motivation `bookmarking`, the note as a `TextualBody` (purpose `commenting`), each tag as
    /// one (purpose `tagging`), the target a `file://` URI with a `TextPositionSelector` (scalar
    /// offsets, that is code points) and a `TextQuoteSelector`.
    public static func w3c(_ bookmarks: [Bookmark]) -> String {
        let items = bookmarks.map(annotation)
        return JSONValue.object([
            ("@context", .string(annotationContext)),
            ("type", .string("AnnotationCollection")),
            ("label", .string("reader bookmarks")),
            ("total", .int(items.count)),
            ("first", .object([
                ("type", .string("AnnotationPage")),
                ("startIndex", .int(0)),
                ("items", .array(items)),
            ])),
        ]).serialized() + "\n"
    }

    static func annotation(_ b: Bookmark) -> JSONValue {
        var body: [JSONValue] = []
        if !b.note.isEmpty {
            body.append(.object([("type", .string("TextualBody")), ("value", .string(b.note)),
                                 ("format", .string("text/plain")), ("purpose", .string("commenting"))]))
        }
        for tag in b.tags {
            body.append(.object([("type", .string("TextualBody")), ("value", .string(tag)), ("purpose", .string("tagging"))]))
        }
        var fields: [(String, JSONValue)] = [
            ("@context", .string(annotationContext)),
            ("id", .string(annotationID(b.id))),
            ("type", .string("Annotation")),
            ("motivation", .string("bookmarking")),
            ("created", .string(b.created.iso8601)),
            ("modified", .string(b.changed.iso8601)),
        ]
        if !body.isEmpty { fields.append(("body", .array(body))) }
        fields.append(("target", .object([
            ("source", .string(fileURI(b.article.absolutePath))),
            ("selector", .array([
                .object([("type", .string("TextPositionSelector")), ("start", .int(b.range.lowerBound)), ("end", .int(b.range.upperBound))]),
                .object([("type", .string("TextQuoteSelector")), ("exact", .string(b.quote.exact)),
                         ("prefix", .string(b.quote.prefix)), ("suffix", .string(b.quote.suffix))]),
            ])),
        ])))
        return .object(fields)
    }

    static let idPrefix = "urn:x-reader-bookmark:"
    static let uuidPrefix = "urn:uuid:"

    /// Annotations need an IRI: `urn:uuid:` for our UUIDs, an IRI that reads back as itself as
    /// it is, anything else behind `urn:x-reader-bookmark:`. `bookmarkID` undoes it exactly, so
    /// a bookmark's id never changes through an export and an import.
    static func annotationID(_ id: String) -> String {
        if isUUID(id) { return uuidPrefix + id }
        if id.contains(":") && bookmarkID(id) == id { return id }
        return idPrefix + id
    }

    /// The bookmark id of an annotation's IRI: a UUID without `urn:uuid:`, what follows
    /// `urn:x-reader-bookmark:`, any other IRI as it is. Prefixes are compared byte by byte (a
    /// combining mark after the colon must not hide one).
    static func bookmarkID(_ iri: String) -> String {
        if let rest = after(uuidPrefix, in: iri), isUUID(rest) { return rest }
        if let rest = after(idPrefix, in: iri), !rest.isEmpty { return rest }
        return iri
    }

    /// What follows `prefix` at the start of `s`, by UTF-8 bytes; nil when `s` does not start so.
    static func after(_ prefix: String, in s: String) -> String? {
        guard s.utf8.starts(with: prefix.utf8) else { return nil }
        return String(decoding: Array(s.utf8.dropFirst(prefix.utf8.count)), as: UTF8.self)
    }

    static func isUUID(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count == 36 else { return false }
        for (i, c) in u.enumerated() {
            if [8, 13, 18, 23].contains(i) { if c != 45 { return false } } else if !isHexDigit(c) { return false }
        }
        return true
    }

    static func isHexDigit(_ c: UInt8) -> Bool { (48...57).contains(c) || (97...102).contains(c) || (65...70).contains(c) }

    /// `file://` and the path, percent-encoded byte by byte (RFC 3986 unreserved characters and
    /// `/` stay as they are).
    public static func fileURI(_ path: String) -> String {
        var out = "file://"
        for b in path.utf8 {
            if (65...90).contains(b) || (97...122).contains(b) || (48...57).contains(b) || "-._~/".utf8.contains(b) {
                out.unicodeScalars.append(Unicode.Scalar(b))
            } else {
                out += "%" + Sanitizer.hex(UInt32(b), digits: 2)
            }
        }
        return out
    }

    /// The path of a `file://` URI (`file:///p`, `file://localhost/p`), or nil for other URIs.
    public static func path(fromFileURI uri: String) -> String? {
        var rest: Substring
        if uri.hasPrefix("file://localhost/") {
            rest = uri.dropFirst("file://localhost".count)
        } else if uri.hasPrefix("file:///") {
            rest = uri.dropFirst("file://".count)
        } else if uri.hasPrefix("file:/") && !uri.hasPrefix("file://") {
            rest = uri.dropFirst("file:".count)
        } else {
            return nil
        }
        if let hash = rest.firstIndex(where: { $0 == "#" || $0 == "?" }) { rest = rest[..<hash] }
        var bytes: [UInt8] = []
        let u = Array(rest.utf8)
        var i = 0
        while i < u.count {
            if u[i] == 37, i + 2 < u.count, isHexDigit(u[i + 1]), isHexDigit(u[i + 2]),
               let v = UInt8(String(decoding: u[(i + 1)...(i + 2)], as: UTF8.self), radix: 16) {
                bytes.append(v)
                i += 3
            } else {
                bytes.append(u[i])
                i += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Readable Markdown, grouped by article: the quote, the note, tags and the time.
    public static func markdown(_ bookmarks: [Bookmark]) -> String {
        var out = "# Bookmarks\n"
        var order: [String] = []
        var groups: [String: [Bookmark]] = [:]
        for b in bookmarks {
            let key = b.article.absolutePath
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(b)
        }
        func clean(_ s: String) -> String { Sanitizer.clean(s) }
        func lines(_ s: String) -> [String] { s.split(separator: "\n", omittingEmptySubsequences: false).map { clean(String($0)) } }
        for key in order {
            let group = groups[key]!.sorted { ($0.range.lowerBound, $0.id) < ($1.range.lowerBound, $1.id) }
            let first = group[0].article
            out += "\n## " + clean(first.title ?? first.path) + "\n\n"
            out += "`" + clean(first.absolutePath).replacingOccurrences(of: "`", with: "'") + "`\n"
            for b in group {
                out += "\n"
                let quote = lines(b.quote.exact).map { "> " + $0 }.joined(separator: "\n")
                out += (quote.isEmpty ? "> (no quote)" : quote) + "\n\n"
                if !b.note.isEmpty { out += lines(b.note).joined(separator: "  \n") + "\n\n" }
                var meta = ["\(b.changed.shortDisplay) UTC", "characters \(b.range.lowerBound)–\(b.range.upperBound)"]
                if !b.tags.isEmpty { meta.insert("tags: " + b.tags.map { "#" + clean($0) }.joined(separator: " "), at: 0) }
                out += "*" + meta.joined(separator: " · ") + "*\n"
            }
        }
        return out
    }

    // MARK: Import

    /// Bookmarks from our JSON (a bookmarks file or `export --format json`) or W3C Web Annotation
    /// JSON-LD (a collection, a page, a list of annotations or one annotation), with a warning for
    /// each entry that was skipped. Throws a one-line description when the text is neither.
    public static func parse(_ bytes: [UInt8], now: Timestamp = .now()) throws(ImportError) -> (bookmarks: [Bookmark], warnings: [String]) {
        let value: JSONValue
        do { value = try JSONValue.parse(bytes) } catch { throw ImportError("does not parse as JSON (\(error))") }
        if value["bookmarks"] != nil || value["format"]?.stringValue == BookmarkFile.formatName {
            do {
                let file = try BookmarkFile.decode(bytes)
                return (file.bookmarks, file.warnings)
            } catch {
                if case .newer(_, let readable) = error { return (readable.bookmarks, readable.warnings + [error.description]) }
                throw ImportError(error.description)
            }
        }
        var annotations: [JSONValue] = []
        switch value {
        case .array(let items): annotations = items
        case .object:
            let type = typeNames(value["type"])
            if type.contains("Annotation") {
                annotations = [value]
            } else if let items = value["first"]?["items"]?.arrayValue ?? value["items"]?.arrayValue {
                annotations = items
            } else if type.contains("AnnotationCollection") || type.contains("AnnotationPage") {
                annotations = []
            } else {
                throw ImportError("neither reader bookmarks nor W3C Web Annotations (no \"bookmarks\", \"type\": \"Annotation\" or \"items\")")
            }
        default:
            throw ImportError("neither reader bookmarks nor W3C Web Annotations")
        }
        var bookmarks: [Bookmark] = []
        var warnings: [String] = []
        for (n, item) in annotations.enumerated() {
            do {
                bookmarks.append(try bookmark(fromAnnotation: item, now: now))
            } catch {
                warnings.append("annotation \(n + 1) skipped: \(error.reason)")
            }
        }
        return (bookmarks, warnings)
    }

    public struct ImportError: Error, Equatable, Sendable, CustomStringConvertible {
        public var reason: String
        init(_ reason: String) { self.reason = reason }
        public var description: String { reason }
    }

    static func typeNames(_ v: JSONValue?) -> [String] {
        if let s = v?.stringValue { return [s] }
        return v?.arrayValue?.compactMap { $0.stringValue } ?? []
    }

    static func list(_ v: JSONValue?) -> [JSONValue] {
        guard let v else { return [] }
        return v.arrayValue ?? [v]
    }

    static func bookmark(fromAnnotation a: JSONValue, now: Timestamp) throws(BookmarkEntryError) -> Bookmark {
        guard a.objectValue != nil else { throw BookmarkEntryError("not an object") }
        guard typeNames(a["type"]).contains("Annotation") else { throw BookmarkEntryError("its type is not Annotation") }
        guard let target = list(a["target"]).first(where: { $0.objectValue != nil }) else {
            throw BookmarkEntryError("no target with a selector")
        }
        guard let source = target["source"]?.stringValue else { throw BookmarkEntryError("its target has no source") }
        var position: Range<Int>?
        var quote: TextQuote?
        for selector in list(target["selector"]) {
            let type = typeNames(selector["type"])
            if type.contains("TextPositionSelector") {
                guard let start = selector["start"], let end = selector["end"],
                      let range = Bookmark.checkedRange(start: start, end: end) else {
                    throw BookmarkEntryError("its TextPositionSelector \(Bookmark.badRange)")
                }
                position = range
            } else if type.contains("TextQuoteSelector"), let exact = selector["exact"]?.stringValue {
                quote = TextQuote(exact: exact, prefix: selector["prefix"]?.stringValue ?? "", suffix: selector["suffix"]?.stringValue ?? "")
            }
        }
        guard position != nil || quote != nil else { throw BookmarkEntryError("no TextPositionSelector or TextQuoteSelector") }
        var notes: [String] = []
        var tags: [String] = []
        if let value = a["bodyValue"]?.stringValue { notes.append(value) }
        for body in list(a["body"]) {
            guard let value = body["value"]?.stringValue ?? body["chars"]?.stringValue else { continue }
            let purposes = typeNames(body["purpose"])
            if purposes.contains("tagging") { tags.append(value) } else { notes.append(value) }
        }
        let article: ArticleRef
        if let path = path(fromFileURI: source) {
            let slash = path.lastIndex(of: "/")!
            article = ArticleRef(path: String(path[path.index(after: slash)...]),
                                 root: slash == path.startIndex ? "/" : String(path[..<slash]), hash: "")
        } else {
            article = ArticleRef(path: source, root: "", hash: "")
        }
        let created = a["created"]?.stringValue.flatMap(Timestamp.init(iso8601:)) ?? now
        // Times as the file gives them, as a bookmarks file is read: a `modified` before `created` stays.
        let changed = a["modified"]?.stringValue.flatMap(Timestamp.init(iso8601:)) ?? created
        // An annotation without an id (or with an empty one, which no bookmark can have) gets a new one.
        let id = a["id"]?.stringValue.flatMap { $0.isEmpty ? nil : bookmarkID($0) } ?? Bookmark.newID()
        let range = position ?? 0..<min(quote?.exact.unicodeScalars.count ?? 0, Bookmark.maxOffset)
        return Bookmark(id: id, article: article, range: range,
                        quote: quote ?? TextQuote(exact: "", prefix: "", suffix: ""), note: notes.joined(separator: "\n\n"),
                        tags: tags, created: created, changed: changed)
    }
}
