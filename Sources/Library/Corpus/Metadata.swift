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

    // MARK: Line shapes

    /// "By Jane Doe", "Words by Jane Doe, Political Editor", "Author: Jane Doe" → the name.
    static func byline(_ line: String) -> String? {
        // Every byline prefix starts with one of these letters: a line starting with another ASCII
        // character is no byline (checked first: the rest walks the line character by character).
        if let first = line.utf8.first, first < 0x80, !"bwsrpatBWSRPAT".utf8.contains(first) { return nil }
        if startsWithASCII(line, oneOf: bylinePrefixBytes, longest: longestBylinePrefix) == false { return nil }
        guard characterCount(line) <= 100 else { return nil }
        let lower = lowercase(line)
        var rest: Substring?
        for prefix in bylinePrefixes where lower.hasPrefix(prefix) {
            rest = line.dropFirst(prefix.count)
            break
        }
        guard var name = rest?.trimmingSpaces else { return nil }
        for stop in [",", " | ", "|", " - ", " – ", " — ", "—", " • ", " on ", " in ", " for ", " (", " @"] {
            if let at = name.utf8Offset(of: stop) { name = String(decoding: name.utf8.prefix(at), as: UTF8.self) }
        }
        name = name.trimmingSpaces
        while let last = name.last, ".;:".contains(last) { name.removeLast() }
        let words = name.split(separator: " ")
        guard (1...6).contains(words.count) else { return nil }
        // A name is capitalised words (particles like "de", "van" and "and" allowed between).
        guard let first = words.first?.first, first.isUppercase else { return nil }
        for w in words {
            guard let c = w.first else { return nil }
            if !(c.isUppercase || nameParticles.contains(String(w))) { return nil }
        }
        return name
    }

    static let bylinePrefixes = ["by ", "words by ", "written by ", "story by ", "reporting by ", "posted by ", "author: ", "text by "]
    static let bylinePrefixBytes = bylinePrefixes.map { Array($0.utf8) }
    static let longestBylinePrefix = bylinePrefixBytes.map(\.count).max() ?? 0

    /// Whether `line`, lower-cased, starts with one of `prefixes` (lower-case ASCII, none longer
    /// than `longest`), told from its bytes when they can tell: when its first bytes, one more
    /// than the longest prefix (or all of them), are ASCII — each then a character of its own,
    /// none joined to the next (no mark can follow in those bytes), lower-cased as ASCII. Nil
    /// when they cannot.
    static func startsWithASCII(_ line: String, oneOf prefixes: [[UInt8]], longest: Int) -> Bool? {
        let told = line.utf8.withContiguousStorageIfAvailable { b -> Bool? in
            let window = min(b.count, longest + 1)
            var i = 0
            while i < window {
                if b[i] >= 0x80 { return nil }
                i += 1
            }
            for p in prefixes where p.count <= b.count {
                var k = 0
                while k < p.count, (b[k] >= 0x41 && b[k] <= 0x5A ? b[k] | 0x20 : b[k]) == p[k] { k += 1 }
                if k == p.count { return true }
            }
            return false
        }
        return told ?? nil
    }

    /// Lower-case words a byline's name may hold between its capitalised ones.
    static let nameParticles: Set<String> = ["and", "de", "van", "der", "den", "von", "da", "di", "del", "la", "le", "bin", "al",
                                             "ibn", "y", "du", "dos", "das"]

    static let chromePhrases = [
        "please wait", "downloading", "loading...", "loading…", "subscribe", "sign up", "sign in", "log in",
        "cookie", "advertisement", "skip to", "share this", "share on", "read more", "click here",
        "newsletter", "javascript", "listen to this article", "min read", "minute read", "follow us",
        "toggle navigation", "back to top", "all rights reserved", "copyright ©", "print this",
        "view in browser", "open in app", "accept all", "this article is more than",
    ]
    static let chromePhraseBytes = chromePhrases.map { Array($0.utf8) }
    static let navigationWords: Set<String> = [
        "issue", "home", "news", "menu", "search", "share", "print", "email", "close", "opinion",
        "analysis", "comment", "features", "feature", "advertisement", "sponsored", "latest", "breaking",
        "live", "video", "podcast", "more", "related", "top stories", "world", "politics", "business",
        "tweet", "facebook", "twitter", "whatsapp", "linkedin", "reddit", "pdf", "contents", "editorial",
        "latest news", "breaking news", "skip", "next", "previous", "back", "login", "register", "donate",
    ]

    /// Site chrome: notices, navigation labels, share buttons, lines of `|`-separated links.
    static func isChrome(_ line: String) -> Bool {
        isChrome(line, lower: lowercase(line))
    }

    /// The same, given the line lower-cased.
    static func isChrome(_ line: String, lower: String) -> Bool {
        if navigationWords.contains(trimmedOfSeparators(lower)) { return true }
        if characterCount(line) <= 120, lower.containsAny(chromePhraseBytes) { return true }
        // Characters compared as such (a mark may follow a bar), once a byte scan found a separator.
        if line.utf8.contains(where: { $0 == 0x7C || $0 == 0xE2 || $0 == 0xC2 }),
           line.filter({ $0 == "|" || $0 == "•" || $0 == "·" }).count >= 2 { return true }
        return false
    }

    static let months = ["january", "february", "march", "april", "may", "june", "july", "august",
                         "september", "october", "november", "december",
                         "jan ", "feb ", "mar ", "apr ", "jun ", "jul ", "aug ", "sep ", "sept ", "oct ", "nov ", "dec "]

    /// A dateline: "June 28, 2023", "Published 28 Jun 2023 14:02", "2023-06-28".
    static func isDate(_ line: String) -> Bool {
        isDate(line, lower: lowercase(line))
    }

    static func isDate(_ line: String, lower: String) -> Bool {
        let words = spaceSeparatedCount(line)
        guard words <= 10 else { return false }
        if ["published", "updated", "posted", "last updated", "first published"].contains(where: { lower.hasPrefix($0) }) { return true }
        // No ASCII digit and nothing but ASCII: no number at all (checked on the bytes first).
        if !lower.utf8.contains(where: { ($0 >= 0x30 && $0 <= 0x39) || $0 >= 0x80 }) { return false }
        let hasDigit = lower.contains(where: \.isNumber)
        guard hasDigit else { return false }
        if months.contains(where: { lower.containsText($0) }) && words <= 7 { return true }
        // 2023-06-28, 28/06/2023, 28.06.2023
        return lower.filter { !$0.isWhitespace }.allSatisfy { $0.isNumber || "-/.:,".contains($0) }
    }

    static let creditWords = ["photo", "picture", "image", "credit", "getty", "reuters", "afp", "epa",
                              "shutterstock", "alamy", "ap", "pa", "file", "illustration", "courtesy"]

    /// A photo caption: ends with a credit in brackets, or starts with "Photo:".
    static func isCaption(_ line: String) -> Bool {
        isCaption(lower: lowercase(line))
    }

    static func isCaption(lower: String) -> Bool {
        for prefix in ["photo:", "picture:", "image:", "photograph:", "credit:", "photo by ", "image by ", "pictured:", "illustration:"] where lower.hasPrefix(prefix) {
            return true
        }
        guard let last = lower.last, last == ")" || last == "]" else { return false }
        let open: Character = last == ")" ? "(" : "["
        guard let start = lower.lastIndex(of: open) else { return false }
        let inside = lower[lower.index(after: start)..<lower.index(before: lower.endIndex)]
        let insideWords = inside.split(whereSeparator: { !$0.isLetter }).map(String.init)
        return insideWords.contains(where: { creditWords.contains($0) }) || inside.contains(":")
            && ["photo", "picture", "image", "credit"].contains(where: { inside.hasPrefix($0) })
    }

    static func isLink(_ line: String) -> Bool {
        isLink(lower: lowercase(line))
    }

    static func isLink(lower: String) -> Bool {
        return (lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("www.")) && !lower.contains(" ")
    }

    /// A headline is short, a single line, and does not read like a sentence of body text.
    static func isHeadline(_ line: String, followedByBlank: Bool) -> Bool {
        let words = spaceSeparatedCount(line)
        if words > 25 || characterCount(line) > 200 { return false }
        let sentences = line.utf8Offset(of: ". ") == nil ? 0 : 1
        if sentences >= 1 && characterCount(line) > 80 { return false }
        if line.hasSuffix(".") && !line.hasSuffix("...") {
            // A full stop ends body sentences; a headline may still have one if it is short and alone.
            return followedByBlank && words <= 12
        }
        if line.hasSuffix(",") || line.hasSuffix(";") { return false }
        return true
    }

    /// A title made from the opening words: whole words up to `derivedTitleLength` characters.
    static func derivedTitle(_ line: String) -> String {
        var out = ""
        for word in line.split(separator: " ") {
            if !out.isEmpty && out.count + 1 + word.count > derivedTitleLength { break }
            if out.isEmpty && word.count > derivedTitleLength { out = String(word.prefix(derivedTitleLength)); break }
            out += out.isEmpty ? String(word) : " " + word
        }
        while let last = out.last, ",;:.–—-(".contains(last) || last == " " { out.removeLast() }
        return out.count < line.count ? out + "…" : out
    }

    static func titleFromFileName(_ name: String) -> String {
        var base = name
        if let dot = base.lastIndex(of: "."), dot > base.startIndex { base = String(base[..<dot]) }
        return collapseSpaces(base.replacingCharacters("_-", with: " "))
    }

    /// `line.split(separator: " ").count`, on the bytes when the line is ASCII (each byte then
    /// a character of its own).
    static func spaceSeparatedCount(_ line: String) -> Int {
        guard singleScalarCharacterCount(line) != nil else { return line.split(separator: " ").count }
        var count = 0
        var inWord = false
        for b in line.utf8 {
            if b == 0x20 { inWord = false } else if !inWord { inWord = true; count += 1 }
        }
        return count
    }

    /// `line.count`, without walking the characters of a line whose every character is one scalar.
    static func characterCount(_ line: String) -> Int {
        singleScalarCharacterCount(line) ?? line.count
    }

    /// `line.lowercased()`, on the bytes when the line is ASCII.
    static func lowercase(_ line: String) -> String {
        let ascii = line.utf8.withContiguousStorageIfAvailable { b -> String? in
            var i = 0
            while i + 8 <= b.count {
                if UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return nil }
                i += 8
            }
            while i < b.count {
                if b[i] >= 0x80 { return nil }
                i += 1
            }
            return String(unsafeUninitializedCapacity: b.count) { out in
                for k in 0..<b.count { out[k] = b[k] >= 0x41 && b[k] <= 0x5A ? b[k] | 0x20 : b[k] }
                return b.count
            }
        }
        if let ascii = ascii ?? nil { return ascii }
        // What `lowercased()` makes (each scalar's lower-case mapping in turn), without making a
        // string of each ASCII character's.
        var out: [UInt8] = []
        out.reserveCapacity(line.utf8.count)
        for c in line.unicodeScalars {
            if c.value < 0x80 {
                let b = UInt8(c.value)
                out.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
            } else {
                out.append(contentsOf: c.properties.lowercaseMapping.utf8)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `line.trimmingCharacters(".:|·•")` (and spaces): the line itself when its first and last
    /// bytes cannot belong to any of those characters.
    static func trimmedOfSeparators(_ line: String) -> String {
        if let first = line.utf8.first, let last = line.utf8.last,
           !" .:|".utf8.contains(first), first != 0xC2, first != 0xE2, !" .:|".utf8.contains(last), last != 0xB7, last != 0xA2 {
            return line
        }
        return line.trimmingCharacters(".:|·•")
    }

    /// The number of characters of a line made only of characters that are each one scalar
    /// and never join another into one character: ASCII without CR (CR LF is one character),
    /// Latin letters and signs U+00A0–U+024F, dashes, quotes and bullets U+2010–U+2027 (no
    /// combining mark, joiner or prefix among them). Nil for any other line.
    static func singleScalarCharacterCount(_ line: String) -> Int? {
        let counted = line.utf8.withContiguousStorageIfAvailable { b -> Int? in
            var i = 0
            var count = 0
            let n = b.count
            while i < n {
                if i + 8 <= n {
                    let w = UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: UInt64.self)
                    let cr = w ^ 0x0D0D_0D0D_0D0D_0D0D
                    if (w | ((cr &- 0x0101_0101_0101_0101) & ~cr)) & 0x8080_8080_8080_8080 == 0 {
                        i += 8
                        count += 8
                        continue
                    }
                }
                let x = b[i]
                if x < 0x80 {
                    if x == 0x0D { return nil }
                    i += 1
                } else if x >= 0xC2 && x <= 0xC9 && i + 1 < n && b[i + 1] & 0xC0 == 0x80 {
                    let v = UInt32(x & 0x1F) << 6 | UInt32(b[i + 1] & 0x3F)
                    guard v >= 0xA0 && v <= 0x24F else { return nil }
                    i += 2
                } else if x == 0xE2 && i + 2 < n && b[i + 1] == 0x80 && b[i + 2] >= 0x90 && b[i + 2] <= 0xA7 {
                    i += 3
                } else {
                    return nil
                }
                count += 1
            }
            return count
        }
        return counted ?? nil
    }

    static func clip(_ s: String, to n: Int) -> String {
        characterCount(s) <= n ? s : String(s.prefix(n - 1)) + "…"
    }

    static func collapseSpaces(_ s: String) -> String {
        // Nothing to collapse (no tab, no space at either end or after another): the line itself.
        let plain = s.utf8.withContiguousStorageIfAvailable { b -> Bool in
            guard let first = b.first, let last = b.last, first != 0x20, last != 0x20 else { return b.isEmpty }
            for i in 0..<b.count where b[i] == 0x09 || (b[i] == 0x20 && b[i - 1] == 0x20) { return false }
            return true
        }
        if plain == true { return s }
        return s.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }
}
