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

    /// What searching one file found.
    public enum Outcome: Sendable {
        /// The article matches: its text (for context lines) and the matches in it (none when
        /// only its title or author matched).
        case matched(ArticleText, [Hit])
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
        case .bytes(let bytes, _): return search(bytes: bytes, file: file, wantHits: wantHits)
        }
    }

    /// Searches one file's bytes (same skipping rules as loading). With `wantHits` false, stops
    /// reading as soon as the article is known to match (the hits are then incomplete).
    public func search(bytes: [UInt8], file: FileRef, wantHits: Bool = true) -> Outcome {
        if let problem = Corpus.refusal(bytes) { return .skipped(problem) }
        if !prefilters.isEmpty {
            let name = file.location.lastComponent
            let wantCertain = !wantHits && confirmedByPrefilters
            var certain = 0
            for prefilter in prefilters {
                let presence = bytes.withUnsafeBufferPointer { prefilter.presence(in: $0, wantCertain: wantCertain) }
                if presence == .certain { certain += 1 }
                if presence == .absent && !name.withUnsafeBufferPointer({ prefilter.mayContain($0) }) { return .noMatch }
            }
            // Only asked whether it matches, and every word it needs is certainly there: no
            // decoding at all (as grep -l stops at the first match).
            if wantCertain && certain == prefilters.count { return .matched(ArticleText(""), []) }
        }
        // Only asked whether it matches: try the start of the file first (cut before a space, so
        // no word or multi-byte character is split).
        if !wantHits, let sufficient = sufficientTerms, bytes.count > 2 * Self.headBytes {
            var cut = Self.headBytes
            while cut > 0 && bytes[cut] != 0x20 && bytes[cut] != 0x0A { cut -= 1 }
            if cut > 0 {
                let head = bytes.withUnsafeBufferPointer { ArticleText(utf8: UnsafeBufferPointer(rebasing: $0[0..<cut])) }
                if allFound(sufficient, in: head) { return .matched(head, []) }
            }
        }
        let text = ArticleText(utf8: bytes)
        // Every occurrence of every term in the text.
        var found = [Bool](repeating: false, count: query.terms.count)
        var hits: [SearchMatch] = []
        // Colours by matcher term (-1: not highlighted), so the scan touches no query values.
        let colours = matcherTerms.map { query.terms[$0].highlight ?? -1 }
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
        var fields: (title: [Bool], author: [Bool])?
        func metadataFields() -> (title: [Bool], author: [Bool]) {
            if let fields { return fields }
            let format = Article.Format(file.location)
            let meta = Metadata.extract(from: text, format: format, fileName: RawPath(bytes: file.location.lastComponent).display)
            let f = (title: occurring(in: meta.title), author: occurring(in: meta.author ?? ""))
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
        return .matched(text, Self.locate(SearchMatch.withoutOverlaps(hits), in: text))
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
    /// characters around the match at spaces, and whether it was cut at either end.
    static func contextRange(of hit: Hit, in s: UnsafeBufferPointer<Unicode.Scalar>, width: Int)
        -> (range: Range<Int>, cutBefore: Bool, cutAfter: Bool) {
        let lineStart = hit.range.lowerBound - (hit.column - 1)
        var lineEnd = hit.range.lowerBound
        let limit = min(s.count, hit.range.upperBound + width)
        while lineEnd < limit && s[lineEnd] != "\n" { lineEnd += 1 }
        let cutByLimit = lineEnd == limit && lineEnd < s.count && s[lineEnd] != "\n"
        if lineEnd > lineStart && s[lineEnd - 1] == "\r" { lineEnd -= 1 }
        let matchEnd = min(hit.range.upperBound, max(lineEnd, hit.range.lowerBound))
        let before = max(10, (width - (matchEnd - hit.range.lowerBound)) / 3)
        var from = max(lineStart, hit.range.lowerBound - before)
        var to = min(lineEnd, max(matchEnd, from + width))
        // Cut at spaces where possible.
        if from > lineStart {
            var k = from
            while k < hit.range.lowerBound && s[k] != " " { k += 1 }
            if k < hit.range.lowerBound { from = k + 1 }
        }
        if to < lineEnd {
            var k = to - 1
            while k >= matchEnd && s[k] != " " { k -= 1 }
            if k >= matchEnd { to = k }
        }
        while from < hit.range.lowerBound && (s[from] == " " || s[from] == "\t") { from += 1 }
        return (from..<to, from > lineStart, to < lineEnd || cutByLimit)
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

/// A quick byte-level test that a file may contain a word: the word's folded letters in order
/// inside one run of non-separator bytes, ignoring case and accents (any non-ASCII letter is
/// decoded and folded) and skipping characters that title extraction removes (`*`, `_`, `` ` ``,
/// `\`, controls, invisible characters). A superset of the files that contain the word in their
/// text, title or author (a title can only differ by such removals, or come from the file name,
/// which is tested too).
struct Prefilter: Sendable {
    /// The folded literal.
    let literal: [Unicode.Scalar]
    /// Bytes that may start or be inside the literal's anchor letter: the anchor in both cases,
    /// and every non-ASCII lead byte.
    let candidate: [Bool]
    /// ASCII bytes that end a run.
    let separator: [Bool]
    /// The anchor letter in lower and upper case.
    let anchorLower: UInt8
    let anchorUpper: UInt8
    /// The anchor as a scalar (the literal's first when it has no ASCII letter): a non-ASCII
    /// character only starts a run check when its folded form contains it.
    let anchorScalar: Unicode.Scalar
    /// The literal is ASCII letters and digits only.
    let isPlainASCII: Bool

    /// The prefilters for a query: the (up to three) longest words that every match must contain
    /// (words of terms the top-level AND requires); none when no word is required.
    static func forQuery(_ query: Query) -> [Prefilter] {
        // Linear in the query's words (a pasted query has thousands): a set drops repeats, and
        // the choice stops at three.
        var words: [[Unicode.Scalar]] = []
        var seen = Set<String>()
        for t in query.requiredTerms where query.terms[t].field != .person {
            for part in query.terms[t].parts where seen.insert(part).inserted {
                words.append(Array(part.unicodeScalars))
            }
        }
        // Longest first, ties in query order (a stable sort), as before.
        words = words.enumerated().sorted { ($0.element.count, -$0.offset) > ($1.element.count, -$1.offset) }
            .map(\.element)
        // A word inside a longer one adds nothing.
        var chosen: [[Unicode.Scalar]] = []
        for w in words where !chosen.contains(where: { $0.count >= w.count && contains($0, w) }) {
            chosen.append(w)
            if chosen.count == 3 { break }
        }
        return chosen.map { Prefilter(literal: $0) }
    }

    static func contains(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Bool {
        guard a.count >= b.count else { return false }
        for s in 0...(a.count - b.count) where Array(a[s..<(s + b.count)]) == b { return true }
        return false
    }

    init(literal best: [Unicode.Scalar]) {
        literal = best
        isPlainASCII = best.allSatisfy { (0x61...0x7A).contains($0.value) || (0x30...0x39).contains($0.value) }
        // Anchor: the literal's rarest ASCII letter (rough English frequencies).
        let rarity = Array("etaoinshrdlcumwfgypbvkjxqz0123456789".unicodeScalars)
        var anchor: Unicode.Scalar?
        var anchorRank = -1
        for c in best {
            if let r = rarity.firstIndex(of: c), r > anchorRank { anchorRank = r; anchor = c }
        }
        var candidate = [Bool](repeating: false, count: 256)
        for b in 0xC0...0xFF { candidate[b] = true }
        // Without an ASCII letter, only non-ASCII bytes can be in the literal (0xFF is one).
        anchorLower = anchor.map { UInt8($0.value) } ?? 0xFF
        anchorUpper = anchor.map { (0x61...0x7A).contains($0.value) ? UInt8($0.value - 0x20) : UInt8($0.value) } ?? 0xFF
        candidate[Int(anchorLower)] = true
        candidate[Int(anchorUpper)] = true
        self.candidate = candidate
        anchorScalar = anchor ?? best[0]
        var separator = [Bool](repeating: true, count: 256)
        for b in 0..<256 {
            let c = UInt8(b)
            if c >= 0x80 { separator[b] = false; continue }
            if (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) { separator[b] = false }
            if Self.isSkippedASCII(c) { separator[b] = false }
        }
        self.separator = separator
    }

    /// ASCII that title extraction may drop from inside a word.
    static func isSkippedASCII(_ c: UInt8) -> Bool {
        (c < 0x20 && c != 0x0A && c != 0x09) || c == 0x7F || c == 0x2A || c == 0x5F || c == 0x60 || c == 0x5C
    }

    func mayContain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        presence(in: bytes, wantCertain: false) != .absent
    }

    /// What a scan of a file's bytes can tell about the literal as a word.
    enum Presence { case absent, possible, certain }

    /// `.absent` when no word of `bytes` can hold the literal; `.certain` (looked for only with
    /// `wantCertain`, and only for a plain ASCII literal) when some word is exactly the literal,
    /// written in ASCII letters and digits between ASCII separators that are not apostrophes, so
    /// the exact matcher would find it there; `.possible` otherwise.
    func presence(in bytes: UnsafeBufferPointer<UInt8>, wantCertain: Bool) -> Presence {
        let n = bytes.count
        var i = 0
        var scratch: [Unicode.Scalar] = []
        var possible = false
        let lookForCertain = wantCertain && isPlainASCII
        let found: Bool = candidate.withUnsafeBufferPointer { cand in
            separator.withUnsafeBufferPointer { sep in
                let base = UnsafeRawPointer(bytes.baseAddress)
                let ones: UInt64 = 0x0101_0101_0101_0101
                let highs: UInt64 = 0x8080_8080_8080_8080
                let lower = ones &* UInt64(anchorLower)
                let upper = ones &* UInt64(anchorUpper)
                /// The high bit of each of 8 bytes that may be a candidate (the anchor, or a byte
                /// ≥ 0xC0); the lowest one set is exact, those above it may be false.
                @inline(__always) func hits(_ x: UInt64) -> UInt64 {
                    let a = x ^ lower, b = x ^ upper
                    return (((a &- ones) & ~a) | ((b &- ones) & ~b) | (x & (x << 1))) & highs
                }
                while i < n {
                    // 8 bytes at a time to the next candidate.
                    if i + 8 <= n, let base {
                        let h = hits(base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                        if h == 0 { i += 8; continue }
                        i += h.trailingZeroBitCount >> 3
                    }
                    let b = bytes[i]
                    if !cand[Int(b)] { i += 1; continue }
                    // A non-ASCII character counts only if it folds to something with the anchor.
                    if b >= 0xC0 {
                        let (scalar, length) = Self.decode(bytes, at: i)
                        if let scalar, !folds(scalar, toContain: anchorScalar, scratch: &scratch) { i += length; continue }
                    }
                    // The run around the candidate byte.
                    var start = i
                    while start > 0 && !sep[Int(bytes[start - 1])] { start -= 1 }
                    var end = i + 1
                    while end < n && !sep[Int(bytes[end])] { end += 1 }
                    let run = UnsafeBufferPointer(rebasing: bytes[start..<end])
                    if runContains(run) {
                        if !lookForCertain { return true }
                        possible = true
                        if run.count == literal.count && (start == 0 || bytes[start - 1] != 0x27) && isPlainRun(run) { return true }
                    }
                    i = end
                }
                return false
            }
        }
        if found { return lookForCertain ? .certain : .possible }
        return possible ? .possible : .absent
    }


    func isPlainRun(_ run: UnsafeBufferPointer<UInt8>) -> Bool {
        for b in run where b >= 0x80 || Self.isSkippedASCII(b) { return false }
        return true
    }

    /// The scalar whose UTF-8 starts at `i`, and its length (nil and 1 for an invalid byte).
    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (Unicode.Scalar?, Int) {
        var first: (scalar: Unicode.Scalar, bad: Bool)?
        UTF8Decoder.decode(UnsafeBufferPointer(rebasing: bytes[i..<min(bytes.count, i + 4)])) { scalar, bad in
            if first == nil { first = (scalar, bad != nil) }
        }
        guard let first, !first.bad else { return (nil, 1) }
        return (first.scalar, UTF8.width(first.scalar))
    }

    /// Whether `scalar` is a letter whose folded form contains `anchor`.
    @inline(__always)
    func folds(_ scalar: Unicode.Scalar, toContain anchor: Unicode.Scalar, scratch: inout [Unicode.Scalar]) -> Bool {
        let kind = WordScanner.kind(scalar)
        guard kind == .word || kind == .ideograph else { return false }
        scratch.removeAll(keepingCapacity: true)
        Folding.fold(scalar, into: &scratch)
        return scratch.contains(anchor)
    }

    /// Looks for the literal in a run of bytes.
    func runContains(_ run: UnsafeBufferPointer<UInt8>) -> Bool {
        let m = literal.count
        // Plain ASCII letters and digits: compare directly.
        if isPlainRun(run) {
            guard run.count >= m else { return false }
            for s in 0...(run.count - m) {
                var k = 0
                while k < m {
                    var b = run[s + k]
                    if b &- 0x41 < 26 { b += 0x20 }
                    if UInt32(b) != literal[k].value { break }
                    k += 1
                }
                if k == m { return true }
            }
            return false
        }
        return foldedRunContains(run)
    }

    /// The general case: decode and fold the run (letters only; anything else breaks it).
    func foldedRunContains(_ run: UnsafeBufferPointer<UInt8>) -> Bool {
        var folded: [Unicode.Scalar] = []
        folded.reserveCapacity(run.count + 8)
        var scratch: [Unicode.Scalar] = []
        UTF8Decoder.decode(run) { scalar, _ in
            let v = scalar.value
            if v < 0x80 {
                let c = UInt8(v)
                if Self.isSkippedASCII(c) { return }
                folded.append((0x41...0x5A).contains(c) ? Unicode.Scalar(c + 0x20) : scalar)
                return
            }
            if (0x80...0x9F).contains(v) || Sanitizer.needsMarker(v) { return }
            switch WordScanner.kind(scalar) {
            case .ignorable: return
            case .word, .ideograph:
                scratch.removeAll(keepingCapacity: true)
                Folding.fold(scalar, into: &scratch)
                folded.append(contentsOf: scratch)
            default:
                folded.append(" ")
            }
        }
        let m = literal.count
        guard folded.count >= m else { return false }
        for s in 0...(folded.count - m) {
            var k = 0
            while k < m && folded[s + k] == literal[k] { k += 1 }
            if k == m { return true }
        }
        return false
    }
}

#if canImport(Glibc)
import Glibc
#endif
