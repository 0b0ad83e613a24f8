import Testing
import TestSupport
@testable import Library

/// A cluster is measured in the cells ncurses draws it in, and a cleaned string measures and
/// cleans as the string did (the sanitizer fuzz target's findings, issue 16).
@Suite struct SanitizerWidthTests {
    /// The cells ncursesw gives a string's scalars (glibc `wcwidth` in a UTF-8 locale).
    func libc(_ s: String) throws -> Int {
        try #require(SystemWidth.widths(s.unicodeScalars.map(\.value))).reduce(0) { $0 + max(0, $1) }
    }

    func expectStable(_ s: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let cleaned = Sanitizer.clean(s)
        #expect(Sanitizer.clean(cleaned) == cleaned, "clean is not stable", sourceLocation: sourceLocation)
        #expect(Sanitizer.width(cleaned) == Sanitizer.width(s), "clean changed the width", sourceLocation: sourceLocation)
    }

    /// min-spacing-mark-after-control: a spacing vowel sign (Mc) takes a cell of its own in ncurses,
    /// after its consonant as much as alone; it was measured 0 after a base (and then not drawn).
    @Test func spacingMarkTakesItsOwnCell() throws {
        for word in ["कि", "किताब", "हिन्दी", "ক্ষি", "காி"] {
            #expect(Sanitizer.width(word) == (try libc(word)), "\(word)")
        }
        #expect(Sanitizer.width("\u{0}\u{93F}") == 3)                 // ^@ and ि
        #expect(Sanitizer.width(Sanitizer.clean("\u{0}\u{93F}")) == 3)
        expectStable("\u{0}\u{93F}")
        expectStable("\u{1B}\u{93E}\u{93F}")
    }

    /// min-modifier-after-control: a skin tone that modifies no emoji is drawn as its own 2-cell
    /// swatch; after a marker's letter (`^J`) it used to count nothing.
    @Test func strayModifierKeepsItsCells() throws {
        #expect(Sanitizer.width("\n\u{1F3FD}") == 4)
        #expect(Sanitizer.width(Sanitizer.clean("\n\u{1F3FD}")) == 4)
        #expect(Sanitizer.width("a\u{1F3FD}") == (try libc("a\u{1F3FD}")))
        expectStable("\n\u{1F3FD}")
        expectStable("x\u{7F}\u{1F3FB}\u{1F3FF}")
        // An emoji sequence is still one glyph of 2 cells.
        #expect(Sanitizer.width("👍🏽") == 2)
        #expect(Sanitizer.width("👨‍👩‍👧") == 2)
        #expect(Sanitizer.width("🇺🇦") == 2)
        #expect(Sanitizer.width("1\u{FE0F}\u{20E3}") == 2)
    }

    /// min-clean-unstable: a lone Hangul vowel or final jamo drawn on ◌ must stay one unit.
    @Test func loneHangulJamoCleansOnce() {
        for s in ["\u{11A8}", "\u{1161}", "\u{0}\u{11A8}", "\u{1161}\u{11A8}", "\u{D7B0}", "\u{11A8}\u{11A8}"] {
            expectStable(s)
        }
        #expect(Sanitizer.width("\u{11A8}") == 1)
        #expect(Sanitizer.width("한") == 2)
        #expect(Sanitizer.width("\u{1112}\u{1161}\u{11AB}") == 2)    // ᄒ ᅡ ᆫ: one syllable
    }

    /// min-zwj-after-control: a ZWJ with no emoji to join takes no cell, wherever it is.
    @Test func loneJoinerTakesNoCell() {
        for s in ["\u{1}\u{200D}", "\u{200D}", "a\u{200D}", "\u{1}\u{200D}a", "\n\u{200D}\u{200D}"] {
            expectStable(s)
        }
        #expect(Sanitizer.width("\u{1}\u{200D}") == 2)
        #expect(Sanitizer.width("a\u{200D}") == 1)
    }

    /// What a piece is drawn in is what ncurses gives its characters, outside emoji sequences.
    @Test func piecesAreAsWideAsNcursesDrawsThem() throws {
        for s in ["कि", "a\u{1F3FD}", "ᄀᄀ", "क्\u{200D}ष", "e\u{301}", "日本"] {
            for p in Sanitizer.pieces(ArticleText(s), range: nil, startColumn: 0) {
                #expect(p.width == (try libc(p.text)), "\(s): piece \(p.text)")
            }
        }
    }

    /// Fuzz finding (CI run): an orphan mark, a skin tone, then six marks. Cleaned once, the ◌ made
    /// the orphan and what follows one cluster, so the cap counted the marks differently and a
    /// second clean dropped one more. A spacing character now ends a run of marks.
    @Test func cappedMarksAreStableThroughCleaning() {
        let marks = String(repeating: "\u{301}", count: 6)
        for text in ["\u{0}\u{301}\u{1F3FD}" + marks, "a\u{1F3FD}" + marks, "\u{301}" + marks] {
            let once = Sanitizer.clean(text)
            #expect(Sanitizer.clean(once) == once, "\(text.debugDescription) → \(once.debugDescription)")
            #expect(Sanitizer.width(once) == Sanitizer.width(text))
        }
    }

    /// `clean` returns printable ASCII unchanged without looking at it piece by piece: the
    /// pieces of every printable ASCII character are that character.
    @Test func printableASCIIIsCleanAsItIs() {
        let all = String(decoding: Array(0x20..<0x7F).map(UInt8.init), as: UTF8.self)
        #expect(Sanitizer.pieces(all).map(\.text).joined() == all)
        #expect(Sanitizer.clean(all) == all)
        #expect(Sanitizer.clean("a\tb") != "a\tb" && Sanitizer.clean("\u{7F}") == "^?")
    }
}
