/// An article's structure, independent of width: blocks of inline text, each scalar with its
/// source offset and style. Made once from Markdown (`MarkdownRenderer`) or a web page
/// (`HTMLReader`); `rendition(width:)` lays it out for a width (what a resize redoes).
public final class RenderDocument: Sendable {
    public let blocks: [RenderBlock]
    /// The article's links, numbered from 1 in reading order.
    public let links: [ArticleLink]
    /// Scalars in the article's text (the source).
    public let sourceCount: Int
    /// What of each block does not depend on the width (with the links' numbers).
    let prepared: [PreparedBlock]
    /// Display scalars a rendition is expected to hold: the blocks' own and some for prefixes.
    let displayEstimate: Int

    init(blocks: [RenderBlock], links: [ArticleLink], sourceCount: Int) {
        self.blocks = blocks
        self.links = links
        self.sourceCount = sourceCount
        prepared = blocks.map(PreparedBlock.init)
        let own = prepared.reduce(0) { $0 + $1.scalarCount }
        displayEstimate = own + own / 4 + 64
    }

    /// The document laid out for `width` cells.
    public func rendition(width: Int, options: RenderOptions = RenderOptions()) -> Rendition {
        var out = RenditionWriter(width: max(1, width), options: options, capacity: displayEstimate)
        for k in blocks.indices {
            if options.numberLinks {
                out.write(blocks[k], prepared[k])
            } else {
                let shown = blocks[k].withoutLinkNumbers
                out.write(shown, PreparedBlock(shown))
            }
        }
        return out.finish(sourceCount: sourceCount)
    }
}

extension RenderDocument: Equatable {
    /// The same document (made once per opened article).
    public static func == (a: RenderDocument, b: RenderDocument) -> Bool { a === b }
}

/// A link of an article: its number (as shown, `text[3]`), its text and where it goes.
public struct ArticleLink: Sendable, Equatable {
    public var number: Int
    public var text: String
    public var url: String
    /// Where its text starts in the article's text.
    public var offset: Int
}

/// How articles are rendered (a setting).
public struct RenderOptions: Sendable, Equatable {
    /// Show each link's number after its text (`Putin[3]`).
    public var numberLinks = true
    public init(numberLinks: Bool = true) { self.numberLinks = numberLinks }
}

/// Display scalars with, for each, a source offset and style bits.
public struct StyledRun: Sendable, Equatable {
    public var scalars: [Unicode.Scalar] = []
    public var sources: [Int32] = []
    public var attributes: [UInt8] = []

    public init() {}

    public var count: Int { scalars.count }
    public var isEmpty: Bool { scalars.isEmpty }

    mutating func append(_ scalar: Unicode.Scalar, source: Int, attributes a: UInt8) {
        scalars.append(scalar)
        sources.append(Int32(clamping: source))
        attributes.append(a)
    }

    /// Renderer text (a bullet, a bracket), standing for `source`.
    mutating func appendSynthetic(_ string: String, source: Int, attributes a: UInt8 = 0) {
        let before = scalars.count
        scalars.append(contentsOf: string.unicodeScalars)
        let added = scalars.count - before
        sources.append(contentsOf: repeatElement(Int32(clamping: source), count: added))
        attributes.append(contentsOf: repeatElement(a | Rendition.Attributes.synthetic, count: added))
    }

    /// `count` times the same renderer scalar (padding, a rule).
    mutating func appendSynthetic(repeating scalar: Unicode.Scalar, count: Int, source: Int, attributes a: UInt8 = 0) {
        guard count > 0 else { return }
        scalars.append(contentsOf: repeatElement(scalar, count: count))
        sources.append(contentsOf: repeatElement(Int32(clamping: source), count: count))
        attributes.append(contentsOf: repeatElement(a | Rendition.Attributes.synthetic, count: count))
    }

    /// The same scalars, as renderer text.
    mutating func appendSynthetic(_ added: [Unicode.Scalar], source: Int, attributes a: UInt8 = 0) {
        scalars.append(contentsOf: added)
        sources.append(contentsOf: repeatElement(Int32(clamping: source), count: added.count))
        attributes.append(contentsOf: repeatElement(a | Rendition.Attributes.synthetic, count: added.count))
    }

    mutating func append(contentsOf other: StyledRun) {
        scalars.append(contentsOf: other.scalars)
        sources.append(contentsOf: other.sources)
        attributes.append(contentsOf: other.attributes)
    }

    /// Part of another run.
    mutating func append(contentsOf other: StyledRun, _ range: Range<Int>) {
        scalars.append(contentsOf: other.scalars[range])
        sources.append(contentsOf: other.sources[range])
        attributes.append(contentsOf: other.attributes[range])
    }

    /// Another run with more style bits on each scalar.
    mutating func append(contentsOf other: StyledRun, adding bits: UInt8) {
        guard bits != 0 else { return append(contentsOf: other) }
        scalars.append(contentsOf: other.scalars)
        sources.append(contentsOf: other.sources)
        attributes.append(contentsOf: other.attributes.lazy.map { $0 | bits })
    }

    mutating func reserveCapacity(_ n: Int) {
        scalars.reserveCapacity(n)
        sources.reserveCapacity(n)
        attributes.reserveCapacity(n)
    }

    /// The source offset of the last scalar that is the article's own (not the renderer's).
    var lastOwnSource: Int? {
        attributes.lastIndex { $0 & Rendition.Attributes.synthetic == 0 }.map { Int(sources[$0]) }
    }

    /// The source offset of the last scalar, or `fallback`.
    func lastSource(or fallback: Int) -> Int { sources.last.map(Int.init) ?? fallback }

    /// Spaces and newlines at both ends removed.
    mutating func trim() {
        var end = scalars.count
        while end > 0 && Self.isBlank(scalars[end - 1]) { end -= 1 }
        var start = 0
        while start < end && Self.isBlank(scalars[start]) { start += 1 }
        if start == 0 && end == scalars.count { return }
        scalars = Array(scalars[start..<end])
        sources = Array(sources[start..<end])
        attributes = Array(attributes[start..<end])
    }

    static func isBlank(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\n" || s == "\t" }

    /// The plain string (for link texts and cell widths).
    var string: String {
        var v = String.UnicodeScalarView()
        v.append(contentsOf: scalars)
        return String(v)
    }
}

/// One block as the renderer lays it out.
public struct RenderBlock: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case paragraph
        case heading(level: Int)
        /// Lines kept as they are (`content` holds them, separated by newlines): cut, never wrapped.
        case code
        case table(RenderTable)
        case rule
    }
    public var kind: Kind
    public var content: StyledRun
    /// What goes before the block's first line and before its other lines (bullets, quote bars,
    /// indents): synthetic scalars.
    public var firstPrefix: StyledRun
    public var restPrefix: StyledRun
    /// A blank line before it, and what that line shows (the bars of quotes it continues in).
    public var spaceBefore: Bool
    public var spacePrefix = StyledRun()
    /// Where the block starts in the source (what its synthetic scalars stand for).
    public var source: Int
}

extension RenderBlock {
    /// The block as drawn with the setting off: its links' numbers left out.
    var withoutLinkNumbers: RenderBlock {
        var block = self
        block.content.removeLinkNumbers()
        if case .table(var t) = block.kind {
            for r in t.rows.indices { for c in t.rows[r].indices { t.rows[r][c].removeLinkNumbers() } }
            block.kind = .table(t)
        }
        return block
    }
}

public struct RenderTable: Sendable, Equatable {
    public var rows: [[StyledRun]]
    /// How many rows at the top are headers.
    public var headerRows: Int
}
