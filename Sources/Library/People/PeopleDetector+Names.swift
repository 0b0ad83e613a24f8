/// Finding the names for `PeopleDetector`: capitalised runs of words (with lower-case particles
/// inside, "von der") are cut at common words, titles ("Defense Minister") and organisation or
/// place names, and each piece is judged a person (full name, surname first, titled surname),
/// an organisation or a place. Words left alone become persons when the article names them in
/// full or their context says so, else candidates for surnames named in other articles.
extension Detection {
    // MARK: Finding names

    mutating func findNames() {
        let count = tokens.count
        covered = [Int32](repeating: -1, count: count)
        // (Room for what most articles find, so that the lists rarely grow.)
        found.reserveCapacity(count / 8 + 8)
        lones.reserveCapacity(count / 16 + 8)
        var k = 0
        while k < count {
            // (A word neither capitalised nor in capitals, nor "al-Assad", is in no name: below.)
            if tokens[k].flags & (TF.upper | TF.allCaps | TF.capAfterHyphen) == 0 { k += 1; continue }
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
        capitalsPairs()
        resolveLones()
        resolveCapitals()
    }

    /// Headlines in capitals ("SOCCER - GROBBELAAR NAMED COACH"): a word in capitals is the person
    /// the article names in mixed case ("Bruce Grobbelaar"), with the given name when it precedes.
    mutating func resolveCapitals() {
        guard found.contains(where: { $0.kind == .person && $0.core >= 0 }) else { return }
        for t in tokens.indices where has(t, TF.allCaps) && tokens[t].letters >= 3 && surnames[tokens[t].hash] != nil && isFreeCapitals(t) {
            let h = tokens[t].hash
            let pair = t > 0 && has(t - 1, TF.allCaps) && !has(t, TF.breakBefore)
                && found.contains { $0.kind == .person && $0.given >= 0 && $0.core >= 0 && tokens[$0.core].hash == h && tokens[$0.given].hash == tokens[t - 1].hash }
                && isFreeCapitals(t - 1)
            if pair {
                release(t - 1)
                release(t)
                addPerson(t - 1, t, given: t - 1, core: t, form: .fullUncertain)
            } else {
                release(t)
                addPerson(t, t, given: -1, core: t, form: .surname)
            }
        }
    }

    /// A byline in capitals, "By ROSALIND FAIRWEATHER": a given name no other list knows, then
    /// a word no list knows, is a person's name (its surname known in mixed case after). (In a
    /// headline the second word is as often a verb: "KELLY WINS".)
    mutating func capitalsPairs() {
        var t = 1
        while t + 1 < tokens.count {
            defer { t += 1 }
            guard has(t, TF.allCaps), tokens[t - 1].hash == Detection.byHash, !has(t, TF.breakBefore), has(t + 1, TF.allCaps), !has(t + 1, TF.breakBefore), tokens[t].letters >= 3, tokens[t + 1].letters >= 3,
                  !has(t, TF.digit), !has(t + 1, TF.digit), covered[t] < 0 || isFreeCapitals(t), covered[t + 1] < 0 || isFreeCapitals(t + 1),
                  lex(t).subtracting(.surname) == .given, unlisted(t + 1), !has(t + 1, TF.hyphenLower) else { continue }
            // Not inside a longer run of capitals that names something else: "JOHN LEWIS PARTNERSHIP".
            if t + 2 < tokens.count && has(t + 2, TF.allCaps) && !has(t + 2, TF.breakBefore) && !lex(t + 2).isDisjoint(with: [.organisationCue, .placeCue]) { continue }
            release(t)
            release(t + 1)
            addPerson(t, t + 1, given: t, core: t + 1, form: .fullUncertain)
            t += 1
        }
    }

    /// A word in capitals in no name, or taken alone for an acronym ("MARROW" read as an
    /// organisation before the article named Brindle Marrow).
    func isFreeCapitals(_ t: Int) -> Bool {
        guard covered[t] >= 0 else { return true }
        let f = found[Int(covered[t])]
        return f.first == t && f.last == t && f.kind != .person
    }

    /// Drops the one-word acronym name over word `t`, if any (it stays in `found` as nothing).
    mutating func release(_ t: Int) {
        guard covered[t] >= 0 else { return }
        found[Int(covered[t])] = Found(first: t, last: t, kind: .person, form: .none, core: -1, given: -1)
        covered[t] = -1
    }

    /// A capitalised run: split it at words no name contains, then judge each piece.
    mutating func processRun(_ a: Int, _ b: Int) {
        // "Eli Lilly & Co", "Donaldson Lufkin & Jenrette": a firm's partners.
        if b < tokens.count && ampersandBefore(b) || a > 0 && ampersandBefore(a) {
            emit(a, b - 1, .organisation)
            return
        }
        // "Frank Hollis, Summer Reyes": a common word as a given name, in a list of persons.
        if b - a == 2 && isHardCommon(a) && listedAfterPerson(a) && plausibleSurname(a + 1) && !lex(a + 1).contains(.common)
            && !qualifiesRole(a + 1) {
            addPerson(a, a + 1, given: a, core: a + 1, form: .fullUncertain)
            return
        }
        var start = a
        // A name ending in an organisation or place word is one name, common words and all:
        // "Jomo Kenyatta International Airport", "Royal National Theatre".
        while start < b - 1 && isHardCommon(start) { start += 1 }
        if b - start >= 2 && !lex(b - 1).isDisjoint(with: [.organisationCue, .placeCue]) && !givenThenSurname(start, b)
            && processOther(start, b) { return }
        for t in a..<b where isHardCommon(t) && !commonSurname(t) {
            if t > start { processPiece(start, t) }
            // A common word alone may still be a surname the article names in full ("Young"
            // after "Peter Young"); only that makes it a name (`resolveLones`).
            if isMid(t) && !has(t, TF.allCaps) && tokens[t].letters >= 3 { addLone(t, weak: false) }
            start = t + 1
        }
        if start < b { processPiece(start, b) }
    }

    mutating func processPiece(_ a: Int, _ b: Int) {
        // Named after someone but not a person: "Carnegie Foundation", "Mandela Street".
        if !lex(b - 1).isDisjoint(with: [.organisationCue, .placeCue]) && !givenThenSurname(a, b) && processOther(a, b) { return }
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
            // "Lance Armstrong": a given name that can qualify a title ("Lance Corporal") but
            // qualifies none here.
            if !(ts == a && !core && lex(a).contains(.given)) {
                if ts > a { processOther(a, ts) }
                classifyName(lastTitle + 1, b, titled: core, allowUnknownPair: true)
                return
            }
        }
        if processOther(a, b) { return }
        // Storms, operations, flights: "Typhoon Haiyan" names no one.
        if b - a >= 2 && lex(a).contains(.otherStart) { return }
        // An organisation or place followed by a name: "the Mandela Institute Smith-Larsen".
        var t = b - 2
        while t > a && lex(t).isDisjoint(with: [.organisationCue, .placeCue]) { t -= 1 }
        if t > a && processOther(a, t + 1) {
            // (Two words or more after it start with a given name, a title or an initial, or
            // name no one: "Flour Water Salt Yeast".)
            if b - t - 1 >= 2 && lex(t + 1).isDisjoint(with: [.given, .surnameFirst, .title, .titleModifier, .particle]) && !has(t + 1, TF.initial) {
                for u in (t + 1)..<b where isCandidate(u) { addLone(u, weak: false) }
            } else {
                processPiece(t + 1, b)
            }
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
            // (An initial is no word: "A. Stewart".)
            if !f.isDisjoint(with: [.demonym, .common]) && !has(st, TF.initial) || (f.contains(.place) && st + 1 < b && lex(st + 1).contains(.given)) {
                addLone(st, weak: false)  // may still be a surname the article knows ("Park")
                st += 1
                continue
            }
            break
        }
        guard st < b else { return }
        var allowPair = isMid(st)
        // Results lists and scorecards say who is a person where no sentence does.
        if b - st <= 3 && listedPerson(st, b - 1) {
            if b - st == 1 {
                // (Not a word with an English ending: "Turbidity (NTU)" heads a table's column.)
                if (unlisted(st) || lex(st).subtracting(.surname) == .given && scorer(st, st)) && isCandidate(st) && tokens[st].letters >= 3
                    && (!has(st, TF.hyphenLower) || isJoinedName(st)) && !hasWordShape(st) {
                    addPerson(st, st, given: -1, core: st, form: .surname)
                    return
                }
            } else if isUnknownName(st, b) || (has(st, TF.initial) || lex(st).contains(.given)) && plausibleSurname(b - 1)
                        || nameLike(st, b) && plausibleSurname(b - 1) && !has(st, TF.initial) {
                addPerson(st, b - 1, given: st, core: b - 1, form: lex(st).contains(.given) ? .full : .fullUncertain)
                return
            }
        }
        // A reporter's sign-off: "-- Huw Quennell, Oslo Newsroom +47 22 00 00".
        if (2...3).contains(b - st) && b < tokens.count && has(b, TF.commaBefore) && signOffBefore(st)
            && nameLike(st, b) && plausibleSurname(b - 1) && !has(st, TF.initial) {
            addPerson(st, b - 1, given: st, core: b - 1, form: lex(st).contains(.given) ? .full : .fullUncertain)
            return
        }
        // A capitalised sentence start that is not a given name is an ordinary word — unless an
        // apposition says who it is ("Canan Öztürk, a city councillor, said").
        if !isMid(st) && b - st >= 2 {
            let f = lex(st)
            if b - st <= 3 && (appositionAfter(b - 1) || b - st == 2 && sentenceOpensWithName(st)) && isUnknownName(st, b) {
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
        if b - st >= 2 && !last.isDisjoint(with: [.organisationCue, .placeCue]) && !givenThenSurname(st, b) {
            let kind: EntityMention.Kind = last.contains(.organisationCue) ? .organisation : .place
            emit(st, b - 1, kind)
            heads.set(tokens[st].hash, kind)
            return true
        }
        if b < tokens.count && b - st <= 3 && has(b, TF.lowerStart) && !has(b, TF.breakBefore) && !has(b - 1, TF.possessive),
           let kind = Detection.lowerCueHashes[tokens[b].hash] {
            emit(st, b, kind)
            heads.set(tokens[st].hash, kind)
            return true
        }
        if b - st == 2 && lex(st).contains(.placeStart) && !lex(st + 1).contains(.given) {
            emit(st, b - 1, .place)
            return true
        }
        // "Buenos Aires", "Hong Kong": every word a place (and the first not only a given name:
        // "Hong" is both, "Kong" makes it the place).
        guard b - st >= 2, !lex(st).contains(.given) || lex(st).contains(.place) else { return false }
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
                addPerson(s, s, given: -1, core: s, form: .surname, sure: true)
            } else {
                addLone(s, weak: isMid(s))
            }
            return
        }
        // "Abu Bakr Sadiq", "Abdel Aziz Rahman": an Arabic name opened by "Abu", "Abdel" (two
        // words, "Abu Simbel", may be a place's).
        if n >= 3 && Detection.nameOpeners.contains(tokens[s].hash) && has(s, TF.upper) && nameLike(s + 1, b) && plausibleSurname(b - 1) {
            addPerson(s, b - 1, given: s, core: b - 1, form: .fullUncertain, titled: titled, sure: true)
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
        // Surname first, then a given name of two short words: "Tan Ah Lian", "Yap Kim Hock".
        if n == 3 && !titled && lex(s).contains(.surnameFirst) && !lex(s).contains(.given) && nameLike(s + 1, b)
            && tokens[s + 1].letters <= 6 && tokens[b - 1].letters <= 6 && !has(s + 1, TF.hyphen) && !has(b - 1, TF.hyphen)
            && !has(s + 1, TF.initial) && !has(b - 1, TF.initial) {
            addPerson(s, b - 1, given: s + 1, core: s, form: .fullUncertain)
            return
        }
        // A given name inside: the name starts there ("Katra Chidi Fernández"; at a sentence
        // start, "Will Sanjay Quispe").
        let weakStart = !lex(s).contains(.given) || (!isMid(s) && lex(s).contains(.common))
        if n >= 3 && weakStart && !titled {
            // (Not a lower-case particle that is also a given name: "Erwin van der Looi".)
            for g in (s + 1)..<(b - 1) where lex(g).contains(.given) && !lex(g).contains(.common) && !has(g, TF.lowerStart) {
                if lex(g - 1).contains(.placeStart) { continue }  // "São Paulo", "San Marco"
                for t in s..<g where isCandidate(t) { addLone(t, weak: false) }
                classifyName(g, b, titled: false, allowUnknownPair: allowUnknownPair)
                return
            }
        }
        let first = s, last = b - 1
        let ff = lex(first), lf = lex(last)
        if n == 2 {
            // A word that can open a surname-first name before a word that ends names in news:
            // "Lee Sharpe" is given name and surname.
            if ff.contains(.surnameFirst) && ff.isDisjoint(with: LexFlags.notName) && !has(last, TF.hyphen)
                && lf.contains(.surname) && lf.isDisjoint(with: [.given, .surnameFirst]) && plausibleSurname(last) {
                addPerson(first, last, given: first, core: last, form: .fullUncertain)
                return
            }
            // Surname first: "Xi Jinping", "Kim Jong-un", "Nakamura Hiroshi".
            if ff.contains(.surnameFirst) && lf.isDisjoint(with: [.surnameFirst, .place]) && plausibleSurname(last)
                && (!ff.contains(.given) || lf.contains(.given) || has(last, TF.hyphen)) {
                addPerson(first, last, given: last, core: first, form: lf.contains(.given) ? .full : .fullUncertain)
                return
            }
            if ff.subtracting(.surname).isEmpty && lf.contains(.given) && isMid(first) && !has(first, TF.initial) && !fuzzyGiven(first) {
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
            addPerson(first, last, given: first, core: last, form: .fullUncertain, titled: titled)
            return
        }
        if endsLikeSurname && ff.isDisjoint(with: LexFlags.notName) && !has(first, TF.initial) && nameLike(s + 1, b) && !afterInAtNear(s) && fuzzyGiven(first) {
            addPerson(first, last, given: first, core: last, form: .fullUncertain)
            return
        }
        // Lower-case particles inside do not count: "Nikolaus van der Pas".
        var particles = 0
        for t in s..<b where has(t, TF.lowerStart) { particles += 1 }
        // (Not after "in", "at": "a health centre in Wester Hailes".)
        if allowUnknownPair && n - particles <= 3 && !afterThe(s) && !afterInAtNear(s) {
            if isUnknownName(s, b) {
                addPerson(first, last, given: first, core: last, form: .fullUncertain)
                return
            }
        }
        // Not a name as a whole; its words may still be surnames the article knows.
        for t in s..<b where isCandidate(t) { addLone(t, weak: false) }
    }

    // MARK: Lone words

    mutating func resolveLones() {
        // 0. A given name alone that a role names ("his son Martin", "a daughter, June,",
        // "daughters, Karen and Louise") or that stands beside a person named in full ("With
        // Alasdair Pym and Nell"): someone the article may never name in full, who is then
        // known by that name alone all through it (step 2).
        for lone in lones where covered[lone.token] < 0 {
            let t = lone.token
            let f = lex(t)
            guard f.contains(.given), !f.contains(.title), !has(t, TF.allCaps), tokens[t].letters >= 2 else { continue }
            // (Coordinated: a word alone in its run, not the end of one: "Les Ferdinand and …".)
            if roleNamed(t) || lone.weak && coordinatedWithFullName(t) && !qualifiesRole(t) {
                addPerson(t, t, given: -1, core: t, form: .surname, sure: true)
            }
        }
        // 1. Context alone, mid-sentence: "Kerensky", "the Biden administration", "Okri, who".
        for lone in lones where lone.weak && covered[lone.token] < 0 {
            let t = lone.token
            let f = lex(t)
            if !f.isDisjoint(with: LexFlags.notName.union([.given, .particle])) || has(t, TF.allCaps) { continue }
            if heads[tokens[t].hash] != nil || afterIndefiniteArticle(t) { continue }
            if cueAfter(t) || !afterThe(t) && (hasSurnameShape(t) || whoAfter(t) || roleBefore(t) || appositionAfter(t) && !afterPlacePreposition(t)) {
                addPerson(t, t, given: -1, core: t, form: .surname, sure: cueAfter(t))
            } else if !afterThe(t) && roleNamed(t) {
                addPerson(t, t, given: -1, core: t, form: .surname, sure: true)
            }
        }
        // 2. Surnames the article knows, first words of organisations, places, given names
        // (and the given name of one person the article names in full: "Jansher" after
        // "Jansher Khan", a word no list knows).
        let givens = fullNameGivens()
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
            } else if f.contains(.given) && !f.contains(.common) && !f.contains(.title)
                        || givens[h] == true && f.isDisjoint(with: LexFlags.notName) && isMid(t) && !afterIndefiniteArticle(t) {
                addPerson(t, t, given: t, core: -1, form: .given)
            }
        }
        // 3. Coordination with a person: "Lenin and Trotsky".
        for _ in 0..<2 {
            for lone in lones where covered[lone.token] < 0 {
                let t = lone.token
                if !unlisted(t) || has(t, TF.allCaps) || tokens[t].letters < 3 { continue }
                // Not a word left from a longer run ("the Red Cross and …"); at a sentence start,
                // where any word is capitalised, only a surname's shape will do.
                if isMid(t) ? !lone.weak || afterThe(t) : !hasSurnameShape(t) { continue }
                if coordinatedWithPerson(t) { addPerson(t, t, given: -1, core: t, form: .surname) }
            }
        }
        addCandidates()
    }

    /// The given names of the persons named in full so far: true when all of them share one
    /// surname (the given name alone is theirs), false when persons of two surnames share it.
    func fullNameGivens() -> WordTable<Bool> {
        var surnameOf = WordTable<UInt64>()
        var out = WordTable<Bool>()
        for f in found where f.kind == .person && f.given >= 0 && f.core >= 0 && f.given != f.core {
            let g = tokens[f.given].hash, c = tokens[f.core].hash
            if let known = surnameOf[g] {
                if known != c { out.set(g, false) }
            } else {
                surnameOf.set(g, c)
                out.set(g, true)
            }
        }
        return out
    }

    /// Leftover capitalised words that could be a surname named in another article: not a
    /// word alone on its line (a heading: "History"), nor one opening a sentence before a
    /// person named in full ("Stylist Adaeze Okonkwo-Bello": a description).
    mutating func addCandidates() {
        for lone in lones where covered[lone.token] < 0 {
            let t = lone.token
            guard isCandidate(t), unlisted(t), !has(t, TF.hyphenLower) || isJoinedName(t), tokens[t].letters >= 3,
                  !afterThe(t), !afterIndefiniteArticle(t), heads[tokens[t].hash] == nil,
                  !(has(t, TF.lineStart) && (t + 1 == tokens.count || has(t + 1, TF.lineStart))),
                  isMid(t) || t + 1 >= tokens.count || has(t + 1, TF.breakBefore) || namedPerson(t + 1)?.form != .full else { continue }
            record(Found(first: t, last: t, kind: .person, form: .candidate, core: t, given: -1))
        }
    }
}
