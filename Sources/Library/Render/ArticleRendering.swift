/// What each kind of article is drawn as, and what its text (the one every offset counts into) is:
/// plain text and Markdown as the file decodes, a web page as the text extracted from it.
public enum ArticleRendering {
    /// The article's text from its file's bytes.
    public static func text(of bytes: [UInt8], format: Article.Format) -> ArticleText {
        format == .html ? HTMLReader.read(bytes).text : ArticleText(utf8: bytes)
    }

    /// The structure an article is drawn with; nil for plain text (drawn as it is).
    public static func document(_ text: ArticleText, format: Article.Format) -> RenderDocument? {
        switch format {
        case .text: return nil
        case .markdown: return MarkdownRenderer.document(text)
        case .html: return text.document
        }
    }

    /// An article at a width: plain text as it is, the others rendered.
    public static func rendition(_ text: ArticleText, document: RenderDocument?, width: Int,
                                 options: RenderOptions = RenderOptions()) -> Rendition {
        guard let document else { return Rendition(plain: text, width: width) }
        return document.rendition(width: width, options: options)
    }
}
