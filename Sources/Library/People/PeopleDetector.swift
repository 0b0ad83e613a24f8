/// Finds the names in an article's text — persons, organisations, places — and tells which
/// person mentions name the same person within the article.
///
/// Rule-based: words are read once (scalars, ASCII fast paths, no `String` per word), capitalised
/// runs are cut at titles ("Defense Minister"), function words and punctuation, and judged with
/// lexicons (given names, titles, organisation and place cues, places, demonyms) and the shape of
/// surnames. A lone surname is a person when the article names that person in full, or when its
/// context says so (a surname ending such as -ov/-sky/-enko mid-sentence, "the Obama
/// administration", "Kerensky, who", "the novelist Okri", "Lenin and Trotsky").
///
/// Pure and thread-safe: it runs in `Corpus.load(analyze:)` worker threads.
///
/// The work is split by stage, all in extensions of `Detection`:
/// - `PeopleDetector+Tokens.swift`: reading the text into words with flags, lexicon lookups;
/// - `PeopleDetector+Clues.swift`: what one word says (word classes, surname shapes, endings);
/// - `PeopleDetector+Context.swift`: what the words around it say ("who", "the", roles,
///   appositions, lists, sign-offs);
/// - `PeopleDetector+Names.swift`: cutting capitalised runs into names and judging each one
///   person, organisation or place, then the words left alone;
/// - `ArticlePeople.swift`: which person mentions are the same person, and their numbering.
/// This file holds the state of one detection and how found names are recorded.
public enum PeopleDetector {
    /// The names in `text`, sorted by `start`.
    public static func detect(_ text: ArticleText) -> [EntityMention] {
        detectCounting(text).mentions
    }

    /// `detect`, and the steps of its linking within the article (`Detection.linkSteps`).
    static func detectCounting(_ text: ArticleText) -> (mentions: [EntityMention], linkSteps: Int) {
        text.scalars.withUnsafeBufferPointer { buffer in
            var detection = Detection(buffer)
            detection.tokenize()
            detection.findNames()
            detection.applyModel()
            detection.revise()
            let mentions = detection.mentions()
            return (mentions, detection.linkSteps)
        }
    }
}

/// The work of one `detect` call.
struct Detection {
    struct Found {
        var first: Int
        var last: Int
        var kind: EntityMention.Kind
        var form: EntityMention.Form
        var core: Int    // persons: the surname's word (-1 for a given name alone)
        var given: Int   // persons: the given name's word, or -1
        /// Persons: named after a title ("Councillor Brindle Ostrowicz"), evidence enough to
        /// link the surname alone in other articles.
        var titled = false
        /// Persons: a word alone after a title ("Dr. Okafor") or before a cue ("the Biden
        /// administration"): evidence the span model does not overrule.
        var sure = false
        /// Persons: two names side by side the span model joined ("Berti" + "Vogts").
        var joined = false
    }

    struct Lone {
        var token: Int
        /// Context alone (a surname ending, "who", a role noun) may make it a person: it stood
        /// mid-sentence on its own, not left over from a longer capitalised run.
        var weak: Bool
    }

    let s: UnsafeBufferPointer<Unicode.Scalar>
    let lexicon: Lexicon
    var tokens: [Token] = []
    var keyBuffer: [UInt32] = []
    var foldBuffer: [Unicode.Scalar] = []
    var found: [Found] = []
    var covered: [Int32] = []
    var lones: [Lone] = []
    /// Surnames of persons named in this article (folded word hash), with the words that
    /// precede them in the full name ("von der" for "Leyen", "Ruiz de la" for "Torre").
    var surnames = WordTable<[UInt64]>()
    /// First words of organisation and place names ("Wagner" of "Wagner Group").
    var heads = WordTable<EntityMention.Kind>()
    /// Words already checked against the given names at one edit.
    var fuzzy = WordTable<Bool>()
    /// The hashes of the words that start in lower case (`tokenize` notes them).
    var lowerWords = WordFilter()
    /// Persons compared and mentions gone through by the linking within the article
    /// (`mentions()`) where a surname's persons or mentions are many: the tests check that it
    /// grows as a name-dense article does, not faster.
    var linkSteps = 0

    init(_ s: UnsafeBufferPointer<Unicode.Scalar>, lexicon: Lexicon = .shared) {
        self.lexicon = lexicon
        self.s = s
    }

    // MARK: Recording names

    mutating func addLone(_ t: Int, weak: Bool) {
        lones.append(Lone(token: t, weak: weak))
    }

    /// Records a name over words `f.first...f.last`, unless one of them is already in a name.
    @discardableResult
    mutating func record(_ f: Found) -> Bool {
        for t in f.first...f.last where covered[t] >= 0 { return false }
        let index = Int32(found.count)
        found.append(f)
        for t in f.first...f.last { covered[t] = index }
        return true
    }

    /// An organisation or a place.
    mutating func emit(_ first: Int, _ last: Int, _ kind: EntityMention.Kind) {
        record(Found(first: first, last: last, kind: kind, form: .none, core: -1, given: -1))
    }

    /// A person; a surname (`core`) is remembered so that the surname alone is known later.
    mutating func addPerson(_ first: Int, _ last: Int, given: Int, core: Int, form: EntityMention.Form, titled: Bool = false, sure: Bool = false) {
        guard record(Found(first: first, last: last, kind: .person, form: form, core: core, given: given, titled: titled, sure: sure)), core >= 0 else { return }
        // The words between the given name and the surname ("de la", "Ruiz de la", "bin Nasser"),
        // which a later mention by surname may repeat.
        var middle: [UInt64] = []
        if given >= 0 && core > given {
            for p in (given + 1)..<core { middle.append(tokens[p].hash) }
        }
        if let known = surnames[tokens[core].hash], known.count >= middle.count { return }
        surnames.set(tokens[core].hash, middle)
    }
}

/// Entries keyed by word hash (`Lexicon.hash`, or any 64-bit hash): an open-addressing table
/// whose slots are found by a multiply-shift of the key, cheaper than `Dictionary`'s seeded
/// hashing of a key that is a hash already. Lookups stay O(1) however many entries there are
/// (a name-dense article knows thousands of surnames). Never iterated: no order to keep.
/// Keys and values share one array: one allocation a table (a detection makes a dozen).
struct WordTable<Value> {
    private typealias Slot = (key: UInt64, value: Value?)
    private var slots: [Slot]
    /// The entry whose key is 0 (the mark of an empty slot).
    private var zero: Value?
    private var shift: UInt64
    private(set) var count = 0

    /// Empty, allocating nothing until the first entry.
    init() {
        slots = []
        shift = 64 - 4
    }

    /// Empty, with room for `capacity` entries before it grows.
    init(capacity: Int) {
        var size = 16, shift: UInt64 = 64 - 4
        while size < capacity * 2 { size *= 2; shift -= 1 }
        slots = WordTable.emptySlots(size)
        self.shift = shift
    }

    /// Empty, for at most `count` distinct keys (an article's names, say): room for that many
    /// up to `WordTable.presized`, grown past it only as keys come. A name-dense article has far
    /// fewer distinct keys than names (thousands of mentions of a few hundred people), and a
    /// table sized by its 150,000 names spread them over megabytes: a cache miss every lookup.
    init(atMost count: Int) {
        self.init(capacity: min(count, WordTable.presized))
    }

    static var presized: Int { 1024 }

    /// `size` empty slots. A small table's are appended to reserved room: `Array(repeating:count:)`
    /// looks up the array's type through the runtime on every call, which costs more than
    /// filling 16 slots one by one (but less than filling hundreds).
    private static func emptySlots(_ size: Int) -> [Slot] {
        if size > 16 { return Array(repeating: (0, nil), count: size) }
        var slots: [Slot] = []
        slots.reserveCapacity(size)
        for _ in 0..<size { slots.append((0, nil)) }
        return slots
    }

    @inline(__always)
    private func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: ((key ^ (key >> 32)) &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The slot holding `key`, or the empty slot where it would go.
    @inline(__always)
    private func find(_ key: UInt64) -> Int {
        let mask = slots.count - 1
        var i = slot(key)
        while true {
            let k = slots[i].key
            if k == key || k == 0 { return i }
            i = (i + 1) & mask
        }
    }

    subscript(key: UInt64) -> Value? {
        if key == 0 { return zero }
        if slots.isEmpty { return nil }
        return slots[find(key)].value
    }

    func contains(_ key: UInt64) -> Bool { self[key] != nil }

    mutating func set(_ key: UInt64, _ value: Value) {
        if key == 0 {
            if zero == nil { count += 1 }
            zero = value
            return
        }
        if slots.isEmpty { slots = WordTable.emptySlots(16) }
        let i = find(key)
        if slots[i].key == key {
            slots[i].value = value
            return
        }
        slots[i] = (key, value)
        count += 1
        if count * 2 > slots.count { grow() }
    }

    private mutating func grow() {
        let old = slots
        slots = WordTable.emptySlots(old.count * 2)
        shift -= 1
        for slot in old where slot.key != 0 {
            slots[find(slot.key)] = slot
        }
    }
}

extension WordTable where Value == Void {
    /// A set of word hashes.
    init<S: Sequence>(_ keys: S) where S.Element == UInt64 {
        self.init()
        for key in keys { insert(key) }
    }

    mutating func insert(_ key: UInt64) { set(key, ()) }
}

extension WordTable: Sendable where Value: Sendable {}

typealias WordSet = WordTable<Void>

/// Numbers distinct keys 0, 1, 2… in the order they are first seen.
struct Numbering<Key: Hashable> {
    private var numbers: [Key: Int]

    /// Room for `capacity` keys before the dictionary grows (each growth rehashes every key).
    init(capacity: Int = 0) {
        numbers = Dictionary(minimumCapacity: capacity)
    }

    /// The key's number, and whether it was seen now for the first time.
    mutating func number(_ key: Key) -> (number: Int, new: Bool) {
        if let known = numbers[key] { return (known, false) }
        let number = numbers.count
        numbers[key] = number
        return (number, true)
    }
}
