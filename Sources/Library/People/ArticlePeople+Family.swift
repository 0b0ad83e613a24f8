/// Within one article: a surname alone when the article names a family, several people with
/// one surname ("Margaret Penrose", her husband "Derek Penrose").
///
/// What a reader takes the surname to mean, and so what `mentions()` links it to:
/// - A title that fixes the sex ("Mrs Penrose", "Mr Harbottle"; Ms, Miss, Lady, Dame, Sir,
///   Lord…) is never the person of the other sex. The sex of a person named in full comes from
///   their given name (census names nearly always one sex), a title before it ("Mrs Alexis
///   Varga"), a kinship noun before it ("her husband, Jordan Varga") or an earlier titled
///   surname that joined them. When every person of that surname is of the other sex, the
///   titled surname is someone else ("Mrs Penrose" after only "Derek Penrose": his wife).
/// - A bare surname is the person named in full most recently before it ("Hillary Brennan
///   spoke. Then Thomas Brennan spoke. Brennan was long": Thomas), else next after it, unless
///   that person was named only as someone's relative: then a bare surname stays with the person the
///   article last called by it, else the one named in full most recently not as a relative
///   (the defendant "Thwaites" is not taken over by "his father, Ronald Thwaites", nor a
///   biography's subject by "the third son of Abu Zeid el-Masri").
/// - "Mr and Mrs Penrose", "Mr & Mrs Penrose" and "the Penroses" name a family, not one person:
///   no person mention at all.
extension Detection {
    enum Sex: UInt8 { case unknown, female, male }

    /// What the linking of surnames alone remembers while it goes through an article in order.
    struct Kin {
        /// Per surname skeleton number: the person the last bare surname joined.
        var lastBare: [Int: Int] = [:]
        /// Per person: sex, once worked out (`nil`: not yet).
        var sexOf: [Int: Sex]?
        /// Per person: sexes of titled surnames that joined it ("Mrs Penrose").
        var titledSex: [Int: Sex] = [:]
    }

    /// Census given names of one sex, by folded-word hash.
    static let givenSex: [UInt64: Sex] = sexTable([(LexiconData.femaleGivenNames, .female), (LexiconData.maleGivenNames, .male)])
    /// Titles and kinship nouns of one sex ("Mrs", "Sir"; "wife", "son"), by folded-word hash.
    static let wordSex: [UInt64: Sex] = sexTable([(femaleTitles + " " + femaleKin, .female), (maleTitles + " " + maleKin, .male)])
    static let titleHashes: [UInt64: Sex] = sexTable([(femaleTitles, .female), (maleTitles, .male)])

    static func sexTable(_ lists: [(String, Sex)]) -> [UInt64: Sex] {
        var table: [UInt64: Sex] = [:]
        for (text, sex) in lists {
            for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
                let h = Lexicon.hash(Lexicon.fold(word))
                if let had = table[h], had != sex { table[h] = .unknown } else { table[h] = sex }
            }
        }
        return table
    }

    /// Titles (either side of a full name, or before a surname alone) that fix the sex.
    static let femaleTitles = "Mrs Ms Miss Lady Dame Madam Madame Mme Mlle Mademoiselle Frau Senora Signora Sra Baroness Duchess Countess Princess Queen Empress Marchioness"
    static let maleTitles = "Mr Mister Sir Lord Herr Monsieur Senor Signor Sr Baron Duke Prince King Emperor Earl Marquess"
    /// Kinship nouns just before a full name ("his wife, Joanne Harbottle").
    static let femaleKin = "wife widow daughter mother sister grandmother granddaughter aunt niece girlfriend fiancee bride stepmother stepdaughter mum mom"
    static let maleKin = "husband widower son father brother grandfather grandson uncle nephew boyfriend fiance groom stepfather stepson dad"


    /// The sex the title just before word `t` fixes ("Mrs" in "Mrs Penrose"), if it does.
    func titleSex(before t: Int) -> Sex {
        guard t > 0 else { return .unknown }
        return Detection.titleHashes[tokens[t - 1].hash] ?? .unknown
    }

    /// Whether person `c` was named in full, before word `t`, only as someone's relative ("his
    /// father, Ronald Thwaites", "the son of Abu Zeid el-Masri"): a surname alone after that still means who it meant before.
    func namedInPassing(_ c: Int, _ positions: [(token: Int, cluster: Int)], before t: Int) -> Bool {
        var any = false
        for p in positions where p.cluster == c && p.token < t {
            var w = p.token - 1
            if w >= 1 && tokens[w].hash == Detection.ofHash { w -= 1 }  // "the third son of Abu Zeid el-Masri"
            guard w >= 0, tokens[w].flags & TF.upper == 0, Detection.wordSex[tokens[w].hash] != nil else { return false }
            any = true
        }
        return any
    }

    static let ofHash = Lexicon.hash(Lexicon.fold("of"))

    /// "Mr and Mrs Penrose", "Mr & Mrs Penrose": a couple, where the surname starts at word `t`.
    func namesACouple(_ t: Int) -> Bool {
        let near = titleSex(before: t)
        guard near != .unknown, t >= 2 else { return false }
        var far = t - 2
        if tokens[far].hash == Detection.andHash {
            guard far >= 1 else { return false }
            far -= 1
        } else {
            // Only "&" (and spaces, a period) between the two titles.
            let between = s[Int(tokens[far].end)..<Int(tokens[t - 1].start)]
            guard between.contains("&"), between.allSatisfy({ $0 == "&" || $0 == " " || $0 == "." }) else { return false }
        }
        let other = Detection.titleHashes[tokens[far].hash] ?? .unknown
        return other != .unknown && other != near
    }

    /// The sex of each person named in full, from the words of their full mentions and before
    /// them (given name, title, kinship noun); persons told both ways stay unknown.
    func fullSexes(_ assigned: [Int]) -> [Int: Sex] {
        var votes: [Int: (female: Int, male: Int)] = [:]
        for (i, f) in found.enumerated() where assigned[i] >= 0 && f.kind == .person && (f.form == .full || f.form == .fullUncertain) {
            var said: [Sex] = []
            if f.given >= 0, let sex = Detection.givenSex[tokens[f.given].hash] { said.append(sex) }
            if f.first > 0, let sex = Detection.wordSex[tokens[f.first - 1].hash] { said.append(sex) }
            for sex in said where sex != .unknown {
                if sex == .female { votes[assigned[i], default: (0, 0)].female += 1 } else { votes[assigned[i], default: (0, 0)].male += 1 }
            }
        }
        return votes.mapValues { $0.female > 0 && $0.male == 0 ? .female : $0.male > 0 && $0.female == 0 ? .male : .unknown }
    }

    /// Who surname `f` names (the surnames alone are met in text order), given the persons named
    /// in full with that surname (`persons`; `positions`, their full mentions in text order) and
    /// the one the plain rule chose (`nearest`). -1: someone else with that surname.
    func kinTarget(_ f: Found, number: Int, persons: [Int], positions: [(token: Int, cluster: Int)], nearest: Int,
                   assigned: [Int], kin: inout Kin) -> Int {
        let titled = titleSex(before: f.first)
        if persons.count == 1 && titled == .unknown {
            kin.lastBare[number] = persons[0]
            return persons[0]
        }
        var target = nearest
        var fitting = persons
        if titled != .unknown {
            if kin.sexOf == nil { kin.sexOf = fullSexes(assigned) }
            func sex(_ c: Int) -> Sex {
                let own = kin.sexOf![c] ?? .unknown
                return own != .unknown ? own : kin.titledSex[c] ?? .unknown
            }
            let same = persons.filter { sex($0) == titled }
            fitting = same.isEmpty ? persons.filter { sex($0) == .unknown } : same
            if fitting.isEmpty { return -1 }
            if !fitting.contains(target) {
                // The fitting one named most recently before, else the first after.
                let before = positions.last { $0.token < f.first && fitting.contains($0.cluster) }
                target = before?.cluster ?? positions.first { fitting.contains($0.cluster) }!.cluster
            }
        }
        // A relative named in passing does not take a bare surname over: the person the article
        // last called by it, else the one named in full most recently not as a relative. (A
        // title picks its person itself: "his mother, Joanne Harbottle … Mrs Harbottle".)
        if titled == .unknown && namedInPassing(target, positions, before: f.first) {
            let main = fitting.filter { $0 != target && !namedInPassing($0, positions, before: f.first) }
            if let last = kin.lastBare[number], main.contains(last) {
                target = last
            } else if let before = positions.last(where: { $0.token < f.first && main.contains($0.cluster) }) {
                target = before.cluster
            }
        }
        if titled != .unknown { kin.titledSex[target] = titled }
        kin.lastBare[number] = target
        return target
    }
}
