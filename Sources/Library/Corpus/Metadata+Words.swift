/// Word counts for the list: from decoded text, or straight from UTF-8 bytes when the file is read.
extension Metadata {
    /// Words: runs of letters and digits (apostrophes inside a word keep it whole); each wide
    /// (CJK) character counts as a word of its own.
    public static func countWords(_ text: ArticleText) -> Int {
        var counter = WordCounter()
        text.scalars.withUnsafeBufferPointer { s in
            for c in s {
                let v = c.value
                if v < 0x80 { counter.ascii(UInt8(v)) } else { counter.scalar(c) }
            }
        }
        return counter.count
    }

    /// The same count straight from UTF-8 bytes (an invalid byte is not part of a word). ASCII,
    /// nearly all of most text, goes through a table; other characters through `WordCounter`.
    public static func countWords(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var counter = WordCounter()
        let n = bytes.count
        var i = 0
        asciiClasses.withUnsafeBufferPointer { table in
            while i < n {
                let b = bytes[i]
                switch table[Int(b)] {
                case 1:   // letter or digit
                    if !counter.inWord { counter.count += 1; counter.inWord = true }
                    i += 1
                case 0:   // anything else ASCII
                    counter.inWord = false
                    i += 1
                case 2:   // apostrophe: part of the word it is inside
                    i += 1
                default:  // the start of a non-ASCII character
                    let (scalar, length) = UTF8Decoder.decodeOne(bytes, at: i)
                    counter.scalar(scalar ?? UTF8Decoder.replacement)
                    i += length
                }
            }
        }
        return counter.count
    }

    /// 1 letter or digit, 2 apostrophe, 3 a byte of a non-ASCII character, 0 the rest.
    static let asciiClasses: [UInt8] = (0..<256).map { v in
        if v >= 0x80 { return 3 }
        if (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A) || (v >= 0x30 && v <= 0x39) { return 1 }
        return v == 0x27 ? 2 : 0
    }

    struct WordCounter {
        var count = 0
        var inWord = false

        @inline(__always)
        mutating func ascii(_ b: UInt8) {
            let lower = b | 0x20
            let isWordChar = (lower >= 0x61 && lower <= 0x7A) || (b >= 0x30 && b <= 0x39) || (inWord && b == 0x27)
            if isWordChar && !inWord { count += 1 }
            inWord = isWordChar
        }

        mutating func scalar(_ c: Unicode.Scalar) {
            let v = c.value
            let isWordChar: Bool
            if v == 0x2019 {
                isWordChar = inWord
            } else if v >= 0x2E80 && CellWidth.of(c) == 2 {
                count += 1
                inWord = false
                return
            } else if v == 0xFFFD {
                isWordChar = false
            } else {
                isWordChar = c.properties.isAlphabetic || c.properties.numericType != nil
            }
            if isWordChar && !inWord { count += 1 }
            inWord = isWordChar
        }
    }
}
