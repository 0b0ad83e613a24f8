/// Searching files without an index, for `reader search`: each file's bytes are first checked for
/// the query's longest required words (a byte-level test that tolerates case, accents and the
/// characters title extraction drops, see `Prefilter`), and only the files that pass are decoded
/// and matched exactly, with the same rules as `SearchIndex` and `Query.matches(in:)`.
///
/// One known difference from the index: a word that exists only because Markdown link syntax was
/// removed from a headline (`# [Pu](x)tin`) is in the index's title but not found here.
public struct FileSearcher: Sendable {
    public let query: Query
    let matcher: TermMatcher
    /// Terms the matcher looks for (all but `person:`), by query term number.
    let matcherTerms: [Int]
    let prefilters: [Prefilter]

    /// One match in a file.
    public struct Hit: Sendable, Equatable {
        /// Scalar offsets into the article text.
        public var range: Range<Int>
        /// Highlight colour (`QueryTerm.highlight`).
        public var term: Int
        /// 1-based line, and column in characters (scalars) within it.
        public var line: Int
        public var column: Int
    }

    /// Where a query's words matched the article's title or author: the field, its value, and
    /// the matches in it (scalar offsets into `value`).
    public struct FieldHit: Sendable, Equatable {
        public var field: Query.Field
        public var value: String
        public var matches: [SearchMatch]
    }

    /// What searching one file found.
    public enum Outcome: Sendable {
        /// The article matches: its text (for context lines), the matches in it of the words
        /// that match the text (not `title:` or `author:` ones), and where the title or author
        /// matched a `title:` or `author:` word, or a word the text does not hold.
        case matched(ArticleText, [Hit], [FieldHit])
        case noMatch
        /// Not searched: binary, UTF-16, unreadable.
        case skipped(String)
    }

    /// When the query is only words and phrases that must all be in the text (no fields, OR or
    /// NOT): matcher terms that, once all seen, decide the article matches.
    let sufficientTerms: [Int]?

    /// For each `person:` term, the paths of the articles mentioning that person.
    let personPaths: [Int: Set<String>]

    /// `people`: for each `person:` term, the paths (`FileRef.path`) of the articles that mention
    /// the person; terms without an entry match nothing.
    public init(query: Query, people: [Int: Set<String>] = [:]) {
        self.query = query
        personPaths = people
        matcherTerms = query.terms.indices.filter { query.terms[$0].field != .person && !query.terms[$0].parts.isEmpty }
        matcher = TermMatcher(matcherTerms.map { query.terms[$0] })
        prefilters = Prefilter.forQuery(query)
        let conjunction = query.requiredTerms
        let simple = !conjunction.isEmpty && conjunction.count == Query.conjuncts(query.root).count
            && conjunction.allSatisfy { query.terms[$0].field == .any && !query.terms[$0].parts.isEmpty }
        // Where each searched term sits among the matcher's terms (a table: a pasted query has
        // thousands of terms, and a search per term was quadratic).
        var place: [Int: Int] = [:]
        for (k, t) in matcherTerms.enumerated() where place[t] == nil { place[t] = k }
        sufficientTerms = simple ? conjunction.compactMap { place[$0] } : nil
        // Each required term one plain ASCII word, each the literal of a prefilter: a prefilter
        // that is certain of its word settles the match.
        let literals = Set(prefilters.map { String(String.UnicodeScalarView($0.literal)) })
        confirmedByPrefilters = simple && conjunction.allSatisfy { t in
            let term = query.terms[t]
            return term.parts.count == 1 && !term.isPrefix && literals.contains(term.parts[0])
        } && prefilters.allSatisfy(\.isPlainASCII) && prefilters.count == Set(conjunction.map { query.terms[$0].parts[0] }).count
    }

    /// See `init`: in -l mode, `Prefilter.presence` can settle a match without decoding.
    let confirmedByPrefilters: Bool

    /// Reads and searches one file; files over `maxBytes` are skipped.
    public func search(_ file: FileRef, maxBytes: Int, wantHits: Bool = true) -> Outcome {
        switch FileScanner.read(file.location, followLinks: file.followLinks, maxBytes: maxBytes) {
        case .failed(let problem): return .skipped(problem)
        // `read` refused what is not text: its bytes need no second look.
        case .bytes(let bytes, _): return search(bytes: bytes, file: file, wantHits: wantHits, checked: true)
        }
    }

    /// Searches one file's bytes (same skipping rules as loading). With `wantHits` false, stops
    /// reading as soon as the article is known to match (the hits are then incomplete).
    public func search(bytes: [UInt8], file: FileRef, wantHits: Bool = true) -> Outcome {
        search(bytes: bytes, file: file, wantHits: wantHits, checked: false)
    }

    /// The same; `checked`: the bytes come from `FileScanner.read`, which refuses what is not text.
    func search(bytes: [UInt8], file: FileRef, wantHits: Bool, checked: Bool) -> Outcome {
        // A web page is searched in its text (what offsets count into), not in its markup.
        if Article.Format(file.location) == .html {
            if let problem = Corpus.refusal(bytes, format: .html) { return .skipped(problem) }
            // Its title and author are the ones the page names (as the list's), not guessed from its text.
            let page = HTMLReader.read(bytes)
            let meta = Metadata.extract(page: page, fileName: RawPath(bytes: file.location.lastComponent).display)
            return search(utf8: Array(page.text.string.utf8), file: file, wantHits: wantHits, metadata: meta)
        }
        return search(utf8: bytes, file: file, wantHits: wantHits, checked: checked)
    }

    func search(utf8 bytes: [UInt8], file: FileRef, wantHits: Bool, metadata: Metadata? = nil, checked: Bool = false) -> Outcome {
        if !checked, let problem = Corpus.refusal(bytes) { return .skipped(problem) }
        if !prefilters.isEmpty {
            // A word may also be in the name, or in the title and author a page names apart from its text.
            let name = file.location.lastComponent + Array(("\n" + (metadata?.title ?? "") + "\n" + (metadata?.author ?? "")).utf8)
            let wantCertain = !wantHits && confirmedByPrefilters
            var certain = 0
            for prefilter in prefilters {
                let presence = bytes.withUnsafeBufferPointer { prefilter.presence(in: $0, wantCertain: wantCertain) }
                if presence == .certain { certain += 1 }
                if presence == .absent && !name.withUnsafeBufferPointer({ prefilter.mayContain($0) }) { return .noMatch }
            }
            // Only asked whether it matches, and every word it needs is certainly there: no
            // decoding at all (as grep -l stops at the first match).
            if wantCertain && certain == prefilters.count { return .matched(ArticleText(""), [], []) }
        }
        // Only asked whether it matches: try the start of the file first (cut before a space, so
        // no word or multi-byte character is split).
        if !wantHits, let sufficient = sufficientTerms, bytes.count > 2 * Self.headBytes {
            var cut = Self.headBytes
            while cut > 0 && bytes[cut] != 0x20 && bytes[cut] != 0x0A { cut -= 1 }
            if cut > 0 {
                let head = bytes.withUnsafeBufferPointer { ArticleText(utf8: UnsafeBufferPointer(rebasing: $0[0..<cut])) }
                if allFound(sufficient, in: head) { return .matched(head, [], []) }
            }
        }
        let text = ArticleText(utf8: bytes)
        // Every occurrence of every term in the text.
        var found = [Bool](repeating: false, count: query.terms.count)
        var hits: [SearchMatch] = []
        // Colours by matcher term (-1: not highlighted, nor shown in the text: a `title:` or
        // `author:` word is shown where it matched, in the title or author), so the scan touches
        // no query values.
        let colours = matcherTerms.map { query.terms[$0].field == .any ? query.terms[$0].highlight ?? -1 : -1 }
        let termOf = matcherTerms
        let stopWhenAllOf = wantHits ? nil : sufficientTerms
        var missing = stopWhenAllOf?.count ?? -1
        var seen = [Bool](repeating: false, count: matcherTerms.count)
        text.scalars.withUnsafeBufferPointer { buffer in
            matcher.scanUntil(buffer) { local, range in
                found[termOf[local]] = true
                let colour = colours[local]
                if colour >= 0 { hits.append(SearchMatch(range: range, term: colour)) }
                if missing > 0 && !seen[local] {
                    seen[local] = true
                    if stopWhenAllOf!.contains(local) { missing -= 1 }
                }
                return missing != 0
            }
        }
        var meta = metadata
        func metadataValues() -> Metadata {
            if let meta { return meta }
            let m = Metadata.extract(from: text, format: Article.Format(file.location),
                                     fileName: RawPath(bytes: file.location.lastComponent).display)
            meta = m
            return m
        }
        var fields: (title: [Bool], author: [Bool])?
        func metadataFields() -> (title: [Bool], author: [Bool]) {
            if let fields { return fields }
            let m = metadataValues()
            let f = (title: occurring(in: m.title), author: occurring(in: m.author ?? ""))
            fields = f
            return f
        }
        func has(_ t: Int) -> Bool {
            let term = query.terms[t]
            switch term.field {
            case .person: return personPaths[t]?.contains(file.path) ?? false
            case .any: return found[t] || metadataFields().title[t] || metadataFields().author[t]
            case .title: return metadataFields().title[t]
            case .author: return metadataFields().author[t]
            }
        }
        func eval(_ node: Query.Node) -> Bool {
            switch node {
            case .all: return true
            case .term(let t): return has(t)
            case .and(let nodes): return nodes.allSatisfy(eval)
            case .or(let nodes): return nodes.contains(where: eval)
            case .not(let inner): return !eval(inner)
            }
        }
        guard eval(query.root) else { return .noMatch }
        var fieldHits: [FieldHit] = []
        if wantHits {
            // Shown in a field: its own words, and the text's words the text does not hold.
            func shown(_ t: Int, in field: Query.Field) -> Bool {
                let term = query.terms[t]
                return term.highlight != nil && (term.field == field || (term.field == .any && !found[t]))
            }
            let m = metadataValues()
            for (field, value) in [(Query.Field.title, m.title), (.author, m.author ?? "")] where !value.isEmpty {
                var matches: [SearchMatch] = []
                let scalars = Array(value.unicodeScalars)
                scalars.withUnsafeBufferPointer { buffer in
                    matcher.scan(buffer) { local, range in
                        let t = matcherTerms[local]
                        if shown(t, in: field) { matches.append(SearchMatch(range: range, term: query.terms[t].highlight!)) }
                    }
                }
                if !matches.isEmpty { fieldHits.append(FieldHit(field: field, value: value, matches: SearchMatch.withoutOverlaps(matches))) }
            }
        }
        return .matched(text, Self.locate(SearchMatch.withoutOverlaps(hits), in: text), fieldHits)
    }

    static let headBytes = 1024

    /// Whether all of these matcher terms occur in `text`.
    func allFound(_ wanted: [Int], in text: ArticleText) -> Bool {
        var seen = [Bool](repeating: false, count: matcherTerms.count)
        var missing = wanted.count
        text.scalars.withUnsafeBufferPointer { buffer in
            matcher.scanUntil(buffer) { local, _ in
                if !seen[local] {
                    seen[local] = true
                    if wanted.contains(local) { missing -= 1 }
                }
                return missing > 0
            }
        }
        return missing == 0
    }

    /// Which terms occur in a short field (title, author).
    func occurring(in string: String) -> [Bool] {
        var found = [Bool](repeating: false, count: query.terms.count)
        let scalars = Array(string.unicodeScalars)
        scalars.withUnsafeBufferPointer { buffer in
            matcher.scan(buffer) { local, _ in found[matcherTerms[local]] = true }
        }
        return found
    }

    /// Lines and columns of sorted matches.
    static func locate(_ matches: [SearchMatch], in text: ArticleText) -> [Hit] {
        var hits: [Hit] = []
        hits.reserveCapacity(matches.count)
        var line = 1
        var lineStart = 0
        var scanned = 0
        text.scalars.withUnsafeBufferPointer { s in
            for m in matches {
                while scanned < m.range.lowerBound {
                    if s[scanned] == "\n" { line += 1; lineStart = scanned + 1 }
                    scanned += 1
                }
                hits.append(Hit(range: m.range, term: m.term, line: line, column: m.range.lowerBound - lineStart + 1))
            }
        }
        return hits
    }

    /// Where the context line for a hit starts and ends (scalar offsets), cut to about `width`
    /// characters around the match at spaces, and whether it was cut at either end (`ContextLine`).
    static func contextRange(of hit: Hit, in s: UnsafeBufferPointer<Unicode.Scalar>, width: Int)
        -> (range: Range<Int>, cutBefore: Bool, cutAfter: Bool) {
        let line = ContextLine(around: hit.range, in: s, width: width, lineStart: hit.range.lowerBound - (hit.column - 1))
        return (line.range, line.cutBefore, line.cutAfter)
    }

    /// A line of context around a match: the match's line, cut to about `width` characters
    /// around the match (with `…` where cut). Raw text: sanitise it before printing.
    public static func context(of hit: Hit, in text: ArticleText, width: Int = 100) -> String {
        text.scalars.withUnsafeBufferPointer { s in
            let (range, cutBefore, cutAfter) = contextRange(of: hit, in: s, width: width)
            return (cutBefore ? "…" : "") + text.string(range) + (cutAfter ? "…" : "")
        }
    }

    /// `context(of:in:)`, sanitised (as `Sanitizer.pieces` draws it), as UTF-8 appended to `out`. Plain text
    /// (printable ASCII, Latin letters, typographic punctuation) is copied directly; anything
    /// else goes through the sanitiser.
    public static func appendSanitizedContext(of hit: Hit, in text: ArticleText, width: Int = 100, to out: inout [UInt8]) {
        let plain: Bool = text.scalars.withUnsafeBufferPointer { s in
            let (range, cutBefore, cutAfter) = contextRange(of: hit, in: s, width: width)
            for i in range {
                let v = s[i].value
                let ok = (0x20...0x7E).contains(v) || ((0xA0...0x2FF).contains(v) && v != 0xAD)
                    || (0x2010...0x2027).contains(v) || (0x2030...0x205E).contains(v)
                if !ok { return false }
            }
            let ellipsis: [UInt8] = [0xE2, 0x80, 0xA6]
            if cutBefore { out.append(contentsOf: ellipsis) }
            for i in range {
                let v = s[i].value
                if v < 0x80 { out.append(UInt8(v)) } else { UTF8.encode(s[i]) { out.append($0) } }
            }
            if cutAfter { out.append(contentsOf: ellipsis) }
            return true
        }
        if !plain {
            // Sanitised from the text itself, so an invalid byte shows as its `<FF>` marker.
            let (range, cutBefore, cutAfter) = text.scalars.withUnsafeBufferPointer { contextRange(of: hit, in: $0, width: width) }
            var line = cutBefore ? "…" : ""
            for piece in Sanitizer.pieces(text, range: range, startColumn: 0, newlinesAsMarkers: true) { line += piece.text }
            if cutAfter { line += "…" }
            out.append(contentsOf: line.utf8)
        }
    }
}

