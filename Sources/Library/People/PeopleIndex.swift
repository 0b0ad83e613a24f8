/// One person of the corpus.
public struct Person: Sendable, Equatable {
    /// Stable for the same corpus: made from the display name ("vladimir-putin"), with "-2",
    /// "-3"… for later people whose names fold the same, in order of first mention.
    public var id: String
    /// The fullest correct form: the most frequent full name (given name and surname, known
    /// spelling first), else the most frequent form.
    public var name: String
    /// Every distinct spelling in the text, most frequent first (the display name among them).
    public var aliases: [String]
    public var mentionCount: Int
    public var articleCount: Int
}

/// A person mention inside one article.
public struct PersonMention: Sendable, Equatable {
    public var range: Range<Int>
    /// Index into `PeopleIndex.people`.
    public var person: Int
}

/// Where a jump lands: an article and a range of scalars in it.
public struct MentionLocation: Sendable, Equatable {
    public var article: Int
    public var range: Range<Int>
    /// The jump went past the last (or first) mention and came round from the other end.
    public var wrapped: Bool
}

/// Every person of a corpus and all their mentions, linked across articles.
///
/// Compact: mentions are flat `Int32` arrays (start, end, person) in corpus order, grouped by
/// article; a person's mentions are a slice of another flat array. No text is kept per mention —
/// the front end reads it from the article (`ArticleText.string(range)`).
public struct PeopleIndex: Sendable, Equatable {
    public internal(set) var people: [Person]
    public let articleCount: Int

    /// `articleFirst[a]..<articleFirst[a + 1]` are article `a`'s mentions. Each array is a
    /// `Column`: in the heap as built, in the cache file's mapping as read back.
    var articleFirst: Column<Int32>
    var starts: Column<Int32>
    var ends: Column<Int32>
    var owners: Column<Int32>
    /// Derived (and cached, but for `personFirst`): mention → article, and mentions grouped by person.
    var articleOf: Column<Int32> = []
    var personFirst: Column<Int32> = []
    var byPerson: Column<Int32> = []
    /// Folded name parts, aliases and the id of each person, for `people(matching:)`.
    var searchKeys: [[String]] = []
    /// The same keys arranged for lookups by prefix.
    var names = NameTable()

    public var mentionCount: Int { starts.count }

    // MARK: Queries

    /// The person mentions of an article, by offset.
    public func mentions(inArticle article: Int) -> [PersonMention] {
        guard article >= 0 && article < articleCount else { return [] }
        return (Int(articleFirst[article])..<Int(articleFirst[article + 1])).map {
            PersonMention(range: Int(starts[$0])..<Int(ends[$0]), person: Int(owners[$0]))
        }
    }

    /// The person mention covering `offset` in an article, if any.
    public func mention(inArticle article: Int, at offset: Int) -> PersonMention? {
        guard article >= 0 && article < articleCount else { return nil }
        let lo = Int(articleFirst[article]), hi = Int(articleFirst[article + 1])
        let i = upperBound(lo, hi) { Int(starts[$0]) <= offset } - 1
        guard i >= lo, offset < Int(ends[i]) else { return nil }
        return PersonMention(range: Int(starts[i])..<Int(ends[i]), person: Int(owners[i]))
    }

    /// All mentions of a person, in corpus order (article, then offset).
    public func mentions(of person: Int) -> [(article: Int, range: Range<Int>)] {
        guard person >= 0 && person < people.count else { return [] }
        return (Int(personFirst[person])..<Int(personFirst[person + 1])).map {
            let m = Int(byPerson[$0])
            return (Int(articleOf[m]), Int(starts[m])..<Int(ends[m]))
        }
    }

    /// The articles that mention a person, in corpus order.
    public func articles(mentioning person: Int) -> [Int] {
        guard person >= 0 && person < people.count else { return [] }
        var out: [Int] = []
        for k in Int(personFirst[person])..<Int(personFirst[person + 1]) {
            let a = Int(articleOf[Int(byPerson[k])])
            if out.last != a { out.append(a) }
        }
        return out
    }

    /// The person's next mention after the one starting at `offset` in `article` (any mention
    /// starting later in that article, else the first in a later article). With `wrapping`, past
    /// the last mention it comes round to the first (`wrapped` is then true); without, nil.
    public func nextMention(of person: Int, from article: Int, offset: Int, wrapping: Bool = false) -> MentionLocation? {
        guard person >= 0 && person < people.count else { return nil }
        let lo = Int(personFirst[person]), hi = Int(personFirst[person + 1])
        guard lo < hi else { return nil }
        let k = upperBound(lo, hi) { isBefore(Int(byPerson[$0]), orAt: (article, offset)) }
        if k < hi { return location(Int(byPerson[k]), wrapped: false) }
        return wrapping ? location(Int(byPerson[lo]), wrapped: true) : nil
    }

    /// The person's previous mention before the one starting at `offset` in `article`. With
    /// `wrapping`, before the first mention it comes round to the last; without, nil.
    public func previousMention(of person: Int, from article: Int, offset: Int, wrapping: Bool = false) -> MentionLocation? {
        guard person >= 0 && person < people.count else { return nil }
        let lo = Int(personFirst[person]), hi = Int(personFirst[person + 1])
        guard lo < hi else { return nil }
        let k = upperBound(lo, hi) { isBefore(Int(byPerson[$0]), strictly: (article, offset)) } - 1
        if k >= lo { return location(Int(byPerson[k]), wrapped: false) }
        return wrapping ? location(Int(byPerson[hi - 1]), wrapped: true) : nil
    }

    /// People whose name, alias or any part of one starts with `query` (case and accents
    /// ignored; "putin", "vlad", "vladimir pu", "prigozhin"), in `people` order. An empty query
    /// matches everyone.
    public func people(matching query: String) -> [Int] {
        let q = PeopleIndex.searchKey(query)
        if q.isEmpty { return Array(people.indices) }
        return lookUp(q, exact: false) ?? people.indices.filter { p in searchKeys[p].contains { $0.hasPrefix(q) } }
    }

    /// The people whose name, alias or a part of one is exactly `query` (folded), else those
    /// `people(matching:)` finds: what a command line means by a person's name.
    public func people(named query: String) -> [Int] {
        let q = PeopleIndex.searchKey(query)
        let exact = lookUp(q, exact: true) ?? people.indices.filter { p in searchKeys[p].contains { $0 == q } }
        return exact.isEmpty ? people(matching: query) : exact
    }

    /// People with a key equal to, or starting with, the folded `key`, in `people` order,
    /// through the name table; nil when the table cannot answer (not plain ASCII).
    func lookUp(_ key: String, exact: Bool) -> [Int]? {
        var hit = [Bool](repeating: false, count: people.count)
        guard names.people(key, exact: exact, { hit[$0] = true }) != nil else { return nil }
        return people.indices.filter { hit[$0] }
    }

    /// The articles mentioning any of `persons`, in corpus order.
    public func articles(mentioningAny persons: [Int]) -> [Int] {
        var seen = [Bool](repeating: false, count: articleCount)
        for p in persons where p >= 0 && p < people.count {
            for k in Int(personFirst[p])..<Int(personFirst[p + 1]) { seen[Int(articleOf[Int(byPerson[k])])] = true }
        }
        return seen.indices.filter { seen[$0] }
    }

    /// The index of the person with this id.
    public func person(id: String) -> Int? { people.firstIndex { $0.id == id } }

    // MARK: Helpers

    func location(_ m: Int, wrapped: Bool) -> MentionLocation {
        MentionLocation(article: Int(articleOf[m]), range: Int(starts[m])..<Int(ends[m]), wrapped: wrapped)
    }

    func isBefore(_ m: Int, orAt position: (Int, Int)) -> Bool {
        let a = Int(articleOf[m])
        return a < position.0 || (a == position.0 && Int(starts[m]) <= position.1)
    }

    func isBefore(_ m: Int, strictly position: (Int, Int)) -> Bool {
        let a = Int(articleOf[m])
        return a < position.0 || (a == position.0 && Int(starts[m]) < position.1)
    }

    /// The first index in `lo..<hi` where `below` is false (`below` true then false).
    func upperBound(_ lo: Int, _ hi: Int, _ below: (Int) -> Bool) -> Int {
        var lo = lo, hi = hi
        while lo < hi {
            let mid = (lo + hi) / 2
            if below(mid) { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// `plain`: through `plainSearchKey` when it can answer (tests compare the two).
    static func searchKey(_ s: String, plain: Bool = true) -> String {
        if plain, let key = plainSearchKey(s) { return key }
        var key = Folding.key(s)
        key.removeAll { $0 == "'" }
        return String(key.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).joined(separator: " "))
    }

    static func searchKeys(for person: Person, plain: Bool = true) -> [String] {
        if plain, let keys = plainSearchKeys(for: person) { return keys }
        var keys: [String] = [person.id]
        for alias in person.aliases {
            let whole = searchKey(alias, plain: plain)
            keys.append(whole)
            for part in whole.split(whereSeparator: { $0 == " " || $0 == "-" }) { keys.append(String(part)) }
        }
        var seen = Set<String>()
        return keys.filter { seen.insert($0).inserted }
    }

    // MARK: Building

    /// `articleOf`: each mention's article (`link` has it, in mention order, as `articleFirst`
    /// counts them).
    init(people: [Person], articleCount: Int, articleFirst: [Int32], starts: [Int32], ends: [Int32], owners: [Int32],
         articleOf: [Int32]) {
        precondition(articleOf.count == starts.count, "an article for each mention")
        self.people = people
        self.articleCount = articleCount
        self.articleFirst = Column(articleFirst)
        self.starts = Column(starts)
        self.ends = Column(ends)
        self.owners = Column(owners)
        derive(articleOf: articleOf)
    }

    /// Fills the derived arrays and counts from the flat mention arrays.
    mutating func derive(articleOf: [Int32]) {
        self.articleOf = Column(articleOf)
        var counts = [Int32](repeating: 0, count: people.count + 1)
        owners.withUnsafeBufferPointer { for p in $0 { counts[Int(p) + 1] += 1 } }
        for p in 0..<people.count { counts[p + 1] += counts[p] }
        personFirst = Column(counts)
        // One pass in corpus order: each person's mentions listed, and their articles counted
        // (a person's mentions come article by article, so a new article is one unlike the
        // last it had), rather than a gather per person across the whole mention column.
        var fill = counts
        var byPerson = [Int32](repeating: 0, count: starts.count)
        var lastArticle = [Int32](repeating: -1, count: people.count)
        var articleCounts = [Int32](repeating: 0, count: people.count)
        owners.withUnsafeBufferPointer { owners in
            for (m, p) in owners.enumerated() {
                let p = Int(p)
                byPerson[Int(fill[p])] = Int32(m)
                fill[p] += 1
                if lastArticle[p] != articleOf[m] {
                    lastArticle[p] = articleOf[m]
                    articleCounts[p] += 1
                }
            }
        }
        self.byPerson = Column(byPerson)
        for p in people.indices {
            people[p].mentionCount = Int(counts[p + 1] - counts[p])
            people[p].articleCount = Int(articleCounts[p])
        }
        searchKeys = people.map { PeopleIndex.searchKeys(for: $0) }
        names = NameTable(keys: searchKeys)
    }
}
