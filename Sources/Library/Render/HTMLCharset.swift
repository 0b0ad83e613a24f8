/// Which character set a saved page is in, and Windows-1252 decoded by hand.
extension HTMLReader {
    /// The page's character set: a byte-order mark, else a `charset=` in its first bytes (a
    /// meta tag or an XML declaration), else UTF-8 when every byte is valid UTF-8, else
    /// Windows-1252 (what browsers read ISO-8859-1 as).
    public static func charset(of bytes: [UInt8]) -> String {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return "UTF-8" }
        let head = bytes.prefix(4096).map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }
        let needle = Array("charset".utf8)
        var i = 0
        while i + needle.count < head.count {
            if head[i] == needle[0] && Array(head[i..<(i + needle.count)]) == needle {
                var j = i + needle.count
                while j < head.count && (head[j] == 0x20 || head[j] == 0x3D || head[j] == 0x22 || head[j] == 0x27) { j += 1 }
                var name: [UInt8] = []
                while j < head.count, name.count < 40,
                      (0x61...0x7A).contains(head[j]) || (0x30...0x39).contains(head[j]) || head[j] == 0x2D || head[j] == 0x5F || head[j] == 0x3A {
                    name.append(head[j]); j += 1
                }
                let label = String(decoding: name, as: UTF8.self)
                if !label.isEmpty { return normalise(label) }
            }
            i += 1
        }
        let invalid = bytes.withUnsafeBufferPointer { UTF8Decoder.invalidByteCount($0) }
        return invalid == 0 ? "UTF-8" : "windows-1252"
    }

    static func normalise(_ label: String) -> String {
        switch label {
        case "utf-8", "utf8", "unicode-1-1-utf-8": return "UTF-8"
        case "iso-8859-1", "latin1", "latin-1", "iso8859-1", "l1", "us-ascii", "ascii", "cp1252", "windows-1252", "x-cp1252":
            return "windows-1252"
        // Pages that say UTF-16 but reached us as bytes that are not (a saved copy re-encoded).
        case "utf-16", "utf-16le", "utf-16be": return "UTF-8"
        default: return label.uppercased()
        }
    }
}

/// Windows-1252 (what browsers read ISO-8859-1 as): its 27 characters in 0x80…0x9F, Latin-1
/// for the rest; the five bytes it leaves undefined stay the C1 controls they are in Latin-1
/// (shown as markers).
enum Windows1252 {
    static let high: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    static func utf8(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        for b in bytes {
            if b < 0x80 { out.append(b); continue }
            let v = b < 0xA0 ? high[Int(b) - 0x80] : UInt32(b)
            out.append(contentsOf: UTF8.encode(Unicode.Scalar(v)!)!)
        }
        return out
    }
}
