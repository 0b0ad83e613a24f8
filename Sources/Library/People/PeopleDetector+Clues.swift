/// What single words and their neighbours say, for `PeopleDetector`: whether a word can be in a
/// name at all, can end a person's name, is a common word that splits a capitalised run, looks
/// like a surname (-ov, -sky, -enko) or like an English word (-tion, -ness). The context around
/// a word is in PeopleDetector+Context.swift.
extension Detection {
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
                if lexPart(p[p.count - 1]).contains(.adjectiveSuffix) { return false }
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

    static let romanNumerals = WordSet(["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv", "xvi"].map(hashOf))

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

    /// "Inzamam-ul-Haq", "Ata-ur-Rehman", "Zia-ud-Din": two capitalised parts joined by an Arabic
    /// connector, one name (where "London-based" is no name).
    mutating func isJoinedName(_ t: Int) -> Bool {
        guard has(t, TF.hyphenLower), has(t, TF.upper) else { return false }
        let p = parts(t)
        return p.count == 3 && Detection.isUpper(s[p[2].lowerBound].value) && Detection.nameConnectors.contains(s[p[1]].map(\.value))
    }

    static let nameConnectors: Set<[UInt32]> = Set(["ul", "ur", "ud", "us", "uz", "al", "el", "ad", "ar", "as", "ash", "az", "bin", "ibn"]
        .map { $0.unicodeScalars.map(\.value) })

    static let hyphenPrefixes: Set<[UInt32]> = Set(["al", "el", "ul", "ud", "ad", "as", "ash", "at", "az", "an", "ibn", "bin", "ben", "abu", "abd", "abdel", "abdul", "ould", "ag"]
        .map { $0.unicodeScalars.map(\.value) })

    /// Capitalised particles that open an Arabic name ("Abu Bakr Sadiq", "Abdul Karim Hassan").
    static let nameOpeners = WordSet(["abu", "abd", "abdel", "abdul", "abdal", "ibn"].map(hashOf))

    static let linkingWords: Set<[UInt32]> = Set(["on", "upon", "sur", "en", "le", "la", "am", "an", "der", "de", "under", "in", "by", "the", "les", "aux", "sous", "lès"]
        .map { $0.unicodeScalars.map(\.value) })

    mutating func isLowerParticle(_ t: Int) -> Bool {
        has(t, TF.lowerStart) && !has(t, TF.hyphen) && lex(t).contains(.particle)
    }

    /// A common word ("The", "Clearly", "In") that no name contains: it splits a capitalised run.
    mutating func isHardCommon(_ t: Int) -> Bool {
        if tokens[t].letters == 1 && (isRegnalNumber(t) || has(t, TF.initial)) { return false }  // "I", "A. Stewart"
        let f = lex(t)
        return f.contains(.common) && f.isDisjoint(with: [.given, .title, .titleModifier, .placeStart, .particle, .place,
                                                          .demonym, .organisationCue, .placeCue])
    }

    /// In no lexicon but the surnames drawn from news (which say a word is a name, not what else).
    mutating func unlisted(_ t: Int) -> Bool { lex(t).subtracting(.surname).isEmpty }

    /// A word that can end a person's name.
    mutating func plausibleSurname(_ t: Int) -> Bool {
        guard isCandidate(t), !has(t, TF.initial) else { return false }
        let f = lex(t)
        // A word that often ends a name ends one after a given name: "Damon Hill", "Greg Norman".
        if !f.isDisjoint(with: [.surname, .placeSurname]) && t > 0 && !has(t, TF.breakBefore) && lex(t - 1).contains(.given)
            && f.isDisjoint(with: [.organisationCue, .title]) { return true }
        if !f.isDisjoint(with: [.demonym, .organisationCue, .placeCue, .title, .titleModifier]) { return false }
        if f.contains(.common) && !f.contains(.given) && !commonSurname(t) { return false }
        return true
    }

    /// Not at a sentence start nor on a Title Case line: its capital means something.
    func isMid(_ t: Int) -> Bool { tokens[t].flags & (TF.sentenceStart | TF.titleCase) == 0 }

    mutating func fuzzyGiven(_ t: Int) -> Bool {
        guard tokens[t].letters >= 5, !has(t, TF.hyphen) else { return false }
        if let known = fuzzy[tokens[t].hash] { return known }
        let near = lexicon.nearGivenName(key(t)) >= 0
        fuzzy.set(tokens[t].hash, near)
        return near
    }

    static let surnameEndings: Endings = [
        "ov", "ova", "ev", "eva", "in", "ina", "yn", "sky", "skiy", "skyi", "ski", "ska", "skaya", "enko", "uk", "yuk",
        "chuk", "ich", "vych", "vic", "wicz", "czyk", "escu", "yan", "dze", "shvili", "oglu", "poulos", "akis", "idis",
    ]

    /// Ends like a surname (Slavic, Georgian, Armenian, Romanian, Greek, Turkish patterns).
    mutating func hasSurnameShape(_ t: Int) -> Bool {
        guard tokens[t].letters >= 5, !has(t, TF.hyphen), let ending = firstEnding(t, Detection.surnameEndings) else { return false }
        let before = keyBuffer[keyBuffer.count - ending.count - 1]
        // English places in -wich ("Norwich"); -in/-ina only after a consonant
        // ("Putin", "Stalin", not "Frankenstein").
        if ending == Detection.wichEnding && before == 0x77 { return false }
        if Detection.inEndings.contains(ending) && Detection.vowels.contains(before) { return false }
        return true
    }

    /// The first of `endings` that word `t` ends with, after at least three other letters.
    /// When one is, leaves the folded word in `keyBuffer`.
    mutating func firstEnding(_ t: Int, _ endings: Endings) -> [UInt32]? {
        let start = Int(tokens[t].start), end = Int(tokens[t].end)
        let p = s.baseAddress.unsafelyUnwrapped
        var ascii: UInt32 = 0
        for j in start..<end { ascii |= p[j].value }
        if ascii < 0x80 {
            // An ASCII word folds to its capitals made small: compared in the text, folded
            // (into `keyBuffer`) only when an ending matches.
            let count = end - start
            guard count > 3 else { return nil }
            @inline(__always) func folded(_ j: Int) -> UInt32 {
                let v = p[j].value
                return v &- 0x41 < 26 ? v | 0x20 : v
            }
            for e in endings.endingIn(folded(end - 1)) where count >= endings.all[e].count + 3 {
                let ending = endings.all[e]
                var same = true
                for (q, v) in ending.enumerated() where folded(end - ending.count + q) != v { same = false; break }
                if same {
                    fillKey(t)
                    return ending
                }
            }
            return nil
        }
        fillKey(t)
        let count = keyBuffer.count
        guard count > 3 else { return nil }
        return keyBuffer.withUnsafeBufferPointer { k in
            for e in endings.endingIn(k[count - 1]) where count >= endings.all[e].count + 3 {
                let ending = endings.all[e]
                var same = true
                for (q, v) in ending.enumerated() where k[count - ending.count + q] != v { same = false; break }
                if same { return ending }
            }
            return nil
        }
    }

    static let wichEnding: [UInt32] = "ich".unicodeScalars.map(\.value)
    static let inEndings: Set<[UInt32]> = [Array("in".unicodeScalars.map(\.value)), Array("ina".unicodeScalars.map(\.value))]
    static let vowels: Set<UInt32> = Set("aeiouy".unicodeScalars.map(\.value))

    static func hashOf(_ word: String) -> UInt64 { Lexicon.hash(word.unicodeScalars.map(\.value)) }
    static let whoHash = hashOf("who")
    static let byHash = hashOf("by")
    static let theHash = hashOf("the")
    static let aHash = hashOf("a")
    static let anHash = hashOf("an")
    static let andHash = hashOf("and")
    static let orHash = hashOf("or")
    /// Lower-case words after a name that make it an organisation's or a place's ("the Wagner group").
    static let lowerCueHashes: WordTable<EntityMention.Kind> = {
        var out = WordTable<EntityMention.Kind>()
        for w in ["group", "foundation", "institute", "company", "corporation", "brigade", "battalion", "prize", "award", "trust", "fund"] {
            out.set(hashOf(w), .organisation)
        }
        for w in ["street", "avenue", "road", "square", "boulevard", "bridge", "airport", "station"] { out.set(hashOf(w), .place) }
        return out
    }()

    /// Words that can all be inside a name: no title, cue, common word, place or demonym.
    mutating func nameLike(_ s: Int, _ b: Int) -> Bool {
        for t in s..<b where !lex(t).isDisjoint(with: LexFlags.notName) && !lex(t).contains(.given) { return false }
        return true
    }

    /// Capitalised words no lexicon knows: the shape of a name the given-name list lacks
    /// (but not English words by their endings: "Natural Resources", "Nature Microbiology").
    mutating func isUnknownName(_ s: Int, _ b: Int) -> Bool {
        for t in s..<b {
            if t > s && t < b - 1 && isLowerParticle(t) { continue }  // "Nikolaus van der Pas"
            if t > s && t == b - 1 && has(t, TF.lowerStart) && has(t, TF.capAfterHyphen) && isCandidate(t) { continue }  // "Hoda el-Masri"
            // (One capital alone is no name nobody knows: "Net Income N/A".)
            if !isCandidate(t) || !unlisted(t) || has(t, TF.initial) || has(t, TF.lowerStart) || tokens[t].letters < 2 || hasWordShape(t) { return false }
        }
        return true
    }


    static let wordEndings: Endings = [
        "tion", "sion", "ment", "ness", "ity", "ology", "ogy", "ics", "ism", "ous", "ive", "ful", "less", "able",
        "ible", "ship", "hood", "ance", "ence", "ure", "ces",
    ]

    /// Ends like an English common noun or adjective, which surnames rarely do.
    mutating func hasWordShape(_ t: Int) -> Bool {
        firstEnding(t, Detection.wordEndings) != nil
    }
}

/// Word endings (folded, non-empty) for `Detection.firstEnding`, with those ending in each small
/// ASCII letter listed apart: a word is compared with the few that end as it does, in list order.
struct Endings: ExpressibleByArrayLiteral {
    let all: [[UInt32]]
    /// Indexes into `all`, in order: of the endings in "a"…"z", then of any other.
    private let byLast: [[Int]]

    init(arrayLiteral endings: String...) {
        all = endings.map { $0.unicodeScalars.map(\.value) }
        var byLast = [[Int]](repeating: [], count: 27)
        for (e, ending) in all.enumerated() { byLast[Endings.bucket(ending[ending.count - 1])].append(e) }
        self.byLast = byLast
    }

    private static func bucket(_ v: UInt32) -> Int {
        v &- 0x61 < 26 ? Int(v &- 0x61) : 26
    }

    /// The indexes of the endings whose last scalar is `last`, in order.
    func endingIn(_ last: UInt32) -> [Int] {
        let b = Endings.bucket(last)
        // (The other bucket holds whatever ends in neither "a"…"z": checked one by one.)
        return b < 26 ? byLast[b] : byLast[26].filter { all[$0].last == last }
    }
}
