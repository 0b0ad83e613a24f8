/// A parsed search query: a tree of words and phrases joined by AND, OR and NOT.
///
/// Syntax (`Query.parse`):
/// - `putin wagner`: every word must match (AND). Words match whole words, folded (`jose` finds
///   `José`), see `WordScanner` for how text splits into words (apostrophes split: `putin` finds
///   `Putin’s`; `o'brien` finds `O’Brien` and `O'Brien's`).
/// - `"vladimir putin"`: a phrase, its words consecutive (across spaces, punctuation and line
///   breaks). A word with inner punctuation (`rostov-on-don`, `U.S.`) is a phrase too. Curly
///   quotes `“…”` work as well.
/// - `-word`, `-"a phrase"`, `-title:x`, `-(a OR b)`: exclude articles that match.
/// - `a OR b`, also `a | b`: either. OR binds tighter than the implicit AND, as in web search:
///   `kremlin putin OR medvedev` is `kremlin AND (putin OR medvedev)`. Lower-case `or` is a word.
/// - `( … )`: grouping.
/// - Fields: `title:word`, `author:"jane doe"`, `person:name`, or `title:(a OR b)`. Field names
///   ignore case. Any other `name:value` is an error (quote it to search for it literally:
///   `"re:invent"`); `word:` with nothing after it is just the word.
/// - Plain words match an article's text, its title and its author; `title:` and `author:` only
///   those fields; `person:` asks the caller's people index (`SearchIndex.PersonResolver`) with
///   the name as typed, and matches nothing without one.
/// - A word or phrase with no letters or digits (`&&`, `""`) is an error; so are a lone `-`, an
///   `OR` missing a side, `field:` with nothing after it and unbalanced parentheses. Errors
///   (`QueryError`) give one line and the column (in characters, from 1).
/// - With `prefixLast`, the last word of the query (when the query does not end with a space or a
///   closing quote, and the word is not excluded) matches as a prefix: `prig` finds `Prigozhin`.
///   Made for filtering as you type.
/// - `lenient` (also for typing) forgives what is only unfinished: an unclosed quote or
///   parenthesis is closed at the end, a dangling `-`, `OR` or `field:` is ignored, a stray `)`
///   is dropped, and an empty query matches everything. Unknown fields stay errors.
public struct Query: Sendable, Equatable, CustomStringConvertible {
    public enum Field: String, Sendable, Equatable, CaseIterable {
        /// Text, title and author.
        case any
        case title, author, person
    }

    public indirect enum Node: Sendable, Equatable {
        /// `terms[i]`.
        case term(Int)
        case and([Node])
        case or([Node])
        case not(Node)
        /// Matches everything (the empty query in lenient mode).
        case all
    }

    /// The query as typed.
    public let source: String
    public let root: Node
    /// Every word or phrase of the query, in the order typed.
    public let terms: [QueryTerm]

    /// How many highlight colours the query uses: terms that are not excluded (and not `person:`)
    /// get `QueryTerm.highlight` in `0..<highlightCount`, equal terms sharing one.
    public var highlightCount: Int { (terms.compactMap(\.highlight).max() ?? -1) + 1 }

    /// Whether the query matches everything (empty in lenient mode).
    public var matchesEverything: Bool { root == .all }

    /// Whether any term asks the people index.
    public var usesPeople: Bool { terms.contains { $0.field == .person } }

    public static func parse(_ text: String, prefixLast: Bool = false, lenient: Bool = false) throws(QueryError) -> Query {
        var parser = QueryParser(text, lenient: lenient)
        let root = try parser.parseQuery()
        var terms = parser.terms
        Query.markExcluded(&terms, root)
        if prefixLast, let last = parser.lastTermAtEnd, !terms[last].isExcluded {
            terms[last].isPrefix = true
        }
        Query.assignHighlights(&terms)
        return Query(source: text, root: root, terms: terms)
    }

    /// Terms under an odd number of NOTs are excluded.
    static func markExcluded(_ terms: inout [QueryTerm], _ root: Node) {
        func walk(_ node: Node, negated: Bool) {
            switch node {
            case .term(let i): terms[i].isExcluded = negated
            case .and(let nodes), .or(let nodes): for n in nodes { walk(n, negated: negated) }
            case .not(let n): walk(n, negated: !negated)
            case .all: break
            }
        }
        walk(root, negated: false)
    }

    /// Terms that are not excluded get colours in order of first appearance, equal terms (fields
    /// aside) sharing one.
    static func assignHighlights(_ terms: inout [QueryTerm]) {
        var colours: [[String]: Int] = [:]
        for i in terms.indices {
            guard !terms[i].isExcluded, terms[i].field != .person, !terms[i].parts.isEmpty else { continue }
            let key = terms[i].parts + terms[i].joins.map { $0 ? "'" : " " } + [terms[i].isPrefix ? "*" : ""]
            if let c = colours[key] {
                terms[i].highlight = c
            } else {
                terms[i].highlight = colours.count
                colours[key] = colours.count
            }
        }
    }

    /// A readable form of the tree, for tests and diagnostics: `AND(putin, NOT("a b"), title:x*)`.
    public var description: String {
        func show(_ node: Node) -> String {
            switch node {
            case .term(let i): return terms[i].description
            case .and(let nodes): return "AND(" + nodes.map(show).joined(separator: ", ") + ")"
            case .or(let nodes): return "OR(" + nodes.map(show).joined(separator: ", ") + ")"
            case .not(let n): return "NOT(" + show(n) + ")"
            case .all: return "ALL"
            }
        }
        return show(root)
    }
}

/// One word or phrase of a query.
public struct QueryTerm: Sendable, Equatable, CustomStringConvertible {
    public var field: Query.Field
    /// The word or phrase as typed (without quotes or field name).
    public var text: String
    /// Its words, folded. One word, or several for a phrase. Empty only for `person:` terms whose
    /// name has no letters.
    public var parts: [String]
    /// `joins[k]`: part `k + 1` must follow part `k` with a single apostrophe between them
    /// (`o'brien`); otherwise any separators may come between.
    public var joins: [Bool]
    /// The last part matches as a prefix.
    public var isPrefix: Bool
    /// Under a NOT: never highlighted.
    public var isExcluded: Bool
    /// Highlight colour, `nil` for excluded and `person:` terms.
    public var highlight: Int?

    public init(field: Query.Field, text: String, parts: [String], joins: [Bool], isPrefix: Bool = false,
                isExcluded: Bool = false, highlight: Int? = nil) {
        self.field = field
        self.text = text
        self.parts = parts
        self.joins = joins
        self.isPrefix = isPrefix
        self.isExcluded = isExcluded
        self.highlight = highlight
    }

    public var isPhrase: Bool { parts.count > 1 }

    public var description: String {
        var s = ""
        for (k, part) in parts.enumerated() {
            if k > 0 { s += joins[k - 1] ? "'" : " " }
            s += part
        }
        if parts.count > 1 { s = "\"" + s + "\"" }
        if isPrefix { s += "*" }
        if field == .person { s = "person:" + (parts.isEmpty ? text : s) }
        else if field != .any { s = field.rawValue + ":" + s }
        return s
    }
}

/// A query that could not be parsed: one line, and the column (1-based, in characters) where the
/// problem is.
public struct QueryError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var column: Int

    public init(_ message: String, column: Int) {
        self.message = message
        self.column = column
    }

    public var description: String { "column \(column): \(message)" }
}

// MARK: Narrowing

extension Query {
    /// Whether every article matching this query surely matches `previous` too: true when the
    /// user only typed more (a longer last word, another word, a finished phrase). Then
    /// `SearchIndex.evaluate(_:within:)` may start from the earlier result. Conservative: false
    /// when unsure.
    public func narrows(_ previous: Query) -> Bool {
        if previous.matchesEverything { return true }
        let mine = Self.conjuncts(root)
        let theirs = Self.conjuncts(previous.root)
        // Each earlier conjunct is looked for at its own place first (typing on keeps them in
        // order); the search through all of them only while that stays small, so a pasted
        // query of 20,000 words costs a pass, not 20,000².
        let searchAll = mine.count * theirs.count <= 4_096
        return theirs.indices.allSatisfy { k in
            (k < mine.count && implies(mine[k], theirs[k], in: previous))
                || (searchAll && mine.contains { implies($0, theirs[k], in: previous) })
        }
    }

    /// Terms every matching article has: the root, or the top-level AND's terms.
    var requiredTerms: [Int] {
        Self.conjuncts(root).compactMap { if case .term(let t) = $0 { return t } else { return nil } }
    }

    static func conjuncts(_ node: Node) -> [Node] {
        if case .and(let nodes) = node { return nodes }
        return [node]
    }

    /// Whether node `a` (of this query) implies node `b` (of `other`).
    func implies(_ a: Node, _ b: Node, in other: Query) -> Bool {
        switch (a, b) {
        case (_, .all):
            return true
        case (.term(let i), .term(let j)):
            return terms[i].implies(other.terms[j])
        case (.not(let x), .not(let y)):
            // Excluding more implies excluding less: y ⇒ x.
            return other.implies(y, x, in: self)
        case (.or(let xs), _):
            return xs.allSatisfy { implies($0, b, in: other) }
        case (_, .or(let ys)):
            return ys.contains { implies(a, $0, in: other) }
        case (.and(let xs), _):
            return xs.contains { implies($0, b, in: other) }
        case (_, .and(let ys)):
            return ys.allSatisfy { implies(a, $0, in: other) }
        default:
            return false
        }
    }
}

extension QueryTerm {
    /// Whether having this term implies having `other` (as a matter of words, not people).
    func implies(_ other: QueryTerm) -> Bool {
        if field == .person || other.field == .person {
            return field == other.field && text == other.text && isPrefix == other.isPrefix
        }
        guard field == other.field || other.field == .any else { return false }
        func partImplies(_ mine: String, _ mineIsPrefix: Bool, _ theirs: String, _ theirsIsPrefix: Bool) -> Bool {
            if theirsIsPrefix { return mine.hasPrefix(theirs) }
            return !mineIsPrefix && mine == theirs
        }
        let n = other.parts.count
        let m = parts.count
        guard n > 0, n <= m else { return false }
        // `other` as a run of consecutive parts inside this term.
        for start in 0...(m - n) {
            var ok = true
            for k in 0..<n {
                let mineIsPrefix = isPrefix && start + k == m - 1
                let theirsIsPrefix = other.isPrefix && k == n - 1
                if !partImplies(parts[start + k], mineIsPrefix, other.parts[k], theirsIsPrefix)
                    || (k > 0 && other.joins[k - 1] && !joins[start + k - 1]) {
                    ok = false
                    break
                }
                // Only the last part of `other` may be a prefix; a prefix match in the middle
                // of this term is fine (a whole word that has the prefix).
            }
            if ok { return true }
        }
        return false
    }
}
