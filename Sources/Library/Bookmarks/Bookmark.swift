#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A marked place in an article, with the reader's note about it.
///
/// The place is kept twice, as the W3C Web Annotation model does: as a range of scalar offsets
/// (`TextPositionSelector`) and as the text there with a little before and after
/// (`TextQuoteSelector`), so it can be found again after the article was edited (`resolve(in:)`).
public struct Bookmark: Sendable, Equatable {
    /// Stable and unique: a random (version 4) UUID in lower case, or whatever an imported
    /// annotation was called.
    public var id: String
    public var article: ArticleRef
    /// Scalar offsets into the article's text, end-exclusive.
    public var range: Range<Int>
    public var quote: TextQuote
    /// Several lines, separated by "\n".
    public var note: String
    public var tags: [String]
    public var created: Timestamp
    public var changed: Timestamp
    /// The bookmark as it was read from a file, so fields this version does not know survive
    /// when it is written again (nil for a new bookmark).
    public var original: JSONValue?

    public init(id: String, article: ArticleRef, range: Range<Int>, quote: TextQuote, note: String,
                tags: [String], created: Timestamp, changed: Timestamp, original: JSONValue? = nil) {
        self.id = id
        self.article = article
        self.range = range
        self.quote = quote
        self.note = note
        self.tags = tags
        self.created = created
        self.changed = changed
        self.original = original
    }

    /// Characters of context kept on each side of the quote.
    public static let contextLength = 32

    /// The largest offset a file may give: 2^40 scalars, far beyond any article, and small
    /// enough that sums of offsets and lengths never overflow.
    public static let maxOffset = 1 << 40

    /// A position read from a file: `start` and `end` whole numbers with
    /// `0 <= start <= end <= maxOffset`. A missing `start` is 0, a missing `end` is `start`.
    /// Nil when they are not such numbers.
    public static func checkedRange(start: JSONValue?, end: JSONValue?) -> Range<Int>? {
        guard let lower = start.map({ $0.intValue }) ?? 0, (0...maxOffset).contains(lower),
              let upper = end.map({ $0.intValue }) ?? lower,
              (lower...maxOffset).contains(upper) else { return nil }
        return lower..<upper
    }

    /// Why `checkedRange` refused a position, for a warning.
    static let badRange = "is not a range of whole numbers within 0…\(maxOffset)"

    /// A new bookmark on `range` of `text` (clamped to the text), quoting it.
    public static func make(article: Article, text: ArticleText, range: Range<Int>, note: String, tags: [String] = [],
                            now: Timestamp = .now(), id: String = Bookmark.newID()) -> Bookmark {
        make(article: ArticleRef(article: article, text: text), text: text, range: range, note: note, tags: tags, now: now, id: id)
    }

    public static func make(article: ArticleRef, text: ArticleText, range: Range<Int>, note: String, tags: [String] = [],
                            now: Timestamp = .now(), id: String = Bookmark.newID()) -> Bookmark {
        let lower = max(0, min(range.lowerBound, text.count))
        let upper = max(lower, min(range.upperBound, text.count))
        return Bookmark(id: id, article: article, range: lower..<upper, quote: TextQuote(text: text, range: lower..<upper),
                        note: note, tags: tags, created: now, changed: now)
    }

    /// A random version 4 UUID, lower case.
    public static func newID() -> String {
        var g = SystemRandomNumberGenerator()
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &g) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { Sanitizer.hex(UInt32($0), digits: 2).lowercased() }.joined()
        let c = Array(hex)
        return String(c[0..<8]) + "-" + String(c[8..<12]) + "-" + String(c[12..<16]) + "-" + String(c[16..<20]) + "-" + String(c[20..<32])
    }

    /// A sensible range for a bookmark made at `offset` without a selection: from there to the end
    /// of the sentence or line, at most `maxLength` scalars (cut after a space when longer).
    /// Empty at the end of the text or on an empty line.
    public static func defaultRange(in text: ArticleText, at offset: Int, maxLength: Int = 80) -> Range<Int> {
        let start = max(0, min(offset, text.count))
        let s = text.scalars
        var end = start
        let limit = min(text.count, start + maxLength)
        while end < limit {
            let v = s[end].value
            if v == 0x0A || v == 0x0D { break }
            end += 1
            if (v == 0x2E || v == 0x21 || v == 0x3F) && (end == text.count || s[end].value == 0x20 || s[end].value == 0x0A) { break }
        }
        if end == limit && limit < text.count && s[limit].value != 0x0A && s[limit].value != 0x20 {
            // Cut mid-word: end at the last space instead, when there is one.
            var k = end
            while k > start + 1 && s[k - 1].value != 0x20 { k -= 1 }
            if k > start + 1 { end = k - 1 }
        }
        return start..<end
    }
}

/// Which article a bookmark belongs to.
public struct ArticleRef: Sendable, Equatable {
    /// The path inside the corpus folder (`Article.relativePath`).
    public var path: String
    /// The corpus folder, absolute (for telling apart two corpora with the same names inside).
    public var root: String
    /// `fnv1a64:` and 16 hex digits of the FNV-1a hash of the file's bytes when the bookmark was
    /// made; empty when unknown (an imported annotation).
    public var hash: String
    /// The article's title then, for lists when the article is not at hand.
    public var title: String?

    public init(path: String, root: String, hash: String, title: String? = nil) {
        self.path = path
        self.root = root
        self.hash = hash
        self.title = title
    }

    public init(article: Article, text: ArticleText) {
        self.init(path: article.relativePath, root: ArticleRef.absolute(article.root),
                  hash: ArticleRef.hash(of: text), title: article.title)
    }

    /// The file's absolute path (root joined with path).
    public var absolutePath: String {
        if root.isEmpty { return path }
        if path.hasPrefix("/") { return path }
        return root.hasSuffix("/") ? root + path : root + "/" + path
    }

    /// Whether `article` is the article this bookmark was made on: the same file, or a file with
    /// the same path inside its corpus folder and the same text (the folder moved). Give the
    /// article's `absolutePath` (`ArticleRef.absolutePath(of:)`, cached by the caller) and its
    /// text's hash when known.
    public func matches(absolutePath other: String, relativePath: String, hash textHash: String? = nil) -> Bool {
        if absolutePath == other { return true }
        if let textHash, !hash.isEmpty, textHash == hash { return path == relativePath }
        return false
    }

    /// An article's absolute path, as bookmarks record it.
    public static func absolutePath(of article: Article) -> String {
        ArticleRef(path: article.relativePath, root: absolute(article.root), hash: "").absolutePath
    }

    /// A folder's absolute path with symbolic links resolved; made absolute against the current
    /// folder when it does not exist.
    public static func absolute(_ folder: String) -> String {
        if let resolved = realpath(folder, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        if folder.hasPrefix("/") { return folder }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return folder }
        let cwd = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if folder == "." || folder.isEmpty { return cwd }
        return (cwd == "/" ? "" : cwd) + "/" + (folder.hasPrefix("./") ? String(folder.dropFirst(2)) : folder)
    }

    /// `fnv1a64:` + 16 hex digits: FNV-1a (64 bits) of the text's UTF-8 bytes. Bytes that were
    /// not valid UTF-8 are hashed as themselves, so this is the hash of the file as it is.
    public static func hash(of text: ArticleText) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        let prime: UInt64 = 0x0000_0100_0000_01b3
        @inline(__always) func add(_ b: UInt8) {
            h = (h ^ UInt64(b)) &* prime
        }
        for (i, scalar) in text.scalars.enumerated() {
            let v = scalar.value
            if v < 0x80 {
                add(UInt8(v))
            } else if v == 0xFFFD, let byte = text.invalidByte(at: i) {
                add(byte)
            } else {
                for b in UTF8.encode(scalar)! { add(b) }
            }
        }
        return "fnv1a64:" + Sanitizer.hex(UInt32(h >> 32), digits: 8).lowercased() + Sanitizer.hex(UInt32(h & 0xFFFF_FFFF), digits: 8).lowercased()
    }
}

/// The W3C `TextQuoteSelector`: the marked text, with up to `Bookmark.contextLength` scalars
/// before and after it.
public struct TextQuote: Sendable, Equatable {
    public var exact: String
    public var prefix: String
    public var suffix: String

    public init(exact: String, prefix: String, suffix: String) {
        self.exact = exact
        self.prefix = prefix
        self.suffix = suffix
    }

    public init(text: ArticleText, range: Range<Int>) {
        let n = Bookmark.contextLength
        self.init(exact: text.string(range),
                  prefix: text.string(max(0, range.lowerBound - n)..<range.lowerBound),
                  suffix: text.string(range.upperBound..<min(text.count, range.upperBound + n)))
    }
}
