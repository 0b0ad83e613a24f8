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
        // Words are written straight into the array's storage (no copy, no uniqueness check per
        // word). Prose has a word in six scalars or fewer; a text with more words than room for
        // one in five (a table of numbers) is read again with room for the most it can have: a
        // word takes a scalar and is followed by one that is not in it, at most one word in two.
        // The words starting in lower case are noted for the model (`lowerWords`) as they are
        // read: a pass over the words afterwards reads them all again from memory (in a
        // name-dense article of 8 MB, 30 MB of words, which no cache holds).
        var capacity = min(n / 2 + 1, n / 5 + 64)
        while true {
            var complete = false
            var lower = WordFilter()
            tokens = [Token](unsafeUninitializedCapacity: capacity) { words, count in
                lower.withBits { bits in
                    complete = tokenize(into: words.baseAddress.unsafelyUnwrapped, capacity: capacity, count: &count, lower: bits)
                }
            }
            lowerWords = lower
            if complete { return }
            precondition(capacity < n / 2 + 1, "tokenize: more words than the text has room for")
            capacity = n / 2 + 1
        }
    }

    /// Reads the words into `words` (room for `capacity`), `count` of them; false when they
    /// did not fit (`count` words were read).
    private mutating func tokenize(into words: UnsafeMutablePointer<Token>, capacity: Int, count: inout Int,
                                   lower: UnsafeMutablePointer<UInt64>) -> Bool {
        let n = s.count
        let p = s.baseAddress.unsafelyUnwrapped
        var i = 0
        // What came before the next word: `TF.breakBefore`, `.sentenceStart`, `.commaBefore`, `.lineStart`.
        var pending = TF.breakBefore | TF.sentenceStart | TF.lineStart
        var lineStart = 0, lineFirstToken = 0

        while i < n {
            let v = p[i].value
            if v == 0x20 {
                i &+= 1
                continue
            }
            if count == capacity && (Detection.isLetter(v) || Detection.isDigit(v)) { return false }
            if (v | 0x20) &- 0x61 < 26 {
                // A word of ASCII letters ended by an ASCII mark that no word continues with (a
                // space, a comma): read here; anything else, by `scanWord`.
                let (j, h, small) = Detection.asciiLetters(p, i, n)
                let w: UInt32 = j < n ? p[j].value : 0x20
                if w < 0x80 && !Detection.isDigit(w) && w != 0x2D && w != 0x27 {
                    let letters = j &- i
                    var flags = pending | (v < 0x61 ? TF.upper : TF.lowerStart)
                    if small & 0x20 == 0 {
                        if letters >= 2 { flags |= TF.allCaps } else if v != 0x49 && w == 0x2E { flags |= TF.initial }
                    }
                    (words + count).initialize(to: Token(start: Int32(truncatingIfNeeded: i), end: Int32(truncatingIfNeeded: j), hash: h,
                                                         lex: Token.unknown, flags: flags, letters: UInt16(truncatingIfNeeded: min(letters, 0xFFFF))))
                    if flags & TF.lowerStart != 0 { WordFilter.insert(h, into: lower) }
                    pending = 0
                    count &+= 1
                    i = w == 0x20 && j < n ? j &+ 1 : j  // (the space after it says nothing)
                    continue
                }
            }
            if Detection.isLetter(v) || Detection.isDigit(v) {
                let next = scanWord(at: i, into: &words[count])
                let flags = words[count].flags | pending
                words[count].flags = flags
                if flags & TF.lowerStart != 0 { WordFilter.insert(words[count].hash, into: lower) }
                pending = flags & TF.possessive != 0 ? TF.breakBefore : 0
                count &+= 1
                i = next
                continue
            }
            switch v {
            case 0x0D, 0xA0, 0x2000...0x200A, 0x202F, 0x205F, 0x3000:
                i += 1
                continue
            case 0x09:
                // Between table cells (a page's text) or columns: no name runs across it.
                pending |= TF.breakBefore
                i += 1
                continue
            case 0x0A:
                pending |= TF.lineStart
                let last = lastContent(lineStart..<i)
                Detection.endLine(words, lineFirstToken..<count, last: last ?? 0)
                if let last, i - lineStart >= 60 && (Detection.isLetter(last) || Detection.isDigit(last) || last == 0x2C) {
                    // A wrapped line: the sentence goes on.
                } else {
                    pending |= TF.sentenceStart | TF.breakBefore
                }
                lineStart = i + 1
                lineFirstToken = count
                i += 1
                continue
            case 0x2E: // .
                if count > 0, Int(words[count - 1].end) == i,
                   words[count - 1].flags & TF.initial != 0 || (words[count - 1].flags & TF.lowerStart == 0 && words[count - 1].letters <= 5 && {
                       if words[count - 1].lex == Token.unknown { words[count - 1].lex = lexFlags(words[count - 1]) }
                       return LexFlags(rawValue: words[count - 1].lex).contains(.abbreviation)
                   }()) {
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
            i += 1
        }
        Detection.endLine(words, lineFirstToken..<count, last: lastContent(lineStart..<n) ?? 0)
        return true
    }

    /// The run of ASCII letters at `i` (at least one, as the callers checked): where it ends,
    /// `hash` with its folded letters mixed in, and its letters or'ed (bit 0x20 set: a small letter among
    /// them). Out of line, so that the loop has its registers to itself.
    @inline(never)
    static func asciiLetters(_ p: UnsafePointer<Unicode.Scalar>, _ i: Int, _ n: Int, hash: UInt64 = Lexicon.fnvOffset) -> (end: Int, hash: UInt64, small: UInt32) {
        var v = p[i].value
        var j = i, h = hash, small: UInt32 = 0
        repeat {
            h = (h ^ UInt64(v | 0x20)) &* Lexicon.fnvPrime
            small |= v
            j &+= 1
            if j == n { break }
            v = p[j].value
        } while (v | 0x20) &- 0x61 < 26
        return (j, h, small)
    }

    /// The last scalar of a line (scalars `line`) that is neither a space nor a tab: the end of
    /// its last word or its last mark; nil for a blank line.
    func lastContent(_ line: Range<Int>) -> UInt32? {
        var q = line.upperBound - 1
        while q >= line.lowerBound {
            switch s[q].value {
            case 0x20, 0x0D, 0xA0, 0x2000...0x200A, 0x202F, 0x205F, 0x3000, 0x09: q -= 1
            default: return s[q].value
            }
        }
        return nil
    }

    /// A Title Case line (headline), words `line`, `last` its last mark: when three or more of
    /// its words have four letters or more and four in five of those are capitalised,
    /// capitals say nothing there.
    static func endLine(_ words: UnsafeMutablePointer<Token>, _ line: Range<Int>, last: UInt32) {
        guard line.count >= 3, last != 0x2E else { return }
        var long = 0, capitalised = 0
        for t in line where words[t].letters >= 4 {
            long += 1
            if words[t].flags & TF.upper != 0 { capitalised += 1 }
        }
        if long >= 3 && capitalised * 5 >= long * 4 {
            for t in line { words[t].flags |= TF.titleCase }
        }
    }

    /// Reads one word starting at `i` (a letter or digit, as `tokenize` checked) into `token`:
    /// letters, digits, inner hyphens and apostrophes ("Rostov-on-Don", "O’Sullivan"); a
    /// possessive ’s or s’ ends it and is skipped. Always takes at least the scalar at `i`: the
    /// returned next offset is past it.
    @inline(__always)
    mutating func scanWord(at i: Int, into token: inout Token) -> Int {
        let n = s.count
        let p = s.baseAddress.unsafelyUnwrapped
        var j = i
        var h = Lexicon.fnvOffset
        var letters = 0
        // Bit 0x20 set once a letter that is not a capital was read (ASCII small letters have it).
        var small: UInt32 = 0
        var flags: UInt16 = 0
        let first = p[i].value
        if Detection.isUpper(first) { flags |= TF.upper } else if Detection.isLetter(first) { flags |= TF.lowerStart }
        var end = -1, next = -1
        var lastLetter: UInt32 = 0

        scan: while j < n {
            let v = p[j].value
            // A run of ASCII letters, the common case, read by `asciiLetters`. (Any scalar at or
            // above 0x80 fails the test: `v | 0x20` minus 0x61 is then 31 or more.)
            if (v | 0x20) &- 0x61 < 26 {
                let run = Detection.asciiLetters(p, j, n, hash: h)
                letters &+= run.end &- j
                small |= run.small
                h = run.hash
                j = run.end
                lastLetter = p[j &- 1].value | 0x20
                continue
            }
            if Detection.isDigit(v) {
                h = (h ^ UInt64(v)) &* Lexicon.fnvPrime
                flags |= TF.digit
                j &+= 1
                continue
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
                    if !letter.capital { small = 0x20 }
                    lastLetter = letter.last
                }
                j += 1
                continue
            }
        }
        if end < 0 { end = j; next = j }
        // `tokenize` continues at `next`: a word that took nothing would be read again forever.
        precondition(next > i, "scanWord made no progress")
        let allCapitals = small & 0x20 == 0
        if letters >= 2 && allCapitals { flags |= TF.allCaps }
        if letters == 1 && allCapitals && first != 0x49 && next < n && p[next].value == 0x2E { flags |= TF.initial }
        token = Token(start: Int32(i), end: Int32(end), hash: h, lex: Token.unknown, flags: flags,
                      letters: UInt16(min(letters, Int(UInt16.max))))
        return next
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
        let p = s.baseAddress.unsafelyUnwrapped
        var ascii: UInt32 = 0
        for j in range { ascii |= p[j].value }
        if ascii < 0x80 {
            // Folding an ASCII word changes its capitals alone: folded on the stack, put in
            // place of the last key at once.
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: range.count) { folded in
                for (k, j) in range.enumerated() {
                    let v = p[j].value
                    folded[k] = v &- 0x41 < 26 ? v | 0x20 : v
                }
                keyBuffer.replaceSubrange(keyBuffer.startIndex..<keyBuffer.endIndex, with: folded)
            }
            return
        }
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

    /// Word `t` folded, in an array of its own (`keyBuffer` keeps its storage to itself).
    mutating func key(_ t: Int) -> [UInt32] {
        fillKey(t)
        return Array(keyBuffer[...])
    }

    /// What the lexicons say about word `t` (looked up once). A hyphenated word whose parts are
    /// all given names ("Anne-Sophie", "Jean-Baptiste") is a given name.
    @inline(__always)
    mutating func lex(_ t: Int) -> LexFlags {
        let known = tokens[t].lex
        if known != Token.unknown { return LexFlags(rawValue: known) }
        return lexLookUp(t)
    }

    @inline(never)
    mutating func lexLookUp(_ t: Int) -> LexFlags {
        let flags = lexFlags(tokens[t])
        tokens[t].lex = flags
        return LexFlags(rawValue: flags)
    }

    /// What the lexicons say about `token` (`lex`).
    mutating func lexFlags(_ token: Token) -> UInt32 {
        let slot = lexicon.find(hash: token.hash, scalars: s[Int(token.start)..<Int(token.end)], scratch: &foldBuffer)
        var flags = lexicon.flags(slot)
        if slot < 0 && token.flags & TF.hyphen != 0 && token.flags & TF.upper != 0 && token.flags & TF.hyphenLower == 0 {
            var given = true
            for part in parts(Int(token.start)..<Int(token.end)) where !lexPart(part).contains(.given) { given = false; break }
            if given { flags = .given }
        }
        return flags.rawValue
    }

    /// Lexicon flags of part of a word (scalars `range`), e.g. one part of a hyphenated word.
    mutating func lexPart(_ range: Range<Int>) -> LexFlags {
        fillKey(range)
        let h = Lexicon.hash(keyBuffer)
        let slot = keyBuffer.withUnsafeBufferPointer { lexicon.find($0, hash: h) }
        return lexicon.flags(slot)
    }

    /// The hyphen-separated parts of word `t` as scalar ranges.
    func parts(_ t: Int) -> WordParts {
        parts(Int(tokens[t].start)..<Int(tokens[t].end))
    }

    /// The hyphen-separated parts of the word at scalars `word`.
    func parts(_ word: Range<Int>) -> WordParts {
        WordParts(s, word)
    }
}

/// The hyphen-separated parts of a word, as scalar ranges: found in the text when asked for
/// (words have few), so that asking allocates nothing.
struct WordParts: RandomAccessCollection {
    private let s: UnsafeBufferPointer<Unicode.Scalar>
    private let word: Range<Int>
    let count: Int

    init(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ word: Range<Int>) {
        self.s = s
        self.word = word
        var hyphens = 0
        for j in word where Detection.isHyphen(s[j].value) { hyphens += 1 }
        count = hyphens + 1
    }

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    /// Part `k`: from after the k-th hyphen to the next one (or the word's end).
    subscript(k: Int) -> Range<Int> {
        precondition(k >= 0 && k < count, "WordParts: part out of range")
        var a = word.lowerBound, seen = 0
        for j in word where Detection.isHyphen(s[j].value) {
            if seen == k { return a..<j }
            seen += 1
            a = j + 1
        }
        return a..<word.upperBound
    }
}
