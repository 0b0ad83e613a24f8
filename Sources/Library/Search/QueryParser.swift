/// Recursive descent over the query's scalars. Grammar (OR binds tighter than the implicit AND):
///
///     query := conj
///     conj  := disj { disj }
///     disj  := unary { ("OR" | "|") unary }
///     unary := "-" primary | primary
///     primary := "(" conj ")" | field ":" (word | phrase | "(" conj ")") | phrase | word
struct QueryParser {
    let s: [Unicode.Scalar]
    let source: String
    let lenient: Bool
    var i = 0
    var terms: [QueryTerm] = []
    /// Where each term's text ends in `s`.
    var termEnds: [Int] = []
    /// The field of the enclosing `field:( … )`, if any.
    var fieldContext: Query.Field?

    init(_ text: String, lenient: Bool) {
        source = text
        s = Array(text.unicodeScalars)
        self.lenient = lenient
    }

    static let fieldNames: [String: Query.Field] = ["title": .title, "author": .author, "person": .person]

    /// The term that ends the query text, if one does (the candidate for prefix matching).
    var lastTermAtEnd: Int? {
        guard let last = termEnds.indices.last, termEnds[last] == s.count else { return nil }
        return last
    }

    // MARK: Errors

    func column(_ offset: Int) -> Int {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: s[0..<min(offset, s.count)])
        return String(view).count + 1
    }

    func error(_ message: String, at offset: Int) -> QueryError {
        QueryError(message, column: column(offset))
    }

    func shown(_ range: Range<Int>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: s[range])
        let text = String(view)
        // Made safe for one line: a phrase may hold control characters (a vertical tab, a line
        // separator) that would break the message over lines.
        return Sanitizer.clean(text.count > 30 ? String(text.prefix(29)) + "…" : text)
    }

    // MARK: Characters

    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        c == " " || c == "\t" || c == "\n" || c == "\r" || c.properties.isWhitespace
    }

    static func isQuote(_ c: Unicode.Scalar) -> Bool {
        c == "\"" || c == "\u{201C}" || c == "\u{201D}" || c == "\u{201E}"
    }

    /// Ends a bare word.
    static func isDelimiter(_ c: Unicode.Scalar) -> Bool {
        isSpace(c) || isQuote(c) || c == "(" || c == ")" || c == "|"
    }

    var atEnd: Bool { i >= s.count }

    mutating func skipSpaces() {
        while i < s.count && Self.isSpace(s[i]) { i += 1 }
    }

    /// Whether an OR operator starts at `i`: `|`, or `OR` standing alone.
    func orOperator(at j: Int) -> Int? {
        guard j < s.count else { return nil }
        if s[j] == "|" { return 1 }
        if s[j] == "O", j + 1 < s.count, s[j + 1] == "R", j + 2 == s.count || Self.isDelimiter(s[j + 2]) { return 2 }
        return nil
    }

    // MARK: Grammar

    mutating func parseQuery() throws(QueryError) -> Query.Node {
        skipSpaces()
        var items: [Query.Node] = []
        while true {
            if let node = try parseConj(closing: false) { items.append(node) }
            skipSpaces()
            if atEnd { break }
            // A stray ")".
            if !lenient { throw error("')' without a matching '('", at: i) }
            i += 1
        }
        if items.isEmpty {
            if lenient { return .all }
            throw error(s.isEmpty || s.allSatisfy(Self.isSpace) ? "empty query" : "nothing to search for", at: 0)
        }
        return items.count == 1 ? items[0] : .and(items)
    }

    /// Items up to the end or a `)` (not consumed).
    mutating func parseConj(closing: Bool) throws(QueryError) -> Query.Node? {
        var items: [Query.Node] = []
        while true {
            skipSpaces()
            if atEnd || s[i] == ")" { break }
            let before = i
            if let node = try parseDisj() { items.append(node) }
            precondition(i > before, "QueryParser made no progress")
        }
        if items.isEmpty { return nil }
        return items.count == 1 ? items[0] : .and(items)
    }

    mutating func parseDisj() throws(QueryError) -> Query.Node? {
        if let width = orOperator(at: i) {
            if !lenient { throw error("\(width == 1 ? "'|'" : "OR") needs something before it", at: i) }
            i += width
            return nil
        }
        var items: [Query.Node] = []
        if let first = try parseUnary() { items.append(first) }
        while true {
            let save = i
            skipSpaces()
            guard let width = orOperator(at: i) else { i = save; break }
            let opAt = i
            i += width
            skipSpaces()
            if atEnd || s[i] == ")" || orOperator(at: i) != nil {
                if !lenient { throw error("\(width == 1 ? "'|'" : "OR") needs something after it", at: opAt) }
                break
            }
            if items.isEmpty && !lenient { throw error("\(width == 1 ? "'|'" : "OR") needs something before it", at: opAt) }
            if let next = try parseUnary() { items.append(next) }
        }
        if items.isEmpty { return nil }
        return items.count == 1 ? items[0] : .or(items)
    }

    mutating func parseUnary() throws(QueryError) -> Query.Node? {
        if s[i] == "-" {
            let at = i
            i += 1
            if atEnd || Self.isSpace(s[i]) || s[i] == ")" || s[i] == "|" {
                if lenient { return nil }
                throw error("'-' needs a word, \"phrase\" or (group) right after it, to exclude", at: at)
            }
            guard let node = try parsePrimary() else { return nil }
            return .not(node)
        }
        return try parsePrimary()
    }

    mutating func parsePrimary() throws(QueryError) -> Query.Node? {
        let c = s[i]
        if c == "(" { return try parseGroup(field: nil) }
        if Self.isQuote(c) { return try parsePhrase(field: fieldContext ?? .any, start: i) }
        if let width = orOperator(at: i) {
            // An operand was expected: `a OR OR b`, `-OR`.
            if lenient { i += width; return nil }
            throw error("\(width == 1 ? "'|'" : "OR") needs something before it", at: i)
        }
        // A bare word, possibly `field:`.
        let start = i
        while i < s.count && !Self.isDelimiter(s[i]) { i += 1 }
        let word = start..<i
        if let colon = s[word].firstIndex(of: ":"), colon > start,
           s[start..<colon].allSatisfy({ $0.properties.isAlphabetic }) {
            var nameView = String.UnicodeScalarView()
            nameView.append(contentsOf: s[start..<colon])
            let name = String(nameView).lowercased()
            let valueStart = colon + 1
            if let field = Self.fieldNames[name] {
                if fieldContext != nil {
                    throw error("\(name): inside a field's (group); put the field on each word instead", at: start)
                }
                if valueStart < i { return try wordTerm(field: field, range: valueStart..<i) }
                // `title:` followed by a phrase or a group, or by nothing.
                if i < s.count && Self.isQuote(s[i]) { return try parsePhrase(field: field, start: i) }
                if i < s.count && s[i] == "(" { return try parseGroup(field: field) }
                if lenient { return nil }
                throw error("\(name): needs a word, a \"phrase\" or a (group) after it", at: start)
            }
            if valueStart < i {
                throw error("unknown field '\(name):' (fields are title:, author:, person:; quote the word to search for it as text)", at: start)
            }
            // `word:` alone: the colon is punctuation.
        }
        return try wordTerm(field: fieldContext ?? .any, range: word)
    }

    mutating func parseGroup(field: Query.Field?) throws(QueryError) -> Query.Node? {
        let open = i
        i += 1
        let saved = fieldContext
        if let field { fieldContext = field }
        defer { fieldContext = saved }
        let inner = try parseConj(closing: true)
        if i < s.count && s[i] == ")" {
            i += 1
        } else if !lenient {
            throw error("unclosed '(' (opened here)", at: open)
        }
        if inner == nil && !lenient { throw error("empty parentheses", at: open) }
        return inner
    }

    mutating func parsePhrase(field: Query.Field, start: Int) throws(QueryError) -> Query.Node? {
        i = start + 1
        let textStart = i
        while i < s.count && !Self.isQuote(s[i]) { i += 1 }
        let textEnd = i
        let closed = i < s.count
        if closed {
            i += 1   // the closing quote
        } else if !lenient {
            throw error("unclosed quote (opened here)", at: start)
        }
        guard let term = makeTerm(field: field, range: textStart..<textEnd) else {
            if lenient { return nil }
            throw error(textStart == textEnd ? "empty phrase \"\"" : "phrase \"\(shown(textStart..<textEnd))\" has no letters or digits to search for",
                        at: start)
        }
        // A closed phrase is finished: never a prefix.
        return add(term, end: closed ? -1 : i)
    }

    mutating func wordTerm(field: Query.Field, range: Range<Int>) throws(QueryError) -> Query.Node? {
        guard let term = makeTerm(field: field, range: range) else {
            if lenient { return nil }
            throw error("'\(shown(range))' has no letters or digits to search for", at: range.lowerBound)
        }
        return add(term, end: range.upperBound)
    }

    mutating func add(_ term: QueryTerm, end: Int) -> Query.Node {
        terms.append(term)
        termEnds.append(end)
        return .term(terms.count - 1)
    }

    /// The term for the text in `range`, nil when it has no words.
    func makeTerm(field: Query.Field, range: Range<Int>) -> QueryTerm? {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: s[range])
        let text = String(view)
        let words = WordScanner.words(text)
        if words.isEmpty { return nil }
        var parts: [String] = []
        var joins: [Bool] = []
        for (k, w) in words.enumerated() {
            var key = String.UnicodeScalarView()
            key.append(contentsOf: w.key)
            parts.append(String(key))
            if k > 0 { joins.append(w.word.joined) }
        }
        // The term's text without the blanks around it (Foundation's trimming costs a bridge per
        // call: a pasted query of 20,000 terms paid it on every keystroke).
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, Self.isBlank(s[lower]) { lower += 1 }
        while upper > lower, Self.isBlank(s[upper - 1]) { upper -= 1 }
        var trimmed = String.UnicodeScalarView()
        trimmed.append(contentsOf: s[lower..<upper])
        return QueryTerm(field: field, text: String(trimmed), parts: parts, joins: joins)
    }

    /// Horizontal white space, as `CharacterSet.whitespaces` has it: spaces and tabs.
    static func isBlank(_ c: Unicode.Scalar) -> Bool {
        c == "\t" || c.properties.generalCategory == .spaceSeparator
    }
}

import Foundation
