import CWidth

/// Terminal cell widths of Unicode scalars, from the one source the screen itself uses: ncursesw
/// measures every character with the C library's `wcwidth` in the running UTF-8 locale, so reader
/// asks the same function (under C.UTF-8; all of glibc's UTF-8 locales share one width table),
/// once per Unicode plane, on first use. What reader measures is then what ncurses draws: a
/// zero-width format character such as ZWNJ never gets a cell of its own that ncurses would skip.
///
/// Control characters never reach this: the sanitiser turns them into markers first, and also
/// those the C library cannot print (`terminal` −1: unassigned code points, say).
public enum CellWidth {
    /// 0, 1 or 2 cells (1 for what the terminal cannot print, which is drawn as a marker).
    @inline(__always)
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let w = terminal(scalar.value)
        return w < 0 ? 1 : w
    }

    /// What `wcwidth` says in a UTF-8 locale: 0, 1, 2, or −1 for a character it cannot print.
    @inline(__always)
    public static func terminal(_ v: UInt32) -> Int {
        if v < 0x7F { return v < 0x20 ? -1 : 1 }
        return Int(plane(v >> 16).widths[Int(v & 0xFFFF)])
    }

    /// The widths of one plane (65,536 scalars), filled from the C library when first needed.
    final class Plane: Sendable {
        let widths: [Int8]

        init(_ number: UInt32) {
            var widths = [Int8](repeating: -1, count: 0x10000)
            let filled = widths.withUnsafeMutableBufferPointer { buffer in
                reader_utf8_widths(buffer.baseAddress, number << 16, 0x10000) == 0
            }
            if !filled {
                // No UTF-8 locale on this system (ncursesw cannot draw wide text either): the
                // Unicode properties the standard library knows.
                for k in 0..<0x10000 { widths[k] = CellWidth.fallback(number << 16 | UInt32(k)) }
            }
            self.widths = widths
        }
    }

    // One lazily made table a plane (thread-safe, as every static `let`).
    static let p0 = Plane(0), p1 = Plane(1), p2 = Plane(2), p3 = Plane(3), p4 = Plane(4), p5 = Plane(5)
    static let p6 = Plane(6), p7 = Plane(7), p8 = Plane(8), p9 = Plane(9), p10 = Plane(10), p11 = Plane(11)
    static let p12 = Plane(12), p13 = Plane(13), p14 = Plane(14), p15 = Plane(15), p16 = Plane(16)

    @inline(__always)
    static func plane(_ n: UInt32) -> Plane {
        switch n {
        case 0: return p0
        case 1: return p1
        case 2: return p2
        case 3: return p3
        case 4: return p4
        case 5: return p5
        case 6: return p6
        case 7: return p7
        case 8: return p8
        case 9: return p9
        case 10: return p10
        case 11: return p11
        case 12: return p12
        case 13: return p13
        case 14: return p14
        case 15: return p15
        default: return p16
        }
    }

    /// Widths when the C library has no UTF-8 locale: marks and format characters 0, East Asian
    /// wide and emoji 2, unassigned and controls −1.
    static func fallback(_ v: UInt32) -> Int8 {
        guard let s = Unicode.Scalar(v) else { return -1 }
        let p = s.properties
        switch p.generalCategory {
        case .control, .surrogate, .unassigned, .lineSeparator, .paragraphSeparator: return -1
        case .nonspacingMark, .enclosingMark: return 0
        case .format: return v == 0xAD ? 1 : 0
        default: break
        }
        if (0x1160...0x11FF).contains(v) || (0xD7B0...0xD7FF).contains(v) { return 0 }
        if p.isEmojiPresentation || (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) && v != 0x303F
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v) {
            return 2
        }
        return 1
    }
}
