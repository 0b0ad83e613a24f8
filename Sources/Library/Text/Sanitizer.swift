/// Turns untrusted text into what may safely be drawn on a terminal, one display unit at a time.
///
/// A unit is a grapheme cluster (measured in terminal cells), or a visible marker standing for
/// something that must never reach the terminal raw:
/// - C0 controls and DEL in caret notation (`^[`, `^G`, `^?`); ESC is always `^[`, which defuses
///   every CSI, OSC, DCS and APC sequence; a CR before an LF is dropped, a lone CR is `^M`;
/// - C1 controls, bidi controls and invisible characters as `<U+202E>`-style markers;
/// - bytes that were not valid UTF-8 as `<FF>`-style markers;
/// - tabs expanded to the next stop of 8; absurd runs of combining marks capped.
/// Layout and drawing both walk text through `unit(in:at:column:)`, so what is measured is exactly
/// what is drawn.
public enum Sanitizer {
    public enum Kind: UInt8, Sendable {
        case text, space, tab, newline, hyphen, wide, marker, hidden
    }

    /// One display unit: `length` scalars of the text, drawn `width` cells wide.
    public struct Unit: Sendable, Equatable {
        public var length: Int
        public var width: Int
        public var kind: Kind
    }

    /// Most combining marks drawn on one base; the rest of an absurd run is measured but not drawn.
    public static let maxMarksDrawn = 4
    public static let tabStop = 8

    // MARK: Classification

    /// Scalars that are drawn as a `<U+XXXX>` marker rather than passed to the terminal: C1
    /// controls, bidi controls and invisible characters, and whatever the terminal's C library
    /// cannot print (`CellWidth.terminal` −1: code points it does not know).
    public static func needsMarker(_ v: UInt32) -> Bool {
        switch v {
        case 0x80...0x9F: return true                       // C1 controls
        case 0x00AD, 0x061C, 0x180E: return true            // soft hyphen, Arabic letter mark, Mongolian vowel separator
        case 0x200B, 0x200E, 0x200F: return true            // zero width space, LRM, RLM
        case 0x2028...0x202E: return true                   // line/paragraph separators, bidi embeddings and overrides
        case 0x2060...0x2064, 0x2066...0x206F: return true  // word joiner, invisible operators, bidi isolates, deprecated format
        case 0xFEFF, 0xFFF9...0xFFFB, 0xFFFE, 0xFFFF: return true
        case 0xE0000...0xE007F: return true                 // tag characters
        default: return v >= 0xA0 && CellWidth.terminal(v) < 0
        }
    }

    /// A zero-width format character (ZWNJ, U+1D173…) with nothing before it to join: not drawn.
    static func isFormat(_ v: UInt32) -> Bool {
        Unicode.Scalar(v)?.properties.generalCategory == .format
    }

    /// Whether a scalar could continue the grapheme cluster before it (extend, ZWJ, spacing mark,
    /// emoji modifier, Hangul jamo), or must join the unit before it because the terminal gives it
    /// no cell (every zero-width character). Conservative: `true` only sends it to the slow path.
    static func mayExtend(_ v: UInt32) -> Bool {
        if v < 0x300 { return false }
        if v == 0x200D || (0x1F3FB...0x1F3FF).contains(v) { return true }
        if (0x1100...0x11FF).contains(v) || (0xA960...0xA97F).contains(v) || (0xD7B0...0xD7FF).contains(v) { return true }
        if (0x900...0x1FFF).contains(v) || (0xA800...0xABFF).contains(v) || (0x11000...0x11FFF).contains(v) {
            if Unicode.Scalar(v)?.properties.generalCategory == .spacingMark { return true }
        }
        return CellWidth.terminal(v) == 0
    }

    /// Whether a scalar starts clusters the fast path cannot judge (regional indicators, Hangul
    /// leading jamo).
    
    static func startsComplexCluster(_ v: UInt32) -> Bool {
        isRegionalIndicator(v) || (0x1100...0x115F).contains(v) || (0xA960...0xA97F).contains(v)
    }

    
    static func isBreakingSpace(_ v: UInt32) -> Bool {
        v == 0x20 || v == 0x1680 || (0x2000...0x2006).contains(v) || (0x2008...0x200A).contains(v)
            || v == 0x205F || v == 0x3000
    }

    
    static func isHyphen(_ v: UInt32) -> Bool {
        v == 0x2D || v == 0x2010 || v == 0x2012 || v == 0x2013 || v == 0x2014 || v == 0x2E3A
    }

    // MARK: Measuring

    /// The display unit that starts at `offset`, drawn from `column` (which only matters for tabs).
    
    public static func unit(in text: ArticleText, at offset: Int, column: Int) -> Unit {
        text.scalars.withUnsafeBufferPointer { unit(text.scalars.count == 0 ? nil : $0, text, offset, column) }
    }

    /// The same for a buffer of `text`'s scalars (nil when empty). Printable ASCII not followed
    /// by a combining scalar, the bulk of most text, is answered here, inline.
    @inline(__always)
    public static func unit(_ buffer: UnsafeBufferPointer<Unicode.Scalar>?, _ text: ArticleText,
                            _ i: Int, _ column: Int) -> Unit {
        if let s = buffer, i < s.count {
            let v = s[i].value
            if v >= 0x20 && v < 0x7F && (i + 1 == s.count || s[i + 1].value < 0x300) {
                return Unit(length: 1, width: 1, kind: v == 0x20 ? .space : (v == 0x2D ? .hyphen : .text))
            }
        }
        return anyUnit(buffer, text, i, column)
    }

    @inline(never)
    static func anyUnit(_ buffer: UnsafeBufferPointer<Unicode.Scalar>?, _ text: ArticleText,
                        _ i: Int, _ column: Int) -> Unit {
        guard let s = buffer, i < s.count else { return Unit(length: 0, width: 0, kind: .hidden) }
        let v = s[i].value
        let next: UInt32 = i + 1 < s.count ? s[i + 1].value : 0
        if v < 0x80 {
            if v >= 0x20 && v != 0x7F {
                if next < 0x300 || !mayExtend(next) {
                    return Unit(length: 1, width: 1, kind: v == 0x20 ? .space : (v == 0x2D ? .hyphen : .text))
                }
                return cluster(s, text, i)
            }
            switch v {
            case 0x0A: return Unit(length: 1, width: 0, kind: .newline)
            case 0x0D where next == 0x0A: return Unit(length: 2, width: 0, kind: .newline)
            case 0x09: return Unit(length: 1, width: tabStop - column % tabStop, kind: .tab)
            default: return Unit(length: 1, width: 2, kind: .marker)   // ^X
            }
        }
        if needsMarker(v) {
            if v == 0xFEFF && i == 0 && text.startsFile { return Unit(length: 1, width: 0, kind: .hidden) }  // leading BOM
            return Unit(length: 1, width: markerWidth(v), kind: .marker)
        }
        if v == 0xFFFD, text.invalidByte(at: i) != nil { return Unit(length: 1, width: 4, kind: .marker) }
        if !startsComplexCluster(v) && (next < 0x300 || !mayExtend(next)) {
            let w = CellWidth.of(s[i])
            if w == 0 { return orphan(v) }
            if isBreakingSpace(v) { return Unit(length: 1, width: w, kind: .space) }
            if isHyphen(v) { return Unit(length: 1, width: 1, kind: .hyphen) }
            return Unit(length: 1, width: w, kind: w == 2 ? .wide : .text)
        }
        return cluster(s, text, i)
    }

    /// The slow path: let the standard library find the extended grapheme cluster.
    static func cluster(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ text: ArticleText, _ i: Int) -> Unit {
        var view = String.UnicodeScalarView()
        var j = i
        let limit = min(s.count, i + 64)
        // Stop before anything the sanitiser marks: it is never part of a drawn cluster.
        while j < limit {
            let v = s[j].value
            if j > i && (v < 0x20 || v == 0x7F || needsMarker(v) || (v == 0xFFFD && text.invalidByte(at: j) != nil)) { break }
            view.append(s[j])
            j += 1
        }
        let str = String(view)
        guard let first = str.first else { return Unit(length: 1, width: 1, kind: .text) }
        var length = first.unicodeScalars.count
        // Zero-width characters the grapheme rules leave on their own (format characters such as
        // U+1D173), and the rest of a very long run of marks past the 64-scalar window, stay in
        // this unit: ncurses draws them in the cell of the character before, never in their own.
        while i + length < s.count, CellWidth.terminal(s[i + length].value) == 0, !needsMarker(s[i + length].value) { length += 1 }
        let base = s[i]
        let baseWidth = CellWidth.of(base)
        if baseWidth == 0 { return orphan(base.value) }
        let width = clusterWidth(s, i, length, first.unicodeScalars)
        return Unit(length: length, width: width, kind: baseWidth == 2 ? .wide : .text)
    }

    /// The cells a cluster takes on screen. An emoji sequence (a flag, an emoji with U+FE0F, a
    /// skin tone or a ZWJ) is drawn as one glyph: 2 cells for a flag or U+FE0F, else its first
    /// emoji's. Any other cluster is drawn as ncurses draws it: every spacing character after the
    /// base (a Devanagari vowel sign ि, a skin tone after a letter, a Hangul jamo that begins no
    /// syllable) takes its own cells, so it is counted, not dropped.
    static func clusterWidth(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ i: Int, _ length: Int,
                             _ grapheme: String.UnicodeScalarView) -> Int {
        let base = s[i]
        let baseWidth = CellWidth.of(base)
        guard length > 1 else { return baseWidth }
        if isRegionalIndicator(base.value) && grapheme.count >= 2 && isRegionalIndicator(grapheme.dropFirst().first!.value) {
            return 2   // a flag
        }
        if isEmojiSequence(grapheme) {
            return grapheme.contains(where: { $0.value == 0xFE0F }) ? 2 : baseWidth
        }
        var width = baseWidth
        for k in (i + 1)..<(i + length) { width += CellWidth.of(s[k]) }
        return width
    }

    static func isRegionalIndicator(_ v: UInt32) -> Bool { (0x1F1E6...0x1F1FF).contains(v) }

    /// An emoji followed by what makes it one emoji glyph: U+FE0F, a keycap, a ZWJ, or a skin tone
    /// on an emoji that takes one. Terminals draw it as one glyph; reader draws its first emoji.
    public static func isEmojiSequence(_ grapheme: String.UnicodeScalarView) -> Bool {
        guard let base = grapheme.first, base.properties.isEmoji else { return false }
        let modifiable = base.properties.isEmojiModifierBase
        return grapheme.dropFirst().contains { v in
            v.value == 0xFE0F || v.value == 0x20E3 || v.value == 0x200D || (modifiable && (0x1F3FB...0x1F3FF).contains(v.value))
        }
    }

    /// A zero-width character that starts a unit (nothing before it on the line to join): a
    /// combining mark is drawn on a dotted circle (◌) in one cell, a format character takes none.
    static func orphan(_ v: UInt32) -> Unit {
        isFormat(v) ? Unit(length: 1, width: 0, kind: .hidden) : Unit(length: 1, width: 1, kind: .text)
    }

    static func markerWidth(_ v: UInt32) -> Int {
        // "<U+" + hex digits (at least 4) + ">"
        var digits = 4
        var x = v >> 16
        while x > 0 { digits += 1; x >>= 4 }
        return digits + 4
    }

    // MARK: Drawing

    /// What to draw for a unit: the cluster itself, spaces for a tab, or the marker's text.
    public static func display(_ unit: Unit, in text: ArticleText, at i: Int) -> String {
        let s = text.scalars
        switch unit.kind {
        case .newline, .hidden: return ""
        case .tab: return String(repeating: " ", count: unit.width)
        case .marker:
            let v = s[i].value
            if v < 0x20 { return "^" + String(Character(Unicode.Scalar(v + 0x40)!)) }
            if v == 0x7F { return "^?" }
            if v == 0xFFFD, let byte = text.invalidByte(at: i) { return invalidByteMarker(byte) }
            return "<U+" + hex(v, digits: 4) + ">"
        default:
            var view = String.UnicodeScalarView()
            let base = s[i]
            if CellWidth.of(base) == 0 { view.append(Unicode.Scalar(0x25CC)!) }   // ◌ under an orphan mark
            var marks = 0
            for k in i..<(i + unit.length) {
                let scalar = s[k]
                // A run of marks is capped; a spacing character (a skin tone) ends the run, so the
                // marks kept do not depend on where a unit starts (cleaning twice keeps them all).
                if k > i && CellWidth.of(scalar) > 0 { marks = 0 }
                if k > i && CellWidth.of(scalar) == 0 && scalar.value != 0x200D {
                    marks += 1
                    if marks > maxMarksDrawn { continue }
                }
                view.append(scalar)
            }
            return String(view)
        }
    }

    /// How a byte that is not valid UTF-8 is shown, everywhere (text, titles, authors, search
    /// and people lines): `<FF>`.
    public static func invalidByteMarker(_ byte: UInt8) -> String {
        "<" + hex(UInt32(byte), digits: 2) + ">"
    }

    static func hex(_ v: UInt32, digits: Int) -> String {
        let h = String(v, radix: 16, uppercase: true)
        return h.count >= digits ? h : String(repeating: "0", count: digits - h.count) + h
    }

    // MARK: Whole strings

    /// A cell on screen: what to draw there, how wide it is, and whether it is a sanitiser marker.
    public struct Piece: Sendable, Equatable {
        public var text: String
        public var width: Int
        public var isMarker: Bool
        /// Scalar offset of the unit in its source text.
        public var offset: Int

        public init(text: String, width: Int, isMarker: Bool, offset: Int) {
            self.text = text
            self.width = width
            self.isMarker = isMarker
            self.offset = offset
        }
    }

    /// Splits any string (a file name, a note, an error message) into safe pieces for one line:
    /// newlines become `^J` markers, everything else as for article text.
    public static func pieces(_ string: String) -> [Piece] {
        pieces(ArticleText(string), range: nil, startColumn: 0, newlinesAsMarkers: true)
    }

    /// The pieces of `range` of a text, as drawn starting at `startColumn`.
    public static func pieces(_ text: ArticleText, range: Range<Int>?, startColumn: Int,
                              newlinesAsMarkers: Bool = false) -> [Piece] {
        let r = range ?? 0..<text.count
        var out: [Piece] = []
        var i = r.lowerBound
        var column = startColumn
        text.scalars.withUnsafeBufferPointer { buffer in
            while i < r.upperBound {
                var u = unit(buffer, text, i, column)
                if u.length == 0 { break }
                if u.kind == .newline {
                    if newlinesAsMarkers {
                        out.append(Piece(text: "^J", width: 2, isMarker: true, offset: i))
                        column += 2
                    }
                    i += u.length
                    continue
                }
                u.length = min(u.length, r.upperBound - i)
                let shown = display(u, in: text, at: i)
                if !shown.isEmpty || u.width > 0 {
                    out.append(Piece(text: shown, width: u.width, isMarker: u.kind == .marker, offset: i))
                }
                column += u.width
                i += u.length
            }
        }
        return out
    }

    /// A string made safe for a single line of plain output (a terminal, or an error on stderr).
    public static func clean(_ string: String) -> String {
        // Printable ASCII is shown as it is (most titles, authors and paths: `reader list` spent
        // most of its time here).
        if string.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return string }
        var out = ""
        for p in pieces(string) { out += p.text }
        return out
    }

    /// Total width in cells of a string once sanitised.
    public static func width(_ string: String) -> Int {
        pieces(string).reduce(0) { $0 + $1.width }
    }
}
