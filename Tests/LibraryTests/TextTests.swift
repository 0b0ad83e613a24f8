import Testing
@testable import Library

@Suite struct DecodingTests {
    @Test func validUTF8DecodesExactly() {
        let s = "Prigozhin’s “march” — 日本 👍🏽 e\u{301}"
        let text = ArticleText(utf8: Array(s.utf8))
        #expect(text.string == s)
        #expect(text.invalidBytes.isEmpty)
        #expect(text.count == s.unicodeScalars.count)
    }

    @Test func everyInvalidByteIsItsOwnMarker() {
        // stray continuation, truncated 3-byte sequence, overlong "/", surrogate, beyond U+10FFFF
        let bytes: [UInt8] = [0x61, 0x80, 0xE2, 0x82, 0x62, 0xC0, 0xAF, 0xED, 0xA0, 0x80, 0xF4, 0x90, 0x80, 0x80, 0x63]
        let text = ArticleText(utf8: bytes)
        #expect(text.scalars.first == "a" && text.scalars.last == "c")
        #expect(text.invalidBytes.count == 12)
        #expect(text.invalidBytes[1] == 0x80)
        #expect(text.invalidBytes[2] == 0xE2)
        #expect(text.scalars[4] == "b")
        // Offsets stay one scalar per invalid byte.
        #expect(text.count == 15)
    }

    @Test func sliceAndClamp() {
        let text = ArticleText("héllo")
        #expect(text.string(1..<3) == "él")
        #expect(text.string(3..<99) == "lo")
        #expect(text.string(-5..<1) == "h")
    }
}

@Suite struct SanitizerTests {
    func shown(_ s: String) -> String { Sanitizer.clean(s) }

    @Test func escapeSequencesAreDefused() {
        #expect(shown("a\u{1B}]0;pwned\u{07}b") == "a^[]0;pwned^Gb")         // OSC title change
        #expect(shown("\u{1B}[31mred\u{1B}[0m") == "^[[31mred^[[0m")           // CSI colour
        #expect(shown("\u{1B}]52;c;SGVsbG8=\u{1B}\\") == "^[]52;c;SGVsbG8=^[\\") // OSC 52 clipboard
        #expect(shown("\u{9B}31m") == "<U+009B>31m")                            // 8-bit CSI
        #expect(shown("del\u{7F}") == "del^?")
    }

    @Test func bidiAndInvisiblesAreVisible() {
        #expect(shown("abc\u{202E}def") == "abc<U+202E>def")
        #expect(shown("zero\u{200B}width") == "zero<U+200B>width")
        #expect(shown("soft\u{AD}hyphen") == "soft<U+00AD>hyphen")
        #expect(shown("\u{2066}iso\u{2069}") == "<U+2066>iso<U+2069>")
        #expect(shown("tag\u{E0041}") == "tag<U+E0041>")
    }

    @Test func byteOrderMarkOnlyHiddenAtStart() {
        let text = ArticleText("\u{FEFF}Title\u{FEFF}")
        let pieces = Sanitizer.pieces(text, range: nil, startColumn: 0)
        #expect(pieces.map(\.text).joined() == "Title<U+FEFF>")
    }

    @Test func carriageReturns() {
        let text = ArticleText("one\r\ntwo\rthree")
        let pieces = Sanitizer.pieces(text, range: nil, startColumn: 0)
        #expect(pieces.map(\.text).joined() == "onetwo^Mthree")
        #expect(Sanitizer.unit(in: text, at: 3, column: 3) == Sanitizer.Unit(length: 2, width: 0, kind: .newline))
    }

    @Test func invalidBytesShowTheirValue() {
        let text = ArticleText(utf8: [0x41, 0xFF, 0x42])
        #expect(Sanitizer.pieces(text, range: nil, startColumn: 0).map(\.text).joined() == "A<FF>B")
        #expect(Sanitizer.unit(in: text, at: 1, column: 1).width == 4)
    }

    @Test func tabsExpandToStopsOfEight() {
        let text = ArticleText("ab\tc")
        #expect(Sanitizer.unit(in: text, at: 2, column: 2).width == 6)
        #expect(Sanitizer.unit(in: text, at: 2, column: 8).width == 8)
    }

    @Test func widths() {
        func width(_ s: String) -> Int { Sanitizer.width(s) }
        #expect(width("abc") == 3)
        #expect(width("日本語") == 6)
        #expect(width("e\u{301}") == 1)
        #expect(width("👍") == 2)
        #expect(width("👍🏽") == 2)
        #expect(width("👨‍👩‍👧") == 2)
        #expect(width("🇺🇦") == 2)
        #expect(width("☺\u{FE0F}") == 2)
        #expect(width("한국어") == 6)
        #expect(width("\u{301}") == 1)   // an orphan mark is drawn on a dotted circle
    }

    @Test func combiningRunsAreCapped() {
        let zalgo = "a" + String(repeating: "\u{301}", count: 200) + "b"
        let pieces = Sanitizer.pieces(ArticleText(zalgo), range: nil, startColumn: 0)
        #expect(pieces.count == 2)
        #expect(pieces[0].width == 1)
        #expect(pieces[0].text.unicodeScalars.count == 1 + Sanitizer.maxMarksDrawn)
        #expect(pieces[1].text == "b")
    }

    @Test func newlinesInOneLineStringsAreMarked() {
        #expect(shown("file\nname") == "file^Jname")
    }
}

@Suite struct FoldingTests {
    @Test func caseAndAccents() {
        #expect(Folding.key("José") == "jose")
        #expect(Folding.key("ÉMILE Zola") == "emile zola")
        #expect(Folding.key("Straße") == "strasse")
        #expect(Folding.key("Łódź") == "lodz")
        #expect(Folding.key("Søren Ærø") == "soren aero")
        #expect(Folding.key("Putin’s") == "putin's")
        #expect(Folding.key("Ἀθῆναι") == "αθηναι")
        #expect(Folding.key("ЁЛКА") == "елка")
        #expect(Folding.key("e\u{301}") == "e")
        #expect(Folding.key("ＡＢＣ１") == "abc1")
    }
}
