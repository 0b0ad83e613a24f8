import Foundation

/// Folding for matching: lower case, without diacritics, typographic variants unified. Search
/// (`jose` finds `José`) and people linking (`Đorđević` is `Djordjevic`'s cousin `Dordevic`) both
/// compare folded text.
public enum Folding {
    /// Appends the folded form of `scalar` (zero, one or more scalars) to `out`.
    
    public static func fold(_ scalar: Unicode.Scalar, into out: inout [Unicode.Scalar]) {
        let v = scalar.value
        if v < 0x80 {
            out.append((0x41...0x5A).contains(v) ? Unicode.Scalar(v + 0x20)! : scalar)
            return
        }
        foldSlow(scalar, into: &out)
    }

    static func foldSlow(_ scalar: Unicode.Scalar, into out: inout [Unicode.Scalar]) {
        let v = scalar.value
        if v < Table.limit {
            // Latin first: most text needs no other table, and each costs time to make.
            let table = v < Table.latinLimit ? Table.latin : Table.others
            let entry = table.entries[Int(v - table.first)]
            if entry.count == 1 && entry.start == -1 { out.append(scalar); return }
            for k in 0..<Int(entry.count) { out.append(table.pool[Int(entry.start) + k]) }
            return
        }
        if let mapped = special(v) { out.append(contentsOf: mapped.unicodeScalars); return }
        if scalar.properties.generalCategory == .nonspacingMark { return }
        if (0xFF21...0xFF3A).contains(v) { out.append(Unicode.Scalar(v - 0xFF21 + 0x61)!); return }
        if (0xFF41...0xFF5A).contains(v) || (0xFF10...0xFF19).contains(v) {
            out.append(Unicode.Scalar(v - 0xFEE0)!); return
        }
        if scalar.properties.changesWhenLowercased {
            out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
        } else {
            out.append(scalar)
        }
    }

    /// The folded form of a string.
    public static func key<S: StringProtocol>(_ s: S) -> String {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(s.unicodeScalars.count)
        for scalar in s.unicodeScalars { fold(scalar, into: &out) }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: out)
        return String(view)
    }

    /// Letters that decomposition does not take apart, and typographic variants.
    static func special(_ v: UInt32) -> String? {
        switch v {
        case 0x00DF, 0x1E9E: return "ss"
        case 0x00C6, 0x00E6: return "ae"
        case 0x0152, 0x0153: return "oe"
        case 0x00D8, 0x00F8: return "o"
        case 0x0141, 0x0142: return "l"
        case 0x0110, 0x0111, 0x00D0, 0x00F0: return "d"
        case 0x00DE, 0x00FE: return "th"
        case 0x0131: return "i"
        case 0x0127, 0x0126: return "h"
        case 0x2018, 0x2019, 0x201B, 0x02BC, 0x2032, 0xFF07: return "'"
        case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033: return "\""
        case 0x2010, 0x2011, 0x2012, 0x2013: return "-"
        default: return nil
        }
    }

    /// Folded forms of the scalars below `limit` (Latin, Greek, Cyrillic, Latin Extended
    /// Additional and Greek Extended), computed once from canonical decomposition.
    /// Made on first use, in two parts: Latin (up to U+024F) and the rest.
    final class Table: Sendable {
        static let limit: UInt32 = 0x2000
        static let latinLimit: UInt32 = 0x250
        static let latin = Table(0x80..<latinLimit)
        static let others = Table(latinLimit..<limit)
        /// The first scalar of the table.
        let first: UInt32
        /// `start == -1, count == 1`: folds to itself.
        let entries: [(start: Int32, count: Int32)]
        let pool: [Unicode.Scalar]

        init(_ range: Range<UInt32>) {
            first = range.lowerBound
            var entries = [(start: Int32, count: Int32)](repeating: (-1, 1), count: range.count)
            var pool: [Unicode.Scalar] = []
            for v in range {
                guard let scalar = Unicode.Scalar(v) else { continue }
                var folded: [Unicode.Scalar] = []
                if let mapped = Folding.special(v) {
                    folded = Array(mapped.unicodeScalars)
                } else if scalar.properties.generalCategory == .nonspacingMark {
                    folded = []
                } else {
                    let decomposed = String(scalar).decomposedStringWithCanonicalMapping
                    for part in decomposed.unicodeScalars where part.properties.generalCategory != .nonspacingMark {
                        if part.properties.changesWhenLowercased {
                            folded.append(contentsOf: part.properties.lowercaseMapping.unicodeScalars)
                        } else {
                            folded.append(part)
                        }
                    }
                }
                if folded == [scalar] { continue }
                entries[Int(v - range.lowerBound)] = (Int32(pool.count), Int32(folded.count))
                pool.append(contentsOf: folded)
            }
            self.entries = entries
            self.pool = pool
        }
    }
}
