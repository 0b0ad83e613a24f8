import Foundation

/// What a person would call an article, read from messy text: its headline (or a title made from
/// its opening words), its author (from a byline or front matter) and its length in words.
///
/// Web text comes with chrome before the headline: bylines, "Please wait…" notices, lone section
/// labels, dates, photo captions. Those lines are recognised by their shape and by short lists of
/// common phrases, never by any particular article's wording.
public struct Metadata: Sendable, Equatable {
    public var title: String
    public var titleIsDerived: Bool
    public var author: String?
    public var words: Int
    /// When it says it was published (front matter's `date`; a page's published time).
    public var date: ArticleDate? = nil

    /// Longest title kept, in characters.
    public static let maxTitleLength = 160
    /// Derived titles stop at a word boundary at or before this many characters.
    public static let derivedTitleLength = 60
    /// Lines examined for a headline (Markdown headings), and characters kept of each: no
    /// headline, byline or chrome line is longer, and a one-line megabyte file must not cost a
    /// megabyte string.
    static let headLines = 40
    static let headLineLength = 240

    public static func extract(from text: ArticleText, format: Article.Format, fileName: String) -> Metadata {
        var m = heading(of: text, format: format, fileName: fileName)
        m.words = countWords(text)
        return m
    }

    /// A web page's: the title and author it names (og:title, <title>, the first <h1>; meta
    /// author or a byline), else what its text suggests.
    public static func extract(page: HTMLPage, fileName: String) -> Metadata {
        var m = extract(from: page.text, format: .text, fileName: fileName)
        if let title = page.title.map(Sanitizer.clean), !title.isEmpty {
            m.title = clip(title, to: maxTitleLength)
            m.titleIsDerived = false
        }
        if let author = page.author.map(Sanitizer.clean), !author.isEmpty { m.author = author }
        m.date = page.date.flatMap(ArticleDate.init(parsing:))
        return m
    }

    /// Bytes of a file's beginning decoded to find its title and author: more than the headline,
    /// byline and chrome above it need; a file whose first lines run longer gets a second look
    /// with `longHeadBytes`.
    static let headBytes = 4 * 1024
    static let longHeadBytes = 64 * 1024

    /// The same from a file's bytes, decoding only its beginning (words are counted on the bytes).
    public static func extract(utf8 bytes: UnsafeBufferPointer<UInt8>, format: Article.Format, fileName: String) -> Metadata {
        extractCounting(utf8: bytes, format: format, fileName: fileName).metadata
    }

    /// The same, with the number of bytes that are not valid UTF-8 (counted in the same pass as
    /// the words).
    static func extractCounting(utf8 bytes: UnsafeBufferPointer<UInt8>, format: Article.Format,
                                fileName: String) -> (metadata: Metadata, invalidBytes: Int) {
        var m = heading(utf8: bytes, limit: headBytes, format: format, fileName: fileName)
        if needsLongHead(m, fileBytes: bytes.count) {
            m = heading(utf8: bytes, limit: longHeadBytes, format: format, fileName: fileName)
        }
        let counted = countWordsAndInvalidBytes(utf8: bytes)
        m.words = counted.words
        return (m, counted.invalid)
    }

    /// Whether the title and author found in the first `headBytes` are looked for again in the
    /// first `longHeadBytes` (no headline there, and the file is longer).
    static func needsLongHead(_ m: Metadata, fileBytes: Int) -> Bool { m.titleIsDerived && fileBytes > headBytes }

    /// Bytes of a file's beginning that `heading(utf8:limit:…)` with `limit` reads (one more
    /// than the limit: the byte after it tells whether the limit splits a character).
    static func bytesRead(limit: Int) -> Int { limit + 1 }

    /// `heading(of:)` of the file's first `limit` bytes (cut back so no character is split),
    /// read as the text decoded from them reads (`HeadBytes`), without decoding more than the
    /// lines looked at.
    static func heading(utf8 bytes: UnsafeBufferPointer<UInt8>, limit: Int, format: Article.Format, fileName: String) -> Metadata {
        var cut = min(bytes.count, limit)
        while cut < bytes.count && cut > 0 && bytes[cut] & 0xC0 == 0x80 { cut -= 1 }   // not inside a character
        return heading(LineReader(HeadBytes(UnsafeBufferPointer(rebasing: bytes[0..<cut]))), format: format, fileName: fileName)
    }

    /// Title and author (words left at zero).
    static func heading(of text: ArticleText, format: Article.Format, fileName: String) -> Metadata {
        heading(LineReader(text), format: format, fileName: fileName)
    }

    static func heading<Source: HeadText>(_ lines: LineReader<Source>, format: Article.Format, fileName: String) -> Metadata {
        var reader = lines
        var title: String?
        var author: String?
        var derived = false
        var date: ArticleDate?

        if format == .markdown {
            var lines: [String] = []
            var probe = reader
            while lines.count < headLines, let line = probe.next() { lines.append(line) }
            let front = frontMatter(&lines)
            if front.consumed > 0 { for _ in 0..<front.consumed { _ = reader.next() } }
            title = front.title.map(cleanInline)
            author = front.author.map(cleanInline)
            date = front.date.flatMap(ArticleDate.init(parsing:))
            if title == nil, let heading = markdownHeading(lines) { title = heading }
        }
        if title == nil || author == nil {
            var nonBlankSeen = 0
            var titleSeenAt = 0
            var lineCount = 0
            while lineCount < headLines, let raw = reader.next() {
                lineCount += 1
                var line = raw.trimmingSpaces
                if format == .markdown { line = cleanInline(markdownLineContent(line)) }
                // Its shape (headline, byline, date…) is judged without the markers it holds.
                let shape = line.withoutMarkers
                if shape.isEmpty { continue }
                nonBlankSeen += 1
                if author == nil, let name = byline(shape) { author = shape == line ? name : byline(line) ?? name; continue }
                // A byline stands just before or just after the headline.
                if title != nil { if nonBlankSeen - titleSeenAt > 2 { break } else { continue } }
                let lower = lowercase(shape)
                if isChrome(shape, lower: lower) || isDate(shape, lower: lower) || isCaption(lower: lower) || isLink(lower: lower) { continue }
                if isHeadline(shape, followedByBlank: reader.nextLineIsBlank) {
                    title = clip(line, to: maxTitleLength)
                } else {
                    title = derivedTitle(line)
                    derived = true
                }
                titleSeenAt = nonBlankSeen
            }
        }
        if title == nil || title!.withoutMarkers.isEmpty {
            title = titleFromFileName(fileName)
            derived = true
        }
        return Metadata(title: title!.markersShown, titleIsDerived: derived, author: author?.markersShown, words: 0, date: date)
    }

    /// Around a sanitiser marker in a head line (noncharacters: never text to show).
    static let markerStart = Unicode.Scalar(0xFDD0 as UInt32)!
    static let markerEnd = Unicode.Scalar(0xFDD1 as UInt32)!

    // MARK: Lines

    /// The text's lines one at a time, without terminators or a leading BOM, control characters as their sanitiser markers,
    /// each cut at `headLineLength` characters (the rest of a long line is skipped, not copied).
    struct LineReader<Source: HeadText> {
        let text: Source
        var position: Int

        init(_ text: Source) {
            self.text = text
            position = text.start
        }

        /// The bytes of the line being made, kept from one line to the next (one allocation a file).
        private var scratch: [UInt8] = []

        mutating func next() -> String? {
            let end = text.end
            guard position < end else { return nil }
            // Built as UTF-8 bytes (one String made at the end): appending scalars to a string
            // one by one cost most of a cold start's scan.
            var line = scratch
            scratch = []
            line.removeAll(keepingCapacity: true)
            line.reserveCapacity(Metadata.headLineLength)
            defer { scratch = line }
            var kept = 0
            while position < end {
                if kept >= Metadata.headLineLength {
                    // The rest of the line is skipped, up to and including its line feed.
                    position = min(end, text.lineFeed(from: position) + 1)
                    break
                }
                // Printable ASCII, as much as the line keeps, at once.
                let run = text.appendPrintableASCII(from: position, upTo: Metadata.headLineLength - kept, to: &line)
                if run > 0 {
                    position += run
                    kept += run
                    continue
                }
                let (c, after, invalid) = text.scalar(at: position)
                position = after
                if c == "\n" { break }
                let v = c.value
                if v == 0x09 {
                    line.append(0x20)
                    kept += 1
                } else if let byte = invalid {
                    line.append(contentsOf: Sanitizer.invalidByteMarker(byte).utf8)
                    kept += 4
                } else if v >= 0x20 && v != 0x7F && !(0x80...0x9F).contains(v) && !Sanitizer.needsMarker(v) {
                    UTF8.encode(c) { line.append($0) }
                    kept += 1
                } else if !(c == "\r" && position < end && text.scalar(at: position).scalar == "\n") {
                    // Controls, bidi and invisible characters as the sanitiser shows them in the
                    // text (`^[`, `<U+202E>`): a title says what its line holds, as the body does.
                    // Between two noncharacters, so the line's shape is judged without it.
                    let marker = Sanitizer.clean(String(Character(c)))
                    UTF8.encode(Metadata.markerStart) { line.append($0) }
                    line.append(contentsOf: marker.utf8)
                    UTF8.encode(Metadata.markerEnd) { line.append($0) }
                    kept += marker.unicodeScalars.count
                }
            }
            return String(decoding: line, as: UTF8.self)
        }

        /// Whether the next line is blank (or there is none).
        var nextLineIsBlank: Bool {
            var i = position
            while i < text.end {
                let (c, after, _) = text.scalar(at: i)
                if c == "\n" { break }
                if !c.properties.isWhitespace { return false }
                i = after
            }
            return true
        }
    }
}
