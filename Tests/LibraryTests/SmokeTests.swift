import Testing
@testable import Library

@Test func decodesInvalidUTF8ByteByByte() {
    let text = ArticleText(utf8: [0x61, 0xFF, 0xE2, 0x82, 0x62])
    #expect(text.count == 4)
    #expect(text.invalidBytes == [1: 0xFF, 2: 0xE2])
}
