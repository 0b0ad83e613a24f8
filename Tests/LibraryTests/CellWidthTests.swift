import Foundation
import Testing
import TestSupport
@testable import Library

/// Cell widths come from the same data ncursesw draws with (issue 16, item 6): a zero-width
/// format character such as ZWNJ must not get a cell of its own, which ncurses would never draw.
@Suite struct CellWidthTests {
    /// Every format (Cf) scalar.
    static let formatScalars: [UInt32] = (UInt32(0)...0x10FFFF).compactMap { (v: UInt32) -> UInt32? in
        guard let s = Unicode.Scalar(v), s.properties.generalCategory == .format else { return nil }
        return v
    }

    @Test func everyFormatCharacterMeasuresAsTheTerminalDoes() throws {
        let system = try #require(SystemWidth.widths(Self.formatScalars))
        #expect(Self.formatScalars.count > 150)
        for (v, expected) in zip(Self.formatScalars, system) {
            let scalar = Unicode.Scalar(v)!
            // Between two letters: the cells the sanitised line takes are the cells ncurses gives
            // its characters; a marker (`<U+200B>`, bidi controls) stands in for what it cannot draw.
            let pieces = Sanitizer.pieces(ArticleText("a" + String(scalar) + "b"), range: nil, startColumn: 0)
            let width = pieces.reduce(0) { $0 + $1.width }
            if pieces.contains(where: \.isMarker) {
                #expect(expected != 0 || Sanitizer.needsMarker(v), "U+\(String(v, radix: 16)) became a marker")
                continue
            }
            #expect(width == 2 + expected, "U+\(String(v, radix: 16, uppercase: true)): \(width) cells, libc \(2 + expected)")
            #expect(CellWidth.of(scalar) == max(0, expected), "U+\(String(v, radix: 16, uppercase: true))")
            // No piece drawn is a zero-width character alone (ncurses would not draw that cell).
            for p in pieces where p.width > 0 {
                let first = p.text.unicodeScalars.first!.value
                #expect(SystemWidth.widths([first])![0] >= 1, "U+\(String(v, radix: 16)) starts a cell")
            }
        }
    }

    @Test func bidiControlsAndInvisiblesStayMarkers() {
        for v: UInt32 in [0x200B, 0x200E, 0x200F, 0x202A, 0x202E, 0x2066, 0x2069, 0x2060, 0xAD, 0xFEFF, 0x061C, 0xE0041] {
            let pieces = Sanitizer.pieces(ArticleText("a" + String(Unicode.Scalar(v)!) + "b"), range: nil, startColumn: 0)
            #expect(pieces.map(\.text).joined() == "a<U+\(String(format: "%04X", v))>b")
        }
    }

    @Test func widthsAgreeWithTheTerminalAcrossThePlanes() throws {
        // A sample of every 97th scalar of the first two planes and the CJK planes.
        let sample = stride(from: UInt32(0xA0), to: 0x40000, by: 97).filter { Unicode.Scalar($0) != nil }
        let system = try #require(SystemWidth.widths(sample))
        for (v, expected) in zip(sample, system) where expected >= 0 {
            #expect(CellWidth.of(Unicode.Scalar(v)!) == expected, "U+\(String(v, radix: 16, uppercase: true))")
        }
    }

    @Test func zeroWidthFormatCharactersJoinTheLetterBefore() {
        // Persian with ZWNJ: one cell a letter, the ZWNJ in the cell of the letter before it.
        let persian = "می\u{200C}خواهم"
        let pieces = Sanitizer.pieces(ArticleText(persian), range: nil, startColumn: 0)
        #expect(pieces.reduce(0) { $0 + $1.width } == 7)
        #expect(pieces.map(\.text).joined() == persian)
        // At the start of a line there is no letter to join: it takes no cell and is not drawn.
        let alone = Sanitizer.pieces(ArticleText("\u{200C}\u{1D173}x"), range: nil, startColumn: 0)
        #expect(alone.map(\.text) == ["x"])
        // Lines wrap at the same place with and without them.
        let plain = String(repeating: "word ", count: 40)
        let joined = String(repeating: "wo\u{200C}rd\u{1D173} ", count: 40)
        #expect(Layout(text: ArticleText(plain), width: 23).lineCount == Layout(text: ArticleText(joined), width: 23).lineCount)
    }
}
