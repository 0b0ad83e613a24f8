import CCmark

/// Markdown articles through cmark-gfm (GitHub's CommonMark parser, with its table,
/// strikethrough, autolink and task-list extensions).
///
/// The article's text is the file as decoded; every display scalar maps back into it through the
/// parser's source positions (line and byte column of each node), aligned scalar by scalar inside
/// each node, so entities, escapes and markup map to the text they came from. Front matter (YAML
/// `---` or TOML `+++`) is not shown.
public enum MarkdownRenderer {
    /// The core extensions, registered once for the whole process (cmark-gfm's registry is global).
    private static let extensionsRegistered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    public static func document(_ text: ArticleText) -> RenderDocument {
        let body = FrontMatter.end(of: text.scalars)
        var walker = MarkdownWalker(text: text, from: body)
        walker.walk()
        return walker.builder.document(sourceCount: text.count)
    }
}

/// Front matter at the top of a Markdown file: a `---` (YAML) or `+++` (TOML) line, fields, and
/// the same line again (YAML may also close with `...`).
public enum FrontMatter {
    /// Where the body starts (0 without front matter).
    public static func end(of s: [Unicode.Scalar]) -> Int {
        var i = s.first == "\u{FEFF}" ? 1 : 0
        func lineEnd(_ from: Int) -> Int {
            var j = from
            while j < s.count && s[j] != "\n" { j += 1 }
            return j
        }
        func line(_ from: Int, _ to: Int) -> String {
            var v = String.UnicodeScalarView()
            v.append(contentsOf: s[from..<to])
            return String(v).trimmingCharacters(in: [" ", "\t", "\r"])
        }
        let openEnd = lineEnd(i)
        let opener = line(i, openEnd)
        guard opener == "---" || opener == "+++", openEnd < s.count else { return 0 }
        i = openEnd + 1
        while i < s.count {
            let e = lineEnd(i)
            let l = line(i, e)
            if l == opener || (opener == "---" && l == "...") { return min(s.count, e + 1) }
            i = e + 1
        }
        return 0   // never closed: not front matter
    }
}

extension String {
    func trimmingCharacters(in set: Set<Character>) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}

/// One walk over cmark-gfm's tree, feeding a `DocumentBuilder`.
struct MarkdownWalker {
    let text: ArticleText
    let base: Int
    var builder: DocumentBuilder
    /// The body as UTF-8, the scalar offset (from `base`) of each byte, and where each line starts.
    private var bytes: [UInt8] = []
    private var scalarOfByte: [Int32] = []
    private var lineStarts: [Int] = [0]

    init(text: ArticleText, from base: Int) {
        self.text = text
        self.base = base
        self.builder = DocumentBuilder()
        let scalars = text.scalars
        bytes.reserveCapacity(scalars.count - base + 16)
        scalarOfByte.reserveCapacity(scalars.count - base + 16)
        var k = 0
        for i in base..<scalars.count {
            let v = scalars[i].value
            var n = 0
            if v < 0x80 && v != 0 {
                bytes.append(UInt8(v)); n = 1
            } else {
                // cmark reads a NUL as U+FFFD (three bytes) and counts columns after it so:
                // given U+FFFD here, its source positions match these bytes.
                for unit in UTF8.encode(v == 0 ? UTF8Decoder.replacement : scalars[i])! { bytes.append(unit); n += 1 }
            }
            for _ in 0..<n { scalarOfByte.append(Int32(k)) }
            if v == 0x0A || (v == 0x0D && (i + 1 >= scalars.count || scalars[i + 1] != "\n")) { lineStarts.append(bytes.count) }
            k += 1
        }
        scalarOfByte.append(Int32(k))
    }

    /// The source offset of a 1-based line and byte column (nil when the parser gave none).
    func offset(line: Int32, column: Int32) -> Int? {
        guard line >= 1, Int(line) <= lineStarts.count else { return nil }
        let byte = min(bytes.count, lineStarts[Int(line) - 1] + max(0, Int(column) - 1))
        return base + Int(scalarOfByte[byte])
    }

    func range(of node: OpaquePointer) -> Range<Int>? {
        guard let a = offset(line: cmark_node_get_start_line(node), column: cmark_node_get_start_column(node)),
              let b = offset(line: cmark_node_get_end_line(node), column: cmark_node_get_end_column(node)) else { return nil }
        return a..<max(a, min(text.count, b + 1))
    }

    // MARK: Walking

    private struct ListState { var ordered: Bool; var next: Int; var delimiter: String; var tight: Bool; var width: Int }
    private var lists: [ListState] = []
    private var run = StyledRun()
    private var inRun = false
    private var attributes: [UInt8] = []
    private var linkStarts: [(index: Int, url: String)] = []
    private var table: RenderTable?
    private var row: [StyledRun] = []
    private var cursor = 0
    private var lastBlockEnd = 0

    var currentAttributes: UInt8 { attributes.reduce(0, |) }

    mutating func walk() {
        _ = MarkdownRenderer.extensionsRegisteredCheck
        guard let parser = cmark_parser_new(reader_cmark_opt_sourcepos()) else { return }
        defer { cmark_parser_free(parser) }
        for name in ["table", "strikethrough", "autolink", "tasklist"] {
            if let ext = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, ext) }
        }
        bytes.withUnsafeBufferPointer { b in
            b.withMemoryRebound(to: CChar.self) { c in
                if let base = c.baseAddress { cmark_parser_feed(parser, base, c.count) }
            }
        }
        guard let doc = cmark_parser_finish(parser) else { return }
        defer { cmark_node_free(doc) }
        guard let iter = cmark_iter_new(doc) else { return }
        defer { cmark_iter_free(iter) }
        while true {
            let event = cmark_iter_next(iter)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iter) else { continue }
            visit(node, entering: event == CMARK_EVENT_ENTER)
        }
    }

    private static func typeName(_ node: OpaquePointer) -> String {
        cmark_node_get_type_string(node).map { String(cString: $0) } ?? ""
    }

    private static func literal(_ node: OpaquePointer) -> String {
        cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
    }

    private mutating func startRun(_ node: OpaquePointer, _ extra: UInt8 = 0) {
        run = StyledRun()
        inRun = true
        attributes = [extra]
        cursor = range(of: node)?.lowerBound ?? lastBlockEnd
    }

    private mutating func endRun() -> StyledRun {
        inRun = false
        attributes = []
        var r = run
        r.trim()
        run = StyledRun()
        return r
    }

    /// Appends a literal, aligning each of its scalars with the source inside `range`: the next
    /// equal scalar within a few places (entities and escapes are short), else the place after
    /// the last one found.
    private mutating func appendAligned(_ literal: String, in range: Range<Int>?, extra: UInt8 = 0) {
        let scalars = text.scalars
        var c = range?.lowerBound ?? cursor
        let limit = range?.upperBound ?? text.count
        let attrs = currentAttributes | extra
        for s in literal.unicodeScalars {
            var j = c
            let stop = min(limit, c + 40)
            // cmark reads a NUL as U+FFFD: the NUL is where it came from.
            while j < stop && scalars[j] != s && !(s == UTF8Decoder.replacement && scalars[j] == "\u{0}") { j += 1 }
            if j < stop {
                run.append(s, source: j, attributes: attrs)
                c = j + 1
            } else {
                run.append(s, source: min(c, max(0, text.count - 1)), attributes: attrs)
                if c < limit { c += 1 }
            }
        }
        cursor = c
    }

    private mutating func visit(_ node: OpaquePointer, entering: Bool) {
        let type = cmark_node_get_type(node)
        let r = range(of: node)
        switch type {
        case CMARK_NODE_DOCUMENT:
            return
        case CMARK_NODE_BLOCK_QUOTE:
            if entering { builder.pushQuote() } else { builder.pop() }
        case CMARK_NODE_LIST:
            if entering {
                let ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST
                let start = Int(cmark_node_get_list_start(node))
                let delimiter = cmark_node_get_list_delim(node) == CMARK_PAREN_DELIM ? ")" : "."
                var items = 0
                var child = cmark_node_first_child(node)
                while let c = child { items += 1; child = cmark_node_next(c) }
                let widest = "\(start + max(0, items - 1))".count
                builder.listBoundary(nested: !lists.isEmpty)
                lists.append(ListState(ordered: ordered, next: start, delimiter: delimiter,
                                       tight: cmark_node_get_list_tight(node) != 0, width: widest))
            } else {
                if !lists.isEmpty { lists.removeLast() }
                builder.listBoundary(nested: !lists.isEmpty)
            }
        case CMARK_NODE_ITEM:
            if entering {
                var marker: String
                if let list = lists.last, list.ordered {
                    let number = "\(list.next)"
                    marker = String(repeating: " ", count: max(0, list.width - number.count)) + number + list.delimiter + " "
                    lists[lists.count - 1].next += 1
                } else {
                    marker = DocumentBuilder.bullet(level: max(0, lists.count - 1))
                }
                if Self.typeName(node) == "tasklist" {
                    marker += cmark_gfm_extensions_get_tasklist_item_checked(node) ? "[x] " : "[ ] "
                }
                builder.pushItem(marker: marker, tight: lists.last?.tight ?? false)
            } else {
                builder.pop()
            }
        case CMARK_NODE_PARAGRAPH:
            if table != nil { return }
            if entering { startRun(node) } else { addBlock(.paragraph, endRun(), r) }
        case CMARK_NODE_HEADING:
            if entering {
                startRun(node, Rendition.Attributes.bold)
            } else {
                addBlock(.heading(level: Int(cmark_node_get_heading_level(node))), endRun(), r)
            }
        case CMARK_NODE_CODE_BLOCK:
            var content = StyledRun()
            swap(&content, &run)
            // Fenced code starts on the line after its fence.
            var from = r
            var fenceLength: Int32 = 0
            var fenceOffset: Int32 = 0
            var fenceCharacter: CChar = 0
            if cmark_node_get_fenced(node, &fenceLength, &fenceOffset, &fenceCharacter) != 0, let rr = r {
                let next = offset(line: cmark_node_get_start_line(node) + 1, column: 1) ?? rr.lowerBound
                from = min(next, rr.upperBound)..<rr.upperBound
            }
            attributes = []
            appendAligned(Self.literal(node), in: from, extra: Rendition.Attributes.code)
            swap(&content, &run)
            addBlock(.code, content, r)
        case CMARK_NODE_HTML_BLOCK:
            let plain = HTMLText.strippingTags(Self.literal(node))
            guard !plain.allSatisfy({ $0 == " " || $0 == "\n" || $0 == "\t" }) else { return }
            var content = StyledRun()
            swap(&content, &run)
            attributes = []
            appendAligned(plain, in: r)
            swap(&content, &run)
            content.trim()
            addBlock(.paragraph, content, r)
        case CMARK_NODE_THEMATIC_BREAK:
            addBlock(.rule, StyledRun(), r)
        case CMARK_NODE_TEXT:
            appendAligned(Self.literal(node), in: r)
        case CMARK_NODE_SOFTBREAK:
            if run.scalars.last == "\n" { return }   // after a hard break (<br>)
            run.append(" ", source: cursor, attributes: currentAttributes | Rendition.Attributes.synthetic)
        case CMARK_NODE_LINEBREAK:
            run.append("\n", source: cursor, attributes: currentAttributes | Rendition.Attributes.synthetic)
        case CMARK_NODE_CODE:
            appendAligned(Self.literal(node), in: r, extra: Rendition.Attributes.code)
        case CMARK_NODE_HTML_INLINE:
            let tag = Self.literal(node).lowercased()
            if tag.hasPrefix("<br") { run.append("\n", source: cursor, attributes: Rendition.Attributes.synthetic) }
        case CMARK_NODE_EMPH:
            if entering { attributes.append(Rendition.Attributes.italic) } else { popAttribute() }
        case CMARK_NODE_STRONG:
            if entering { attributes.append(Rendition.Attributes.bold) } else { popAttribute() }
        case CMARK_NODE_LINK:
            if entering {
                attributes.append(Rendition.Attributes.link)
                linkStarts.append((run.count, cmark_node_get_url(node).map { String(cString: $0) } ?? ""))
            } else {
                popAttribute()
                if let start = linkStarts.popLast() {
                    var label = StyledRun()
                    label.scalars = Array(run.scalars[start.index...])
                    label.sources = Array(run.sources[start.index...])
                    label.attributes = Array(run.attributes[start.index...])
                    builder.link(url: start.url, text: label, into: &run, source: cursor)
                }
            }
        case CMARK_NODE_IMAGE:
            if entering {
                run.appendSynthetic("[image: ", source: r?.lowerBound ?? cursor, attributes: currentAttributes | Rendition.Attributes.dim)
                attributes.append(Rendition.Attributes.italic)
            } else {
                popAttribute()
                run.appendSynthetic("]", source: max(0, (r?.upperBound ?? cursor) - 1), attributes: currentAttributes | Rendition.Attributes.dim)
            }
        case CMARK_NODE_FOOTNOTE_REFERENCE:
            run.appendSynthetic("[^\(Self.literal(node))]", source: r?.lowerBound ?? cursor, attributes: Rendition.Attributes.dim)
        default:
            extensionNode(node, entering: entering, r)
        }
    }

    private mutating func popAttribute() {
        if attributes.count > 1 { attributes.removeLast() }
    }

    /// Table, table rows and cells, strikethrough: nodes of the extensions.
    private mutating func extensionNode(_ node: OpaquePointer, entering: Bool, _ r: Range<Int>?) {
        switch Self.typeName(node) {
        case "table":
            if entering {
                table = RenderTable(rows: [], headerRows: 0)
            } else if let t = table {
                table = nil
                addBlock(.table(t), StyledRun(), r)
            }
        case "table_header", "table_row":
            if entering {
                row = []
            } else {
                table?.rows.append(row)
                if Self.typeName(node) == "table_header" { table?.headerRows += 1 }
            }
        case "table_cell":
            if entering { startRun(node) } else { row.append(endRun()) }
        case "strikethrough":
            if entering { attributes.append(Rendition.Attributes.strike) } else { popAttribute() }
        default:
            break
        }
    }

    private mutating func addBlock(_ kind: RenderBlock.Kind, _ content: StyledRun, _ r: Range<Int>?) {
        let source = r?.lowerBound ?? lastBlockEnd
        if let r { lastBlockEnd = r.upperBound }
        builder.add(kind, content: content, source: source)
    }
}

extension MarkdownRenderer {
    static var extensionsRegisteredCheck: Bool { extensionsRegistered }
}
