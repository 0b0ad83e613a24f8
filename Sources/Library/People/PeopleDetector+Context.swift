/// The context around a word, for `PeopleDetector`: "the …", "a …", "…, who", "the novelist …",
/// "…, a city councillor", "the … administration", "… and <a person>", sign-offs, scorers and
/// lists of names. What single words say on their own is in PeopleDetector+Clues.swift.
extension Detection {
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
