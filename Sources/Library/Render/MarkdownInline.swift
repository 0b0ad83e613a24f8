import CCmark

/// One line of Markdown as it reads, through cmark-gfm: emphasis, code, strikethrough and link
/// markup gone (a link's or an image's text kept), entities and escapes decoded, inline HTML and
/// footnote references (`[^1]`) left out. For titles and authors made from a Markdown line.
enum MarkdownInline {
    /// Characters that may start inline markup: a line without any reads as it is written.
    private static let markupBytes: Set<UInt8> = Set("*_`[]!<&\\~".utf8)
    /// `markupBytes` as a table (a look-up a byte: every title candidate of a cold start is checked).
    private static let isMarkupByte: [Bool] = (0...255).map { markupBytes.contains(UInt8($0)) }

    static func plainText(_ line: String) -> String {
        let table = isMarkupByte
        guard line.utf8.contains(where: { table[Int($0)] }) else { return line }
        _ = MarkdownRenderer.extensionsRegisteredCheck
        guard let parser = cmark_parser_new(reader_cmark_options()) else { return line }
        defer { cmark_parser_free(parser) }
        for name in ["strikethrough", "autolink"] {
            if let ext = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, ext) }
        }
        // A footnote reference is one only where its note is defined, usually far below: each
        // label the line refers to is defined after it, so that every reference is seen as one.
        var source = line
        for label in footnoteLabels(line) { source += "\n\n[^" + label + "]: -" }
        source.withUTF8 { b in
            b.withMemoryRebound(to: CChar.self) { c in
                if let base = c.baseAddress { cmark_parser_feed(parser, base, c.count) }
            }
        }
        guard let doc = cmark_parser_finish(parser) else { return line }
        defer { cmark_node_free(doc) }
        guard let iter = cmark_iter_new(doc) else { return line }
        defer { cmark_iter_free(iter) }
        var out = ""
        var skipping: OpaquePointer?   // a subtree left out (the notes defined above)
        while true {
            let event = cmark_iter_next(iter)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iter) else { continue }
            if let skipped = skipping {
                if node == skipped && event == CMARK_EVENT_EXIT { skipping = nil }
                continue
            }
            switch cmark_node_get_type(node) {
            case CMARK_NODE_FOOTNOTE_DEFINITION where event == CMARK_EVENT_ENTER:
                skipping = node
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                if let literal = cmark_node_get_literal(node) { out += String(cString: literal) }
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                out += " "
            case CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING:
                if event == CMARK_EVENT_EXIT { out += " " }
            default:
                break   // markup around text, inline HTML, footnote references
            }
        }
        return out
    }

    /// The labels of `[^label]` in a line.
    static func footnoteLabels(_ line: String) -> [String] {
        var labels: [String] = []
        var rest = Substring(line)
        while let open = rest.range(of: "[^") {
            rest = rest[open.upperBound...]
            guard let close = rest.firstIndex(of: "]") else { break }
            let label = rest[..<close]
            if !label.isEmpty, !label.contains(where: { $0 == " " || $0 == "[" || $0 == "\t" }) { labels.append(String(label)) }
            rest = rest[rest.index(after: close)...]
        }
        return labels
    }
}
