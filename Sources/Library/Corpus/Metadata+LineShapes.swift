import Foundation

/// The shapes of a line that `Metadata` tells apart: bylines, chrome, dates, captions, links,
/// headlines; and the string helpers they share (lower-casing, counting, clipping, spacing).
extension Metadata {
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
