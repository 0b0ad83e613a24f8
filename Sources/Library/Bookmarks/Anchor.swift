/// Where a bookmark's place is in an article's current text.
public enum Anchor: Sendable, Equatable {
    /// The saved position still holds the quote.
    case exact(Range<Int>)
    /// The exact quote was found elsewhere (text was added or removed before it).
    case moved(Range<Int>)
    /// The quote was found approximately (it was edited): `distance` edits away.
    case fuzzy(Range<Int>, distance: Int)
    /// Not found: the bookmark is kept and shown as detached.
    case detached

    public var range: Range<Int>? {
        switch self {
        case .exact(let r), .moved(let r), .fuzzy(let r, _): return r
        case .detached: return nil
        }
    }

    public var isDetached: Bool { self == .detached }

    /// One word for lists: exact, moved, fuzzy, detached.
    public var status: String {
        switch self {
        case .exact: return "exact"
        case .moved: return "moved"
        case .fuzzy: return "fuzzy"
        case .detached: return "detached"
        }
    }
}

extension Bookmark {
    /// Finds this bookmark's place in `text` (see `Anchoring`).
    public func resolve(in text: ArticleText) -> Anchor {
        Anchoring.resolve(range: range, quote: quote, in: text)
    }
}

/// Finding a quoted place again in a text that may have changed:
/// 1. the saved position still holds the quote (and, for a short quote, its surroundings);
/// 2. the exact quote elsewhere, preferring places where the text before and after it also
///    matches, then the nearest to the old position;
/// 3. approximately: the quote (long ones by their head and tail; short ones with their
///    surroundings) within a quarter of its length in edits, over the whole text, with the
///    bit-parallel algorithm of Myers (one pass, O(n) for patterns up to 64 scalars);
/// 4. otherwise detached.
public enum Anchoring {
    /// Quotes shorter than this need matching surroundings to count as found.
    static let shortQuote = 8
    /// The longest pattern matched approximately in one piece.
    static let piece = 64

    public static func resolve(range: Range<Int>, quote: TextQuote, in text: ArticleText) -> Anchor {
        let s = text.scalars
        let exact = Array(quote.exact.unicodeScalars)
        let prefix = Array(quote.prefix.unicodeScalars)
        let suffix = Array(quote.suffix.unicodeScalars)
        // The saved position may be anything a file held: it is compared only in ways that
        // cannot overflow, and measured from only once clamped into the text.
        let saved = range.lowerBound
        let start = min(max(saved, 0), s.count)

        if exact.isEmpty && prefix.isEmpty && suffix.isEmpty {
            // Nothing to check against (an imported annotation with a position only).
            return saved >= 0 && range.upperBound <= s.count ? .exact(range) : .detached
        }
        if exact.isEmpty {
            return resolvePoint(at: saved, prefix: prefix, suffix: suffix, in: s)
        }

        // A short quote counts as found only where enough of its surroundings match too.
        let enough = exact.count >= shortQuote ? 0 : min(shortQuote, prefix.count + suffix.count)

        // 1. Still there.
        if saved == start, exact.count <= s.count - start, s[start..<(start + exact.count)].elementsEqual(exact),
           context(s, at: start, end: start + exact.count, prefix, suffix) >= enough {
            return .exact(start..<(start + exact.count))
        }

        // 2. The exact quote elsewhere: best surroundings, then nearest.
        var best: (at: Int, score: Int)?
        for i in occurrences(of: exact, in: s) {
            let score = context(s, at: i, end: i + exact.count, prefix, suffix)
            if let b = best, b.score > score || (b.score == score && abs(b.at - start) <= abs(i - start)) { continue }
            best = (i, score)
        }
        if let best, best.score >= enough {
            let r = best.at..<(best.at + exact.count)
            return best.at == saved ? .exact(r) : .moved(r)
        }

        // 3. Approximately.
        if let (r, distance) = fuzzy(exact: exact, prefix: prefix, suffix: suffix, oldStart: start, in: s) {
            return .fuzzy(r, distance: distance)
        }
        return .detached
    }

    /// A bookmark on an empty range: found by the text around it.
    static func resolvePoint(at saved: Int, prefix: [Unicode.Scalar], suffix: [Unicode.Scalar], in s: [Unicode.Scalar]) -> Anchor {
        let start = min(max(saved, 0), s.count)
        if saved == start, context(s, at: start, end: start, prefix, suffix) == prefix.count + suffix.count {
            return .exact(start..<start)
        }
        let around = prefix + suffix
        var best: Int?
        for i in occurrences(of: around, in: s) where best == nil || abs(i + prefix.count - start) < abs(best! - start) {
            best = i + prefix.count
        }
        if let best { return .moved(best..<best) }
        if around.count >= shortQuote, let m = approximate(around, in: s, expectedEnd: start + suffix.count) {
            let at = m.map(prefix.count, start: true)
            return .fuzzy(at..<at, distance: m.distance)
        }
        return .detached
    }

    /// How many scalars of the saved surroundings still stand around `at..<end`.
    static func context(_ s: [Unicode.Scalar], at: Int, end: Int, _ prefix: [Unicode.Scalar], _ suffix: [Unicode.Scalar]) -> Int {
        var n = 0
        while n < prefix.count, at - n - 1 >= 0, s[at - n - 1] == prefix[prefix.count - n - 1] { n += 1 }
        var m = 0
        while m < suffix.count, end + m < s.count, s[end + m] == suffix[m] { m += 1 }
        return n + m
    }

    /// Start offsets of every occurrence of `pattern` in `s` (Knuth–Morris–Pratt: linear even for
    /// repetitive texts), at most `limit` of them.
    static func occurrences(of pattern: [Unicode.Scalar], in s: [Unicode.Scalar], limit: Int = 100_000) -> [Int] {
        let m = pattern.count
        guard m > 0, m <= s.count else { return [] }
        var failure = [Int](repeating: 0, count: m)
        var k = 0
        for i in 1..<m {
            while k > 0 && pattern[i] != pattern[k] { k = failure[k - 1] }
            if pattern[i] == pattern[k] { k += 1 }
            failure[i] = k
        }
        var out: [Int] = []
        k = 0
        for i in 0..<s.count {
            let c = s[i]
            while k > 0 && c != pattern[k] { k = failure[k - 1] }
            if c == pattern[k] { k += 1 }
            if k == m {
                out.append(i - m + 1)
                if out.count >= limit { break }
                k = failure[k - 1]
            }
        }
        return out
    }

    // MARK: Approximate matching

    static func fuzzy(exact: [Unicode.Scalar], prefix: [Unicode.Scalar], suffix: [Unicode.Scalar],
                      oldStart: Int, in s: [Unicode.Scalar]) -> (Range<Int>, Int)? {
        let m = exact.count
        if m >= 16 {
            if m <= piece {
                guard let found = approximate(exact, in: s, expectedEnd: oldStart + m) else { return nil }
                return (found.map(0, start: true)..<found.map(m, start: false), found.distance)
            }
            let head = approximate(Array(exact[0..<piece]), in: s, expectedEnd: oldStart + piece)
            let tail = approximate(Array(exact[(m - piece)...]), in: s, expectedEnd: oldStart + m)
            switch (head, tail) {
            case let (h?, t?):
                let a = h.map(0, start: true)
                let b = t.map(piece, start: false)
                if b > a, (m / 2...m * 2).contains(b - a) { return (a..<b, max(h.distance, t.distance)) }
                return h.distance <= t.distance ? (a..<min(s.count, a + m), h.distance) : (max(0, b - m)..<b, t.distance)
            case let (h?, nil):
                let a = h.map(0, start: true)
                return (a..<min(s.count, a + m), h.distance)
            case let (nil, t?):
                let b = t.map(piece, start: false)
                return (max(0, b - m)..<b, t.distance)
            case (nil, nil):
                return nil
            }
        }
        // A short quote is matched together with its surroundings.
        let room = piece - m
        let before = min(prefix.count, max(room / 2, room - suffix.count))
        let after = min(suffix.count, room - before)
        let pattern = Array(prefix.suffix(before)) + exact + Array(suffix.prefix(after))
        guard pattern.count >= shortQuote,
              let found = approximate(pattern, in: s, expectedEnd: oldStart + m + after) else { return nil }
        let a = found.map(before, start: true)
        let b = max(a, found.map(before + m, start: false))
        return (a..<b, found.distance)
    }

    /// An approximate occurrence of a pattern: its edit distance and how pattern positions map
    /// onto the text.
    struct Match {
        var distance: Int
        /// `rows[i]`: the text offsets where the alignment is at pattern position `i`.
        var rows: [ClosedRange<Int>]

        /// The text offset for pattern position `i`: the last one the alignment passes (a start:
        /// skips text inserted before the pattern character) or the first (an end).
        func map(_ i: Int, start: Bool) -> Int { start ? rows[i].upperBound : rows[i].lowerBound }
    }

    /// The best approximate occurrence of `pattern` (1...64 scalars) in `s` within a quarter of
    /// its length in edits; ties go to the end nearest `expectedEnd`.
    static func approximate(_ pattern: [Unicode.Scalar], in s: [Unicode.Scalar], expectedEnd: Int) -> Match? {
        let m = pattern.count
        guard m > 0, m <= 64, !s.isEmpty else { return nil }
        let maxDistance = max(1, m / 4)
        var ascii = [UInt64](repeating: 0, count: 128)
        var other: [UInt32: UInt64] = [:]
        for (i, c) in pattern.enumerated() {
            if c.value < 128 { ascii[Int(c.value)] |= 1 << UInt64(i) } else { other[c.value, default: 0] |= 1 << UInt64(i) }
        }
        let high: UInt64 = 1 << UInt64(m - 1)
        var pv: UInt64 = ~0
        var mv: UInt64 = 0
        var score = m
        var bestScore = Int.max
        var bestEnd = -1
        s.withUnsafeBufferPointer { text in
            for j in 0..<text.count {
                let v = text[j].value
                let eq: UInt64 = v < 128 ? ascii[Int(v)] : (other.isEmpty ? 0 : other[v] ?? 0)
                let xv = eq | mv
                let xh = (((eq & pv) &+ pv) ^ pv) | eq
                var ph = mv | ~(xh | pv)
                var mh = pv & xh
                if ph & high != 0 { score += 1 } else if mh & high != 0 { score -= 1 }
                ph <<= 1
                mh <<= 1
                pv = mh | ~(xv | ph)
                mv = ph & xv
                if score <= maxDistance {
                    let end = j + 1
                    if score < bestScore || (score == bestScore && abs(end - expectedEnd) < abs(bestEnd - expectedEnd)) {
                        bestScore = score
                        bestEnd = end
                    }
                }
            }
        }
        guard bestEnd >= 0 else { return nil }
        return align(pattern, in: s, end: bestEnd, distance: bestScore)
    }

    /// Recovers the alignment of `pattern` ending at `end` (edit distance `distance`) by dynamic
    /// programming over the few scalars before `end`.
    static func align(_ p: [Unicode.Scalar], in s: [Unicode.Scalar], end: Int, distance: Int) -> Match {
        let m = p.count
        let begin = max(0, end - m - distance)
        let w = end - begin
        // d[i][j]: edits to align p[0..<i] with a text part ending at begin + j (free start).
        var d = [[Int]](repeating: [Int](repeating: 0, count: w + 1), count: m + 1)
        for i in 1...m {
            d[i][0] = i
            for j in stride(from: 1, through: w, by: 1) {
                let same = p[i - 1] == s[begin + j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j - 1] + same, d[i - 1][j] + 1, d[i][j - 1] + 1)
            }
        }
        var rows = [ClosedRange<Int>?](repeating: nil, count: m + 1)
        func visit(_ i: Int, _ j: Int) {
            let t = begin + j
            rows[i] = rows[i].map { min($0.lowerBound, t)...max($0.upperBound, t) } ?? t...t
        }
        var i = m
        var j = w
        visit(i, j)
        while i > 0 {
            let same = j > 0 && p[i - 1] == s[begin + j - 1] ? 0 : 1
            if j > 0 && d[i][j] == d[i - 1][j - 1] + same {
                i -= 1; j -= 1
            } else if d[i][j] == d[i - 1][j] + 1 {
                i -= 1
            } else {
                j -= 1
            }
            visit(i, j)
        }
        return Match(distance: d[m][w], rows: rows.map { $0 ?? begin...begin })
    }
}
