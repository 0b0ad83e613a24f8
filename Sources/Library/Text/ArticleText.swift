#if canImport(Glibc)
import Glibc
#endif

/// The text of one article exactly as decoded from its file's bytes.
///
/// Every offset in the project (layout, search matches, people mentions, bookmarks, reading
/// positions) counts Unicode scalars into `scalars`. Nothing is removed or normalised here: a
/// byte-order mark, carriage returns and control characters all stay, so offsets always refer to
/// the file's own text. Display-time clean-up is the job of `Sanitizer`. One exception, scalar for
/// scalar: a file with old Mac line endings (CRs and not one LF) has each CR read as an LF, so it
/// splits into lines like any other while every offset stays the same.
public struct ArticleText: Sendable, Equatable {
    /// The decoded text. Each byte that was not valid UTF-8 became one U+FFFD.
    public let scalars: [Unicode.Scalar]
    /// Offsets (into `scalars`) of the U+FFFD that stand for invalid bytes, with the byte itself,
    /// so the sanitiser can show `<FF>` instead of silently replacing it.
    public let invalidBytes: [Int: UInt8]
    /// The structure found when the text was extracted from a web page (what it is drawn with);
    /// nil for text read as it is. Not part of equality: the scalars are the text.
    public var document: RenderDocument?
    /// Whether the text begins where a file begins, so a U+FEFF first is a byte-order mark (not
    /// drawn); false for text a renderer put together (a table cell, a line, a rendition's
    /// display), where a U+FEFF first is the article's own and drawn as a marker like anywhere
    /// else. Not part of equality.
    public internal(set) var startsFile = true

    public init(scalars: [Unicode.Scalar], invalidBytes: [Int: UInt8] = [:]) {
        self.scalars = scalars
        self.invalidBytes = invalidBytes
    }

    public static func == (a: ArticleText, b: ArticleText) -> Bool {
        a.scalars == b.scalars && a.invalidBytes == b.invalidBytes
    }

    public init(_ string: String) {
        self.init(scalars: Array(string.unicodeScalars))
    }

    /// Decodes UTF-8, replacing each invalid byte with one U+FFFD and remembering the byte.
    public init(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(bytes.count)
        var invalid: [Int: UInt8] = [:]
        UTF8Decoder.decode(bytes) { scalar, badByte in
            if let badByte { invalid[out.count] = badByte }
            out.append(scalar)
        }
        if let base = bytes.baseAddress, memchr(base, 0x0A, bytes.count) == nil, memchr(base, 0x0D, bytes.count) != nil {
            for k in out.indices where out[k] == "\r" { out[k] = "\n" }
        }
        self.init(scalars: out, invalidBytes: invalid)
    }

    public init(utf8 bytes: [UInt8]) {
        self = bytes.withUnsafeBufferPointer { ArticleText(utf8: $0) }
    }

    public var count: Int { scalars.count }
    public var isEmpty: Bool { scalars.isEmpty }

    /// The text of a range of scalar offsets, clamped to the text.
    public func string(_ range: Range<Int>) -> String {
        let lower = max(0, min(range.lowerBound, scalars.count))
        let upper = max(lower, min(range.upperBound, scalars.count))
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars[lower..<upper])
        return String(s)
    }

    /// The whole text as a string (invalid bytes appear as U+FFFD).
    public var string: String { string(0..<scalars.count) }

    /// Whether the scalar at `offset` stands for an invalid byte.
    public func invalidByte(at offset: Int) -> UInt8? {
        invalidBytes.isEmpty ? nil : invalidBytes[offset]
    }
}

/// A strict UTF-8 decoder that reports every invalid byte on its own (one U+FFFD per byte), unlike
/// the standard library's decoder, which folds a maximal invalid subpart into one replacement.
enum UTF8Decoder {
    static let replacement = Unicode.Scalar(0xFFFD)!

    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, _ emit: (Unicode.Scalar, UInt8?) -> Void) {
        let n = bytes.count
        var i = 0
        while i < n {
            let b0 = bytes[i]
            if b0 < 0x80 {
                emit(Unicode.Scalar(b0), nil)
                i += 1
                continue
            }
            let (scalar, length) = decodeOne(bytes, at: i)
            if let scalar { emit(scalar, nil) } else { emit(replacement, b0) }
            i += length
        }
    }

    /// How many bytes are not valid UTF-8 (each would become one U+FFFD).
    static func invalidByteCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var invalid = 0
        var i = 0
        let n = bytes.count
        while i < n {
            // Eight ASCII bytes at a time while there are eight.
            if i + 8 <= n {
                let word = UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 { i += 8; continue }
            }
            if bytes[i] < 0x80 { i += 1; continue }
            let (scalar, length) = decodeOne(bytes, at: i)
            if scalar == nil { invalid += 1 }
            i += length
        }
        return invalid
    }

    /// The scalar starting at `i` and its length in bytes; nil and 1 for an invalid byte.
    @inline(__always)
    static func decodeOne(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (Unicode.Scalar?, Int) {
        let n = bytes.count
        let b0 = bytes[i]
        if b0 < 0x80 { return (Unicode.Scalar(b0), 1) }
        var need = 0
        var value: UInt32 = 0
        var minimum: UInt32 = 0
        switch b0 {
        case 0xC2...0xDF: need = 1; value = UInt32(b0 & 0x1F); minimum = 0x80
        case 0xE0...0xEF: need = 2; value = UInt32(b0 & 0x0F); minimum = 0x800
        case 0xF0...0xF4: need = 3; value = UInt32(b0 & 0x07); minimum = 0x10000
        default: return (nil, 1)
        }
        guard i + need < n else { return (nil, 1) }
        for k in 1...need {
            let b = bytes[i + k]
            if b & 0xC0 != 0x80 { return (nil, 1) }
            value = (value << 6) | UInt32(b & 0x3F)
        }
        guard value >= minimum, value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value), let scalar = Unicode.Scalar(value) else {
            return (nil, 1)
        }
        return (scalar, need + 1)
    }
}
