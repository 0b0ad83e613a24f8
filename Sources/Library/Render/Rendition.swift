/// An article as drawn at one width: the display text, laid out in lines, with a style for each
/// display scalar and, for each, the offset of the article text (the source) it stands for.
///
/// Every offset kept anywhere (positions, bookmarks, search matches, people mentions) is a
/// *source* offset; the display text only exists to be laid out and drawn. Scalars the renderer
/// adds (bullets, quote bars, table rules, padding, link numbers) are flagged `synthetic` and map
/// to the source offset of the text they stand beside. Plain text is its own rendition: the
/// display is the text, the map the identity, and nothing is copied.
public struct Rendition: Sendable, Equatable {
    /// What is laid out and drawn.
    public let display: ArticleText
    /// Lines of `display`. For rendered articles every line already fits: the renderer wraps.
    public let layout: Layout
    /// The source offset of each display scalar; nil for the identity.
    let sources: [Int32]?
    /// Style bits of each display scalar (`Attributes`); nil when all are plain.
    let attributes: [UInt8]?
    /// For each source offset (and one past the end), the first display offset showing it or
    /// what follows it; nil for the identity.
    let displayOfSource: [Int32]?
    /// The source offsets lines start at (`sourceOffset(atLine:)`), each with the first line
    /// starting there: `source << 32 | line`, ascending (a line in twenty has one: a map of
    /// every offset would be mostly empty); nil for the identity.
    let lineOfStart: [UInt64]?
    /// Scalars in the article's text.
    public let sourceCount: Int

    /// Plain text: laid out as it is.
    public init(plain text: ArticleText, width: Int) {
        display = text
        layout = Layout(text: text, width: width)
        sources = nil
        attributes = nil
        displayOfSource = nil
        lineOfStart = nil
        sourceCount = text.count
    }

    init(display: ArticleText, lineStarts: [Int32], width: Int, sources: [Int32], attributes: [UInt8], sourceCount: Int) {
        self.display = display
        self.layout = Layout(lineStarts: lineStarts, textCount: display.count, width: width)
        self.sources = sources
        self.attributes = attributes
        self.sourceCount = sourceCount
        // The inverse: each source offset to the first display scalar at or after it.
        let synthetic = Attributes.synthetic
        let displayCount = display.count
        var inverse = [Int32](repeating: Int32.max, count: sourceCount + 1)
        var starts: [UInt64] = []
        starts.reserveCapacity(lineStarts.count)
        let lines = layout.lineStarts
        sources.withUnsafeBufferPointer { src in
            attributes.withUnsafeBufferPointer { attr in
                inverse.withUnsafeMutableBufferPointer { inv in
                    // Backwards, each display offset over the one after it: the lowest is kept.
                    let last = UInt32(truncatingIfNeeded: sourceCount)
                    var d = src.count - 1
                    while d >= 0 {
                        if attr[d] & synthetic == 0 {
                            let s = UInt32(bitPattern: src[d])
                            if s <= last { inv[Int(s)] = Int32(truncatingIfNeeded: d) }
                        }
                        d -= 1
                    }
                    var next = Int32(displayCount)
                    var s = sourceCount
                    while s >= 0 {
                        if inv[s] == Int32.max { inv[s] = next } else { next = inv[s] }
                        s -= 1
                    }
                }
                // Each line's first scalar of the article's own (`sourceOffset(atLine:)`); lines
                // of the renderer's own (a heading's underline, a table rule) are not places.
                var ascending = true
                for line in 0..<lines.count {
                    let end = line + 1 < lines.count ? Int(lines[line + 1]) : displayCount
                    var d = Int(lines[line])
                    while d < end && attr[d] & synthetic != 0 { d += 1 }
                    guard d < end else { continue }
                    let s = d < src.count ? Int(src[d]) : sourceCount
                    guard s >= 0 && s <= sourceCount else { continue }
                    let entry = UInt64(s) << 32 | UInt64(line)
                    if let last = starts.last, last > entry { ascending = false }
                    starts.append(entry)
                }
                if !ascending { starts.sort() }
                // Of the lines starting at one offset, the first.
                var kept = 0
                for k in starts.indices where kept == 0 || starts[kept - 1] >> 32 != starts[k] >> 32 {
                    starts[kept] = starts[k]
                    kept += 1
                }
                starts.removeLast(starts.count - kept)
            }
        }
        self.displayOfSource = inverse
        self.lineOfStart = starts
    }

    public var isIdentity: Bool { sources == nil }

    /// The source offset a display offset stands for (the end maps to the end).
    @inline(__always)
    public func sourceOffset(ofDisplay d: Int) -> Int {
        guard let sources else { return d }
        if d >= sources.count { return sourceCount }
        return Int(sources[max(0, d)])
    }

    /// The first display offset showing the source offset `s` or what follows it.
    public func displayOffset(ofSource s: Int) -> Int {
        guard let displayOfSource else { return s }
        return Int(displayOfSource[max(0, min(s, sourceCount))])
    }

    /// The display line holding a source offset. A place is kept as the offset a line starts at
    /// (`sourceOffset(atLine:)`), and that line is found again by it: where cmark-gfm's positions
    /// are a little off (lazy lines, tables full of NULs), the first display character of that
    /// offset can sit on another line, so the map alone would move the place.
    public func line(containingSource s: Int) -> Int {
        if let lineOfStart, s >= 0, s <= sourceCount {
            // The first entry at or after `s << 32`.
            var lo = 0
            var hi = lineOfStart.count
            let key = UInt64(s) << 32
            while lo < hi {
                let mid = (lo + hi) >> 1
                if lineOfStart[mid] < key { lo = mid + 1 } else { hi = mid }
            }
            if lo < lineOfStart.count && lineOfStart[lo] >> 32 == UInt64(s) { return Int(lineOfStart[lo] & 0xFFFF_FFFF) }
        }
        return layout.line(containing: displayOffset(ofSource: s))
    }

    /// The source offset a display line starts at: where a place on screen is kept.
    public func sourceOffset(atLine line: Int) -> Int {
        guard line < layout.lineCount else { return sourceCount }
        let r = layout.range(ofLine: line)
        // The first scalar of the line that is the article's own (a bullet stands for its item).
        if let attributes {
            for d in r where attributes[d] & Attributes.synthetic == 0 { return sourceOffset(ofDisplay: d) }
        }
        return sourceOffset(ofDisplay: r.lowerBound)
    }

    /// The source range a display line shows (the lowest to one past the highest source offset
    /// of its own scalars; empty at its first offset when it shows none).
    public func sourceRange(ofLine line: Int) -> Range<Int> {
        let r = layout.range(ofLine: line)
        guard let sources, let attributes else { return r }
        var low = Int.max
        var high = Int.min
        for d in r where attributes[d] & Attributes.synthetic == 0 {
            low = min(low, Int(sources[d]))
            high = max(high, Int(sources[d]))
        }
        if low == Int.max { let s = sourceOffset(atLine: line); return s..<s }
        return low..<(high + 1)
    }

    /// Style bits of a display scalar.
    @inline(__always)
    public func attributes(at d: Int) -> UInt8 {
        guard let attributes, d >= 0, d < attributes.count else { return 0 }
        return attributes[d]
    }

    /// Whether a display scalar is the renderer's, not the article's.
    public func isSynthetic(_ d: Int) -> Bool { attributes(at: d) & Attributes.synthetic != 0 }

    public static func == (a: Rendition, b: Rendition) -> Bool {
        a.layout == b.layout && a.sources == b.sources && a.attributes == b.attributes && a.display == b.display
    }

    /// Style bits.
    public enum Attributes {
        public static let bold: UInt8 = 1
        public static let italic: UInt8 = 2
        public static let underline: UInt8 = 4
        public static let dim: UInt8 = 8
        public static let code: UInt8 = 16
        public static let strike: UInt8 = 32
        public static let link: UInt8 = 64
        /// Added by the renderer (bullets, bars, rules, padding, link numbers): not the article's text.
        public static let synthetic: UInt8 = 128
        /// A link's number (`[3]`): exactly these bits, so the setting can leave them out.
        public static let linkNumber: UInt8 = synthetic | dim | link
    }
}
