/// Finds the names in an article's text — persons, organisations, places — and tells which
/// person mentions name the same person within the article.
///
/// Rule-based: words are read once (scalars, ASCII fast paths, no `String` per word), capitalised
/// runs are cut at titles ("Defense Minister"), function words and punctuation, and judged with
/// lexicons (given names, titles, organisation and place cues, places, demonyms) and the shape of
/// surnames. A lone surname is a person when the article names that person in full, or when its
/// context says so (a surname ending such as -ov/-sky/-enko mid-sentence, "the Obama
/// administration", "Kerensky, who", "the novelist Okri", "Lenin and Trotsky").
///
/// Pure and thread-safe: it runs in `Corpus.load(analyze:)` worker threads.
public enum PeopleDetector {
    /// The names in `text`, sorted by `start`.
    public static func detect(_ text: ArticleText) -> [EntityMention] {
        text.scalars.withUnsafeBufferPointer { buffer in
            var detection = Detection(buffer)
            detection.tokenize()
            detection.findNames()
            return detection.mentions()
        }
    }
}

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

/// The work of one `detect` call.
struct Detection {
    struct Found {
        var first: Int
        var last: Int
        var kind: EntityMention.Kind
        var form: EntityMention.Form
        var core: Int    // persons: the surname's word (-1 for a given name alone)
        var given: Int   // persons: the given name's word, or -1
    }

    struct Lone {
        var token: Int
        /// Context alone (a surname ending, "who", a role noun) may make it a person: it stood
        /// mid-sentence on its own, not left over from a longer capitalised run.
        var weak: Bool
    }

    let s: UnsafeBufferPointer<Unicode.Scalar>
    let lexicon = Lexicon.shared
    var tokens: [Token] = []
    var keyBuffer: [UInt32] = []
    var foldBuffer: [Unicode.Scalar] = []
    var found: [Found] = []
    var covered: [Int32] = []
    var lones: [Lone] = []
    /// Surnames of persons named in this article (folded word hash), with the words that
    /// precede them in the full name ("von der" for "Leyen", "Ruiz de la" for "Torre").
    var surnames = SmallMap<[UInt64]>()
    /// First words of organisation and place names ("Wagner" of "Wagner Group").
    var heads = SmallMap<EntityMention.Kind>()
    /// Words already checked against the given names at one edit.
    var fuzzy = SmallMap<Bool>()

    init(_ s: UnsafeBufferPointer<Unicode.Scalar>) {
        self.s = s
    }

    // MARK: Characters

    static let fnvOffset: UInt64 = 0xcbf2_9ce4_8422_2325
    static let fnvPrime: UInt64 = 0x0000_0100_0000_01B3

    @inline(__always)
    static func isLetter(_ v: UInt32) -> Bool {
        if v < 0x80 { return (v | 0x20) &- 0x61 < 26 }
        return isLetterSlow(v)
    }

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
        guard let scalar = Unicode.Scalar(v) else { return false }
        return scalar.properties.isUppercase || scalar.properties.generalCategory == .titlecaseLetter
    }

    @inline(__always)
    static func isDigit(_ v: UInt32) -> Bool { v &- 0x30 < 10 }

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
        tokens.reserveCapacity(n / 5 + 8)
        var i = 0
        var pendingBreak = true, pendingSentence = true, pendingComma = false
        var lineStart = 0, lineHasContent = false, lastContent: UInt32 = 0
        var lineFirstToken = 0, lineLong = 0, lineLongCapitalised = 0

        func endLine(_ tokens: inout [Token]) {
            // A Title Case line (headline): capitals say nothing there.
            if lineLong >= 3 && lineLongCapitalised * 5 >= lineLong * 4 && lastContent != 0x2E {
                for t in lineFirstToken..<tokens.count { tokens[t].flags |= TF.titleCase }
            }
        }

        while i < n {
            let v = s[i].value
            if Detection.isLetter(v) || Detection.isDigit(v) {
                var (token, next) = scanWord(at: i)
                if pendingBreak { token.flags |= TF.breakBefore }
                if pendingSentence { token.flags |= TF.sentenceStart }
                if pendingComma { token.flags |= TF.commaBefore }
                pendingBreak = token.flags & TF.possessive != 0
                pendingSentence = false
                pendingComma = false
                if token.letters >= 4 {
                    lineLong += 1
                    if token.flags & TF.upper != 0 { lineLongCapitalised += 1 }
                }
                tokens.append(token)
                lineHasContent = true
                lastContent = s[next - 1].value
                i = next
                continue
            }
            switch v {
            case 0x20, 0x09, 0x0D, 0xA0, 0x2000...0x200A, 0x202F, 0x205F, 0x3000:
                i += 1
                continue
            case 0x0A:
                endLine(&tokens)
                let length = i - lineStart
                let wraps = lineHasContent && length >= 60 &&
                    (Detection.isLetter(lastContent) || Detection.isDigit(lastContent) || lastContent == 0x2C)
                if !wraps {
                    pendingSentence = true
                    pendingBreak = true
                }
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
                    pendingSentence = true
                    pendingBreak = true
                }
            case 0x21, 0x3F, 0x2026, 0x3A, 0x3B: // ! ? … : ;
                pendingSentence = pendingSentence || v != 0x3B
                pendingBreak = true
            case 0x2C: // ,
                pendingBreak = true
                pendingComma = true
            case 0x201C, 0x201E, 0x2018, 0xAB: // opening quotes
                pendingBreak = true
                pendingSentence = true
            case 0x22:
                pendingBreak = true
                if i == 0 || [0x20, 0x0A, 0x09, 0x28, 0xA0].contains(s[i - 1].value) { pendingSentence = true }
            default:
                pendingBreak = true
            }
            lineHasContent = true
            lastContent = v
            i += 1
        }
        endLine(&tokens)
    }

    /// Reads one word starting at `i`: letters, digits, inner hyphens and apostrophes
    /// ("Rostov-on-Don", "O’Sullivan"); a possessive ’s or s’ ends it and is skipped.
    mutating func scanWord(at i: Int) -> (Token, Int) {
        let n = s.count
        var j = i
        var h = Detection.fnvOffset
        var letters = 0, capitals = 0
        var flags: UInt16 = 0
        let first = s[i].value
        if Detection.isUpper(first) { flags |= TF.upper } else if Detection.isLetter(first) { flags |= TF.lowerStart }
        var end = -1, next = -1
        var lastLetter: UInt32 = 0

        @inline(__always) func mix(_ v: UInt32) { h = (h ^ UInt64(v)) &* Detection.fnvPrime }

        scan: while j < n {
            let v = s[j].value
            if v < 0x80 {
                let low = v | 0x20
                if low &- 0x61 < 26 {
                    mix(low)
                    letters += 1
                    if v < 0x61 { capitals += 1 }
                    lastLetter = low
                    j += 1
                    continue
                }
                if Detection.isDigit(v) {
                    mix(v)
                    flags |= TF.digit
                    j += 1
                    continue
                }
            }
            switch v {
            case 0x2D, 0x2010, 0x2011: // hyphen inside a word
                guard j + 1 < n, Detection.isLetter(s[j + 1].value) else { break scan }
                mix(0x2D)
                flags |= TF.hyphen | (Detection.isUpper(s[j + 1].value) ? TF.capAfterHyphen : TF.hyphenLower)
                j += 1
                continue
            case 0x27, 0x2019, 0x02BC: // apostrophe
                let n1: UInt32 = j + 1 < n ? s[j + 1].value : 0
                let n2: UInt32 = j + 2 < n ? s[j + 2].value : 0
                if Detection.isLetter(n1) {
                    if (n1 == 0x73 || n1 == 0x53) && !Detection.isLetter(n2) {
                        end = j; next = j + 2; flags |= TF.possessive
                        break scan
                    }
                    let n3: UInt32 = j + 3 < n ? s[j + 3].value : 0
                    if (n1 == 0x74 || n1 == 0x64 || n1 == 0x6D) && !Detection.isLetter(n2) {
                        end = j; next = j + 2 // didn’t, I’d, I’m
                        break scan
                    }
                    if ((n1 == 0x6C && n2 == 0x6C) || (n1 == 0x72 && n2 == 0x65) || (n1 == 0x76 && n2 == 0x65)) && !Detection.isLetter(n3) {
                        end = j; next = j + 3 // we’ll, they’re, I’ve
                        break scan
                    }
                    mix(0x27)
                    j += 1
                    continue
                }
                if lastLetter == 0x73 && j > i {
                    end = j; next = j + 1; flags |= TF.possessive // Jones’
                }
                break scan
            default:
                guard v >= 0x80, Detection.isLetterSlow(v) else { break scan }
                foldBuffer.removeAll(keepingCapacity: true)
                Folding.fold(s[j], into: &foldBuffer)
                for f in foldBuffer { mix(f.value) }
                if !Detection.isMark(v) {
                    letters += 1
                    if Detection.isUpper(v) { capitals += 1 }
                    lastLetter = foldBuffer.last?.value ?? 0
                }
                j += 1
                continue
            }
        }
        if end < 0 { end = j; next = j }
        if letters >= 2 && capitals == letters { flags |= TF.allCaps }
        if letters == 1 && capitals == 1 && first != 0x49 && next < n && s[next].value == 0x2E { flags |= TF.initial }
        let token = Token(start: Int32(i), end: Int32(end), hash: h, lex: Token.unknown, flags: flags,
                          letters: UInt16(min(letters, Int(UInt16.max))))
        return (token, next)
    }

    /// Folds word `t` into `keyBuffer` (the same values `scanWord` hashed).
    mutating func fillKey(_ t: Int) {
        keyBuffer.removeAll(keepingCapacity: true)
        for j in Int(tokens[t].start)..<Int(tokens[t].end) {
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
                for part in parts(t) where !lexPart(part.lowerBound, part.upperBound).contains(.given) { given = false; break }
                if given { flags = .given }
            }
            tokens[t].lex = flags.rawValue
        }
        return LexFlags(rawValue: tokens[t].lex)
    }

    /// Lexicon flags of part of a word (`a..<b` scalars), e.g. one part of a hyphenated word.
    mutating func lexPart(_ a: Int, _ b: Int) -> LexFlags {
        keyBuffer.removeAll(keepingCapacity: true)
        for j in a..<b {
            foldBuffer.removeAll(keepingCapacity: true)
            Folding.fold(s[j], into: &foldBuffer)
            for f in foldBuffer { keyBuffer.append(f.value) }
        }
        let h = Lexicon.hash(keyBuffer)
        let slot = keyBuffer.withUnsafeBufferPointer { lexicon.find($0, hash: h) }
        return lexicon.flags(slot)
    }

    /// The hyphen-separated parts of word `t` as scalar ranges.
    func parts(_ t: Int) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var a = Int(tokens[t].start)
        for j in a..<Int(tokens[t].end) where [0x2D, 0x2010, 0x2011].contains(s[j].value) {
            out.append(a..<j)
            a = j + 1
        }
        out.append(a..<Int(tokens[t].end))
        return out
    }

    // MARK: Word classes

    func has(_ t: Int, _ flag: UInt16) -> Bool { tokens[t].flags & flag != 0 }

    /// A capitalised word that a name could contain.
    mutating func isCandidate(_ t: Int) -> Bool {
        let f = tokens[t].flags
        if f & TF.digit != 0 { return false }
        if f & TF.upper != 0 {
            if f & TF.allCaps != 0 { return isRegnalNumber(t) }
            if f & TF.hyphenLower != 0 {
                if isPlacePattern(t) { return false }
                let p = parts(t)
                if lexPart(p[p.count - 1].lowerBound, p[p.count - 1].upperBound).contains(.adjectiveSuffix) { return false }
                // "Pro-Kremlin" style prefixes are never names either.
            }
            return true
        }
        if f & TF.capAfterHyphen != 0 {
            // "al-Assad", "as-Sadr": a particle joined to a name (but not "anti-Putin").
            let p = parts(t)
            return Detection.hyphenPrefixes.contains(s[p[0]].map(\.value))
        }
        return false
    }

    /// "Juan Carlos I", "Elizabeth II", "World War II": a numeral after a capitalised word.
    func isRegnalNumber(_ t: Int) -> Bool {
        t > 0 && !has(t, TF.breakBefore) && has(t - 1, TF.upper) && !has(t - 1, TF.allCaps) && !has(t - 1, TF.possessive)
            && Detection.romanNumerals.contains(tokens[t].hash)
    }

    static let romanNumerals: Set<UInt64> = Set(["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv", "xvi"].map(hashOf))

    /// "Rostov-on-Don", "Stratford-upon-Avon", "Aix-en-Provence": a place.
    mutating func isPlacePattern(_ t: Int) -> Bool {
        guard has(t, TF.hyphenLower), has(t, TF.upper) else { return false }
        let p = parts(t)
        guard p.count >= 3, Detection.isUpper(s[p[p.count - 1].lowerBound].value) else { return false }
        for part in p[1..<(p.count - 1)] {
            let word = s[part].map(\.value)
            if !Detection.linkingWords.contains(word) { return false }
        }
        return true
    }

    static let hyphenPrefixes: Set<[UInt32]> = Set(["al", "el", "ul", "ud", "ad", "as", "ash", "at", "az", "an", "ibn", "bin", "ben", "abu", "abd", "abdel", "abdul", "ould", "ag"]
        .map { $0.unicodeScalars.map(\.value) })

    static let linkingWords: Set<[UInt32]> = Set(["on", "upon", "sur", "en", "le", "la", "am", "an", "der", "de", "under", "in", "by", "the", "les", "aux", "sous", "lès"]
        .map { $0.unicodeScalars.map(\.value) })

    mutating func isLowerParticle(_ t: Int) -> Bool {
        has(t, TF.lowerStart) && !has(t, TF.hyphen) && lex(t).contains(.particle)
    }

    /// A common word ("The", "Clearly", "In") that no name contains: it splits a capitalised run.
    mutating func isHardCommon(_ t: Int) -> Bool {
        if tokens[t].letters == 1 && isRegnalNumber(t) { return false }
        let f = lex(t)
        return f.contains(.common) && f.isDisjoint(with: [.given, .title, .titleModifier, .placeStart, .particle, .place,
                                                          .demonym, .organisationCue, .placeCue])
    }

    /// A word that can end a person's name.
    mutating func plausibleSurname(_ t: Int) -> Bool {
        guard isCandidate(t), !has(t, TF.initial) else { return false }
        let f = lex(t)
        if !f.isDisjoint(with: [.demonym, .organisationCue, .placeCue, .title, .titleModifier]) { return false }
        if f.contains(.common) && !f.contains(.given) { return false }
        return true
    }

    /// Not at a sentence start nor on a Title Case line: its capital means something.
    func isMid(_ t: Int) -> Bool { tokens[t].flags & (TF.sentenceStart | TF.titleCase) == 0 }

    mutating func fuzzyGiven(_ t: Int) -> Bool {
        guard tokens[t].letters >= 5, !has(t, TF.hyphen) else { return false }
        if let known = fuzzy[tokens[t].hash] { return known }
        let near = lexicon.nearGivenName(key(t)) >= 0
        fuzzy[tokens[t].hash] = near
        return near
    }

    static let surnameEndings: [[UInt32]] = [
        "ov", "ova", "ev", "eva", "in", "ina", "yn", "sky", "skiy", "skyi", "ski", "ska", "skaya", "enko", "uk", "yuk",
        "chuk", "ich", "vych", "vic", "wicz", "czyk", "escu", "yan", "dze", "shvili", "oglu", "poulos", "akis", "idis",
    ].map { $0.unicodeScalars.map(\.value) }

    /// Ends like a surname (Slavic, Georgian, Armenian, Romanian, Greek, Turkish patterns).
    mutating func hasSurnameShape(_ t: Int) -> Bool {
        guard tokens[t].letters >= 5, !has(t, TF.hyphen) else { return false }
        fillKey(t)
        let k = keyBuffer
        for ending in Detection.surnameEndings where k.count >= ending.count + 3 {
            if k[(k.count - ending.count)...].elementsEqual(ending) {
                let before = k[k.count - ending.count - 1]
                // English places in -wich ("Norwich"); -in/-ina only after a consonant
                // ("Putin", "Stalin", not "Frankenstein").
                if ending == Detection.wichEnding && before == 0x77 { return false }
                if Detection.inEndings.contains(ending) && Detection.vowels.contains(before) { return false }
                return true
            }
        }
        return false
    }

    static let wichEnding: [UInt32] = "ich".unicodeScalars.map(\.value)
    static let inEndings: Set<[UInt32]> = [Array("in".unicodeScalars.map(\.value)), Array("ina".unicodeScalars.map(\.value))]
    static let vowels: Set<UInt32> = Set("aeiouy".unicodeScalars.map(\.value))

    static func hashOf(_ word: String) -> UInt64 { Lexicon.hash(word.unicodeScalars.map(\.value)) }
    static let whoHash = hashOf("who")
    static let theHash = hashOf("the")
    static let aHash = hashOf("a")
    static let anHash = hashOf("an")
    static let andHash = hashOf("and")
    static let orHash = hashOf("or")
    /// Lower-case words after a name that make it an organisation's or a place's ("the Wagner group").
    static let lowerCueHashes: [UInt64: EntityMention.Kind] = {
        var out: [UInt64: EntityMention.Kind] = [:]
        for w in ["group", "foundation", "institute", "company", "corporation", "brigade", "battalion", "prize", "award", "trust", "fund"] {
            out[hashOf(w)] = .organisation
        }
        for w in ["street", "avenue", "road", "square", "boulevard", "bridge", "airport", "station"] { out[hashOf(w)] = .place }
        return out
    }()

    // MARK: Finding names

    mutating func findNames() {
        let count = tokens.count
        covered = [Int32](repeating: -1, count: count)
        var k = 0
        while k < count {
            if !isCandidate(k) {
                if has(k, TF.upper) && isPlacePattern(k) {
                    emit(k, k, .place)
                } else if has(k, TF.allCaps) && tokens[k].letters <= 6 && !has(k, TF.digit) {
                    let f = lex(k)
                    if f.contains(.place) { emit(k, k, .place) } else if !f.contains(.common) { emit(k, k, .organisation) }
                }
                k += 1
                continue
            }
            var e = k + 1
            while e < count {
                if has(e - 1, TF.possessive) || has(e, TF.breakBefore) { break }
                if isCandidate(e) { e += 1; continue }
                // lower-case particles inside a name: "Ursula von der Leyen"
                var p = e
                while p < count && !has(p, TF.breakBefore) && isLowerParticle(p) { p += 1 }
                if p > e && p < count && !has(p, TF.breakBefore) && isCandidate(p) { e = p + 1; continue }
                break
            }
            processRun(k, e)
            k = e
        }
        resolveLones()
    }

    /// A capitalised run: split it at words no name contains, then judge each piece.
    mutating func processRun(_ a: Int, _ b: Int) {
        var start = a
        // A name ending in an organisation or place word is one name, common words and all:
        // "Jomo Kenyatta International Airport", "Royal National Theatre".
        while start < b - 1 && isHardCommon(start) { start += 1 }
        if b - start >= 2 && !lex(b - 1).isDisjoint(with: [.organisationCue, .placeCue]) && processOther(start, b) { return }
        for t in a..<b where isHardCommon(t) {
            if t > start { processPiece(start, t) }
            start = t + 1
        }
        if start < b { processPiece(start, b) }
    }

    mutating func processPiece(_ a: Int, _ b: Int) {
        // Named after someone but not a person: "Carnegie Foundation", "Mandela Street".
        if !lex(b - 1).isDisjoint(with: [.organisationCue, .placeCue]) && processOther(a, b) { return }
        // Titles: "Belarus President Alexander Lukashenko", "US Army Lt. Col. Alexander Vindman".
        var lastTitle = -1
        for t in a..<(b - 1) {
            let f = lex(t)
            if f.contains(.given) && f.isDisjoint(with: [.title, .titleModifier]) { break }
            if !f.isDisjoint(with: [.title, .titleModifier]) { lastTitle = t }
        }
        if lastTitle >= 0 {
            var ts = lastTitle
            while ts > a && !lex(ts - 1).isDisjoint(with: [.title, .titleModifier]) { ts -= 1 }
            var core = false
            for t in ts...lastTitle where lex(t).contains(.title) { core = true }
            if ts > a { processOther(a, ts) }
            classifyName(lastTitle + 1, b, titled: core, allowUnknownPair: true)
            return
        }
        if processOther(a, b) { return }
        // Storms, operations, flights: "Typhoon Haiyan" names no one.
        if b - a >= 2 && lex(a).contains(.otherStart) { return }
        // An organisation or place followed by a name: "the Mandela Institute Smith-Larsen".
        var t = b - 2
        while t > a && lex(t).isDisjoint(with: [.organisationCue, .placeCue]) { t -= 1 }
        if t > a && processOther(a, t + 1) {
            processPiece(t + 1, b)
            return
        }
        // A place name leads: "São Paulo", "St. Petersburg", then perhaps a name.
        if b - a >= 2 && lex(a).contains(.placeStart) && (!has(a, TF.sentenceStart) || b - a >= 3)
            && !(lex(a).contains(.common) && lex(a + 1).contains(.given)) {
            var e = a + 2
            while e < b && lex(e).contains(.place) { e += 1 }
            emit(a, e - 1, .place)
            if e < b { processPiece(e, b) }
            return
        }
        // Leading demonyms and common words: "Russian", "Although".
        var st = a
        while st < b {
            let f = lex(st)
            if !f.isDisjoint(with: [.given, .surnameFirst]) && st + 1 < b && plausibleSurname(st + 1) { break }
            if !f.isDisjoint(with: [.demonym, .common]) || (f.contains(.place) && st + 1 < b && lex(st + 1).contains(.given)) {
                addLone(st, weak: false)  // may still be a surname the article knows ("Park")
                st += 1
                continue
            }
            break
        }
        guard st < b else { return }
        var allowPair = isMid(st)
        // A capitalised sentence start that is not a given name is an ordinary word — unless an
        // apposition says who it is ("Canan Öztürk, a city councillor, said").
        if !isMid(st) && b - st >= 2 {
            let f = lex(st)
            if b - st <= 3 && appositionAfter(b - 1) && isUnknownName(st, b) {
                addPerson(st, b - 1, given: st, core: b - 1, form: .fullUncertain)
                return
            }
            if f.isDisjoint(with: [.given, .particle, .surnameFirst]) && !has(st, TF.initial) && !fuzzyGiven(st) {
                addLone(st, weak: false)
                st += 1
                allowPair = false
            }
        }
        classifyName(st, b, titled: false, allowUnknownPair: allowPair)
    }

    /// Organisations and places: "Wagner Group", "Mandela Street", "the Wagner group",
    /// "St. Petersburg", "Buenos Aires". Returns whether the piece was one.
    @discardableResult
    mutating func processOther(_ a: Int, _ b: Int) -> Bool {
        var st = a
        while st < b - 1 && isHardCommon(st) { st += 1 }
        let last = lex(b - 1)
        if b - st >= 2 && !last.isDisjoint(with: [.organisationCue, .placeCue]) {
            let kind: EntityMention.Kind = last.contains(.organisationCue) ? .organisation : .place
            emit(st, b - 1, kind)
            heads[tokens[st].hash] = kind
            return true
        }
        if b < tokens.count && b - st <= 3 && has(b, TF.lowerStart) && !has(b, TF.breakBefore) && !has(b - 1, TF.possessive),
           let kind = Detection.lowerCueHashes[tokens[b].hash] {
            emit(st, b, kind)
            heads[tokens[st].hash] = kind
            return true
        }
        if b - st == 2 && lex(st).contains(.placeStart) && !lex(st + 1).contains(.given) {
            emit(st, b - 1, .place)
            return true
        }
        // "Buenos Aires", "Hong Kong": every word a place (and the first not a given name).
        guard b - st >= 2, !lex(st).contains(.given) else { return false }
        for t in st..<b where !lex(t).contains(.place) { return false }
        emit(st, b - 1, .place)
        return true
    }

    /// Judges words `s..<b` as a person's name (after titles and sentence starts are removed).
    mutating func classifyName(_ s: Int, _ b: Int, titled: Bool, allowUnknownPair: Bool) {
        let n = b - s
        guard n > 0 else { return }
        if n == 1 {
            let f = lex(s)
            if titled && f.isDisjoint(with: [.place, .demonym, .organisationCue, .placeCue]) && !(f.contains(.common) && !f.contains(.given)) {
                addPerson(s, s, given: -1, core: s, form: .surname)
            } else {
                addLone(s, weak: isMid(s))
            }
            return
        }
        // "Van der Berg", "De la Cruz" alone: a surname with its particles.
        if lex(s).contains(.particle) && (!lex(s).contains(.given) || isLowerParticle(s + 1)) {
            if titled { addPerson(s, b - 1, given: -1, core: b - 1, form: .surname) } else { addLone(b - 1, weak: false) }
            return
        }
        // A place after a full name is not part of it: "Maria Lopez Lima".
        if n >= 3 && lex(b - 1).contains(.place) && !lex(b - 1).contains(.given) && isCandidate(b - 2) {
            classifyName(s, b - 1, titled: titled, allowUnknownPair: allowUnknownPair)
            if covered[b - 1] < 0 { addLone(b - 1, weak: false) }
            return
        }
        if n >= 3 && lex(b - 2).contains(.placeStart) && isCandidate(b - 3) {
            classifyName(s, b - 2, titled: titled, allowUnknownPair: allowUnknownPair)
            emit(b - 2, b - 1, .place)
            return
        }
        // A given name inside: the name starts there ("Katra Chidi Fernández"; at a sentence
        // start, "Will Sanjay Quispe").
        let weakStart = !lex(s).contains(.given) || (!isMid(s) && lex(s).contains(.common))
        if n >= 3 && weakStart && !titled {
            for g in (s + 1)..<(b - 1) where lex(g).contains(.given) && !lex(g).contains(.common) {
                if lex(g - 1).contains(.placeStart) { continue }  // "São Paulo", "San Marco"
                for t in s..<g where isCandidate(t) { addLone(t, weak: false) }
                classifyName(g, b, titled: false, allowUnknownPair: allowUnknownPair)
                return
            }
        }
        let first = s, last = b - 1
        let ff = lex(first), lf = lex(last)
        if n == 2 {
            // Surname first: "Xi Jinping", "Kim Jong-un", "Nakamura Hiroshi".
            if ff.contains(.surnameFirst) && lf.isDisjoint(with: [.surnameFirst, .place]) && plausibleSurname(last)
                && (!ff.contains(.given) || lf.contains(.given) || has(last, TF.hyphen)) {
                addPerson(first, last, given: last, core: first, form: lf.contains(.given) ? .full : .fullUncertain)
                return
            }
            if ff.isEmpty && lf.contains(.given) && isMid(first) && !has(first, TF.initial) && !fuzzyGiven(first) {
                addPerson(first, last, given: last, core: first, form: .full)
                return
            }
        }
        let endsLikeSurname = plausibleSurname(last)
        if ff.contains(.given) && endsLikeSurname {
            addPerson(first, last, given: first, core: last, form: .full)
            return
        }
        if (has(first, TF.initial) || titled) && endsLikeSurname {
            addPerson(first, last, given: first, core: last, form: .fullUncertain)
            return
        }
        if endsLikeSurname && ff.isDisjoint(with: LexFlags.notName) && !has(first, TF.initial) && nameLike(s + 1, b) && fuzzyGiven(first) {
            addPerson(first, last, given: first, core: last, form: .fullUncertain)
            return
        }
        if allowUnknownPair && n <= 3 && !afterThe(s) {
            if isUnknownName(s, b) {
                addPerson(first, last, given: first, core: last, form: .fullUncertain)
                return
            }
        }
        // Not a name as a whole; its words may still be surnames the article knows.
        for t in s..<b where isCandidate(t) { addLone(t, weak: false) }
    }

    /// Words that can all be inside a name: no title, cue, common word, place or demonym.
    mutating func nameLike(_ s: Int, _ b: Int) -> Bool {
        for t in s..<b where !lex(t).isDisjoint(with: LexFlags.notName) && !lex(t).contains(.given) { return false }
        return true
    }

    /// Capitalised words no lexicon knows: the shape of a name the given-name list lacks
    /// (but not English words by their endings: "Natural Resources", "Nature Microbiology").
    mutating func isUnknownName(_ s: Int, _ b: Int) -> Bool {
        for t in s..<b where !isCandidate(t) || !lex(t).isEmpty || has(t, TF.initial) || has(t, TF.lowerStart) || hasWordShape(t) {
            return false
        }
        return true
    }

    static let wordEndings: [[UInt32]] = [
        "tion", "sion", "ment", "ness", "ity", "ology", "ogy", "ics", "ism", "ous", "ive", "ful", "less", "able",
        "ible", "ship", "hood", "ance", "ence", "ure", "ces",
    ].map { $0.unicodeScalars.map(\.value) }

    /// Ends like an English common noun or adjective, which surnames rarely do.
    mutating func hasWordShape(_ t: Int) -> Bool {
        fillKey(t)
        let k = keyBuffer
        for ending in Detection.wordEndings where k.count >= ending.count + 3 && k[(k.count - ending.count)...].elementsEqual(ending) {
            return true
        }
        return false
    }

    mutating func addLone(_ t: Int, weak: Bool) {
        lones.append(Lone(token: t, weak: weak))
    }

    mutating func emit(_ first: Int, _ last: Int, _ kind: EntityMention.Kind) {
        for t in first...last where covered[t] >= 0 { return }
        let index = Int32(found.count)
        found.append(Found(first: first, last: last, kind: kind, form: .none, core: -1, given: -1))
        for t in first...last { covered[t] = index }
    }

    mutating func addPerson(_ first: Int, _ last: Int, given: Int, core: Int, form: EntityMention.Form) {
        for t in first...last where covered[t] >= 0 { return }
        let index = Int32(found.count)
        found.append(Found(first: first, last: last, kind: .person, form: form, core: core, given: given))
        for t in first...last { covered[t] = index }
        guard core >= 0 else { return }
        // The words between the given name and the surname ("de la", "Ruiz de la", "bin Nasser"),
        // which a later mention by surname may repeat.
        var middle: [UInt64] = []
        if given >= 0 && core > given {
            for p in (given + 1)..<core { middle.append(tokens[p].hash) }
        }
        if let known = surnames[tokens[core].hash], known.count >= middle.count { return }
        surnames[tokens[core].hash] = middle
    }

    // MARK: Lone words

    mutating func resolveLones() {
        // 1. Context alone, mid-sentence: "Kerensky", "the Biden administration", "Okri, who".
        for lone in lones where lone.weak && covered[lone.token] < 0 {
            let t = lone.token
            let f = lex(t)
            if !f.isDisjoint(with: LexFlags.notName.union([.given, .particle])) || has(t, TF.allCaps) { continue }
            if heads[tokens[t].hash] != nil || afterIndefiniteArticle(t) { continue }
            if cueAfter(t) || !afterThe(t) && (hasSurnameShape(t) || whoAfter(t) || roleBefore(t) || appositionAfter(t)) {
                addPerson(t, t, given: -1, core: t, form: .surname)
            }
        }
        // 2. Surnames the article knows, first words of organisations, places, given names.
        for lone in lones where covered[lone.token] < 0 {
            let t = lone.token
            let h = tokens[t].hash
            let f = lex(t)
            if let middle = surnames[h] {
                // Take in as much of the full name's middle as precedes it: "de la Cruz".
                var first = t
                for m in stride(from: middle.count, to: 0, by: -1) where t - m >= 0 {
                    var same = true
                    for q in 0..<m {
                        let u = t - m + q
                        if tokens[u].hash != middle[middle.count - m + q] || covered[u] >= 0 || has(u + 1, TF.breakBefore) { same = false; break }
                    }
                    if same { first = t - m; break }
                }
                addPerson(first, t, given: -1, core: t, form: .surname)
            } else if let kind = heads[h] {
                emit(t, t, kind)
            } else if f.contains(.place) {
                emit(t, t, .place)
            } else if f.contains(.given) && !f.contains(.common) && !f.contains(.title) {
                let index = Int32(found.count)
                found.append(Found(first: t, last: t, kind: .person, form: .given, core: -1, given: t))
                covered[t] = index
            }
        }
        // 3. Coordination with a person: "Lenin and Trotsky".
        for _ in 0..<2 {
            for lone in lones where covered[lone.token] < 0 {
                let t = lone.token
                if !lex(t).isEmpty || has(t, TF.allCaps) || tokens[t].letters < 3 { continue }
                // Not a word left from a longer run ("the Red Cross and …"); at a sentence start,
                // where any word is capitalised, only a surname's shape will do.
                if isMid(t) ? !lone.weak || afterThe(t) : !hasSurnameShape(t) { continue }
                if coordinatedWithPerson(t) { addPerson(t, t, given: -1, core: t, form: .surname) }
            }
        }
        addCandidates()
    }

    /// Leftover capitalised words that could be a surname named in another article.
    mutating func addCandidates() {
        for lone in lones where covered[lone.token] < 0 {
            let t = lone.token
            guard isCandidate(t), lex(t).isEmpty, !has(t, TF.hyphenLower), tokens[t].letters >= 3,
                  !afterThe(t), !afterIndefiniteArticle(t), heads[tokens[t].hash] == nil else { continue }
            covered[t] = Int32(found.count)
            found.append(Found(first: t, last: t, kind: .person, form: .candidate, core: t, given: -1))
        }
    }

    func isPersonStart(_ t: Int) -> Bool {
        guard t >= 0 && t < tokens.count, covered[t] >= 0 else { return false }
        let f = found[Int(covered[t])]
        return f.kind == .person && f.form != .given && f.form != .candidate && f.first == t
    }

    func isPersonEnd(_ t: Int) -> Bool {
        guard t >= 0 && t < tokens.count, covered[t] >= 0 else { return false }
        let f = found[Int(covered[t])]
        return f.kind == .person && f.form != .given && f.form != .candidate && f.last == t
    }

    func isAndOr(_ t: Int) -> Bool {
        (tokens[t].hash == Detection.andHash || tokens[t].hash == Detection.orHash) && !has(t, TF.breakBefore)
    }

    func coordinatedWithPerson(_ t: Int) -> Bool {
        if t + 2 < tokens.count && !has(t, TF.possessive) && isAndOr(t + 1) && !has(t + 2, TF.breakBefore) && isPersonStart(t + 2) { return true }
        if t >= 2 && isAndOr(t - 1) && !has(t, TF.breakBefore) && !has(t - 2, TF.possessive) && isPersonEnd(t - 2) { return true }
        return false
    }

    /// "the Obama administration", "Obama’s presidency".
    mutating func cueAfter(_ t: Int) -> Bool {
        guard t + 1 < tokens.count, has(t + 1, TF.lowerStart), !has(t + 1, TF.commaBefore),
              !has(t + 1, TF.breakBefore) || has(t, TF.possessive) else { return false }
        return lex(t + 1).contains(.personCueAfter)
    }

    /// "the Partido Popular", "the Maasvlakte terminal": after "the", a capitalised word is
    /// rarely a person's name (except "the Obama administration", see `cueAfter`).
    func afterThe(_ t: Int) -> Bool {
        t >= 1 && !has(t, TF.breakBefore) && tokens[t - 1].hash == Detection.theHash
    }

    /// "Canan Öztürk, a city councillor," / "Okri, the novelist": an apposition naming a role.
    mutating func appositionAfter(_ last: Int) -> Bool {
        let j = last + 1
        guard j < tokens.count, has(j, TF.commaBefore), !has(last, TF.possessive),
              Detection.determinerHashes.contains(tokens[j].hash), has(j, TF.lowerStart) else { return false }
        var k = j + 1
        while k < min(tokens.count, j + 5) && !has(k, TF.breakBefore) && !has(k, TF.digit) {
            if has(k, TF.lowerStart) && lex(k).contains(.role) { return true }
            k += 1
        }
        return false
    }

    static let determinerHashes: Set<UInt64> = Set(["a", "an", "the", "his", "her", "their", "its", "our"].map(hashOf))

    /// "a Frankenstein monster": a name used as a common noun.
    func afterIndefiniteArticle(_ t: Int) -> Bool {
        t >= 1 && !has(t, TF.breakBefore) && (tokens[t - 1].hash == Detection.aHash || tokens[t - 1].hash == Detection.anHash)
    }

    /// "Kerensky, who".
    func whoAfter(_ t: Int) -> Bool {
        guard t + 1 < tokens.count, !has(t, TF.possessive), tokens[t + 1].hash == Detection.whoHash else { return false }
        return !has(t + 1, TF.breakBefore) || has(t + 1, TF.commaBefore)
    }

    /// "the novelist Okri", "president Macron".
    mutating func roleBefore(_ t: Int) -> Bool {
        guard t >= 1, !has(t, TF.breakBefore), has(t - 1, TF.lowerStart), !has(t - 1, TF.possessive) else { return false }
        return !lex(t - 1).isDisjoint(with: [.role, .title])
    }
}

/// A few entries keyed by word hash, searched linearly: an article knows a handful of surnames
/// and organisation names, for which this beats hashing the hash again.
struct SmallMap<Value> {
    private var keys: [UInt64] = []
    private var values: [Value] = []

    subscript(key: UInt64) -> Value? {
        get {
            for i in keys.indices where keys[i] == key { return values[i] }
            return nil
        }
        set {
            if let i = keys.firstIndex(of: key) {
                if let newValue { values[i] = newValue } else { keys.remove(at: i); values.remove(at: i) }
            } else if let newValue {
                keys.append(key)
                values.append(newValue)
            }
        }
    }
}
