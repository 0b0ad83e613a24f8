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
}
