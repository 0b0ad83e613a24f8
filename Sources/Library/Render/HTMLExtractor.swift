import CXML2

/// One walk over a parsed page.
struct HTMLExtractor {
    var text: [Unicode.Scalar] = []
    var builder = DocumentBuilder()
    var title: String?
    var author: String?
    var date: String?

    private var run = StyledRun()
    private var attributes: [UInt8] = []
    private var pendingSpace = false
    private var links: [(index: Int, url: String)] = []
    private var lists: [(ordered: Bool, next: Int)] = []
    private var heading = 0
    private var pre = 0
    private var tableDepth = 0
    private var table = RenderTable(rows: [], headerRows: 0)
    private var row: [StyledRun] = []
    private var rowAllHeaders = true
    private var inCell = false
    /// What the next block's text starts with in the extracted text (a bullet).
    private var pendingMarker = ""
    /// A top-level list began: its first item's text comes after a blank line, as any block's.
    private var listStarting = false

    static let dropped: Set<String> = ["script", "style", "nav", "header", "footer", "aside", "form", "noscript", "template",
                                       "iframe", "svg", "button", "select", "textarea", "object", "embed", "canvas",
                                       "dialog", "menu", "head", "title", "meta", "link"]
    static let blocks: Set<String> = ["p", "div", "section", "article", "main", "figure", "figcaption", "address",
                                      "details", "summary", "center", "body", "html", "dl", "dt", "dd", "caption",
                                      "fieldset", "legend", "hgroup"]

    // MARK: Rendering


    var currentAttributes: UInt8 { attributes.reduce(heading > 0 ? Rendition.Attributes.bold : 0, |) }

    /// Text at the end of the run and of the extracted text, at the same time.
    mutating func appendText(_ string: String) {
        for s in string.unicodeScalars where !HTMLExtractor.isInvisible(s) {
            let blank = s == " " || s == "\n" || s == "\t" || s == "\r" || s == "\u{0C}"
            if pre == 0 && blank {
                if !run.isEmpty { pendingSpace = true }
                continue
            }
            if run.isEmpty && !inCell { startBlockText() }
            if pendingSpace && pre == 0 {
                run.append(" ", source: text.count, attributes: currentAttributes)
                text.append(" ")
                pendingSpace = false
            }
            run.append(s == "\r" ? "\n" : s, source: text.count, attributes: currentAttributes | (pre > 0 ? Rendition.Attributes.code : 0))
            text.append(s == "\r" ? "\n" : s)
        }
    }

    /// A block's first text: a blank line after the text before it (a newline in a list), and its bullet.
    mutating func startBlockText() {
        if !text.isEmpty {
            text.append("\n")
            if lists.isEmpty || listStarting { text.append("\n") }
        }
        listStarting = false
        text.append(contentsOf: pendingMarker.unicodeScalars)
        pendingMarker = ""
    }

    mutating func flush(_ kind: RenderBlock.Kind = .paragraph) {
        defer { run = StyledRun(); pendingSpace = false }
        var r = run
        if case .code = kind {} else { r.trim() }
        guard !r.isEmpty else { return }
        builder.add(kind, content: r, source: Int(r.sources[0]))
    }

    mutating func render(_ root: xmlNodePtr) {
        HTMLExtractor.walk(root) { n, entering in
            if HTMLExtractor.isText(n) {
                if let c = n.pointee.content { appendText(String(cString: c)) }
            } else if HTMLExtractor.isElement(n) {
                if entering { enter(n) } else { leave(n) }
            }
        }
        flush()
    }

    static func inlineAttribute(_ name: String) -> UInt8? {
        switch name {
        case "em", "i", "cite", "var", "dfn": return Rendition.Attributes.italic
        case "strong", "b": return Rendition.Attributes.bold
        case "code", "kbd", "samp", "tt": return Rendition.Attributes.code
        case "s", "del", "strike": return Rendition.Attributes.strike
        case "u", "ins": return Rendition.Attributes.underline
        case "a": return Rendition.Attributes.link
        default: return nil
        }
    }

    mutating func enter(_ n: xmlNodePtr) {
        let name = HTMLExtractor.name(n)
        if let a = HTMLExtractor.inlineAttribute(name) {
            attributes.append(a)
            if name == "a" { links.append((run.count, HTMLExtractor.attribute(n, "href") ?? "")) }
            return
        }
        if tableDepth > 0 && name != "table" && !(tableDepth == 1 && ["tr", "td", "th"].contains(name)) {
            if HTMLExtractor.blocks.contains(name) || name == "br" { if !run.isEmpty { pendingSpace = true } }
            if name == "img" { image(n) }
            return
        }
        switch name {
        case "br":
            if run.isEmpty { return }
            run.append("\n", source: text.count, attributes: currentAttributes)
            text.append("\n")
            pendingSpace = false
        case "img": image(n)
        case "h1", "h2", "h3", "h4", "h5", "h6":
            flush()
            heading = Int(String(name.dropFirst())) ?? 1
        case "pre":
            flush()
            pre += 1
        case "hr":
            flush()
            builder.add(.rule, content: StyledRun(), source: text.count)
        case "blockquote":
            flush()
            builder.pushQuote()
        case "ul", "ol":
            flush()
            builder.listBoundary(nested: !lists.isEmpty)
            if lists.isEmpty { listStarting = true }
            let start = Int(HTMLExtractor.attribute(n, "start") ?? "") ?? 1
            lists.append((name == "ol", start))
        case "li":
            flush()
            var marker = DocumentBuilder.bullet(level: max(0, lists.count - 1))
            if let list = lists.last, list.ordered {
                marker = "\(list.next). "
                lists[lists.count - 1].next += 1
            }
            builder.pushItem(marker: marker, tight: true)
            pendingMarker = marker
        case "table":
            tableDepth += 1
            if tableDepth == 1 {
                flush()
                table = RenderTable(rows: [], headerRows: 0)
            }
        case "tr":
            row = []
            rowAllHeaders = true
        case "td", "th":
            if name == "td" { rowAllHeaders = false }
            run = StyledRun()
            pendingSpace = false
            // Cells in the extracted text: the first of a table after a blank line, rows on their own lines, cells apart by tabs.
            if !text.isEmpty {
                if !row.isEmpty { text.append("\t") } else if !table.rows.isEmpty { text.append("\n") } else { text.append(contentsOf: "\n\n".unicodeScalars) }
            }
            inCell = true
        default:
            if HTMLExtractor.blocks.contains(name) { flush() }
        }
    }

    mutating func leave(_ n: xmlNodePtr) {
        let name = HTMLExtractor.name(n)
        if HTMLExtractor.inlineAttribute(name) != nil {
            if attributes.count > 0 { attributes.removeLast() }
            if name == "a", let start = links.popLast(), start.index <= run.count {
                var label = StyledRun()
                label.scalars = Array(run.scalars[start.index...])
                label.sources = Array(run.sources[start.index...])
                label.attributes = Array(run.attributes[start.index...])
                if !label.isEmpty && !start.url.isEmpty && !start.url.hasPrefix("#") && !start.url.lowercased().hasPrefix("javascript:") {
                    builder.link(url: start.url, text: label, into: &run, source: text.count)
                }
            }
            return
        }
        if tableDepth > 0 && name != "table" && !(tableDepth == 1 && ["tr", "td", "th"].contains(name)) {
            if HTMLExtractor.blocks.contains(name) { if !run.isEmpty { pendingSpace = true } }
            return
        }
        switch name {
        case "h1", "h2", "h3", "h4", "h5", "h6":
            flush(.heading(level: heading))
            heading = 0
        case "pre":
            pre = max(0, pre - 1)
            if pre == 0 {
                // A newline right after <pre> is not content; trailing newlines neither.
                while let last = run.scalars.last, last == "\n" { run.scalars.removeLast(); run.sources.removeLast(); run.attributes.removeLast() }
                flush(.code)
            }
        case "blockquote":
            flush()
            builder.pop()
        case "ul", "ol":
            flush()
            if !lists.isEmpty { lists.removeLast() }
            builder.listBoundary(nested: !lists.isEmpty)
        case "li":
            flush()
            builder.pop()
            pendingMarker = ""
        case "td", "th":
            var cell = run
            cell.trim()
            row.append(cell)
            run = StyledRun()
            inCell = false
        case "tr":
            if !row.isEmpty {
                table.rows.append(row)
                if rowAllHeaders && table.rows.count == table.headerRows + 1 { table.headerRows += 1 }
            }
            row = []
        case "table":
            tableDepth = max(0, tableDepth - 1)
            if tableDepth == 0 {
                if !row.isEmpty { table.rows.append(row); row = [] }
                if !table.rows.isEmpty {
                    let source = table.rows.lazy.flatMap { $0 }.first(where: { !$0.isEmpty })?.sources.first.map(Int.init) ?? text.count
                    builder.add(.table(table), content: StyledRun(), source: source)
                }
                table = RenderTable(rows: [], headerRows: 0)
            }
        default:
            if HTMLExtractor.blocks.contains(name) { flush() }
        }
    }

    mutating func image(_ n: xmlNodePtr) {
        let alt = (HTMLExtractor.attribute(n, "alt") ?? "").trimmingCharacters(in: [" ", "\n", "\t", "\r"])
        guard !alt.isEmpty else { return }
        attributes.append(Rendition.Attributes.italic | Rendition.Attributes.dim)
        appendText(" [image: " + alt + "] ")
        attributes.removeLast()
    }
}
