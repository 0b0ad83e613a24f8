/// Revisions of the names found, once the span model has judged them (`revise()`), for text
/// that is not news wire: a given name alone for someone never named in full, a work named
/// after a monarch, the given names of a reference list's "Surname, Given (Year)".
///
/// A given name alone for someone the article never names in full: "Harlan will be home",
/// "Achraf is a player who lives in the box", "Sam's flat-pack wardrobe". The name is a known
/// given name (no common word, place or title), nobody in the article is named in full with it,
/// and what follows is what follows a person: a verb of saying or being, or a possessive. Such
/// a name is a one-name person, as a surname alone is ("Lenin").
extension Detection {
    /// One pass over the names found (each rule looks at one form), cheap tests first.
    mutating func revise() {
        var fullGivens: WordTable<Bool>?
        let count = found.count
        for i in 0..<count where found[i].kind == .person {
            switch found[i].form {
            case .given:
                guard found[i].first == found[i].last, lonePersonByGiven(found[i]) else { continue }
                if fullGivens == nil { fullGivens = fullNameGivens() }
                guard fullGivens![tokens[found[i].given].hash] == nil else { continue }
                // A surname alone, so that `mentions()` links it as it links "Lenin".
                found[i].form = .surname
                found[i].core = found[i].given
                found[i].given = -1
            case .full, .fullUncertain:
                if found[i].last == found[i].first + 1 && namedAfterMonarch(found[i]) {
                    found[i].kind = .organisation
                    found[i].form = .none
                }
            case .surname:
                if has(found[i].first, TF.lineStart) { invertedReference(i, count) }
            default:
                break
            }
        }
    }

    /// Words that, right after a name, say it is someone: verbs of saying, being and having.
    static let personVerbs: WordTable<Bool> = {
        var table = WordTable<Bool>()
        for word in """
            said says told tells asked asks added adds replied replies wrote writes explained recalled \
            is was has had will would wants wanted knows knew thinks thought believes believed \
            remembers remembered laughed smiled admitted insisted
            """.split(separator: " ") {
            table.set(hashOf(String(word)), true)
        }
        return table
    }()

    /// Whether given name `f` alone stands as a person's name does: before a verb of saying or
    /// being, or with a possessive (the caller checks nobody is named in full with it).
    func lonePersonByGiven(_ f: Found) -> Bool {
        let t = f.given
        guard t >= 0, f.first == t, f.last == t, tokens[t].letters >= 3 else { return false }
        if has(t, TF.possessive) { return true }
        guard t + 1 < tokens.count, !has(t + 1, TF.breakBefore), has(t + 1, TF.lowerStart) else { return false }
        return Detection.personVerbs[tokens[t + 1].hash] != nil
    }
}

extension Detection {
    static let kingHash = hashOf("king"), queenHash = hashOf("queen")

    /// "the King James Bible", "King Edward Hospital": a monarch is named by a given name (and a
    /// number), never a given name and a surname, so "King" + a given name + another capitalised
    /// word is something named after the monarch, not a person.
    mutating func namedAfterMonarch(_ f: Found) -> Bool {
        f.first > 0 && f.given == f.first && f.last == f.first + 1 && f.core == f.last
            && (tokens[f.first - 1].hash == Detection.kingHash || tokens[f.first - 1].hash == Detection.queenHash) && has(f.first - 1, TF.upper)
            && !has(f.first, TF.breakBefore) && lex(f.first).contains(.given)
    }
}

extension Detection {
    /// A reference list's "Sadiq, Abu Bakr (2003). The Reader of Stones": a surname opening its
    /// line, a comma, then the words before that surname in a full name the article gives
    /// ("Abu Bakr Sadiq") and a bracketed year: those words are that person's given names.
    /// (`found[i]` a surname alone; `count`: the names found before the revisions.)
    mutating func invertedReference(_ i: Int, _ count: Int) {
        do {
            let f = found[i]
            guard f.core == f.last, has(f.first, TF.lineStart), f.last + 1 < tokens.count, has(f.last + 1, TF.commaBefore) else { return }
            let g = f.last + 1
            let surname = tokens[f.core].hash
            for full in found.prefix(count) where full.kind == .person && (full.form == .full || full.form == .fullUncertain)
                && full.given >= full.first && full.core > full.given && tokens[full.core].hash == surname {
                let n = full.core - full.first
                guard g + n <= tokens.count, (0..<n).allSatisfy({ tokens[g + $0].hash == tokens[full.first + $0].hash }),
                      (1..<max(n, 1)).allSatisfy({ !has(g + $0, TF.breakBefore) }) else { continue }
                // Free words, or names wholly inside them that are no person's ("Abu" read as the
                // start of "Abu Simbel", "Bakr" a word the span model turned down).
                let inside = (0..<n).allSatisfy { k in
                    let c = covered[g + k]
                    return c < 0 || (found[Int(c)].kind != .person || found[Int(c)].form == .none)
                        && found[Int(c)].first >= g && found[Int(c)].last < g + n
                }
                guard inside else { continue }
                // Then "(" and a year.
                var k = Int(tokens[g + n - 1].end)
                while k < s.count && s[k] == " " { k += 1 }
                guard k + 1 < s.count, s[k] == "(", s[k + 1].properties.numericType != nil else { continue }
                for k in 0..<n where covered[g + k] >= 0 {
                    found[Int(covered[g + k])].kind = .person
                    found[Int(covered[g + k])].form = .none
                    covered[g + k] = -1
                }
                // (`core`: the surname it goes with, where the given name alone is ambiguous.)
                record(Found(first: g, last: g + n - 1, kind: .person, form: .given, core: f.core, given: g + (full.given - full.first)))
                break
            }
        }
    }
}
