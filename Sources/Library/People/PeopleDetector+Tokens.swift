/// Reading an article's text into words (`Token`s) for `PeopleDetector`, in one pass over the
/// scalars: each word's folded hash, its shape (capitals, hyphens, digits, initials, a possessive
/// ’s) and what came before it (a sentence start, punctuation, a comma, a Title Case line). Then,
/// on demand and once per word, what the lexicons say about it.
/// Per-word flags found while reading.
enum TF {
    static let upper: UInt16 = 1            // starts with a capital
    static let allCaps: UInt16 = 2          // two letters or more, all capitals
    static let lowerStart: UInt16 = 4
    static let digit: UInt16 = 8
    static let possessive: UInt16 = 16      // followed by ’s or s’ (not part of the span)
    static let sentenceStart: UInt16 = 64
    static let breakBefore: UInt16 = 128    // punctuation or a line break before: a name cannot continue
    static let hyphenLower: UInt16 = 256    // a hyphen followed by a small letter ("London-based", "Jong-un")
    static let commaBefore: UInt16 = 512
    static let titleCase: UInt16 = 1024     // on a Title Case line, where capitals say nothing
    static let initial: UInt16 = 2048       // one capital letter and a period
    static let capAfterHyphen: UInt16 = 4096 // "al-Assad", "anti-Putin"
    static let hyphen: UInt16 = 8192
    static let lineStart: UInt16 = 16384    // the first word of a line
}

struct Token {
    static let unknown: UInt32 = 1 << 31
    var start: Int32
    var end: Int32       // end of the name part: a possessive ’s is not included
    var hash: UInt64     // of the folded word (`Lexicon.hash`)
    var lex: UInt32      // `LexFlags` raw value; `Token.unknown` until looked up
    var flags: UInt16
    var letters: UInt16
}

extension Detection {
    // MARK: Characters

    @inline(__always)
    static func isLetter(_ v: UInt32) -> Bool {
        if v < 0x80 { return (v | 0x20) &- 0x61 < 26 }
        return isLetterSlow(v)
    }

    @inline(never)
    static func isLetterSlow(_ v: UInt32) -> Bool {
        if v < 0xC0 { return v == 0xAA || v == 0xB5 || v == 0xBA }
        if v <= 0x24F { return v != 0xD7 && v != 0xF7 }
        if (0x2000...0x2BFF).contains(v) || (0x3000...0x303F).contains(v) || v == 0xFFFD { return false }
        guard let scalar = Unicode.Scalar(v) else { return false }
        let p = scalar.properties
        if p.isAlphabetic { return true }
        switch p.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    @inline(__always)
    static func isUpper(_ v: UInt32) -> Bool {
        if v < 0x80 { return v &- 0x41 < 26 }
        if v < 0xC0 { return false }
        if v <= 0xDE { return v != 0xD7 }
        if v < 0x100 { return false }
        return isUpperSlow(v)
    }

    /// Out of line, as `isLetterSlow` and `isMark` are: a function that reads a scalar's
    /// properties sets up the standard library's resilient types on every call, which would
    /// cost every word `scanWord` reads.
    @inline(never)
    static func isUpperSlow(_ v: UInt32) -> Bool {
        guard let scalar = Unicode.Scalar(v) else { return false }
        return scalar.properties.isUppercase || scalar.properties.generalCategory == .titlecaseLetter
    }

    /// Whether `v` is a digit of any script (it has a numeric type), out of line (`isUpperSlow`).
    @inline(never)
    static func isNumeric(_ v: UInt32) -> Bool {
        Unicode.Scalar(v)?.properties.numericType != nil
    }

    @inline(__always)
    static func isDigit(_ v: UInt32) -> Bool { v &- 0x30 < 10 }

    /// The hyphens `scanWord` reads inside a word.
    @inline(__always)
    static func isHyphen(_ v: UInt32) -> Bool { v == 0x2D || v == 0x2010 || v == 0x2011 }

    @inline(never)
    static func isMark(_ v: UInt32) -> Bool {
        guard v >= 0x300, let scalar = Unicode.Scalar(v) else { return false }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    // MARK: Reading words

    mutating func tokenize() {
        let n = s.count
        guard n > 0 else { return }
        let p = s.baseAddress.unsafelyUnwrapped
        // A word takes a scalar and is followed by one that is not in it: at most one word in two.
        tokens.reserveCapacity(min(n / 2 + 1, n / 5 + 64))
        var i = 0
        // What came before the next word: `TF.breakBefore`, `.sentenceStart`, `.commaBefore`, `.lineStart`.
        var pending = TF.breakBefore | TF.sentenceStart | TF.lineStart
        var lineStart = 0, lineHasContent = false, lastContent: UInt32 = 0
        var lineFirstToken = 0, lineLong = 0, lineLongCapitalised = 0

        while i < n {
            let v = p[i].value
            if Detection.isLetter(v) || Detection.isDigit(v) {
                var (token, next) = scanWord(at: i)
                token.flags |= pending
                pending = token.flags & TF.possessive != 0 ? TF.breakBefore : 0
                if token.letters >= 4 {
                    lineLong &+= 1
                    if token.flags & TF.upper != 0 { lineLongCapitalised &+= 1 }
                }
                tokens.append(token)
                lineHasContent = true
                lastContent = p[next - 1].value
                i = next
                continue
            }
            switch v {
            case 0x20, 0x0D, 0xA0, 0x2000...0x200A, 0x202F, 0x205F, 0x3000:
                i += 1
                continue
            case 0x09:
                // Between table cells (a page's text) or columns: no name runs across it.
                pending |= TF.breakBefore
                i += 1
                continue
            case 0x0A:
                pending |= TF.lineStart
                endLine(lineFirstToken, long: lineLong, capitalised: lineLongCapitalised, last: lastContent)
                let length = i - lineStart
                let wraps = lineHasContent && length >= 60 &&
                    (Detection.isLetter(lastContent) || Detection.isDigit(lastContent) || lastContent == 0x2C)
                if !wraps { pending |= TF.sentenceStart | TF.breakBefore }
                lineStart = i + 1
                lineHasContent = false
                lineFirstToken = tokens.count
                lineLong = 0
                lineLongCapitalised = 0
                i += 1
                continue
            case 0x2E: // .
                if let t = tokens.indices.last, Int(tokens[t].end) == i,
                   tokens[t].flags & TF.initial != 0 || (tokens[t].flags & TF.lowerStart == 0 && tokens[t].letters <= 5 && lex(t).contains(.abbreviation)) {
                    // "Lt." or "J.": the period does not end a sentence.
                } else {
                    pending |= TF.sentenceStart | TF.breakBefore
                }
            case 0x21, 0x3F, 0x2026, 0x3A: // ! ? … :
                pending |= TF.sentenceStart | TF.breakBefore
            case 0x2C: // ,
                pending |= TF.breakBefore | TF.commaBefore
            case 0x201C, 0x201E, 0x2018, 0xAB: // opening quotes
                pending |= TF.breakBefore | TF.sentenceStart
            case 0x22:
                pending |= TF.breakBefore
                if i == 0 { pending |= TF.sentenceStart } else {
                    switch p[i - 1].value {
                    case 0x20, 0x0A, 0x09, 0x28, 0xA0: pending |= TF.sentenceStart
                    default: break
                    }
                }
            default: // ; and any other mark
                pending |= TF.breakBefore
            }
            lineHasContent = true
            lastContent = v
            i += 1
        }
        endLine(lineFirstToken, long: lineLong, capitalised: lineLongCapitalised, last: lastContent)
    }

    /// A Title Case line (headline), words `first...` with `long` words of four letters or more,
    /// `capitalised` of them capitalised, `last` its last mark: capitals say nothing there.
    mutating func endLine(_ first: Int, long: Int, capitalised: Int, last: UInt32) {
        if long >= 3 && capitalised * 5 >= long * 4 && last != 0x2E {
            for t in first..<tokens.count { tokens[t].flags |= TF.titleCase }
        }
    }

    /// Reads one word starting at `i` (a letter or digit, as `tokenize` checked): letters, digits,
    /// inner hyphens and apostrophes ("Rostov-on-Don", "O’Sullivan"); a possessive ’s or s’ ends it
    /// and is skipped. Always takes at least the scalar at `i`: the returned next offset is past it.
    @inline(__always)
    mutating func scanWord(at i: Int) -> (Token, Int) {
        let n = s.count
        let p = s.baseAddress.unsafelyUnwrapped
        var j = i
        var h = Lexicon.fnvOffset
        var letters = 0, capitals = 0
        var flags: UInt16 = 0
        let first = p[i].value
        if Detection.isUpper(first) { flags |= TF.upper } else if Detection.isLetter(first) { flags |= TF.lowerStart }
        var end = -1, next = -1
        var lastLetter: UInt32 = 0

        scan: while j < n {
            let v = p[j].value
            if v < 0x80 {
                let low = v | 0x20
                if low &- 0x61 < 26 {
                    h = (h ^ UInt64(low)) &* Lexicon.fnvPrime
                    letters &+= 1
                    if v < 0x61 { capitals &+= 1 }
                    lastLetter = low
                    j &+= 1
                    continue
                }
                if Detection.isDigit(v) {
                    h = (h ^ UInt64(v)) &* Lexicon.fnvPrime
                    flags |= TF.digit
                    j &+= 1
                    continue
                }
            }
            switch v {
            case 0x2D, 0x2010, 0x2011: // hyphen inside a word
                guard j + 1 < n, Detection.isLetter(p[j + 1].value) else { break scan }
                h = (h ^ 0x2D) &* Lexicon.fnvPrime
                flags |= TF.hyphen | (Detection.isUpper(p[j + 1].value) ? TF.capAfterHyphen : TF.hyphenLower)
                j += 1
                continue
            case 0x27, 0x2019, 0x02BC: // apostrophe
                // ʼ (a modifier letter) starting a word is a letter (only letters start one).
                if j == i { fallthrough }
                let n1: UInt32 = j + 1 < n ? p[j + 1].value : 0
                let n2: UInt32 = j + 2 < n ? p[j + 2].value : 0
                if Detection.isLetter(n1) {
                    if (n1 == 0x73 || n1 == 0x53) && !Detection.isLetter(n2) {
                        end = j; next = j + 2; flags |= TF.possessive
                        break scan
                    }
                    let n3: UInt32 = j + 3 < n ? p[j + 3].value : 0
                    if (n1 == 0x74 || n1 == 0x64 || n1 == 0x6D) && !Detection.isLetter(n2) {
                        end = j; next = j + 2 // didn’t, I’d, I’m
                        break scan
                    }
                    if ((n1 == 0x6C && n2 == 0x6C) || (n1 == 0x72 && n2 == 0x65) || (n1 == 0x76 && n2 == 0x65)) && !Detection.isLetter(n3) {
                        end = j; next = j + 3 // we’ll, they’re, I’ve
                        break scan
                    }
                    h = (h ^ 0x27) &* Lexicon.fnvPrime
                    j += 1
                    continue
                }
                if lastLetter == 0x73 && j > i {
                    end = j; next = j + 1; flags |= TF.possessive // Jones’
                }
                break scan
            default:
                guard v >= 0x80, Detection.isLetterSlow(v) else { break scan }
                let letter = scanLetter(v, h)
                h = letter.hash
                if letter.counts {
                    letters += 1
                    if letter.capital { capitals += 1 }
                    lastLetter = letter.last
                }
                j += 1
                continue
            }
        }
        if end < 0 { end = j; next = j }
        // `tokenize` continues at `next`: a word that took nothing would be read again forever.
        precondition(next > i, "scanWord made no progress")
        if letters >= 2 && capitals == letters { flags |= TF.allCaps }
        if letters == 1 && capitals == 1 && first != 0x49 && next < n && p[next].value == 0x2E { flags |= TF.initial }
        let token = Token(start: Int32(i), end: Int32(end), hash: h, lex: Token.unknown, flags: flags,
                          letters: UInt16(min(letters, Int(UInt16.max))))
        return (token, next)
    }

    /// A letter beyond ASCII in `scanWord`, out of line (the ASCII loop keeps its registers):
    /// `h` with its folded form mixed in; whether it counts as a letter (not a mark), whether it
    /// is a capital, and the last scalar of its folded form.
    @inline(never)
    mutating func scanLetter(_ v: UInt32, _ h: UInt64) -> (hash: UInt64, counts: Bool, capital: Bool, last: UInt32) {
        var h = h
        foldBuffer.removeAll(keepingCapacity: true)
        Folding.fold(Unicode.Scalar(v).unsafelyUnwrapped, into: &foldBuffer)
        for f in foldBuffer { h = (h ^ UInt64(f.value)) &* Lexicon.fnvPrime }
        guard !Detection.isMark(v) else { return (h, false, false, 0) }
        return (h, true, Detection.isUpper(v), foldBuffer.last?.value ?? 0)
    }

    /// Folds word `t` into `keyBuffer` (the same values `scanWord` hashed).
    mutating func fillKey(_ t: Int) {
        fillKey(Int(tokens[t].start)..<Int(tokens[t].end))
    }

    /// Folds scalars `range` into `keyBuffer`.
    mutating func fillKey(_ range: Range<Int>) {
        keyBuffer.removeAll(keepingCapacity: true)
        for j in range {
            let v = s[j].value
            if v < 0x80 {
                keyBuffer.append(v &- 0x41 < 26 ? v | 0x20 : v)
            } else {
                foldBuffer.removeAll(keepingCapacity: true)
                Folding.fold(s[j], into: &foldBuffer)
                for f in foldBuffer { keyBuffer.append(f.value) }
            }
        }
    }

    mutating func key(_ t: Int) -> [UInt32] {
        fillKey(t)
        return keyBuffer
    }

    /// What the lexicons say about word `t` (looked up once). A hyphenated word whose parts are
    /// all given names ("Anne-Sophie", "Jean-Baptiste") is a given name.
    mutating func lex(_ t: Int) -> LexFlags {
        if tokens[t].lex == Token.unknown {
            let slot = lexicon.find(hash: tokens[t].hash, scalars: s[Int(tokens[t].start)..<Int(tokens[t].end)], scratch: &foldBuffer)
            var flags = lexicon.flags(slot)
            if slot < 0 && has(t, TF.hyphen) && has(t, TF.upper) && !has(t, TF.hyphenLower) {
                var given = true
                for part in parts(t) where !lexPart(part).contains(.given) { given = false; break }
                if given { flags = .given }
            }
            tokens[t].lex = flags.rawValue
        }
        return LexFlags(rawValue: tokens[t].lex)
    }

    /// Lexicon flags of part of a word (scalars `range`), e.g. one part of a hyphenated word.
    mutating func lexPart(_ range: Range<Int>) -> LexFlags {
        fillKey(range)
        let h = Lexicon.hash(keyBuffer)
        let slot = keyBuffer.withUnsafeBufferPointer { lexicon.find($0, hash: h) }
        return lexicon.flags(slot)
    }

    /// The hyphen-separated parts of word `t` as scalar ranges.
    func parts(_ t: Int) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var a = Int(tokens[t].start)
        for j in a..<Int(tokens[t].end) where Detection.isHyphen(s[j].value) {
            out.append(a..<j)
            a = j + 1
        }
        out.append(a..<Int(tokens[t].end))
        return out
    }
}
