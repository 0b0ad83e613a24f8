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
    /// nearly all of most text, goes eight bytes at a time; other characters through `WordCounter`.
    public static func countWords(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Int {
        countWordsAndInvalidBytes(utf8: bytes).words
    }

    /// The words, and the bytes that are not valid UTF-8 (`UTF8Decoder.invalidByteCount`), in one pass.
    static func countWordsAndInvalidBytes(utf8 bytes: UnsafeBufferPointer<UInt8>) -> (words: Int, invalid: Int) {
        guard let base = bytes.baseAddress else { return (0, 0) }
        var counter = WordCounter()
        var invalid = 0
        let n = bytes.count
        var i = 0
        while i < n {
            // Eight ASCII bytes with no apostrophe: which are letters or digits, as eight bits;
            // a word starts at each such bit whose neighbour before is clear.
            if i + 8 <= n {
                let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                let apostrophes = w ^ 0x2727_2727_2727_2727
                let hasApostrophe = (apostrophes &- 0x0101_0101_0101_0101) & ~apostrophes & 0x8080_8080_8080_8080
                // The lowest set bit is the first byte that is not ASCII or is an apostrophe
                // (`hasApostrophe` may mark bytes after a true one, never before).
                let special = (w & 0x8080_8080_8080_8080) | hasApostrophe
                // The bytes before it (all eight when there is none) go at once: what a byte
                // that is not ASCII adds to the sums carries only into the bytes after it.
                let plain = special == 0 ? 8 : special.trailingZeroBitCount >> 3
                if plain > 0 {
                    let bits = wordBits(w) & (plain == 8 ? 0xFF : (1 << UInt64(plain)) - 1)
                    let starts = bits & ~((bits << 1) | (counter.inWord ? 1 : 0))
                    counter.count += starts.nonzeroBitCount
                    counter.inWord = bits >> UInt64(plain - 1) & 1 != 0
                    i += plain
                    continue
                }
            }
            let b = base[i]
            if b < 0x80 {
                counter.ascii(b)
                i += 1
            } else {
                let (scalar, length) = UTF8Decoder.decodeOne(bytes, at: i)
                if scalar == nil { invalid += 1 }
                counter.scalar(scalar ?? UTF8Decoder.replacement)
                i += length
            }
        }
        return (counter.count, invalid)
    }

    /// Of eight ASCII bytes (the first in the lowest), which are ASCII letters or digits: bit k
    /// for byte k.
    @inline(__always)
    static func wordBits(_ w: UInt64) -> UInt64 {
        // Bytes below 0x80: b + (0x80 - lo) has its top bit set when b ≥ lo, b + (0x7F - hi)
        // when b > hi, and no byte carries into the next.
        @inline(__always) func inRange(_ v: UInt64, _ lo: UInt64, _ hi: UInt64) -> UInt64 {
            (v &+ (0x80 - lo) &* 0x0101_0101_0101_0101) & ~(v &+ (0x7F - hi) &* 0x0101_0101_0101_0101)
        }
        let lower = w | 0x2020_2020_2020_2020
        let tops = (inRange(lower, 0x61, 0x7A) | inRange(w, 0x30, 0x39)) & 0x8080_8080_8080_8080
        // The eight top bits gathered into the lowest byte's… top byte of the product, in order.
        return ((tops >> 7) &* 0x0102_0408_1020_4080) >> 56
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
            } else if v >= 0xC0 && v <= 0x17F && v != 0xD7 && v != 0xF7 {
                isWordChar = true   // Latin letters (À–ÿ but × and ÷, Ā–ſ): alphabetic, looked up without the tables
            } else {
                isWordChar = c.properties.isAlphabetic || c.properties.numericType != nil
            }
            if isWordChar && !inWord { count += 1 }
            inWord = isWordChar
        }
    }
}
