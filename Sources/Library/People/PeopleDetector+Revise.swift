/// Revisions of the names found, once the span model has judged them (`revise()`), for text
/// that is not news wire: a given name alone for someone never named in full, a work named
/// after a monarch.
///
/// A given name alone for someone the article never names in full: "Harlan will be home",
/// "Achraf is a player who lives in the box", "Sam's flat-pack wardrobe". The name is a known
/// given name (no common word, place or title), nobody in the article is named in full with it,
/// and what follows is what follows a person: a verb of saying or being, or a possessive. Such
/// a name is a one-name person, as a surname alone is ("Lenin").
extension Detection {
    mutating func revise() {
        promoteLoneGivens()
        namedAfterMonarchs()
    }

    /// Words that, right after a name, say it is someone: verbs of saying, being and having.
    static let personVerbs: Set<UInt64> = Set("""
        said says told tells asked asks added adds replied replies wrote writes explained recalled \
        is was has had will would wants wanted knows knew thinks thought believes believed \
        remembers remembered laughed smiled admitted insisted
        """.split(separator: " ").map { hashOf(String($0)) })

    /// Whether given name `f` alone names a person of its own (`fullGivens`: the hashes of the
    /// given names of the article's full names).
    mutating func lonePersonByGiven(_ f: Found, fullGivens: Set<UInt64>) -> Bool {
        let t = f.given
        guard f.first == t, f.last == t, !fullGivens.contains(tokens[t].hash), tokens[t].letters >= 3 else { return false }
        if has(t, TF.possessive) { return true }
        guard t + 1 < tokens.count, !has(t + 1, TF.breakBefore), has(t + 1, TF.lowerStart) else { return false }
        return Detection.personVerbs.contains(tokens[t + 1].hash)
    }

    /// The given names alone that `lonePersonByGiven` makes one-name persons, made surnames
    /// alone so that `mentions()` links them as it links "Lenin".
    mutating func promoteLoneGivens() {
        var fullGivens: Set<UInt64>?
        for i in found.indices where found[i].kind == .person && found[i].form == .given && found[i].given >= 0 {
            if fullGivens == nil {
                fullGivens = Set(found.filter { $0.kind == .person && $0.given >= 0 && $0.core >= 0 && $0.given != $0.core }
                    .map { tokens[$0.given].hash })
            }
            guard lonePersonByGiven(found[i], fullGivens: fullGivens!) else { continue }
            found[i].form = .surname
            found[i].core = found[i].given
            found[i].given = -1
        }
    }
}

extension Detection {
    static let monarchs: Set<UInt64> = [hashOf("king"), hashOf("queen")]

    /// "the King James Bible", "King Edward Hospital": a monarch is named by a given name (and a
    /// number), never a given name and a surname, so "King" + a given name + another capitalised
    /// word is something named after the monarch, not a person.
    mutating func namedAfterMonarchs() {
        for i in found.indices where found[i].kind == .person && (found[i].form == .full || found[i].form == .fullUncertain) {
            let f = found[i]
            guard f.first > 0, f.given == f.first, f.last == f.first + 1, f.core == f.last,
                  Detection.monarchs.contains(tokens[f.first - 1].hash), has(f.first - 1, TF.upper),
                  !has(f.first, TF.breakBefore), lex(f.first).contains(.given) else { continue }
            found[i].kind = .organisation
            found[i].form = .none
        }
    }
}
