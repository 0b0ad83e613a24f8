/// A line of context around a match: the one maker for `reader search`, `reader people NAME` and
/// the reader's concordance. It is the match's own line of text (never past a line break), cut to
/// about `width` scalars around the match — `lead` of them before it — at spaces where it can be,
/// with `…` where it was cut. Raw text: sanitise it before showing it.
public struct ContextLine: Equatable, Sendable {
    /// The scalars shown: a range of the text holding the match.
    public let range: Range<Int>
    /// Whether the line was cut before the range, and after it.
    public let cutBefore: Bool
    public let cutAfter: Bool

    /// The context of `match` in `s`. `lead`: scalars before the match (default a third of what
    /// the match leaves of `width`, at least 10). `lineStart`: where the match's line starts, when
    /// the caller knows it (else it is looked for, no further back than `lead`).
    public init(around match: Range<Int>, in s: UnsafeBufferPointer<Unicode.Scalar>, width: Int, lead: Int? = nil,
                lineStart knownLineStart: Int? = nil) {
        let lower = max(0, min(match.lowerBound, s.count))
        let upper = max(lower, min(match.upperBound, s.count))
        let width = max(1, width)
        var lineEnd = lower
        let limit = min(s.count, upper + width)
        while lineEnd < limit && s[lineEnd] != "\n" { lineEnd += 1 }
        let cutByLimit = lineEnd == limit && lineEnd < s.count && s[lineEnd] != "\n"
        let matchEnd = { (lineEnd: Int) in min(upper, max(lineEnd, lower)) }
        let before = max(0, lead ?? max(10, (width - (matchEnd(lineEnd) - lower)) / 3))
        let lineStart: Int
        if let knownLineStart {
            lineStart = knownLineStart
        } else {
            var k = lower
            let stop = max(0, lower - before - 1)
            while k > stop && s[k - 1] != "\n" { k -= 1 }
            lineStart = k
        }
        if lineEnd > lineStart && s[lineEnd - 1] == "\r" { lineEnd -= 1 }
        let end = matchEnd(lineEnd)
        var from = max(lineStart, lower - before)
        var to = min(lineEnd, max(end, from + width))
        // Cut at spaces where possible.
        if from > lineStart {
            var k = from
            while k < lower && s[k] != " " { k += 1 }
            if k < lower { from = k + 1 }
        }
        if to < lineEnd {
            var k = to - 1
            while k >= end && s[k] != " " { k -= 1 }
            if k >= end { to = k }
        }
        while from < lower && (s[from] == " " || s[from] == "\t") { from += 1 }
        range = from..<to
        cutBefore = from > lineStart
        cutAfter = to < lineEnd || cutByLimit
    }

    public init(around match: Range<Int>, in text: ArticleText, width: Int, lead: Int? = nil) {
        self = text.scalars.withUnsafeBufferPointer { ContextLine(around: match, in: $0, width: width, lead: lead) }
    }

    /// The context as three strings (the text before the match, the match, the text after),
    /// with `…` where cut and line breaks and tabs inside the match as spaces. Raw text.
    public func parts(of match: Range<Int>, in text: ArticleText) -> (before: String, match: String, after: String) {
        // The match whole, even where it runs over a line break (a name wrapped in the file).
        let lower = max(range.lowerBound, min(match.lowerBound, range.upperBound))
        let upper = max(lower, min(match.upperBound, text.count))
        func flat(_ r: Range<Int>) -> String { String(text.string(r).map { $0.isNewline || $0 == "\t" ? " " : $0 }) }
        return ((cutBefore ? "…" : "") + flat(range.lowerBound..<lower), flat(lower..<upper),
                flat(min(upper, range.upperBound)..<range.upperBound) + (cutAfter && upper < range.upperBound ? "…" : ""))
    }

    /// The whole line, raw, with `…` where cut.
    public func string(in text: ArticleText) -> String {
        (cutBefore ? "…" : "") + text.string(range) + (cutAfter ? "…" : "")
    }
}
