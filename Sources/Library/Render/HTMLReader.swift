import CXML2

/// A saved web page read as an article, through libxml2's HTML parser (forgiving: any bytes give
/// a tree). Scripts, styles, navigation, headers, footers, asides, forms and comments are
/// dropped, the main content found (`<article>`, `<main>`, or the block with the most paragraph
/// text), and its structure kept for rendering.
///
/// The article's text is the *extracted* text: blocks apart by blank lines, list items on their
/// own lines after a bullet, table cells apart by tabs. It is what offsets count into; the
/// rendering's map points into it.
public struct HTMLPage: Sendable {
    public var text: ArticleText
    public var document: RenderDocument
    public var title: String?
    public var author: String?
    public var date: String?
}

public enum HTMLReader {
    /// libxml2 sets up its globals once, before threads use it.
    private static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    public static func read(_ bytes: [UInt8]) -> HTMLPage {
        _ = initialized
        reader_xml_silence()
        let charset = charset(of: bytes)
        // UTF-8 and Windows-1252 are decoded here (every byte becomes a character, never an
        // error that stops the parser); other charsets are left to libxml2 (iconv).
        var doc: htmlDocPtr?
        switch charset {
        case "UTF-8":
            var input = bytes
            if input.starts(with: [0xEF, 0xBB, 0xBF]) { input.removeFirst(3) }
            // Stray bytes that are not UTF-8 become U+FFFD rather than stopping the parser.
            if input.withUnsafeBufferPointer({ UTF8Decoder.invalidByteCount($0) }) > 0 {
                input = Array(ArticleText(utf8: input).string.utf8)
            }
            doc = parse(input, encoding: "UTF-8", ignoreCharset: true)
        case "windows-1252":
            doc = parse(Windows1252.utf8(bytes), encoding: "UTF-8", ignoreCharset: true)
        default:
            doc = parse(bytes, encoding: charset, ignoreCharset: false)
            if doc == nil { doc = parse(Windows1252.utf8(bytes), encoding: "UTF-8", ignoreCharset: true) }
        }
        var extractor = HTMLExtractor()
        if let doc {
            extractor.run(doc)
            xmlFreeDoc(doc)
        }
        var text = ArticleText(scalars: extractor.text)
        let document = extractor.builder.document(sourceCount: text.count)
        text.document = document
        return HTMLPage(text: text, document: document,
                        title: extractor.title, author: extractor.author, date: extractor.date)
    }

    private static func parse(_ bytes: [UInt8], encoding: String, ignoreCharset: Bool) -> htmlDocPtr? {
        bytes.withUnsafeBufferPointer { b in
            b.withMemoryRebound(to: CChar.self) { c in
                // An empty buffer still gives a (empty) document.
                let empty: [CChar] = [0]
                return empty.withUnsafeBufferPointer { e in
                    htmlReadMemory(c.isEmpty ? e.baseAddress : c.baseAddress, Int32(clamping: c.count), nil, encoding,
                                   reader_html_options(ignoreCharset ? 1 : 0))
                }
            }
        }
    }

    /// The page's character set: a byte-order mark, else a `charset=` in its first bytes (a
    /// meta tag or an XML declaration), else UTF-8 when every byte is valid UTF-8, else
    /// Windows-1252 (what browsers read ISO-8859-1 as).
    public static func charset(of bytes: [UInt8]) -> String {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return "UTF-8" }
        let head = bytes.prefix(4096).map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }
        let needle = Array("charset".utf8)
        var i = 0
        while i + needle.count < head.count {
            if head[i] == needle[0] && Array(head[i..<(i + needle.count)]) == needle {
                var j = i + needle.count
                while j < head.count && (head[j] == 0x20 || head[j] == 0x3D || head[j] == 0x22 || head[j] == 0x27) { j += 1 }
                var name: [UInt8] = []
                while j < head.count, name.count < 40,
                      (0x61...0x7A).contains(head[j]) || (0x30...0x39).contains(head[j]) || head[j] == 0x2D || head[j] == 0x5F || head[j] == 0x3A {
                    name.append(head[j]); j += 1
                }
                let label = String(decoding: name, as: UTF8.self)
                if !label.isEmpty { return normalise(label) }
            }
            i += 1
        }
        let invalid = bytes.withUnsafeBufferPointer { UTF8Decoder.invalidByteCount($0) }
        return invalid == 0 ? "UTF-8" : "windows-1252"
    }

    static func normalise(_ label: String) -> String {
        switch label {
        case "utf-8", "utf8", "unicode-1-1-utf-8": return "UTF-8"
        case "iso-8859-1", "latin1", "latin-1", "iso8859-1", "l1", "us-ascii", "ascii", "cp1252", "windows-1252", "x-cp1252":
            return "windows-1252"
        // Pages that say UTF-16 but reached us as bytes that are not (a saved copy re-encoded).
        case "utf-16", "utf-16le", "utf-16be": return "UTF-8"
        default: return label.uppercased()
        }
    }
}

/// Windows-1252 (what browsers read ISO-8859-1 as): its 27 characters in 0x80…0x9F, Latin-1
/// for the rest; the five bytes it leaves undefined stay the C1 controls they are in Latin-1
/// (shown as markers).
enum Windows1252 {
    static let high: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    static func utf8(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        for b in bytes {
            if b < 0x80 { out.append(b); continue }
            let v = b < 0xA0 ? high[Int(b) - 0x80] : UInt32(b)
            out.append(contentsOf: UTF8.encode(Unicode.Scalar(v)!)!)
        }
        return out
    }
}

/// Removes tags from a fragment of HTML (an HTML block in Markdown), keeping its text.
enum HTMLText {
    static func strippingTags(_ html: String) -> String {
        var out = String.UnicodeScalarView()
        var inTag = false
        var inComment = false
        let s = Array(html.unicodeScalars)
        var i = 0
        while i < s.count {
            let c = s[i]
            if inComment {
                if c == "-" && i + 2 < s.count && s[i + 1] == "-" && s[i + 2] == ">" { inComment = false; i += 3; continue }
            } else if inTag {
                if c == ">" { inTag = false }
            } else if c == "<" {
                if i + 3 < s.count && s[i + 1] == "!" && s[i + 2] == "-" && s[i + 3] == "-" { inComment = true; i += 4; continue }
                inTag = true
            } else {
                out.append(c)
            }
            i += 1
        }
        return String(out)
    }
}

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

    // MARK: Nodes

    static func name(_ node: xmlNodePtr) -> String {
        guard let n = node.pointee.name else { return "" }
        return String(cString: n).lowercased()
    }

    static func attribute(_ node: xmlNodePtr, _ wanted: String) -> String? {
        var a = node.pointee.properties
        while let attr = a {
            if let n = attr.pointee.name, String(cString: n).lowercased() == wanted {
                var value = ""
                var child = attr.pointee.children
                while let c = child {
                    if let content = c.pointee.content { value += String(cString: content) }
                    child = c.pointee.next
                }
                return value
            }
            a = attr.pointee.next
        }
        return nil
    }

    static func isElement(_ node: xmlNodePtr) -> Bool { node.pointee.type == XML_ELEMENT_NODE }
    static func isText(_ node: xmlNodePtr) -> Bool {
        node.pointee.type == XML_TEXT_NODE || node.pointee.type == XML_CDATA_SECTION_NODE
    }

    static func isDropped(_ node: xmlNodePtr) -> Bool {
        let n = name(node)
        if dropped.contains(n) { return true }
        if attribute(node, "hidden") != nil || attribute(node, "aria-hidden") == "true" { return true }
        if let role = attribute(node, "role"), ["navigation", "banner", "contentinfo", "complementary"].contains(role) { return true }
        return false
    }

    /// Every node under `root` in document order, with a flag for leaving an element; dropped
    /// elements are not entered (when `dropping`). Iterative: 10,000 nested divs use no stack.
    static func walk(_ root: xmlNodePtr, dropping: Bool = true, _ body: (xmlNodePtr, Bool) -> Void) {
        var node: xmlNodePtr? = root
        while let n = node {
            var descend = false
            if isElement(n) {
                if !(dropping && n != root && isDropped(n)) {
                    body(n, true)
                    descend = n.pointee.children != nil
                    if !descend { body(n, false) }
                }
            } else {
                body(n, true)
            }
            if descend { node = n.pointee.children; continue }
            // Up until there is a next sibling, leaving each element on the way.
            var up: xmlNodePtr? = n
            node = nil
            while let u = up, u != root {
                if let next = u.pointee.next { node = next; break }
                up = u.pointee.parent
                if let p = up, isElement(p) { body(p, false) }
            }
        }
    }

    /// Characters saved pages carry that mean nothing to a reader of the text: soft hyphens, zero
    /// width spaces, direction marks and U+FEFF (a zero width no-break space inside a page). The
    /// extracted text and the metadata leave them out (plain-text articles keep them, drawn as
    /// markers by the sanitiser).
    static func isInvisible(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x00AD, 0x200B, 0x200E, 0x200F, 0x2060, 0xFEFF: return true
        default: return false
        }
    }

    /// A string without the invisible characters.
    static func visible(_ string: String) -> String {
        var v = String.UnicodeScalarView()
        v.append(contentsOf: string.unicodeScalars.lazy.filter { !isInvisible($0) })
        return String(v)
    }

    /// The text under a node, whitespace collapsed, invisible characters left out.
    static func plainText(_ node: xmlNodePtr, limit: Int = 400) -> String {
        var out = ""
        walk(node) { n, entering in
            guard entering, isText(n), out.count < limit, let c = n.pointee.content else { return }
            out += visible(String(cString: c)) + " "
        }
        return out.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }

    // MARK: Metadata and the main content

    mutating func run(_ doc: htmlDocPtr) {
        guard let root = xmlDocGetRootElement(doc) else { return }
        readMetadata(root)
        render(mainContent(root))
    }

    mutating func readMetadata(_ root: xmlNodePtr) {
        var ogTitle: String?, titleTag: String?, h1: String?, byline: String?, time: String?, published: String?
        HTMLExtractor.walk(root, dropping: false) { n, entering in
            guard entering, HTMLExtractor.isElement(n) else { return }
            let name = HTMLExtractor.name(n)
            switch name {
            case "meta":
                let key = (HTMLExtractor.attribute(n, "property") ?? HTMLExtractor.attribute(n, "name")
                    ?? HTMLExtractor.attribute(n, "itemprop") ?? "").lowercased()
                guard let content = HTMLExtractor.attribute(n, "content").map(HTMLExtractor.visible)?.trimmingCharacters(in: [" ", "\n", "\t", "\r"]),
                      !content.isEmpty else { return }
                switch key {
                case "og:title": if ogTitle == nil { ogTitle = content }
                case "author", "article:author", "byl", "dc.creator":
                    if author == nil && !content.hasPrefix("http") { author = content }
                case "article:published_time", "datepublished", "date", "dc.date", "dc.date.issued", "dcterms.created",
                     "pubdate", "publishdate", "publish-date", "parsely-pub-date", "sailthru.date":
                    if published == nil && ArticleDate(parsing: content) != nil { published = content }
                default: break
                }
            case "title": if titleTag == nil { titleTag = HTMLExtractor.plainText(n) }
            case "h1": if h1 == nil { h1 = HTMLExtractor.plainText(n) }
            case "time":
                // The first that reads as a date (a `<time>` may hold "3 hours ago").
                let value = HTMLExtractor.attribute(n, "datetime") ?? HTMLExtractor.plainText(n, limit: 80)
                if time == nil && ArticleDate(parsing: value) != nil { time = value }
            default:
                if byline == nil {
                    let cls = (HTMLExtractor.attribute(n, "class") ?? "").lowercased()
                    let rel = HTMLExtractor.attribute(n, "rel") ?? ""
                    let itemprop = HTMLExtractor.attribute(n, "itemprop") ?? ""
                    if rel == "author" || itemprop == "author" || cls.contains("byline") || cls.split(separator: " ").contains("author") {
                        var b = HTMLExtractor.plainText(n, limit: 120)
                        for prefix in ["By ", "by ", "BY "] where b.hasPrefix(prefix) { b = String(b.dropFirst(prefix.count)) }
                        if !b.isEmpty && b.count <= 80 { byline = b }
                    }
                }
            }
        }
        title = [ogTitle, titleTag, h1].compactMap { $0 }.first { !$0.isEmpty }
        if author == nil { author = byline }
        date = published ?? time
    }

    /// `<article>` (the one with the most text), else `<main>`, else the element whose
    /// paragraphs hold the most text, else the body.
    func mainContent(_ root: xmlNodePtr) -> xmlNodePtr {
        var articles: [xmlNodePtr] = []
        var main: xmlNodePtr?
        var body: xmlNodePtr?
        var scores: [xmlNodePtr: Int] = [:]
        HTMLExtractor.walk(root) { n, entering in
            guard entering, HTMLExtractor.isElement(n) else { return }
            switch HTMLExtractor.name(n) {
            case "article": articles.append(n)
            case "main": if main == nil { main = n }
            case "body": body = n
            case "p", "pre", "blockquote":
                let length = HTMLExtractor.plainText(n, limit: 2000).count
                if let parent = n.pointee.parent {
                    scores[parent, default: 0] += length
                    if let grand = parent.pointee.parent { scores[grand, default: 0] += length / 2 }
                }
            default:
                if HTMLExtractor.attribute(n, "role") == "main", main == nil { main = n }
            }
        }
        if let best = articles.max(by: { HTMLExtractor.plainText($0, limit: 100_000).count < HTMLExtractor.plainText($1, limit: 100_000).count }) {
            return best
        }
        if let main { return main }
        if let (best, score) = scores.max(by: { $0.value < $1.value }), score >= 200 { return best }
        return body ?? root
    }

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
