// Laying a RenderDocument out at a width: RenditionWriter and the run helpers it uses.

/// Writes blocks at a width into display scalars, one line at a time.
struct RenditionWriter {
    let width: Int
    let options: RenderOptions
    var run = StyledRun()
    var lineStarts: [Int32] = []
    /// Where `wrap` finds its lines (kept from block to block).
    private var breaks: [Int32] = []

    /// `capacity`: display scalars expected (room made once, not grown a block at a time).
    init(width: Int, options: RenderOptions, capacity: Int = 0) {
        self.width = width
        self.options = options
        run.reserveCapacity(capacity)
        lineStarts.reserveCapacity(capacity / max(1, width / 2) + 16)
    }

    /// Narrowest text column a prefix may leave; below it the prefix is dropped.
    static let minimumColumn = 12

    /// A block, with what `PreparedBlock` worked out for it (for the block as it is drawn: with
    /// the links' numbers left out when the setting says so).
    mutating func write(_ block: RenderBlock, _ prepared: PreparedBlock) {
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
            wrap(prepared.content, first: first, rest: rest, width: available)
        case .heading(let level):
            let before = lineStarts.count
            wrap(prepared.content, first: first, rest: rest, width: available)
            if level <= 2 {
                var widest = 0
                for l in before..<lineStarts.count { widest = max(widest, lineWidth(l) - first.count) }
                var underline = rest
                underline.appendSynthetic(repeating: level == 1 ? "═" : "─", count: max(1, min(widest, available)),
                                          source: block.source, attributes: Rendition.Attributes.dim)
                line(underline, source: block.source)
            }
        case .code:
            code(prepared.content, first: first, rest: rest, width: available, source: block.source)
        case .rule:
            var r = first
            r.appendSynthetic(repeating: "─", count: min(available, 40), source: block.source, attributes: Rendition.Attributes.dim)
            line(r, source: block.source)
        case .table:
            guard let table = prepared.table else { return }
            TableWriter(table: table, width: available, source: block.source).write(into: &self, first: first, rest: rest)
        }
    }

    /// One display line: the scalars, then a newline.
    mutating func line(_ content: StyledRun, source: Int) {
        beginLine(content)
        endLine(source: source)
    }

    /// A display line begun with `prefix`; what follows is appended to `run` until `endLine`.
    mutating func beginLine(_ prefix: StyledRun) {
        lineStarts.append(Int32(run.count))
        run.append(contentsOf: prefix)
    }

    /// The newline ending the line begun last: it stands for the line's last scalar, or for
    /// `source` when the line is empty.
    mutating func endLine(source: Int) {
        let empty = lineStarts.last.map { Int($0) == run.count } ?? true
        run.append("\n", source: empty ? source : Int(run.sources[run.count - 1]), attributes: Rendition.Attributes.synthetic)
    }

    /// Cells drawn by line `l` (its newline not counted).
    func lineWidth(_ l: Int) -> Int {
        let start = Int(lineStarts[l])
        let end = l + 1 < lineStarts.count ? Int(lineStarts[l + 1]) : run.count
        let text = ArticleText(rendered: Array(run.scalars[start..<max(start, end - 1)]))
        return Layout(text: text, width: Int.max / 4).drawnWidth(ofLine: 0, in: text)
    }

    /// Inline text (untabbed) wrapped at `width` by `Layout`, each line after its prefix
    /// (appended in place: a megabyte of paragraphs makes no intermediate runs).
    mutating func wrap(_ content: StyledRun, first: StyledRun, rest: StyledRun, width: Int) {
        Layout.breakLines(ArticleText(rendered: content.scalars), width: width, into: &breaks)
        let n = content.count
        let blank = Rendition.Attributes.synthetic
        for l in 0..<breaks.count {
            let start = Int(breaks[l])
            var end = l + 1 < breaks.count ? Int(breaks[l + 1]) : n
            while end > start && StyledRun.isBlank(content.scalars[end - 1]) { end -= 1 }
            lineStarts.append(Int32(run.count))
            run.append(contentsOf: l == 0 ? first : rest)
            run.append(contentsOf: content, start..<end)
            let source = end == start ? (n == 0 ? Int(run.sources.last ?? 0) : Int(content.sources[min(start, n - 1)]))
                                      : Int(content.sources[end - 1])
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

    consuming func finish(sourceCount: Int) -> Rendition {
        Rendition(display: ArticleText(rendered: run.scalars), lineStarts: lineStarts, width: width,
                  sources: run.sources, attributes: run.attributes, sourceCount: sourceCount)
    }
}

extension StyledRun {
    /// Tabs as spaces: inline text is wrapped apart from the prefix it is drawn after, so a
    /// tab's width there would not be its width on screen.
    var untabbed: StyledRun {
        guard scalars.withUnsafeBufferPointer({ $0.contains { $0.value == 0x09 } }) else { return self }
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

extension ArticleText {
    /// Text a renderer put together (a cell, a line, the display): its start is no file's start,
    /// so a U+FEFF there is measured and drawn as the marker it is anywhere else.
    init(rendered scalars: [Unicode.Scalar]) {
        self.init(scalars: scalars)
        startsFile = false
    }
}
