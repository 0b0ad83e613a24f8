import Foundation

// The byte shortcuts behind Metadata's line checks (trimming, lower-casing, counting
// characters on UTF-8 where every character is one scalar) and the head of a file read as lines
// straight from its bytes (`HeadBytes`) or from decoded text (`ArticleText`).

extension StringProtocol {
    /// Without leading and trailing spaces and tabs (Foundation-free).
    var trimmingSpaces: String {
        // A first or last character that is one of these ends in a byte that says so: when
        // neither end's byte does, there is nothing to trim.
        let whole = String(self)
        if let first = whole.utf8.first, let last = whole.utf8.last, first != 0x20, first != 0x09, first != 0x0D, first != 0xC2,
           last != 0x20, last != 0x09, last != 0x0D, last != 0xA0 {
            return whole
        }
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\u{A0}" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }) else { return "" }
        let end = lastIndex(where: { !isSpace($0) })!
        return String(self[start...end])
    }

    func trimmingCharacters(_ set: String) -> String {
        guard let start = firstIndex(where: { !set.contains($0) && $0 != " " }) else { return "" }
        let end = lastIndex(where: { !set.contains($0) && $0 != " " })!
        return String(self[start...end])
    }

    func replacingCharacters(_ set: String, with replacement: String) -> String {
        var out = ""
        for c in self { if set.contains(c) { out += replacement } else { out.append(c) } }
        return out
    }
}

extension String {
    /// Where `needle` first starts, in UTF-8 bytes (a plain byte search: no locale, no Foundation).
    func utf8Offset(of needle: String) -> Int? {
        var haystack = self
        var needle = needle
        return haystack.withUTF8 { h in
            needle.withUTF8 { n -> Int? in
                guard !n.isEmpty, n.count <= h.count else { return n.isEmpty ? 0 : nil }
                let first = n[0]
                var i = 0
                let last = h.count - n.count
                while i <= last {
                    if h[i] == first {
                        var k = 1
                        while k < n.count && h[i + k] == n[k] { k += 1 }
                        if k == n.count { return i }
                    }
                    i += 1
                }
                return nil
            }
        }
    }

    func containsText(_ needle: String) -> Bool { utf8Offset(of: needle) != nil }

    /// Whether any of `needles` occurs (a plain byte search, each needle's first byte found with `memchr`).
    func containsAny(_ needles: [[UInt8]]) -> Bool {
        var haystack = self
        return haystack.withUTF8 { h in
            guard let base = h.baseAddress else { return needles.contains { $0.isEmpty } }
            for n in needles {
                guard let first = n.first else { return true }
                var from = 0
                while from + n.count <= h.count, let hit = memchr(base + from, Int32(first), h.count - n.count + 1 - from) {
                    let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if memcmp(base + at, n, n.count) == 0 { return true }
                    from = at + 1
                }
            }
            return false
        }
    }
}

extension String {
    /// Whether a head line holds a sanitiser marker (its first byte, 0xEF, looked for first).
    private var hasMarkers: Bool {
        let mayHold = utf8.withContiguousStorageIfAvailable { b in
            b.isEmpty || memchr(b.baseAddress!, 0xEF, b.count) != nil
        } ?? true
        return mayHold && unicodeScalars.contains(Metadata.markerStart)
    }

    /// A head line without the sanitiser markers it holds (`Metadata.LineReader`).
    var withoutMarkers: String {
        guard hasMarkers else { return self }
        var out = String.UnicodeScalarView()
        var inMarker = false
        for c in unicodeScalars {
            if c == Metadata.markerStart { inMarker = true } else if c == Metadata.markerEnd { inMarker = false } else if !inMarker { out.append(c) }
        }
        return String(out)
    }

    /// A head line with its markers shown as text (`^[`, `<U+202E>`), as the sanitiser draws them.
    var markersShown: String {
        guard hasMarkers else { return self }
        return String(String.UnicodeScalarView(unicodeScalars.filter { $0 != Metadata.markerStart && $0 != Metadata.markerEnd }))
    }
}

/// Text the head of an article is read from (`Metadata.LineReader`): decoded text, or the bytes
/// of a file decoded as they are read, as `ArticleText(utf8:)` would decode them.
protocol HeadText {
    /// Where the text starts (after a byte-order mark) and ends.
    var start: Int { get }
    var end: Int { get }
    /// The scalar at `i`, where the next one starts, and the byte it stands for when it is an
    /// invalid byte (shown as `<FF>`).
    func scalar(at i: Int) -> (scalar: Unicode.Scalar, next: Int, invalid: UInt8?)
    /// Where the line feed at or after `i` is (`end` when there is none).
    func lineFeed(from i: Int) -> Int
    /// Appends the printable ASCII characters from `i` on (at most `limit`); returns how many.
    func appendPrintableASCII(from i: Int, upTo limit: Int, to line: inout [UInt8]) -> Int
}

extension ArticleText: HeadText {
    var start: Int { scalars.first == "\u{FEFF}" ? 1 : 0 }
    var end: Int { scalars.count }

    func scalar(at i: Int) -> (scalar: Unicode.Scalar, next: Int, invalid: UInt8?) {
        let c = scalars[i]
        return (c, i + 1, c.value == 0xFFFD ? invalidByte(at: i) : nil)
    }

    func lineFeed(from i: Int) -> Int {
        scalars[i...].firstIndex(of: "\n") ?? scalars.count
    }

    func appendPrintableASCII(from i: Int, upTo limit: Int, to line: inout [UInt8]) -> Int {
        var k = i
        let stop = min(scalars.count, i + limit)
        while k < stop, case let v = scalars[k].value, v >= 0x20 && v < 0x7F {
            line.append(UInt8(v))
            k += 1
        }
        return k - i
    }
}

/// A file's first bytes read as the text `ArticleText(utf8:)` decodes from them: each invalid
/// byte one U+FFFD, and when they hold CRs but not one line feed, each CR read as a line feed.
struct HeadBytes: HeadText {
    let bytes: UnsafeBufferPointer<UInt8>
    /// The byte that ends a line: a line feed, or a CR in text with old Mac line endings.
    let newline: UInt8
    let start: Int
    var end: Int { bytes.count }

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        let n = bytes.count
        if let base = bytes.baseAddress, memchr(base, 0x0A, n) == nil, memchr(base, 0x0D, n) != nil {
            newline = 0x0D
        } else {
            newline = 0x0A
        }
        start = n >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }

    func scalar(at i: Int) -> (scalar: Unicode.Scalar, next: Int, invalid: UInt8?) {
        let b = bytes[i]
        if b < 0x80 { return (b == newline ? "\n" : Unicode.Scalar(b), i + 1, nil) }
        let (scalar, length) = UTF8Decoder.decodeOne(bytes, at: i)
        guard let scalar else { return (UTF8Decoder.replacement, i + 1, b) }
        return (scalar, i + length, nil)
    }

    func lineFeed(from i: Int) -> Int {
        guard i < bytes.count, let base = bytes.baseAddress, let found = memchr(base + i, Int32(newline), bytes.count - i) else {
            return bytes.count
        }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    func appendPrintableASCII(from i: Int, upTo limit: Int, to line: inout [UInt8]) -> Int {
        var k = i
        let stop = min(bytes.count, i + limit)
        while k < stop, case let b = bytes[k], b >= 0x20 && b < 0x7F { k += 1 }
        if k > i { line.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<k])) }
        return k - i
    }
}
