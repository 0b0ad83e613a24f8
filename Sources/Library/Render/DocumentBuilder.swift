/// Collects blocks for a `RenderDocument` while a parser walks a tree: keeps the containers a
/// block is in (quotes, list items) and makes the prefixes and spacing they call for.
struct DocumentBuilder {
    private(set) var blocks: [RenderBlock] = []
    private(set) var links: [ArticleLink] = []

    private struct Container {
        var first: String
        var rest: String
        var attributes: UInt8
        var usedFirst = false
        /// A list item of a tight list: its blocks follow one another without blank lines.
        var tight = false
    }
    private var containers: [Container] = []
    /// The next block starts a list, or the first block after one: a blank line before it.
    private var forceSpace = false
    /// Prefixes longer than this are not extended (absurdly deep nesting keeps its last indent).
    static let maxPrefix = 64

    var depth: Int { containers.count }

    mutating func pushQuote() {
        containers.append(Container(first: "│ ", rest: "│ ", attributes: Rendition.Attributes.dim))
    }

    /// A list item whose marker is `marker` (`• `, `12. `): later lines hang under its text.
    mutating func pushItem(marker: String, tight: Bool) {
        let indent = String(repeating: " ", count: marker.unicodeScalars.count)
        containers.append(Container(first: marker, rest: indent, attributes: 0, tight: tight))
    }

    mutating func pop() {
        if !containers.isEmpty { containers.removeLast() }
    }

    /// A list begins or ends at the top level: a blank line around it.
    mutating func listBoundary(nested: Bool) {
        if !nested { forceSpace = true }
    }

    /// The bullet for a list at `level` (0: outermost).
    static func bullet(level: Int) -> String { ["• ", "◦ ", "▪ "][level % 3] }

    /// Adds a block; `source` is where it starts in the article's text.
    mutating func add(_ kind: RenderBlock.Kind, content: StyledRun, source: Int) {
        var first = StyledRun()
        var rest = StyledRun()
        for k in containers.indices {
            let c = containers[k]
            let f = c.usedFirst ? c.rest : c.first
            if first.count + f.unicodeScalars.count <= Self.maxPrefix {
                first.appendSynthetic(f, source: source, attributes: c.attributes)
            }
            if rest.count + c.rest.unicodeScalars.count <= Self.maxPrefix {
                rest.appendSynthetic(c.rest, source: source, attributes: c.attributes)
            }
        }
        // A blank line before the block shows the bars of the containers it continues in.
        var space = StyledRun()
        for c in containers where c.usedFirst && space.count + c.rest.unicodeScalars.count <= Self.maxPrefix {
            space.appendSynthetic(c.rest, source: source, attributes: c.attributes)
        }
        space.trimTrailingSpaces()
        // In a tight list item, blocks follow one another; the first block of a later item too.
        let inTight = containers.last.map { $0.first != $0.rest && $0.tight } ?? false
        let spaced = forceSpace || !inTight
        for k in containers.indices { containers[k].usedFirst = true }
        forceSpace = false
        blocks.append(RenderBlock(kind: kind, content: content, firstPrefix: first, restPrefix: rest,
                                  spaceBefore: spaced, spacePrefix: space, source: source))
    }

    /// Records a link whose text is `text` (the run it was drawn in) and appends its number
    /// (left out when drawn if the setting says so).
    mutating func link(url: String, text: StyledRun, into run: inout StyledRun, source: Int) {
        let number = links.count + 1
        var label = text
        label.trim()
        let offset = label.sources.first.map(Int.init) ?? source
        links.append(ArticleLink(number: number, text: Sanitizer.clean(label.string), url: url, offset: offset))
        for scalar in "[\(number)]".unicodeScalars {
            run.append(scalar, source: text.lastSource(or: source), attributes: Rendition.Attributes.linkNumber)
        }
    }

    func document(sourceCount: Int) -> RenderDocument {
        RenderDocument(blocks: blocks, links: links, sourceCount: sourceCount)
    }
}
