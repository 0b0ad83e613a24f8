/// What the lexicons say about one word (a word can be in several).
struct LexFlags: OptionSet, Sendable {
    let rawValue: UInt32
    static let given = LexFlags(rawValue: 1 << 0)
    static let title = LexFlags(rawValue: 1 << 1)
    static let titleModifier = LexFlags(rawValue: 1 << 2)
    static let organisationCue = LexFlags(rawValue: 1 << 3)
    static let placeCue = LexFlags(rawValue: 1 << 4)
    static let placeStart = LexFlags(rawValue: 1 << 5)
    static let particle = LexFlags(rawValue: 1 << 6)
    static let common = LexFlags(rawValue: 1 << 7)
    static let demonym = LexFlags(rawValue: 1 << 8)
    static let place = LexFlags(rawValue: 1 << 9)
    static let personCueAfter = LexFlags(rawValue: 1 << 10)
    static let surnameFirst = LexFlags(rawValue: 1 << 11)
    static let adjectiveSuffix = LexFlags(rawValue: 1 << 12)
    static let abbreviation = LexFlags(rawValue: 1 << 13)
    static let role = LexFlags(rawValue: 1 << 14)
    static let otherStart = LexFlags(rawValue: 1 << 15)
    /// Words of team, company and event names, almost never a person's (`LexiconStats.swift`).
    static let nonPerson = LexFlags(rawValue: 1 << 16)
    /// Words that often end a person's full name, cue words and all ("Damon Hill", "Greg
    /// Norman"; `LexiconStats.swift`).
    static let surname = LexFlags(rawValue: 1 << 17)
    /// Place-name words English surnames are made of ("Hill", "Marsh", "Fell"): after a given
    /// name a surname, else the end of a place's name (`LexiconData.placeSurnames`).
    static let placeSurname = LexFlags(rawValue: 1 << 18)

    /// Words that can never be part of a person's name.
    static let notName: LexFlags = [.common, .demonym, .place, .organisationCue, .placeCue, .title, .titleModifier, .nonPerson]
}

/// The lexicons as one hash table keyed by folded words (lower case, no accents), built once.
///
/// Lookups take the folded scalars of a word and their hash (`Lexicon.hash`), so the detector
/// can fold each word once into a scratch buffer without making a `String`.
package final class Lexicon: Sendable {
    package static let shared = Lexicon()

    /// The word statistics drawn from news (`LexiconStats.swift`): space-separated folded words.
    package struct Statistics: Sendable {
        package var places = LexiconData.statPlaces
        package var nonPersons = LexiconData.statNonPersons
        package var givenNames = LexiconData.statGivenNames
        package var surnames = LexiconData.statSurnames
        package init() {}
    }

    struct Slot {
        var hash: UInt64
        var flags: UInt32
        /// Given names: the spelling group (equal for `Yevgeny` and `Evgeny`), else -1.
        var group: Int32
        var start: Int32
        var length: Int32   // -1: empty
    }

    private let slots: [Slot]
    private let mask: Int
    private let pool: [UInt32]
    /// Given names and their one-letter deletions, for spotting a misspelt given name.
    private let deletions: [(hash: UInt64, name: Int32)]
    private let deletionMask: Int
    /// Folded given names (`start`, `length` into `pool`), indexed by `deletions[].name`.
    private let givenNames: [(start: Int32, length: Int32, group: Int32)]

    /// The lexicons with `statistics` (the shipped ones, or for `people-train --cross-fit` ones
    /// drawn from part of the training split).
    package init(statistics: Statistics = Statistics()) {
        var b = LexiconBuilder()
        // Given names: `A/B/C` is one spelling group. A name in two groups joins them.
        var parent: [Int32] = []
        func root(_ g: Int32) -> Int32 {
            var g = g
            while parent[Int(g)] != g { g = parent[Int(g)] }
            return g
        }
        func join(_ existing: Int32, _ group: Int32) {
            let x = root(existing), y = root(group)
            if x != y { parent[Int(max(x, y))] = min(x, y) }
        }
        // The group each given-name entry was first seen in (by entry index; the given names
        // come first, so every entry so far is one).
        var firstGroup: [Int32] = []
        var emptyKeyGroup: Int32?
        for text in [LexiconData.givenNames, statistics.givenNames] {
            LexiconBuilder.eachWord(text) { item in
                let group = Int32(parent.count)
                parent.append(group)
                for name in item.split(separator: "/") {
                    b.fold(name)
                    if b.key.isEmpty {
                        if let existing = emptyKeyGroup { join(existing, group) } else { emptyKeyGroup = group }
                        continue
                    }
                    let i = b.find()
                    if i >= 0 { join(firstGroup[i], group) } else { firstGroup.append(group) }
                    b.add(LexFlags.given.rawValue)
                }
            }
        }
        for i in b.entries.indices where b.entries[i].flags & LexFlags.given.rawValue != 0 {
            b.setGroup(i, root(firstGroup[i]))
        }
        let lists: [(String, LexFlags)] = [
            (LexiconData.titles, .title), (LexiconData.titleModifiers, .titleModifier),
            (LexiconData.organisationCues, .organisationCue), (LexiconData.placeCues, .placeCue),
            (LexiconData.placeStarts, .placeStart), (LexiconData.particles, .particle),
            (LexiconData.commonWords, .common), (LexiconData.demonyms, .demonym),
            (LexiconData.places, .place), (LexiconData.personCuesAfter, .personCueAfter),
            (LexiconData.surnamesFirst, .surnameFirst), (LexiconData.adjectiveSuffixes, .adjectiveSuffix),
            (LexiconData.abbreviations, .abbreviation), (LexiconData.roleNouns, .role),
            (LexiconData.otherStarts, .otherStart), (statistics.places, .place),
            (statistics.nonPersons, .nonPerson), (statistics.surnames, .surname),
            (LexiconData.placeSurnames, [.placeSurname, .placeCue]),
        ]
        for (text, flags) in lists {
            LexiconBuilder.eachWord(text) { word in
                b.fold(word)
                if !b.key.isEmpty { b.add(flags.rawValue) }
            }
        }
        // Multi-word places are written with hyphens in the list ("Tel-Aviv"); their parts are
        // places too ("Tel Aviv" in text is two words).
        LexiconBuilder.eachWord(LexiconData.places) { word in
            guard word.contains("-") else { return }
            for part in word.split(separator: "-") {
                b.fold(part)
                if !b.key.isEmpty { b.add(LexFlags.place.rawValue) }
            }
        }
        // Common given names of the census that no other list knows already (each its own group).
        // Not for spotting misspelt given names: a word one letter from one of so many names is
        // as often a place ("Wester", "Kirkby").
        var census = [Bool](repeating: false, count: b.entries.count)
        LexiconBuilder.eachWord(LexiconData.censusGivenNames) { name in
            b.fold(name)
            guard b.key.isEmpty || b.find() < 0 else { return }
            if !b.key.isEmpty {
                b.add(LexFlags.given.rawValue, group: Int32(parent.count))
                census.append(true)
            }
            parent.append(Int32(parent.count))
        }

        var capacity = 1024
        while capacity < b.entries.count * 2 { capacity <<= 1 }
        var slots = [Slot](repeating: Slot(hash: 0, flags: 0, group: -1, start: 0, length: -1), count: capacity)
        var given: [(start: Int32, length: Int32, group: Int32)] = []
        for (n, entry) in b.entries.enumerated() {
            var i = Int(truncatingIfNeeded: entry.hash) & (capacity - 1)
            while slots[i].length >= 0 { i = (i + 1) & (capacity - 1) }
            slots[i] = Slot(hash: entry.hash, flags: entry.flags, group: entry.group, start: entry.start, length: entry.length)
            if entry.flags & LexFlags.given.rawValue != 0 && !census[n] {
                given.append((entry.start, entry.length, entry.group))
            }
        }
        let pool = b.pool
        // Deletion table: each given name of four letters or more, and each of its one-letter
        // deletions, pointing back at the name.
        var dels: [(hash: UInt64, name: Int32)] = []
        for (n, name) in given.enumerated() where name.length >= 4 {
            let key = pool[Int(name.start)..<Int(name.start + name.length)]
            dels.append((Lexicon.hash(key), Int32(n)))
            for skip in 0..<key.count { dels.append((Lexicon.hash(key, skipping: skip), Int32(n))) }
        }
        var dcap = 1024
        while dcap < dels.count * 2 { dcap <<= 1 }
        var table = [(hash: UInt64, name: Int32)](repeating: (0, -1), count: dcap)
        for d in dels {
            var i = Int(truncatingIfNeeded: d.hash) & (dcap - 1)
            while table[i].name >= 0 { i = (i + 1) & (dcap - 1) }
            table[i] = d
        }
        self.slots = slots
        self.mask = capacity - 1
        self.pool = pool
        self.deletions = table
        self.deletionMask = dcap - 1
        self.givenNames = given
    }

    // MARK: Keys

    static func fold<S: StringProtocol>(_ word: S) -> [UInt32] {
        var out: [Unicode.Scalar] = []
        for scalar in word.unicodeScalars { Folding.fold(scalar, into: &out) }
        return out.map(\.value)
    }

    /// FNV-1a over folded scalars; `PeopleDetector` computes the same hash while reading a word.
    static let fnvOffset: UInt64 = 0xcbf2_9ce4_8422_2325
    static let fnvPrime: UInt64 = 0x0000_0100_0000_01B3

    @inline(__always)
    static func hash<C: Collection>(_ key: C) -> UInt64 where C.Element == UInt32 {
        var h = fnvOffset
        for v in key { h = (h ^ UInt64(v)) &* fnvPrime }
        return h
    }

    /// The hash of `key` without the element at `skip`.
    static func hash<C: Collection>(_ key: C, skipping skip: Int) -> UInt64 where C.Element == UInt32 {
        var h = fnvOffset
        for (i, v) in key.enumerated() where i != skip { h = (h ^ UInt64(v)) &* fnvPrime }
        return h
    }

    // MARK: Lookup

    /// The slot of a folded word, or -1.
    @inline(__always)
    func find(_ key: UnsafeBufferPointer<UInt32>, hash h: UInt64) -> Int {
        var i = Int(truncatingIfNeeded: h) & mask
        return slots.withUnsafeBufferPointer { s in
            pool.withUnsafeBufferPointer { p in
                while true {
                    let slot = s[i]
                    if slot.length < 0 { return -1 }
                    if slot.hash == h && Int(slot.length) == key.count {
                        var same = true
                        for k in 0..<key.count where p[Int(slot.start) + k] != key[k] { same = false; break }
                        if same { return i }
                    }
                    i = (i + 1) & mask
                }
            }
        }
    }

    /// The slot of a word given as text scalars and the hash of their folded form, or -1. The
    /// word is folded only to confirm a slot whose hash matches.
    func find(hash h: UInt64, scalars: Slice<UnsafeBufferPointer<Unicode.Scalar>>, scratch: inout [Unicode.Scalar]) -> Int {
        slots.withUnsafeBufferPointer { slots in
            pool.withUnsafeBufferPointer { pool in
                var i = Int(truncatingIfNeeded: h) & mask
                while true {
                    let slot = slots[i]
                    if slot.length < 0 { return -1 }
                    if slot.hash == h && Lexicon.matches(slot, scalars, pool, &scratch) { return i }
                    i = (i + 1) & mask
                }
            }
        }
    }

    private static func matches(_ slot: Slot, _ scalars: Slice<UnsafeBufferPointer<Unicode.Scalar>>, _ pool: UnsafeBufferPointer<UInt32>,
                                _ scratch: inout [Unicode.Scalar]) -> Bool {
        var k = Int(slot.start)
        let end = k + Int(slot.length)
        for scalar in scalars {
            let v = scalar.value
            if v < 0x80 {
                if k >= end || pool[k] != (v &- 0x41 < 26 ? v | 0x20 : v) { return false }
                k += 1
            } else {
                scratch.removeAll(keepingCapacity: true)
                Folding.fold(scalar, into: &scratch)
                for f in scratch {
                    if k >= end || pool[k] != f.value { return false }
                    k += 1
                }
            }
        }
        return k == end
    }

    func flags(_ slot: Int) -> LexFlags { slot < 0 ? [] : LexFlags(rawValue: slots[slot].flags) }
    func group(_ slot: Int) -> Int32 { slot < 0 ? -1 : slots[slot].group }

    func lookup<S: StringProtocol>(_ word: S) -> (flags: LexFlags, group: Int32) {
        let key = Lexicon.fold(word)
        let slot = key.withUnsafeBufferPointer { find($0, hash: Lexicon.hash(key)) }
        return (flags(slot), group(slot))
    }

    /// The spelling group of the given name at most one edit (insertion, deletion, substitution
    /// or swap of neighbours) away from `key`, or -1. Only for words of five letters or more.
    func nearGivenName(_ key: [UInt32]) -> Int32 {
        guard key.count >= 5 else { return -1 }
        var best: Int32 = -1
        var bestName = Int32.max
        func probe(_ h: UInt64) {
            var i = Int(truncatingIfNeeded: h) & deletionMask
            while deletions[i].name >= 0 {
                if deletions[i].hash == h, deletions[i].name < bestName {
                    let g = givenNames[Int(deletions[i].name)]
                    let name = pool[Int(g.start)..<Int(g.start + g.length)]
                    if NameMatching.withinOneEdit(key, Array(name)) {
                        best = g.group
                        bestName = deletions[i].name
                    }
                }
                i = (i + 1) & deletionMask
            }
        }
        probe(Lexicon.hash(key))
        for skip in key.indices { probe(Lexicon.hash(key, skipping: skip)) }
        return best
    }

}
