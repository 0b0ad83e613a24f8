/// How text splits into the words search compares.
///
/// - A word is a maximal run of letters and digits, compared folded (`Folding`: lower case,
///   accents removed, `ß` = `ss`): `José` is `jose`.
/// - Combining marks and invisible format characters (soft hyphen, zero-width space and joiners,
///   bidi marks, BOM) neither break a word nor count in it: `Pu\u{AD}tin` is `putin`.
/// - An apostrophe (`'`, `’`, `‘`, `ʼ`…) splits words, as `grep -w` does: `Putin’s` is the two
///   words `putin` and `s`, `O’Brien` is `o` and `brien`. Each word remembers whether it was
///   joined to the previous one by a single apostrophe, so the query word `o'brien` (or
///   `putin's`) matches exactly those two words written with an apostrophe between them, and
///   `putin` alone matches `Putin’s`.
/// - Every other character (spaces, punctuation, hyphens, symbols, controls) separates words.
/// - Each wide (CJK) letter is a word of its own, so a run of them is matched as a phrase.
///
/// Offsets are positions in the scanned buffer (Unicode scalars of an `ArticleText`).
enum WordScanner {
    enum Kind: UInt8 {
        case separator = 0, word, apostrophe, ignorable, ideograph
    }

    /// Classes of the scalars below `tableLimit`, computed once.
    static let tableLimit: UInt32 = 0x3000
    static let table: [Kind] = {
        var t = [Kind](repeating: .separator, count: Int(tableLimit))
        for v in 0..<tableLimit {
            if let s = Unicode.Scalar(v) { t[Int(v)] = classifySlow(s) }
        }
        return t
    }()

    static func classifySlow(_ s: Unicode.Scalar) -> Kind {
        let v = s.value
        if v < 0x80 {
            if (0x61...0x7A).contains(v) || (0x41...0x5A).contains(v) || (0x30...0x39).contains(v) { return .word }
            return v == 0x27 ? .apostrophe : .separator
        }
        switch v {
        case 0x2018, 0x2019, 0x201B, 0x02BC, 0xFF07: return .apostrophe
        default: break
        }
        let p = s.properties
        switch p.generalCategory {
        case .format, .nonspacingMark, .enclosingMark: return .ignorable
        default: break
        }
        if p.isAlphabetic || p.numericType != nil {
            if v >= 0x2E80 && CellWidth.of(s) == 2 { return .ideograph }
            return .word
        }
        return .separator
    }

    @inline(__always)
    static func kind(_ s: Unicode.Scalar) -> Kind {
        let v = s.value
        if v < tableLimit { return table[Int(v)] }
        return classifySlow(s)
    }

    /// One word found by `scan`.
    struct Word {
        /// Where the word is: from its first letter to its last (with marks that follow it).
        var start: Int
        var end: Int
        /// Joined to the previous word by a single apostrophe (`O’|Brien`, `Putin’|s`).
        var joined: Bool
    }

    /// Calls `body` with each word of `s` in order, and its folded letters (valid only during the
    /// call).
    @inline(__always)
    static func scan(_ s: UnsafeBufferPointer<Unicode.Scalar>,
                     _ body: (Word, UnsafeBufferPointer<Unicode.Scalar>) -> Void) {
        var cursor = WordCursor(s)
        while let word = cursor.next() { body(word, cursor.key) }
    }

    /// The words of a string with their folded text (for queries and tests).
    static func words(_ string: String) -> [(word: Word, key: [Unicode.Scalar])] {
        let scalars = Array(string.unicodeScalars)
        var out: [(Word, [Unicode.Scalar])] = []
        scalars.withUnsafeBufferPointer { buffer in
            scan(buffer) { word, key in out.append((word, Array(key))) }
        }
        return out
    }
}

/// Walks the words of a buffer one at a time (see `WordScanner` for the rules).
struct WordCursor: ~Copyable {
    typealias Word = WordScanner.Word
    private let s: UnsafeBufferPointer<Unicode.Scalar>
    private var i = 0
    /// The folded letters of the word `next()` returned last: `keyStorage[0..<keyCount]`.
    private var keyStorage: UnsafeMutablePointer<Unicode.Scalar>
    private var keyCapacity = 64
    private(set) var keyCount = 0
    /// Just saw `word'`: a word starting now is joined to it.
    private var apostropheAfterWord = false
    private var folded: [Unicode.Scalar] = []

    init(_ s: UnsafeBufferPointer<Unicode.Scalar>) {
        self.s = s
        keyStorage = .allocate(capacity: keyCapacity)
        folded.reserveCapacity(4)
    }

    deinit { keyStorage.deallocate() }

    /// The folded letters of the last word (valid until the next call to `next()`).
    var key: UnsafeBufferPointer<Unicode.Scalar> { UnsafeBufferPointer(start: keyStorage, count: keyCount) }

    @inline(__always)
    private mutating func append(_ c: Unicode.Scalar) {
        if keyCount == keyCapacity {
            let bigger = UnsafeMutablePointer<Unicode.Scalar>.allocate(capacity: keyCapacity * 2)
            bigger.initialize(from: keyStorage, count: keyCount)
            keyStorage.deallocate()
            keyStorage = bigger
            keyCapacity *= 2
        }
        keyStorage[keyCount] = c
        keyCount += 1
    }

    /// The next word, or nil at the end. Each word returned starts at or after where the last
    /// one ended and takes at least one scalar, so `while let w = cursor.next()` always ends.
    @inline(__always)
    mutating func next() -> Word? {
        let before = i
        let word = advance()
        precondition(word == nil || (word!.start >= before && word!.end > word!.start && i > before), "WordCursor made no progress")
        return word
    }

    @inline(__always)
    private mutating func advance() -> Word? {
        keyCount = 0
        var start = -1
        var end = 0
        var joined = false
        let n = s.count
        while i < n {
            let c = s[i]
            let v = c.value
            if v < 0x80 {
                if (v &- 0x61) < 26 || (v &- 0x30) < 10 || (v &- 0x41) < 26 {
                    if start < 0 { start = i; joined = apostropheAfterWord; apostropheAfterWord = false }
                    append((v &- 0x41) < 26 ? Unicode.Scalar(UInt8(v + 0x20)) : c)
                    end = i + 1
                    i += 1
                    continue
                }
                i += 1
                if start >= 0 {
                    apostropheAfterWord = v == 0x27
                    return Word(start: start, end: end, joined: joined)
                }
                apostropheAfterWord = false
                continue
            }
            switch WordScanner.kind(c) {
            case .ignorable:
                if start >= 0 { end = i + 1 }
                i += 1
            case .apostrophe, .separator:
                i += 1
                if start >= 0 {
                    apostropheAfterWord = WordScanner.kind(c) == .apostrophe
                    return Word(start: start, end: end, joined: joined)
                }
                apostropheAfterWord = false
            case .ideograph:
                // A word of its own, never joined by apostrophes.
                if start >= 0 { return Word(start: start, end: end, joined: joined) }
                folded.removeAll(keepingCapacity: true)
                Folding.fold(c, into: &folded)
                for f in folded { append(f) }
                apostropheAfterWord = false
                i += 1
                return Word(start: i - 1, end: i, joined: false)
            case .word:
                folded.removeAll(keepingCapacity: true)
                Folding.fold(c, into: &folded)
                // Folding may give several scalars (ß → ss); each that is a letter or digit
                // extends the word.
                var added = false
                for f in folded {
                    let k = WordScanner.kind(f)
                    if k == .word || k == .ideograph {
                        if start < 0 { start = i; joined = apostropheAfterWord; apostropheAfterWord = false }
                        append(f)
                        added = true
                    }
                }
                i += 1
                if added {
                    end = i
                } else {
                    if start >= 0 {
                        apostropheAfterWord = false
                        return Word(start: start, end: end, joined: joined)
                    }
                    apostropheAfterWord = false
                }
            }
        }
        if start >= 0 { return Word(start: start, end: end, joined: joined) }
        return nil
    }
}
