/// An article's text laid out in lines for a width in terminal cells.
///
/// Lines are ranges of scalar offsets that together cover the whole text, in order, each scalar
/// exactly once (a line's range includes the spaces it breaks after and the newline that ends it).
/// Paragraphs and blank lines are kept; words wrap at spaces, after hyphens and dashes (not those
/// of a URL), and around wide (CJK) characters; a word longer than the line (a long URL) is broken
/// between grapheme clusters. Widths
/// come from `Sanitizer`, so markers for control characters take their cells too.
///
/// Drawn lines are never wider than `width`: spaces a line breaks after hang past the edge and
/// are not drawn, and a single unit wider than the whole line (a wide character at width 1) sits
/// alone on its line and is clipped when drawn.
public struct Layout: Sendable, Equatable {
    public let width: Int
    /// Offset where each line starts; the last line ends at `textCount`.
    public let lineStarts: [Int32]
    public let textCount: Int

    public var lineCount: Int { lineStarts.count }

    public func range(ofLine line: Int) -> Range<Int> {
        let start = Int(lineStarts[line])
        let end = line + 1 < lineStarts.count ? Int(lineStarts[line + 1]) : textCount
        return start..<end
    }

    /// The line that holds `offset` (offsets past the end belong to the last line).
    public func line(containing offset: Int) -> Int {
        var lo = 0
        var hi = lineStarts.count - 1
        let target = Int32(clamping: offset)
        while lo < hi {
            let mid = (lo + hi + 1) >> 1
            if lineStarts[mid] <= target { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// Lines already made (a renderer that wrapped its own text): starts ascending from 0.
    public init(lineStarts: [Int32], textCount: Int, width: Int) {
        self.width = max(1, width)
        self.lineStarts = lineStarts.isEmpty ? [0] : lineStarts
        self.textCount = textCount
    }

    public init(text: ArticleText, width requested: Int) {
        let width = max(1, requested)
        self.width = width
        self.textCount = text.count
        var starts: [Int32] = []
        starts.reserveCapacity(text.count / max(width / 2, 1) + 16)
        Self.breakLines(text, width: width, into: &starts)
        self.lineStarts = starts
    }

    /// Where each line of `text` starts at `width` (at least 1), into `starts` (emptied first:
    /// a caller laying out many texts keeps one buffer).
    static func breakLines(_ text: ArticleText, width: Int, into starts: inout [Int32]) {
        starts.removeAll(keepingCapacity: true)
        starts.append(0)
        text.scalars.withUnsafeBufferPointer { buffer in
            let s: UnsafeBufferPointer<Unicode.Scalar>? = buffer.isEmpty ? nil : buffer
            let n = buffer.count
            var lineStart = 0
            var column = 0
            var breakAt = -1          // where the next line starts if this one breaks at its last opportunity
            var previousKind = Sanitizer.Kind.space
            var urls = URLWords()
            var i = 0
            while i < n {
                // A run of printable ASCII (no combining scalar after any), as long as it fits:
                // one cell each; a break may follow a space, and a hyphen after text (as below).
                while i < n && column < width {
                    let v = buffer[i].value
                    guard v >= 0x20 && v < 0x7F && (i + 1 == n || buffer[i + 1].value < 0x300) else { break }
                    column += 1
                    i += 1
                    if v == 0x20 {
                        breakAt = i
                        previousKind = .space
                    } else if v == 0x2D {
                        if previousKind == .text {
                            if !urls.contains(hyphen: i - 1, in: buffer) { breakAt = i }
                            previousKind = .hyphen
                        } else {
                            previousKind = .space
                        }
                    } else {
                        previousKind = .text
                    }
                }
                if i >= n { break }
                let unit = Sanitizer.unit(s, text, i, column)
                precondition(unit.length > 0, "Layout: an empty unit")   // every unit moves `i` on
                switch unit.kind {
                case .newline:
                    i += unit.length
                    starts.append(Int32(i))
                    lineStart = i
                    column = 0
                    breakAt = -1
                    previousKind = .space
                    continue
                case .space, .tab:
                    // Spaces never overflow: they hang at the end of the line and a break may follow.
                    column += unit.width
                    i += unit.length
                    breakAt = i
                    previousKind = .space
                    continue
                case .hidden:
                    i += unit.length
                    continue
                default:
                    break
                }
                if unit.kind == .wide && i > lineStart && previousKind != .space { breakAt = i }
                if column + unit.width > width && i > lineStart {
                    let next = breakAt > lineStart ? breakAt : i
                    starts.append(Int32(next))
                    lineStart = next
                    breakAt = -1
                    // Measure again what moves to the new line (tabs depend on the column).
                    column = 0
                    var j = next
                    var kind = Sanitizer.Kind.space
                    while j < i {
                        let u = Sanitizer.unit(s, text, j, column)
                        if u.kind == .wide && j > next && kind != .space { breakAt = j }
                        column += u.width
                        j += u.length
                        if (u.kind == .hyphen && kind == .text && !urls.contains(hyphen: j - u.length, in: buffer)) || u.kind == .wide { breakAt = j }
                        kind = u.kind
                    }
                    previousKind = kind
                    continue   // place the unit again on the new line
                }
                column += unit.width
                i += unit.length
                if (unit.kind == .hyphen && previousKind == .text && !urls.contains(hyphen: i - unit.length, in: buffer)) || unit.kind == .wide { breakAt = i }
                previousKind = unit.kind == .hyphen && previousKind != .text ? .space : unit.kind
            }
        }
        // A final newline ends the last line; no empty line follows it (as in less).
        if starts.count > 1, Int(starts.last!) == text.count { starts.removeLast() }
    }

    /// Which hyphens are a URL's: those of a word (back to the last blank) with `://` before
    /// them, or beginning with `www.`. A URL is cut at the width when it does not fit on a line of
    /// its own, never broken at a hyphen (`rivers-of-` on one line, `the-valley` on the next). The
    /// word being laid out is remembered, so a word of many hyphens is read once, not per hyphen.
    struct URLWords {
        /// `[start, end)` is one word (no blank), read; hyphens from `urlFrom` on are a URL's.
        var start = 0
        var end = 0
        var urlFrom = Int.max

        static func isBlank(_ s: Unicode.Scalar) -> Bool { s.value <= 0x20 }

        static func isMark(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ j: Int, before h: Int) -> Bool {
            j + 2 < h && s[j] == ":" && s[j + 1] == "/" && s[j + 2] == "/"
        }

        mutating func contains(hyphen h: Int, in s: UnsafeBufferPointer<Unicode.Scalar>) -> Bool {
            if h > end {
                // Read back from the hyphen to the word's start, or to what was read before.
                var j = h - 1
                var mark = Int.max
                while j >= end && !Self.isBlank(s[j]) {
                    if Self.isMark(s, j, before: h) { mark = j + 3 }
                    j -= 1
                }
                if j >= end {
                    start = j + 1   // a blank at j: a word of its own
                    urlFrom = mark
                } else {
                    // The same word goes on: a `://` may straddle what was read before.
                    for k in max(start, end - 2)..<end where Self.isMark(s, k, before: h) { mark = min(mark, k + 3) }
                    urlFrom = min(urlFrom, mark)
                }
                end = h
                if urlFrom == Int.max && start + 4 < end && s[start] == "w" && s[start + 1] == "w" && s[start + 2] == "w" && s[start + 3] == "." {
                    urlFrom = start + 5
                }
            }
            if h > start { return h >= urlFrom }
            // A hyphen of an earlier word (measured again for a new line): read it on its own.
            var other = URLWords()
            var j = h - 1
            while j >= 0 && !Self.isBlank(s[j]) { j -= 1 }
            other.start = j + 1
            other.end = other.start
            return other.contains(hyphen: h, in: s)
        }
    }

    /// Display width of a line as drawn: trailing spaces, tabs and the newline not counted.
    public func drawnWidth(ofLine line: Int, in text: ArticleText) -> Int {
        let r = range(ofLine: line)
        var column = 0
        var drawn = 0
        var i = r.lowerBound
        while i < r.upperBound {
            let u = Sanitizer.unit(in: text, at: i, column: column)
            if u.length == 0 { break }
            column += u.width
            // A hidden unit (a ZWNJ after a tab) draws nothing: it does not make the blanks before it drawn.
            if u.kind != .space && u.kind != .tab && u.kind != .newline && u.kind != .hidden { drawn = column }
            i += u.length
        }
        return drawn
    }
}
