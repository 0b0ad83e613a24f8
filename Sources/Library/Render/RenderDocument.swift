/// An article's structure, independent of width: blocks of inline text, each scalar with its
/// source offset and style. Made once from Markdown (`MarkdownRenderer`) or a web page
/// (`HTMLReader`); `rendition(width:)` lays it out for a width (what a resize redoes).
public final class RenderDocument: Sendable {
    public let blocks: [RenderBlock]
    /// The article's links, numbered from 1 in reading order.
    public let links: [ArticleLink]
    /// Scalars in the article's text (the source).
    public let sourceCount: Int

    init(blocks: [RenderBlock], links: [ArticleLink], sourceCount: Int) {
        self.blocks = blocks
        self.links = links
        self.sourceCount = sourceCount
    }

    /// The document laid out for `width` cells.
    public func rendition(width: Int, options: RenderOptions = RenderOptions()) -> Rendition {
        var out = RenditionWriter(width: max(1, width), options: options)
        for block in blocks { out.write(block) }
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
        for scalar in string.unicodeScalars { append(scalar, source: source, attributes: a | Rendition.Attributes.synthetic) }
    }

    mutating func append(contentsOf other: StyledRun) {
        scalars.append(contentsOf: other.scalars)
        sources.append(contentsOf: other.sources)
        attributes.append(contentsOf: other.attributes)
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

public struct RenderTable: Sendable, Equatable {
    public var rows: [[StyledRun]]
    /// How many rows at the top are headers.
    public var headerRows: Int
}

/// Writes blocks at a width into display scalars, one line at a time.
struct RenditionWriter {
    let width: Int
    let options: RenderOptions
    var run = StyledRun()
    var lineStarts: [Int32] = []

    init(width: Int, options: RenderOptions) {
        self.width = width
        self.options = options
    }

    /// Narrowest text column a prefix may leave; below it the prefix is dropped.
    static let minimumColumn = 12

    mutating func write(_ original: RenderBlock) {
        var block = original
        if !options.numberLinks {
            block.content.removeLinkNumbers()
            if case .table(var t) = block.kind {
                for r in t.rows.indices { for c in t.rows[r].indices { t.rows[r][c].removeLinkNumbers() } }
                block.kind = .table(t)
            }
        }
        var first = block.firstPrefix
        var rest = block.restPrefix
        if max(first.count, rest.count) + Self.minimumColumn > width {
            first = StyledRun()
            rest = StyledRun()
        }
        if block.spaceBefore && !lineStarts.isEmpty {
            line(first.isEmpty && rest.isEmpty ? StyledRun() : block.spacePrefix, source: block.source)
        }
        let available = max(1, width - first.count)
        switch block.kind {
        case .paragraph:
            wrap(block.content, first: first, rest: rest, width: available)
        case .heading(let level):
            let before = lineStarts.count
            wrap(block.content, first: first, rest: rest, width: available)
            if level <= 2 {
                var widest = 0
                for l in before..<lineStarts.count { widest = max(widest, lineWidth(l) - first.count) }
                var underline = rest
                underline.appendSynthetic(String(repeating: level == 1 ? "═" : "─", count: max(1, min(widest, available))),
                                          source: block.source, attributes: Rendition.Attributes.dim)
                line(underline, source: block.source)
            }
        case .code:
            code(block.content, first: first, rest: rest, width: available, source: block.source)
        case .rule:
            var r = first
            r.appendSynthetic(String(repeating: "─", count: min(available, 40)), source: block.source, attributes: Rendition.Attributes.dim)
            line(r, source: block.source)
        case .table(let table):
            TableWriter(table: table, width: available, source: block.source).write(into: &self, first: first, rest: rest)
        }
    }

    /// One display line: the scalars, then a newline.
    mutating func line(_ content: StyledRun, source: Int) {
        lineStarts.append(Int32(run.count))
        run.append(contentsOf: content)
        run.append("\n", source: content.lastSource(or: source), attributes: Rendition.Attributes.synthetic)
    }

    /// Cells drawn by line `l` (its newline not counted).
    func lineWidth(_ l: Int) -> Int {
        let start = Int(lineStarts[l])
        let end = l + 1 < lineStarts.count ? Int(lineStarts[l + 1]) : run.count
        let text = ArticleText(rendered: Array(run.scalars[start..<max(start, end - 1)]))
        return Layout(text: text, width: Int.max / 4).drawnWidth(ofLine: 0, in: text)
    }

    /// Inline text wrapped at `width` by `Layout`, each line after its prefix (appended in
    /// place: a megabyte of paragraphs makes no intermediate runs).
    mutating func wrap(_ original: StyledRun, first: StyledRun, rest: StyledRun, width: Int) {
        let content = original.untabbed
        let layout = Layout(text: ArticleText(rendered: content.scalars), width: width)
        let blank = Rendition.Attributes.synthetic
        for l in 0..<layout.lineCount {
            var r = layout.range(ofLine: l)
            while r.upperBound > r.lowerBound && StyledRun.isBlank(content.scalars[r.upperBound - 1]) { r = r.lowerBound..<(r.upperBound - 1) }
            lineStarts.append(Int32(run.count))
            run.append(contentsOf: l == 0 ? first : rest)
            run.scalars.append(contentsOf: content.scalars[r])
            run.sources.append(contentsOf: content.sources[r])
            run.attributes.append(contentsOf: content.attributes[r])
            let source = r.isEmpty ? (content.sources.isEmpty ? Int(run.sources.last ?? 0) : Int(content.sources[min(r.lowerBound, content.count - 1)]))
                                   : Int(content.sources[r.upperBound - 1])
            run.append("\n", source: source, attributes: blank)
        }
    }

    /// Inline text cut into lines of at most `width` cells (trailing blanks dropped); one empty
    /// line for empty text.
    static func wrapped(_ original: StyledRun, width: Int) -> [StyledRun] {
        let content = original.untabbed
        let text = ArticleText(rendered: content.scalars)
        let layout = Layout(text: text, width: width)
        var lines: [StyledRun] = []
        for l in 0..<layout.lineCount {
            var r = layout.range(ofLine: l)
            while r.upperBound > r.lowerBound && StyledRun.isBlank(content.scalars[r.upperBound - 1]) { r = r.lowerBound..<(r.upperBound - 1) }
            var piece = StyledRun()
            piece.scalars = Array(content.scalars[r])
            piece.sources = Array(content.sources[r])
            piece.attributes = Array(content.attributes[r])
            lines.append(piece)
        }
        return lines.isEmpty ? [StyledRun()] : lines
    }

    /// Code: each line as it is, cut at the width with a `→` marker.
    mutating func code(_ content: StyledRun, first: StyledRun, rest: StyledRun, width: Int, source: Int) {
        var start = 0
        var k = 0
        let n = content.count
        // A final newline ends the last line: no empty line after it.
        let end = n > 0 && content.scalars[n - 1] == "\n" ? n - 1 : n
        while start <= end {
            var stop = start
            while stop < end && content.scalars[stop] != "\n" { stop += 1 }
            var l = k == 0 ? first : rest
            let text = ArticleText(rendered: Array(content.scalars[start..<stop]))
            var column = 0
            var i = 0
            var cut = false
            while i < text.count {
                let u = Sanitizer.unit(in: text, at: i, column: column)
                if u.length == 0 { break }
                if column + u.width > width - 1 && (column + u.width > width || i + u.length < text.count) {
                    cut = true
                    break
                }
                for j in i..<(i + u.length) {
                    // A tab as the spaces to its stop: measured where it is drawn, after any prefix.
                    let scalar: Unicode.Scalar = u.kind == .tab ? " " : content.scalars[start + j]
                    for _ in 0..<(u.kind == .tab ? u.width : 1) {
                        l.append(scalar, source: Int(content.sources[start + j]), attributes: content.attributes[start + j])
                    }
                }
                column += u.width
                i += u.length
            }
            if cut { l.appendSynthetic("→", source: Int(content.sources[start + i]), attributes: Rendition.Attributes.dim) }
            line(l, source: start < n ? Int(content.sources[min(start, n - 1)]) : source)
            k += 1
            start = stop + 1
            if stop >= end { break }
        }
    }

    func finish(sourceCount: Int) -> Rendition {
        Rendition(display: ArticleText(rendered: run.scalars), lineStarts: lineStarts, width: width,
                  sources: run.sources, attributes: run.attributes, sourceCount: sourceCount)
    }
}

extension StyledRun {
    /// Tabs as spaces: inline text is wrapped apart from the prefix it is drawn after, so a
    /// tab's width there would not be its width on screen.
    var untabbed: StyledRun {
        guard scalars.contains("\t") else { return self }
        var copy = self
        copy.scalars = scalars.map { $0 == "\t" ? " " : $0 }
        return copy
    }

    mutating func removeLinkNumbers() {
        guard attributes.contains(Rendition.Attributes.linkNumber) else { return }
        var kept = StyledRun()
        for i in 0..<count where attributes[i] != Rendition.Attributes.linkNumber {
            kept.append(scalars[i], source: Int(sources[i]), attributes: attributes[i])
        }
        self = kept
    }

    mutating func trimTrailingSpaces() {
        while let last = scalars.last, StyledRun.isBlank(last) {
            scalars.removeLast()
            sources.removeLast()
            attributes.removeLast()
        }
    }
}

/// A table in columns that fit: each column as wide as its widest cell when all fit, otherwise
/// the width shared out and cells wrapped, as long as no column is narrower than its longest
/// word (up to `wordColumn` cells: longer words, such as URLs, are broken anyway); when that
/// does not fit, each row as `header: value` lines rather than words split across lines.
struct TableWriter {
    let table: RenderTable
    let width: Int
    let source: Int

    static let separator = " │ "
    /// Words up to this long are never split across a column's lines.
    static let wordColumn = 12

    func write(into out: inout RenditionWriter, first: StyledRun, rest: StyledRun) {
        let columns = table.rows.map(\.count).max() ?? 0
        guard columns > 0 else { return }
        var natural = [Int](repeating: 1, count: columns)
        var longestWord = [Int](repeating: 1, count: columns)
        var widestUnit = [Int](repeating: 1, count: columns)
        for row in table.rows {
            for (c, cell) in row.enumerated() {
                let m = Self.measure(cell)
                natural[c] = max(natural[c], m.width)
                longestWord[c] = max(longestWord[c], m.word)
                widestUnit[c] = max(widestUnit[c], m.unit)
            }
        }
        let gaps = (columns - 1) * Self.separator.unicodeScalars.count
        let room = width - gaps
        var widths = natural
        if natural.reduce(0, +) > room {
            // Share the room: columns that need less than an equal share keep their width.
            guard room >= columns * 4 else { return stacked(into: &out, first: first, rest: rest) }
            widths = Self.share(room, natural: natural, minimum: longestWord.map { min($0, Self.wordColumn) })
        }
        // A column narrower than a word would split it (`De│pt│h`, `4.│2`), and narrower than
        // something that cannot be broken (a wide character, a marker) would overflow the line:
        // rows as lines instead.
        if (0..<columns).contains(where: { widths[$0] < max(widestUnit[$0], min(longestWord[$0], Self.wordColumn)) }) {
            return stacked(into: &out, first: first, rest: rest)
        }
        var k = 0
        for (r, row) in table.rows.enumerated() {
            let cells = (0..<columns).map { c in c < row.count ? RenditionWriter.wrapped(row[c], width: widths[c]) : [StyledRun()] }
            let height = cells.map(\.count).max() ?? 1
            let rowSource = row.first?.sources.first.map(Int.init) ?? source
            for h in 0..<height {
                var l = k == 0 ? first : rest
                for c in 0..<columns {
                    let piece = h < cells[c].count ? cells[c][h] : StyledRun()
                    let cellSource = piece.sources.first.map(Int.init) ?? rowSource
                    if c > 0 { l.appendSynthetic(Self.separator, source: cellSource, attributes: Rendition.Attributes.dim) }
                    let bold = r < table.headerRows ? Rendition.Attributes.bold : 0
                    for i in 0..<piece.count { l.append(piece.scalars[i], source: Int(piece.sources[i]), attributes: piece.attributes[i] | bold) }
                    if c < columns - 1 {
                        let pad = widths[c] - Self.measure(piece).width
                        if pad > 0 { l.appendSynthetic(String(repeating: " ", count: pad), source: piece.lastSource(or: cellSource)) }
                    }
                }
                out.line(l, source: rowSource)
                k += 1
            }
            if r == table.headerRows - 1 {
                var rule = rest
                let line = widths.map { String(repeating: "─", count: $0) }.joined(separator: "─┼─")
                rule.appendSynthetic(line, source: rowSource, attributes: Rendition.Attributes.dim)
                out.line(rule, source: rowSource)
                k += 1
            }
        }
    }

    /// Too narrow for columns: each row a block of `header: value` lines, rows apart.
    func stacked(into out: inout RenditionWriter, first: StyledRun, rest: StyledRun) {
        let header = table.headerRows > 0 ? table.rows[0] : []
        var k = 0
        for (r, row) in table.rows.enumerated() where r >= table.headerRows {
            if r > table.headerRows { var bar = rest; bar.trimTrailingSpaces(); out.line(bar, source: source); k += 1 }
            // A cell with nothing in it says nothing: no `Notes:` line without a note.
            for (c, cell) in row.enumerated() where !cell.isEmpty {
                var content = StyledRun()
                let cellSource = cell.sources.first.map(Int.init) ?? source
                if c < header.count && !header[c].isEmpty {
                    for i in 0..<header[c].count {
                        content.append(header[c].scalars[i], source: cellSource, attributes: Rendition.Attributes.bold | Rendition.Attributes.synthetic)
                    }
                    content.appendSynthetic(": ", source: cellSource, attributes: Rendition.Attributes.bold)
                }
                content.append(contentsOf: cell)
                let lines = RenditionWriter.wrapped(content, width: max(1, width))
                for piece in lines {
                    var l = k == 0 ? first : rest
                    l.append(contentsOf: piece)
                    out.line(l, source: cellSource)
                    k += 1
                }
            }
        }
    }

    /// A cell's width on one line and its longest word, in cells, measured as drawn (by the
    /// sanitiser's units: a control character's marker takes its cells).
    static func measure(_ cell: StyledRun) -> (width: Int, word: Int, unit: Int) {
        let text = ArticleText(rendered: cell.untabbed.scalars)
        var total = 0
        var word = 0
        var longest = 0
        var unit = 0
        var i = 0
        while i < text.count {
            let u = Sanitizer.unit(in: text, at: i, column: total)
            if u.length == 0 { break }
            let w = u.kind == .newline ? 1 : u.width
            if u.kind != .tab { unit = max(unit, w) }
            total += w
            if u.kind == .space || u.kind == .tab || u.kind == .newline { word = 0 } else { word += w; longest = max(longest, word) }
            i += u.length
        }
        return (total, longest, unit)
    }

    /// `room` cells shared between columns wanting `natural`: each gets at least `minimum` (as
    /// room allows), columns needing less than a fair share of what is left keep their width.
    static func share(_ room: Int, natural: [Int], minimum: [Int]) -> [Int] {
        let n = natural.count
        var widths = [Int](repeating: 0, count: n)
        var open = Set(0..<n)
        var left = room
        var changed = true
        while changed && !open.isEmpty {
            changed = false
            let fair = left / open.count
            for c in open.sorted() where natural[c] <= fair {
                widths[c] = natural[c]
                left -= natural[c]
                open.remove(c)
                changed = true
            }
        }
        guard !open.isEmpty else { return widths }
        // What is left, in proportion to what each wants, no less than its minimum if possible.
        let wanted = open.reduce(0) { $0 + natural[$1] }
        var given = 0
        for c in open.sorted() {
            widths[c] = max(1, left * natural[c] / max(1, wanted))
            given += widths[c]
        }
        // Raise columns below their minimum, taking from the widest.
        for c in open.sorted() where widths[c] < minimum[c] {
            var need = minimum[c] - widths[c]
            while need > 0, let donor = open.filter({ widths[$0] > max(minimum[$0], 4) }).max(by: { widths[$0] < widths[$1] }) {
                widths[donor] -= 1
                widths[c] += 1
                need -= 1
            }
        }
        // Rounding leftovers to the widest-wanting column.
        if let c = open.max(by: { natural[$0] - widths[$0] < natural[$1] - widths[$1] }) { widths[c] += max(0, left - given) }
        widths = widths.map { max(1, $0) }
        // Columns given one cell each when the share rounded to none can leave the total over
        // the room: take it back from the widest.
        var total = widths.reduce(0, +)
        while total > room, let widest = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[widest] > 1 {
            widths[widest] -= 1
            total -= 1
        }
        return widths
    }
}

extension ArticleText {
    /// Text a renderer put together (a cell, a line, the display): its start is no file's start,
    /// so a U+FEFF there is measured and drawn as the marker it is anywhere else.
    init(rendered scalars: [Unicode.Scalar]) {
        self.init(scalars: scalars)
        startsFile = false
    }
}
