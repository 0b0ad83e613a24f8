/// What single words and their neighbours say, for `PeopleDetector`: whether a word can be in a
/// name at all, can end a person's name, is a common word that splits a capitalised run, looks
/// like a surname (-ov, -sky, -enko) or like an English word (-tion, -ness); and the context
/// around a word: "the …", "a …", "…, who", "the novelist …", "…, a city councillor",
/// "the … administration", "… and <a person>".
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

    // MARK: Context

    /// The person found over word `t`, named by more than a given name and not a mere candidate.
    func namedPerson(_ t: Int) -> Found? {
        guard t >= 0 && t < tokens.count, covered[t] >= 0 else { return nil }
        let f = found[Int(covered[t])]
        return f.kind == .person && f.form != .given && f.form != .candidate ? f : nil
    }

    func isAndOr(_ t: Int) -> Bool {
        (tokens[t].hash == Detection.andHash || tokens[t].hash == Detection.orHash) && !has(t, TF.breakBefore)
    }

    /// "Lenin and Trotsky", "Trotsky or Lenin": next to a person by "and" or "or".
    func coordinatedWithPerson(_ t: Int) -> Bool {
        if t + 2 < tokens.count && !has(t, TF.possessive) && isAndOr(t + 1) && !has(t + 2, TF.breakBefore) && namedPerson(t + 2)?.first == t + 2 { return true }
        if t >= 2 && isAndOr(t - 1) && !has(t, TF.breakBefore) && !has(t - 2, TF.possessive) && namedPerson(t - 2)?.last == t - 2 { return true }
        return false
    }

    /// "Alasdair Pym and Nell", "Nell and Alasdair Pym": next to a person named in full by
    /// "and" or "or".
    func coordinatedWithFullName(_ t: Int) -> Bool {
        guard coordinatedWithPerson(t) else { return false }
        let other = t + 2 < tokens.count && isAndOr(t + 1) && namedPerson(t + 2)?.first == t + 2 ? namedPerson(t + 2) : namedPerson(t - 2)
        guard let other else { return false }
        return other.form == .full || other.form == .fullUncertain
    }

    /// Word `a`, no title, place or nationality, comes after a comma or "and" that follows a
    /// person named in full ("Wendy Okoro, Jo Marsh, Summer Reyes", on a line of names
    /// capitalised as a headline is).
    mutating func listedAfterPerson(_ a: Int) -> Bool {
        guard a >= 2, !has(a, TF.sentenceStart), !Detection.determinerHashes.contains(tokens[a].hash), lex(a).isDisjoint(with: [.title, .titleModifier, .demonym, .place, .placeStart, .organisationCue, .placeCue]) else { return false }
        let before: Int
        if has(a, TF.commaBefore) {
            for i in Int(tokens[a - 1].end)..<Int(tokens[a].start) where s[i] != "," && s[i] != " " { return false }
            before = a - 1
        } else if isAndOr(a - 1) && !has(a, TF.breakBefore) {
            before = a - 2
        } else {
            return false
        }
        guard let other = namedPerson(before), other.last == before else { return false }
        return other.form == .full || other.form == .fullUncertain
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

    /// "Damon Hill", "Barry Lane", "Jenna Marsh": a given name, then a word that often ends a name
    /// though it can end a place's ("Hill", "Lane"; `LexFlags.placeSurname`): a person, not a place; after a nationality or a word
    /// that opens the sentence too ("Controversial Australian Anthony Hill").
    mutating func givenThenSurname(_ a: Int, _ b: Int) -> Bool {
        var a = a
        while b - a > 2 && (lex(a).contains(.demonym) && !lex(a).contains(.given)
                            || has(a, TF.sentenceStart) && lex(a).isDisjoint(with: [.given, .particle, .surnameFirst])) { a += 1 }
        return b - a == 2 && lex(a).contains(.given) && lex(a).isDisjoint(with: [.common, .place, .placeStart])
            && !lex(b - 1).isDisjoint(with: [.surname, .placeSurname]) && !lex(b - 1).contains(.organisationCue) && !has(b - 1, TF.breakBefore)
    }

    /// Words `first...last` stand where lists put persons: before a country in brackets
    /// ("2. Lamont Quesada (Cuba) 17.29"), before the minute of a goal ("(Caveglia 23rd,"), or
    /// after a scorecard's "c" or "b" ("M. Atherton c Ostrowicz b Tremayne 43").
    mutating func listedPerson(_ first: Int, _ last: Int) -> Bool {
        if first > 0 && !has(first, TF.breakBefore) && has(first - 1, TF.lowerStart) && tokens[first - 1].letters == 1
            && (tokens[first - 1].hash == Detection.catchHash || tokens[first - 1].hash == Detection.bowledHash) {
            return true
        }
        if scorer(first, last) { return true }
        let j = last + 1
        guard j < tokens.count else { return false }
        // Only spaces or " (" between: "Caveglia 23rd", "Lubarskij (50th minute)".
        var gap = Int(tokens[last].end)
        while gap < Int(tokens[j].start) && (s[gap] == " " || s[gap] == "(") { gap += 1 }
        if has(j, TF.digit) && gap == Int(tokens[j].start) {
            // "23rd", "90th": digits, then an ordinal ending.
            let a = Int(tokens[j].start), e = Int(tokens[j].end)
            if e - a >= 3 && Detection.isNumeric(s[a].value) && Detection.ordinalEndings.contains(where: { $0 == [s[e - 2].value, s[e - 1].value] }) {
                return true
            }
            // A golfer's rounds: "Fred Quennell 72 70 73".
            if !has(j, TF.breakBefore) && j + 1 < tokens.count && !has(j + 1, TF.breakBefore) && isRound(j) && isRound(j + 1) { return true }
        }
        // " (Cuba)", " (U.S.)", " (West Indies)": places or demonyms, then the closing bracket.
        var i = Int(tokens[last].end)
        while i < s.count && s[i] == " " { i += 1 }
        guard i + 1 < s.count, s[i] == "(", Int(tokens[j].start) == i + 1 else { return false }
        var k = j
        while k < min(tokens.count, j + 3) {
            let f = lex(k)
            guard !f.isDisjoint(with: [.place, .demonym]) || has(k, TF.allCaps) || has(k, TF.initial) else { return false }
            var e = Int(tokens[k].end)
            while e < s.count && s[e] == "." { e += 1 }
            if e < s.count && s[e] == ")" { return true }
            k += 1
            if k < tokens.count && has(k, TF.breakBefore) { return false }
        }
        return false
    }

    /// "(Pepelu 33, Hugo Duro 78)", "(El-Khattabi 14, 52 pen, Kubo 90)": in brackets after a
    /// score, a scorer and the minute of the goal.
    mutating func scorer(_ first: Int, _ last: Int) -> Bool {
        let j = last + 1
        guard j < tokens.count, has(j, TF.digit), tokens[j].letters == 0, Int(tokens[j].end) - Int(tokens[j].start) <= 3 else { return false }
        for i in Int(tokens[last].end)..<Int(tokens[j].start) where s[i] != " " { return false }
        // Then a comma, a closing bracket, or "pen".
        let e = Int(tokens[j].end)
        let closes = e < s.count && (s[e] == "," || s[e] == ")")
            || j + 1 < tokens.count && !has(j + 1, TF.breakBefore) && tokens[j + 1].hash == Detection.penHash
        guard closes else { return false }
        // Before: an opening bracket after a score ("Sociedad 3 ("), or a comma after a minute.
        var i = Int(tokens[first].start) - 1
        while i >= 0 && s[i] == " " { i -= 1 }
        guard i >= 0, first > 0 else { return false }
        if s[i] == "," { return has(first - 1, TF.digit) || tokens[first - 1].hash == Detection.penHash }
        guard s[i] == "(" else { return false }
        i -= 1
        while i >= 0 && s[i] == " " { i -= 1 }
        return i >= 0 && i < Int(tokens[first - 1].end) && has(first - 1, TF.digit)
    }

    static let penHash = hashOf("pen")

    /// Only spaces and one "&" between word `t` and the word before it.
    @inline(__always)  // (Called out of line, it is handed a copy of the whole `Detection`.)
    func ampersandBefore(_ t: Int) -> Bool {
        var amp = 0
        for i in Int(tokens[t - 1].end)..<Int(tokens[t].start) {
            let v = s[i].value
            if v == 0x26 { amp += 1 } else if v != 0x20 { return false }  // "&", " "
        }
        return amp == 1 && has(t, TF.upper)
    }

    /// "Prasad Wagle, another former engineer, ...", "Vinny Castilla and ...": two unknown words
    /// open a sentence of prose and a verb or a comma follows — the shape of a person's name.
    mutating func sentenceOpensWithName(_ st: Int) -> Bool {
        let j = st + 2
        guard j < tokens.count, !has(st, TF.titleCase) else { return false }
        if has(j, TF.commaBefore) { return true }
        // (Not a place's preposition: "Tiong Bahru at 90", "Wester Hailes in the 1980s".)
        return has(j, TF.lowerStart) && !has(j, TF.breakBefore) && Detection.lowerCueHashes[tokens[j].hash] == nil
            && !lex(j).contains(.particle) && !Detection.placePrepositions.contains(tokens[j].hash)
    }

    /// "Jimmy Key", "Tony Young": a common word ending a name, after a given name that is no
    /// common word, mid-sentence, with no capitalised word after it.
    mutating func commonSurname(_ t: Int) -> Bool {
        guard t > 0, !has(t, TF.breakBefore), tokens[t].letters >= 3, lex(t).subtracting(.surname) == .common else { return false }
        let g = lex(t - 1)
        guard g.contains(.given), g.isDisjoint(with: LexFlags.notName), !has(t - 1, TF.titleCase), !has(t - 1, TF.possessive) else { return false }
        return t + 1 >= tokens.count || has(t + 1, TF.breakBefore) || has(t + 1, TF.lowerStart) || has(t + 1, TF.digit)
    }

    /// Word `t` opens a line after "--" (a wire sign-off).
    func signOffBefore(_ t: Int) -> Bool {
        var i = Int(tokens[t].start) - 1
        while i >= 0 && s[i] == " " { i -= 1 }
        guard i >= 1, s[i] == "-", s[i - 1] == "-" else { return false }
        i -= 2
        while i >= 0 && s[i] == " " { i -= 1 }
        return i < 0 || s[i] == "\n"
    }

    /// A two-digit number from 60 to 89: a round of golf.
    func isRound(_ t: Int) -> Bool {
        let a = Int(tokens[t].start)
        guard Int(tokens[t].end) - a == 2, Detection.isNumeric(s[a].value), Detection.isNumeric(s[a + 1].value) else { return false }
        let x = Int(s[a].value) - 0x30, y = Int(s[a + 1].value) - 0x30
        guard (0...9).contains(x), (0...9).contains(y) else { return false }
        return (60...89).contains(x * 10 + y)
    }

    static let catchHash = hashOf("c")
    static let bowledHash = hashOf("b")
    static let ordinalEndings: [[UInt32]] = ["st", "nd", "rd", "th"].map { $0.unicodeScalars.map(\.value) }

    static let determinerHashes = WordSet(["a", "an", "the", "his", "her", "their", "its", "our"].map(hashOf))

    /// "a Frankenstein monster": a name used as a common noun.
    func afterIndefiniteArticle(_ t: Int) -> Bool {
        t >= 1 && !has(t, TF.breakBefore) && (tokens[t - 1].hash == Detection.aHash || tokens[t - 1].hash == Detection.anHash)
    }

    /// "grew up in Gorgie, the daughter of…": after "in", "at", "from", a word names a place,
    /// and an apposition after it speaks of someone else.
    func afterPlacePreposition(_ t: Int) -> Bool {
        t >= 1 && !has(t, TF.breakBefore) && Detection.placePrepositions.contains(tokens[t - 1].hash)
    }

    /// After "in", "at", "near": two unknown words there name a place more often than a person
    /// ("a health centre in Wester Hailes").
    func afterInAtNear(_ t: Int) -> Bool {
        t > 0 && !has(t, TF.breakBefore) && Detection.inAtNear.contains(tokens[t - 1].hash)
    }

    static let inAtNear = WordSet(["in", "at", "near"].map(hashOf))
    static let placePrepositions = WordSet(["in", "at", "from", "near", "into", "outside", "inside", "across", "around", "throughout", "via"].map(hashOf))

    /// "Kerensky, who".
    func whoAfter(_ t: Int) -> Bool {
        guard t + 1 < tokens.count, !has(t, TF.possessive), tokens[t + 1].hash == Detection.whoHash else { return false }
        return !has(t + 1, TF.breakBefore) || has(t + 1, TF.commaBefore)
    }

    /// "Their son, Euan, is", "a daughter, June, who": a noun for a role or a relative, then
    /// the word alone between commas (or before "and", "who").
    mutating func roleApposed(_ t: Int) -> Bool {
        guard t >= 1, t + 1 < tokens.count, has(t, TF.commaBefore), has(t - 1, TF.lowerStart), !has(t - 1, TF.possessive),
              has(t + 1, TF.commaBefore) || !has(t + 1, TF.breakBefore) && (isAndOr(t + 1) || tokens[t + 1].hash == Detection.whoHash)
        else { return false }
        for i in Int(tokens[t - 1].end)..<Int(tokens[t].start) where s[i] != "," && s[i] != " " { return false }
        return lex(t - 1).contains(.role)
    }

    /// A word alone named by a role: "his son Martin", "Their son, Euan,", and the next of a
    /// pair ("daughters, Karen and Louise").
    mutating func roleNamed(_ t: Int) -> Bool {
        if qualifiesRole(t) { return false }
        if roleApposed(t) || roleBefore(t) && lex(t - 1).contains(.role) && !lex(t - 1).contains(.title) { return true }
        return t >= 2 && isAndOr(t - 1) && !has(t, TF.breakBefore) && has(t - 2, TF.upper) && !has(t - 2, TF.possessive)
            && (roleApposed(t - 2) || roleBefore(t - 2))
    }

    /// A word qualifying the role after it: "Andre and Santos defender Narciso".
    mutating func qualifiesRole(_ t: Int) -> Bool {
        t + 1 < tokens.count && has(t + 1, TF.lowerStart) && !has(t + 1, TF.breakBefore) && lex(t + 1).contains(.role)
    }

    /// "the novelist Okri", "president Macron".
    mutating func roleBefore(_ t: Int) -> Bool {
        guard t >= 1, !has(t, TF.breakBefore), has(t - 1, TF.lowerStart), !has(t - 1, TF.possessive) else { return false }
        return !lex(t - 1).isDisjoint(with: [.role, .title])
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
