/// A name found in an article: where it is, what it names, and (for persons) which person of the
/// article it is and the keys that link it to the same person in other articles.
///
/// `start`/`end` count Unicode scalars into `ArticleText.scalars`, end exclusive, and cover the
/// name only: no title ("President"), no possessive ("’s").
public struct EntityMention: Sendable, Hashable {
    public enum Kind: UInt8, Sendable, CaseIterable {
        case person, organisation, place
    }

    /// How a person mention names its person.
    public enum Form: UInt8, Sendable {
        /// Given name and surname, the given name a known spelling ("Vladimir Putin").
        case full
        /// Given name and surname, the given name not in the lexicon: rare, new or misspelt
        /// ("Vladmir Putin"). Display names prefer `full` forms.
        case fullUncertain
        /// The surname (or a one-word name) alone ("Putin", "Lenin", "de la Cruz").
        case surname
        /// The given name alone, for a person the article names in full ("Maria").
        case given
        /// A capitalised word the article gives no reason to call a name ("Ferreira left
        /// early."): a person only if the corpus names exactly one person with this surname.
        /// `PeopleIndex.build` links or drops it; `local` is -1.
        case candidate
        /// Not a person.
        case none
    }

    public var start: Int
    public var end: Int
    public var kind: Kind
    public var form: Form
    /// Persons: which person of this article, numbered from 0 in order of first mention; equal
    /// numbers are the same person. -1 for organisations and places.
    public var local: Int
    /// Persons: the article person's surname as a spelling skeleton (`NameMatching.skeleton`):
    /// equal keys in two articles may be the same person.
    public var surnameKey: String
    /// Persons: the article person's given name, folded ("yevgeny"), or "" when the article only
    /// uses a surname or a single name.
    public var givenKey: String
    /// The exact text of the span.
    public var text: String
    /// Persons: named in full after a title ("Councillor Brindle Ostrowicz").
    public var titled: Bool

    public init(start: Int, end: Int, kind: Kind, form: Form = .none, local: Int = -1,
                surnameKey: String = "", givenKey: String = "", text: String = "", titled: Bool = false) {
        self.titled = titled
        self.start = start
        self.end = end
        self.kind = kind
        self.form = form
        self.local = local
        self.surnameKey = surnameKey
        self.givenKey = givenKey
        self.text = text
    }

    public var range: Range<Int> { start..<end }
}
