/// Where a query's words and phrases occur in a text, for highlighting.
public struct SearchMatch: Sendable, Equatable, CustomStringConvertible {
    /// Scalar offsets into the article text (end-exclusive).
    public var range: Range<Int>
    /// The highlight colour: `QueryTerm.highlight` of the term that matched, in
    /// `0..<query.highlightCount`. Equal words of a query share one.
    public var term: Int

    public init(range: Range<Int>, term: Int) {
        self.range = range
        self.term = term
    }

    public var description: String { "\(range.lowerBound)..<\(range.upperBound)#\(term)" }
}

extension Query {
    /// Every place in `text` matched by a word or phrase of the query that is not excluded (and
    /// not a `person:` term, which only the people index can place), whatever its field: a
    /// `title:` word is highlighted in the text too. Sorted by offset; where matches overlap, the
    /// one that starts first (then the longest) wins, so ranges never overlap. With `textOnly`,
    /// only the words that match the text (no `title:` or `author:` ones), as `reader search`
    /// prints them.
    public func matches(in text: ArticleText, textOnly: Bool = false) -> [SearchMatch] {
        let wanted = terms.indices.filter { terms[$0].highlight != nil && (!textOnly || terms[$0].field == .any) }
        if wanted.isEmpty { return [] }
        let matcher = TermMatcher(wanted.map { terms[$0] })
        let colours = wanted.map { terms[$0].highlight! }
        var found: [SearchMatch] = []
        text.scalars.withUnsafeBufferPointer { buffer in
            matcher.scan(buffer) { local, range in found.append(SearchMatch(range: range, term: colours[local])) }
        }
        return SearchMatch.withoutOverlaps(found)
    }

    /// `matches(in:)` for a string (a title, a line).
    public func matches(in string: String) -> [SearchMatch] {
        matches(in: ArticleText(string))
    }
}

extension SearchMatch {
    /// Sorted by start (longest first), then overlapping ones dropped.
    static func withoutOverlaps(_ matches: [SearchMatch]) -> [SearchMatch] {
        var sorted = matches
        var inOrder = true
        for k in sorted.indices.dropFirst() where sorted[k - 1].range.lowerBound > sorted[k].range.lowerBound
            || (sorted[k - 1].range.lowerBound == sorted[k].range.lowerBound && sorted[k - 1].range.upperBound < sorted[k].range.upperBound) {
            inOrder = false
            break
        }
        if !inOrder {
            sorted.sort { a, b in
                a.range.lowerBound != b.range.lowerBound ? a.range.lowerBound < b.range.lowerBound
                    : a.range.upperBound > b.range.upperBound
            }
        }
        var out: [SearchMatch] = []
        out.reserveCapacity(sorted.count)
        var reached = Int.min
        for m in sorted where m.range.lowerBound >= reached {
            out.append(m)
            reached = m.range.upperBound
        }
        return out
    }
}

/// Finds the occurrences of a few terms (words and phrases) in one pass over a text's words.
///
/// Every distinct part (folded word, exact or prefix) is compared with each word of the text
/// once; each word then carries a bit mask of the term parts it matches, and a term of k parts
/// matches where the last k words carry its parts in order (with apostrophe joins where the term
/// wants them).
struct TermMatcher: Sendable {
    let termCount: Int
    // Keys: distinct parts, their scalars end to end.
    private var keyScalars: [Unicode.Scalar] = []
    private var keyStart: [Int] = []
    private var keyLength: [Int] = []
    private var keyIsPrefix: [Bool] = []
    /// `maskWords` words per key: the slots (term part positions) the key fills.
    private var keyMasks: [UInt64] = []
    // Terms.
    private var partCount: [Int] = []
    /// `slotBase[t] + m` is the slot of part `m` of term `t`.
    private var slotBase: [Int] = []
    /// `joins[slotBase[t] + m]`: part `m` must be joined to part `m - 1` by an apostrophe.
    private var joins: [Bool] = []
    private var slotCount = 0
    /// The longest term, in parts.
    private var window = 1
    /// UInt64 words per mask.
    private var maskWords = 1

    init(_ terms: [QueryTerm]) {
        termCount = terms.count
        var names: [String: Int] = [:]
        var keySlots: [[Int]] = []
        for term in terms {
            slotBase.append(slotCount)
            partCount.append(term.parts.count)
            for (m, part) in term.parts.enumerated() {
                let prefix = term.isPrefix && m == term.parts.count - 1
                let name = (prefix ? "*" : "=") + part
                joins.append(m > 0 && term.joins[m - 1])
                if let k = names[name] {
                    keySlots[k].append(slotCount + m)
                } else {
                    names[name] = keySlots.count
                    keySlots.append([slotCount + m])
                    let scalars = Array(part.unicodeScalars)
                    keyStart.append(keyScalars.count)
                    keyLength.append(scalars.count)
                    keyScalars.append(contentsOf: scalars)
                    keyIsPrefix.append(prefix)
                }
            }
            slotCount += term.parts.count
            window = max(window, term.parts.count)
        }
        maskWords = max(1, (slotCount + 63) / 64)
        keyMasks = [UInt64](repeating: 0, count: keySlots.count * maskWords)
        for (k, slots) in keySlots.enumerated() {
            for slot in slots { keyMasks[k * maskWords + slot >> 6] |= 1 << UInt64(slot & 63) }
        }
    }

    /// Calls `found(term, range)` for every occurrence of every term, in text order of the
    /// occurrences' ends (terms in order at the same end).
    func scan(_ text: UnsafeBufferPointer<Unicode.Scalar>, _ found: (Int, Range<Int>) -> Void) {
        scanUntil(text) { t, r in found(t, r); return true }
    }

    /// `scan`, stopping as soon as `found` returns false.
    func scanUntil(_ text: UnsafeBufferPointer<Unicode.Scalar>, _ found: (Int, Range<Int>) -> Bool) {
        if termCount == 0 || slotCount == 0 { return }
        let w = window
        let mw = maskWords
        // Ring buffers of the last `window` words: where each starts, whether it is joined by an
        // apostrophe, and the slots it fills.
        var starts = [Int](repeating: 0, count: w)
        var joinedRing = [Bool](repeating: false, count: w)
        var masks = [UInt64](repeating: 0, count: w * mw)
        var current = [UInt64](repeating: 0, count: mw)
        var seen = 0   // words so far
        var cursor = WordCursor(text)
        while let word = cursor.next() {
            let any = matchKeys(cursor.key, into: &current)
            let r = seen % w
            starts[r] = word.start
            joinedRing[r] = word.joined
            for k in 0..<mw { masks[r * mw + k] = current[k] }
            seen += 1
            guard any else { continue }
            // Terms whose last part this word matches.
            for t in 0..<termCount {
                let parts = partCount[t]
                let base = slotBase[t]
                let lastSlot = base + parts - 1
                guard parts > 0, seen >= parts, current[lastSlot >> 6] & (1 << UInt64(lastSlot & 63)) != 0 else { continue }
                var ok = true
                var m = parts - 1
                while m >= 0 {
                    let ring = (seen - parts + m) % w
                    let slot = base + m
                    if masks[ring * mw + slot >> 6] & (1 << UInt64(slot & 63)) == 0 { ok = false; break }
                    if joins[slot] && !joinedRing[ring] { ok = false; break }
                    m -= 1
                }
                if ok && !found(t, starts[(seen - parts) % w]..<word.end) { return }
            }
        }
    }

    /// Sets `current` to the slots of the keys matching `key`; whether any does.
    @inline(__always)
    private func matchKeys(_ key: UnsafeBufferPointer<Unicode.Scalar>, into current: inout [UInt64]) -> Bool {
        let mw = maskWords
        for k in 0..<mw { current[k] = 0 }
        var any = false
        let n = key.count
        for e in 0..<keyLength.count {
            let len = keyLength[e]
            guard len == n || (len < n && keyIsPrefix[e]) else { continue }
            let base = keyStart[e]
            var j = 0
            while j < len && keyScalars[base + j] == key[j] { j += 1 }
            if j == len {
                for k in 0..<mw { current[k] |= keyMasks[e * mw + k] }
                any = true
            }
        }
        return any
    }
}
