/// JSON text written by hand, so keys come out in the documented order and every character that
/// could act on a terminal (controls, bidi overrides, invisibles) is escaped as `\uXXXX`. The
/// decoded strings are exactly the originals.
public enum JSON {
    public static func string(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for scalar in s.unicodeScalars {
            let v = scalar.value
            switch v {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x00..<0x20, 0x7F: out += escape(v)
            default:
                if Sanitizer.needsMarker(v) { out += escape(v) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }

    static func escape(_ v: UInt32) -> String {
        if v > 0xFFFF {
            let u = v - 0x10000
            return escape(0xD800 + (u >> 10)) + escape(0xDC00 + (u & 0x3FF))
        }
        return "\\u" + Sanitizer.hex(v, digits: 4).lowercased()
    }

    public static func string(_ s: String?) -> String { s.map { string($0) } ?? "null" }

    /// `{"k":v,…}` from already-encoded values, in the order given.
    public static func object(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }

    public static func array(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }
}
