/// Writes realistic synthetic articles for benchmarks and scale tests: a headline, usually a
/// byline, 500–800 words in paragraphs, people named in several forms (full name with a title,
/// surname alone, possessive, a transliterated or misspelt given name), organisations and places
/// named after people. Deterministic for a seed: the same seed gives the same bytes.
public struct CorpusGenerator: Sendable {
    public struct Document: Sendable {
        public var name: String
        public var text: String
    }

    public let seed: UInt64

    public init(seed: UInt64) { self.seed = seed }

    /// The `index`th article (independent of the others, so they can be made in parallel).
    public func document(_ index: Int) -> Document {
        var rng = SplitMix64(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(index) &* 0xBF58_476D_1CE4_E5B9 &+ 1)
        let markdown = rng.next(100) < 10
        var out = ""
        let cast = (0..<(2 + rng.next(4))).map { _ in Self.person(rng.next(Self.peopleCount)) }
        let headline = Self.headline(&rng, cast: cast)
        if markdown {
            out += "---\ntitle: \"\(headline)\"\n"
            if rng.next(100) < 70 { out += "author: \(Self.person(rng.next(Self.peopleCount)).full)\n" }
            out += "---\n\n"
        } else {
            out += headline + "\n"
            if rng.next(100) < 70 { out += "By \(Self.person(rng.next(Self.peopleCount)).full)\n" }
            if rng.next(100) < 40 { out += "\(1 + rng.next(28)) \(Self.months[rng.next(12)]) \(2015 + rng.next(10))\n" }
            out += "\n"
        }
        let target = 500 + rng.next(301)
        var words = 0
        var introduced = Set<Int>()
        while words < target {
            var paragraph: [String] = []
            for _ in 0..<(2 + rng.next(4)) {
                let (sentence, n) = Self.sentence(&rng, cast: cast, introduced: &introduced)
                paragraph.append(sentence)
                words += n
            }
            out += paragraph.joined(separator: " ") + "\n\n"
        }
        let name = String(format6(index)) + (markdown ? ".md" : ".txt")
        return Document(name: name, text: out)
    }

    func format6(_ n: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, 6 - s.count)) + s
    }

    // MARK: People

    struct Person {
        var given: String
        var variant: String   // a transliteration or a common misspelling of `given`
        var surname: String
        var title: String
        var full: String { given + " " + surname }
    }

    static let peopleCount = 400

    static func person(_ i: Int) -> Person {
        var rng = SplitMix64(seed: UInt64(i) &* 0x2545_F491_4F6C_DD1D &+ 7)
        let g = givenNames[rng.next(givenNames.count)]
        let parts = g.split(separator: "/").map(String.init)
        let s = surnames[(i * 7 + rng.next(surnames.count)) % surnames.count]
        return Person(given: parts[0], variant: parts.count > 1 ? parts[1] : parts[0], surname: s,
                      title: titles[rng.next(titles.count)])
    }

    static func headline(_ rng: inout SplitMix64, cast: [Person]) -> String {
        let p = cast[0]
        switch rng.next(4) {
        case 0: return "\(p.surname) \(verbs[rng.next(verbs.count)]) \(nouns[rng.next(nouns.count)]) in \(places[rng.next(places.count)])"
        case 1: return "What the \(nouns[rng.next(nouns.count)]) of \(places[rng.next(places.count)]) means for \(p.full)"
        case 2: return "\(capitalized(adjectives[rng.next(adjectives.count)])) \(nouns[rng.next(nouns.count)]) as \(p.surname) faces \(nouns[rng.next(nouns.count)])"
        default: return "Inside the \(organisations[rng.next(organisations.count)]) and its \(adjectives[rng.next(adjectives.count)]) \(nouns[rng.next(nouns.count)])"
        }
    }

    static func sentence(_ rng: inout SplitMix64, cast: [Person], introduced: inout Set<Int>) -> (String, Int) {
        var words: [String] = []
        let length = 8 + rng.next(18)
        let who = rng.next(cast.count)
        let p = cast[who]
        var mention: String
        if !introduced.contains(who) {
            introduced.insert(who)
            mention = rng.next(100) < 50 ? "\(p.title) \(p.full)" : p.full
        } else {
            switch rng.next(10) {
            case 0: mention = "\(p.variant) \(p.surname)"
            case 1, 2: mention = "\(p.surname)’s"
            case 3: mention = p.full
            default: mention = p.surname
            }
        }
        let at = rng.next(3)
        for k in 0..<length {
            if k == at { words.append(mention) }
            let r = rng.next(100)
            if r < 55 { words.append(common[rng.next(common.count)]) }
            else if r < 80 { words.append(nouns[rng.next(nouns.count)]) }
            else if r < 90 { words.append(adjectives[rng.next(adjectives.count)]) }
            else if r < 95 { words.append(rareWord(&rng)) }
            else if r < 98 { words.append("the " + organisations[rng.next(organisations.count)]) }
            else { words.append(places[rng.next(places.count)]) }
        }
        var s = words.joined(separator: " ")
        s = capitalized(s)
        if rng.next(10) == 0 { s = "“" + s + ",” said \(p.surname)" }
        s += rng.next(12) == 0 ? "?" : "."
        return (s, words.reduce(0) { $0 + $1.split(separator: " ").count })
    }

    /// Made-up words give the vocabulary a long tail, like real text.
    static func rareWord(_ rng: inout SplitMix64) -> String {
        var w = ""
        for _ in 0..<(2 + rng.next(3)) { w += syllables[rng.next(syllables.count)] }
        return w
    }

    static func capitalized(_ s: String) -> String {
        guard let f = s.first else { return s }
        return f.uppercased() + s.dropFirst()
    }

    // MARK: Vocabulary

    static let months = ["January", "February", "March", "April", "May", "June", "July", "August",
                         "September", "October", "November", "December"]
    static let titles = ["President", "Minister", "Dr.", "General", "Senator", "Judge", "Professor",
                         "Governor", "Ms", "Mr", "Mayor", "Ambassador", "Chancellor", "Commissioner"]
    static let givenNames = [
        "Yevgeny/Evgeny", "Aleksandr/Alexander", "Sergei/Sergey", "Dmitry/Dmitri", "Yuri/Yury", "Mikhail/Michail",
        "Nikolai/Nikolay", "Olena/Elena", "Maria", "Anna", "Ivan", "Olga", "Tatiana/Tatyana", "Vladislav",
        "Fatima", "Amina", "Mohammed/Muhammad", "Ahmed/Ahmad", "Yusuf", "Leila/Layla", "Omar", "Hassan",
        "Wei", "Li", "Jian", "Mei", "Hiroshi", "Yuki", "Kenji", "Aiko", "Min-jun", "Ji-woo", "Seo-yeon",
        "Priya", "Rahul", "Anjali", "Arjun", "Deepa", "Sanjay", "Kwame", "Ama", "Chidi", "Ngozi", "Thabo",
        "Zanele", "José/Jose", "María/Maria", "Luis", "Carmen", "João/Joao", "Beatriz", "Rafael",
        "Søren/Soren", "Ingrid", "Lars", "Astrid", "Pieter", "Anneke", "Jürgen/Jurgen", "Friederike",
        "François/Francois", "Hélène/Helene", "Margaret", "William", "Catherine/Katherine", "Stephen/Steven",
        "Jonathan", "Rebecca", "Siobhan", "Declan", "Aoife", "Eleanor", "Marcus", "Teresa", "Gabriel",
    ]
    static let surnames = [
        "Abernathy", "Okonkwo", "Van der Berg", "de la Cruz", "O’Sullivan", "Smith-Larsen", "Müller",
        "Nakamura", "Haddad", "Kowalczyk", "Fernández", "Ivanova", "Petrov", "Achterberg", "Delacroix",
        "Mbeki", "Oyelaran", "Castellanos", "Lindqvist", "Novak", "Grünewald", "Tanaka", "Chaudhry",
        "Rasmussen", "Whitcombe", "Balogun", "Yilmaz", "Kuznetsov", "Moreau", "Esposito", "Brennan",
        "Okafor", "Zhang", "Park", "Sato", "Gallagher", "Szabo", "Horvath", "Dubois", "Kamara", "Mensah",
        "Fitzgerald", "MacLeod", "Albrecht", "Vasquez", "Oliveira", "Papadopoulos", "Nieminen", "Kovac",
        "Ferreira", "Hartmann", "Adeyemi", "Rahman", "Quispe", "Takahashi", "Volkov", "Sokolova",
    ]
    static let places = ["Geneva", "Lagos", "Kyiv", "Rotterdam", "São Paulo", "Nairobi", "Osaka",
                         "Rostov-on-Don", "Stratford-upon-Avon", "Marseille", "Winnipeg", "Chennai", "Tbilisi",
                         "Valparaíso", "Gdańsk", "Accra", "Brisbane", "Reykjavík", "Kraków", "Montevideo"]
    static let organisations = ["Ministry of Finance", "Wagner Group", "Red Cross", "Central Bank",
                                "Carnegie Foundation", "Nobel Committee", "Supreme Court", "Labour Party",
                                "United Nations", "World Bank", "Ford Foundation", "Mandela Institute"]
    static let verbs = ["rejects", "backs", "warns of", "signals", "defends", "questions", "unveils", "delays"]
    static let adjectives = ["quiet", "fragile", "sweeping", "bitter", "unexpected", "costly", "narrow",
                             "historic", "uneasy", "growing", "decisive", "local", "regional", "public", "private"]
    static let nouns = ["budget", "strike", "reform", "inquiry", "election", "treaty", "ceasefire", "merger",
                        "protest", "verdict", "harvest", "pipeline", "scandal", "coalition", "drought",
                        "referendum", "census", "tariff", "mutiny", "pension", "border", "vaccine", "archive",
                        "council", "union", "market", "harbour", "railway", "school", "hospital"]
    static let common = ["the", "of", "and", "to", "a", "in", "that", "is", "was", "for", "on", "with",
                         "as", "it", "by", "at", "from", "this", "be", "had", "not", "are", "but", "which",
                         "they", "have", "were", "their", "been", "has", "more", "after", "would", "when",
                         "who", "will", "there", "its", "into", "than", "over", "also", "new", "some",
                         "could", "only", "other", "said", "years", "people", "government", "week", "city",
                         "officials", "month", "report", "country", "during", "while", "against", "under"]
    static let syllables = ["ka", "lo", "mir", "den", "tra", "vel", "sun", "bro", "qui", "zen", "far", "tho",
                            "rin", "gal", "pe", "dor", "ush", "lem", "vak", "ist"]
}

/// A small, fast, deterministic random number generator (SplitMix64).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A number in 0..<n.
    public mutating func next(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
}
