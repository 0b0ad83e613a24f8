/// A byte format for every article's `PeopleIndex.Summary` (what detection found in it, boiled
/// down for linking), kept in the catalog cache so that a restart after one file changed detects
/// only that file and links the rest from here: linking the same summaries gives the same index.
///
/// Column by column, for compactness and speed (`BinaryWriter` conventions):
///
///     "RPSM" · version u32 · article count u64
///     per article (Int32 arrays): persons, spellings, mentions and candidates counts
///     persons: mentions, first (Int32), sure (UInt8)
///     spellings: person, count, rank, first (Int32)
///     mentions: start, end, person (Int32)
///     candidates: start, end (Int32)
///     strings: byte lengths (UInt32) and the UTF-8 end to end, in the order persons (surname,
///       given), spellings (text), candidates (surname key, text), article after article
extension PeopleIndex.Summary {
    static let magic: [UInt8] = Array("RPSM".utf8)
    static let formatVersion: UInt32 = 1

    /// `summaries` (one per article, in corpus order) as bytes.
    public static func serialize(_ summaries: [PeopleIndex.Summary]) -> [UInt8] {
        var personCounts: [Int32] = [], spellingCounts: [Int32] = [], mentionCounts: [Int32] = [], candidateCounts: [Int32] = []
        var personMentions: [Int32] = [], personFirst: [Int32] = [], personSure: [UInt8] = []
        var spellingPerson: [Int32] = [], spellingCount: [Int32] = [], spellingRank: [Int32] = [], spellingFirst: [Int32] = []
        var starts: [Int32] = [], ends: [Int32] = [], owners: [Int32] = []
        var candidateStarts: [Int32] = [], candidateEnds: [Int32] = []
        var lengths: [UInt32] = []
        var text: [UInt8] = []
        func put(_ s: String) {
            lengths.append(UInt32(s.utf8.count))
            text.append(contentsOf: s.utf8)
        }
        for s in summaries {
            personCounts.append(Int32(s.persons.count))
            spellingCounts.append(Int32(s.spellings.count))
            mentionCounts.append(Int32(s.mentions.count))
            candidateCounts.append(Int32(s.candidates.count))
            for p in s.persons {
                personMentions.append(p.mentions)
                personFirst.append(p.first)
                personSure.append(p.sure ? 1 : 0)
                put(p.surname)
                put(p.given)
            }
            for sp in s.spellings {
                spellingPerson.append(sp.person)
                spellingCount.append(sp.count)
                spellingRank.append(sp.rank)
                spellingFirst.append(sp.first)
                put(sp.text)
            }
            for m in s.mentions {
                starts.append(m.start)
                ends.append(m.end)
                owners.append(m.person)
            }
            for c in s.candidates {
                candidateStarts.append(c.start)
                candidateEnds.append(c.end)
                put(c.surnameKey)
                put(c.text)
            }
        }
        var w = BinaryWriter(capacity: 64 + text.count + 4 * (lengths.count + 4 * summaries.count + 4 * personFirst.count
                                                              + 4 * spellingFirst.count + 3 * starts.count + 2 * candidateStarts.count))
        w.raw(magic)
        w.u32(formatVersion)
        w.int(summaries.count)
        for a in [personCounts, spellingCounts, mentionCounts, candidateCounts, personMentions, personFirst] { w.array(a) }
        w.array(personSure)
        for a in [spellingPerson, spellingCount, spellingRank, spellingFirst, starts, ends, owners, candidateStarts, candidateEnds] {
            w.array(a)
        }
        w.array(lengths)
        w.array(text)
        return w.bytes
    }

    /// Reads what `serialize` wrote for `articleCount` articles. Throws on anything unexpected
    /// (another magic, version or article count, counts that do not add up, a mention out of
    /// order or naming a person the article does not have, trailing bytes).
    public static func deserialize(_ bytes: [UInt8], articleCount: Int) throws(BinaryFormatError) -> [PeopleIndex.Summary] {
        guard bytes.starts(with: magic) else { throw BinaryFormatError("not people summaries") }
        var r = BinaryReader(bytes, from: magic.count)
        guard try r.u32() == formatVersion else { throw BinaryFormatError("another version of people summaries") }
        guard try r.int() == articleCount else { throw BinaryFormatError("people summaries of another corpus") }
        let personCounts: [Int32] = try r.array(), spellingCounts: [Int32] = try r.array()
        let mentionCounts: [Int32] = try r.array(), candidateCounts: [Int32] = try r.array()
        let personMentions: [Int32] = try r.array(), personFirst: [Int32] = try r.array()
        let personSure: [UInt8] = try r.array()
        let spellingPerson: [Int32] = try r.array(), spellingCount: [Int32] = try r.array()
        let spellingRank: [Int32] = try r.array(), spellingFirst: [Int32] = try r.array()
        let starts: [Int32] = try r.array(), ends: [Int32] = try r.array(), owners: [Int32] = try r.array()
        let candidateStarts: [Int32] = try r.array(), candidateEnds: [Int32] = try r.array()
        let lengths: [UInt32] = try r.array()
        let text: [UInt8] = try r.array()
        guard r.remaining == 0 else { throw BinaryFormatError("trailing bytes") }
        func total(_ counts: [Int32]) throws(BinaryFormatError) -> Int {
            guard counts.count == articleCount, counts.allSatisfy({ $0 >= 0 }) else { throw BinaryFormatError("bad counts") }
            return counts.reduce(0) { $0 + Int($1) }
        }
        let persons = try total(personCounts), spellings = try total(spellingCounts)
        let mentions = try total(mentionCounts), candidates = try total(candidateCounts)
        guard personMentions.count == persons, personFirst.count == persons, personSure.count == persons,
              [spellingPerson, spellingCount, spellingRank, spellingFirst].allSatisfy({ $0.count == spellings }),
              starts.count == mentions, ends.count == mentions, owners.count == mentions,
              candidateStarts.count == candidates, candidateEnds.count == candidates,
              lengths.count == 2 * persons + spellings + 2 * candidates,
              lengths.reduce(0, { $0 + Int($1) }) == text.count else { throw BinaryFormatError("counts do not add up") }

        var out: [PeopleIndex.Summary] = []
        out.reserveCapacity(articleCount)
        var p = 0, sp = 0, m = 0, c = 0, s = 0, at = 0
        func string() -> String {
            let n = Int(lengths[s])
            defer { s += 1; at += n }
            return text.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[at..<(at + n)]), as: UTF8.self) }
        }
        for a in 0..<articleCount {
            var summary = PeopleIndex.Summary()
            let np = Int(personCounts[a])
            summary.persons.reserveCapacity(np)
            for _ in 0..<np {
                let surname = string(), given = string()
                summary.persons.append(PeopleIndex.ArticlePerson(surname: surname, given: given, mentions: personMentions[p],
                                                                 first: personFirst[p], sure: personSure[p] != 0))
                p += 1
            }
            let ns = Int(spellingCounts[a])
            summary.spellings.reserveCapacity(ns)
            for _ in 0..<ns {
                guard spellingPerson[sp] >= 0 && Int(spellingPerson[sp]) < np else { throw BinaryFormatError("a spelling of no person") }
                summary.spellings.append(PeopleIndex.ArticleSpelling(text: string(), person: spellingPerson[sp], count: spellingCount[sp],
                                                                     rank: spellingRank[sp], first: spellingFirst[sp]))
                sp += 1
            }
            let nm = Int(mentionCounts[a])
            summary.mentions.reserveCapacity(nm)
            var lastEnd: Int32 = 0
            for _ in 0..<nm {
                guard starts[m] >= lastEnd, ends[m] > starts[m], owners[m] >= 0, Int(owners[m]) < np else {
                    throw BinaryFormatError("mentions out of order")
                }
                lastEnd = ends[m]
                summary.mentions.append((starts[m], ends[m], owners[m]))
                m += 1
            }
            let nc = Int(candidateCounts[a])
            summary.candidates.reserveCapacity(nc)
            for _ in 0..<nc {
                guard candidateStarts[c] >= 0, candidateEnds[c] > candidateStarts[c] else { throw BinaryFormatError("bad candidate") }
                let key = string(), name = string()
                summary.candidates.append((candidateStarts[c], candidateEnds[c], key, name))
                c += 1
            }
            out.append(summary)
        }
        return out
    }
}
