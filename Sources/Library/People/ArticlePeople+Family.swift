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
        /// Per person: sex, worked out for all when first needed (`fullSexes`).
        var sexOf: [Sex]?
        /// Per person: sexes of titled surnames that joined it ("Mrs Penrose").
        var titledSex: [Int: Sex] = [:]
        /// Per person named in full: the word of their first full mention, and of their first
        /// not as someone's relative (`Int.max`: none); made when first needed (`passingTokens`).
        var firstFull: [Int] = [], firstMain: [Int] = []
        var passingKnown = false
        /// Persons and mentions gone through (`Detection.linkSteps`).
        var steps = 0
    }

    /// Census given names of one sex, by folded-word hash.
    static let givenSex = sexTable([(LexiconData.femaleGivenNames, .female), (LexiconData.maleGivenNames, .male)])
    /// Titles and kinship nouns of one sex ("Mrs", "Sir"; "wife", "son"), by folded-word hash.
    static let wordSex = sexTable([(femaleTitles + " " + femaleKin, .female), (maleTitles + " " + maleKin, .male)])
    static let titleHashes = sexTable([(femaleTitles, .female), (maleTitles, .male)])

    /// The words of `lists` (ASCII, space-separated) by hash; a word of both sexes is `.unknown`.
    static func sexTable(_ lists: [(String, Sex)]) -> WordTable<Sex> {
        var table = WordTable<Sex>(capacity: 4096)
        for (text, sex) in lists {
            var h = Lexicon.fnvOffset
            var any = false
            for v in text.utf8 {
                if v == 0x20 || v == 0x0A {
                    if any { table.set(h, table[h].map { $0 == sex ? sex : .unknown } ?? sex) }
                    h = Lexicon.fnvOffset
                    any = false
                } else {
                    h = (h ^ UInt64(v &- 0x41 < 26 ? v | 0x20 : v)) &* Lexicon.fnvPrime
                    any = true
                }
            }
            if any { table.set(h, table[h].map { $0 == sex ? sex : .unknown } ?? sex) }
        }
        return table
    }

    /// Titles (either side of a full name, or before a surname alone) that fix the sex; all in
    /// the lexicon's titles (`titleSex` relies on it).
    static let femaleTitles = "Mrs Ms Miss Lady Dame Madam Madame Mme Mlle Frau Senora Signora Baroness Duchess Countess Princess Queen Empress"
    static let maleTitles = "Mr Mister Sir Lord Herr Monsieur Senor Signor Baron Duke Prince King Emperor Earl"
    /// Kinship nouns just before a full name ("his wife, Joanne Harbottle").
    static let femaleKin = "wife widow daughter mother sister grandmother granddaughter aunt niece girlfriend fiancee bride stepmother stepdaughter mum mom"
    static let maleKin = "husband widower son father brother grandfather grandson uncle nephew boyfriend fiance groom stepfather stepson dad"


    /// The sex the title just before word `t` fixes ("Mrs" in "Mrs Penrose"), if it does.
    @inline(__always)
    func titleSex(before t: Int) -> Sex {
        guard t > 0, tokens[t - 1].flags & TF.upper != 0 else { return .unknown }
        // (Titles are in the lexicon: a word looked up and found no title is none.)
        let lex = tokens[t - 1].lex
        guard lex == Token.unknown || lex & LexFlags.title.rawValue != 0 else { return .unknown }
        return Detection.titleHashes[tokens[t - 1].hash] ?? .unknown
    }

    /// Whether person `c` was named in full, before word `t`, only as someone's relative ("his
    /// father, Ronald Thwaites", "the son of Abu Zeid el-Masri"): a surname alone after that still means who it meant before.
    func namedInPassing(_ c: Int, before t: Int, _ kin: Kin) -> Bool {
        c < kin.firstFull.count && kin.firstFull[c] < t && kin.firstMain[c] >= t
    }

    /// Fills `kin.firstFull` and `kin.firstMain` from the full mentions (`positions`: all of them,
    /// `cluster` the person of each), once.
    func passingTokens(_ positions: [(token: Int, cluster: Int)], clusters: Int, _ kin: inout Kin) {
        guard !kin.passingKnown else { return }
        kin.passingKnown = true
        kin.firstFull = [Int](repeating: Int.max, count: clusters)
        kin.firstMain = kin.firstFull
        kin.steps += positions.count
        for p in positions {
            kin.firstFull[p.cluster] = min(kin.firstFull[p.cluster], p.token)
            if !namedAsRelative(p.token) { kin.firstMain[p.cluster] = min(kin.firstMain[p.cluster], p.token) }
        }
    }

    /// Whether the full name starting at word `t` follows a kinship noun or a title of one sex
    /// ("his father, Ronald Thwaites", "the third son of Abu Zeid el-Masri").
    func namedAsRelative(_ t: Int) -> Bool {
        var w = t - 1
        if w >= 1 && tokens[w].hash == Detection.ofHash { w -= 1 }  // "the third son of Abu Zeid el-Masri"
        return w >= 0 && tokens[w].flags & TF.upper == 0 && Detection.wordSex[tokens[w].hash] != nil
    }

    static let ofHash = hashOf("of")

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

    /// The sex of each person named in full (`clusters` of them), from the words of their full
    /// mentions and before them (given name, title, kinship noun); told both ways, unknown.
    func fullSexes(_ assigned: [Int], clusters: Int) -> [Sex] {
        var female = [Bool](repeating: false, count: clusters), male = female
        for (i, f) in found.enumerated() where assigned[i] >= 0 && f.kind == .person && (f.form == .full || f.form == .fullUncertain) {
            let c = assigned[i]
            for sex in [f.given >= 0 ? Detection.givenSex[tokens[f.given].hash] : nil, f.first > 0 ? Detection.wordSex[tokens[f.first - 1].hash] : nil] {
                if sex == .female { female[c] = true } else if sex == .male { male[c] = true }
            }
        }
        return female.indices.map { female[$0] == male[$0] ? .unknown : female[$0] ? .female : .male }
    }

    /// The person the surnames alone before `found[i]` with its surname word last joined, among
    /// `among`.
    func lastCalled(before i: Int, among: [Int], _ assigned: [Int], steps: inout Int) -> Int? {
        let word = tokens[found[i].core].hash
        for j in stride(from: i - 1, through: 0, by: -1) where found[j].kind == .person && found[j].form == .surname && assigned[j] >= 0 {
            steps += 1
            if tokens[found[j].core].hash == word && among.contains(assigned[j]) { return assigned[j] }
        }
        return nil
    }

    /// Who surname `found[i]` names (the surnames alone are met in text order), given the persons
    /// named in full with its skeleton `number` (`positions`, their full mentions in text order,
    /// those before it up to index `split`) and the one the plain rule chose (`nearest`); called
    /// when there are several, or a title. -1: someone else with that surname. (`kin.firstFull`
    /// and `firstMain` must be filled.) Its cost does not grow with the surname's mentions
    /// elsewhere in the article: a name-dense one has thousands.
    func kinTarget(_ i: Int, number: Int, _ all: Persons, positions: ArraySlice<(token: Int, cluster: Int)>, before split: Int,
                   nearest: Int, assigned: [Int], kin: inout Kin) -> Int {
        let f = found[i]
        let titled = titleSex(before: f.first)
        var target = nearest
        if titled != .unknown {
            let persons = all.fullClusters(number)
            kin.steps += persons.count
            if kin.sexOf == nil {
                kin.sexOf = fullSexes(assigned, clusters: all.clusters.count)
                kin.steps += found.count
            }
            func sex(_ c: Int, _ kin: Kin) -> Sex {
                let own = kin.sexOf![c]
                return own != .unknown ? own : kin.titledSex[c] ?? .unknown
            }
            let same = persons.filter { sex($0, kin) == titled }
            let fitting = same.isEmpty ? persons.filter { sex($0, kin) == .unknown } : same
            if fitting.isEmpty { return -1 }
            if !fitting.contains(target) {
                // The fitting one named most recently before, else the first after.
                let before = positions[..<split].last { kin.steps += 1; return fitting.contains($0.cluster) }
                target = before?.cluster ?? positions[split...].first { kin.steps += 1; return fitting.contains($0.cluster) }!.cluster
            }
            kin.titledSex[target] = titled
        } else if namedInPassing(target, before: f.first, kin) {
            // A relative named in passing does not take a bare surname over: the person the
            // article last called by it, else the one named in full most recently not as a
            // relative. (A title picks its person itself: "his mother, Joanne Harbottle … Mrs
            // Harbottle".)
            let main = all.fullClusters(number).filter { $0 != target && !namedInPassing($0, before: f.first, kin) }
            kin.steps += main.count
            if let last = lastCalled(before: i, among: main, assigned, steps: &kin.steps) {
                target = last
            } else if let before = positions[..<split].last(where: { kin.steps += 1; return main.contains($0.cluster) }) {
                target = before.cluster
            }
        }
        return target
    }
}
