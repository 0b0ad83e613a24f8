import Foundation
import Testing
import TestSupport
@testable import Library
@testable import ReaderBench

/// Issue 15, the Markdown layout at 80 cells (bench section 8): made faster, it must lay out
/// exactly as before. The digests (`MarkdownLayout.digest`: display, sources, styles, lines and
/// the maps back) were taken with the code before the change (`reader-bench markdown-layout FILE
/// --digest --width …`), for the render samples and the bench's 1 MB Markdown sample made from
/// 300 generated articles (seed 1), at widths from 1 to 133. The three samples that show long
/// URLs were taken again when URLs stopped breaking at their hyphens (`URLWrapTests`).
@Suite struct RenditionDigestTests {
    static let widths = [1, 7, 20, 40, 80, 133]
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/render-samples").standardized.path

    static let expected: [String: [String]] = [
        "cafe-culture-1252.html": ["f7f50a82e38fd672", "4fe90678eddd12d5", "32ccc74d2ab5dba1", "5146a9afaa7c20", "167cdec40d9837d8", "4c1087fde5283db0"],
        "ferry-page.html": ["c90d46ef6b267802", "9eb6eb3af652fb9e", "d8820cf6b84c7a53", "7424dab169df2e32", "8fea039b63cdc76e", "9c1a618d49c2f9e5"],
        "field-notes.md": ["cf00715bcce5fd3d", "4b1bc8a9ed1d173", "ea3e1e141a7eeda6", "da5450f9a49f6262", "c8fe22a098de78e", "7630d6b4fdf6d06c"],
        "latin1-page.html": ["a30f415255aa698", "e71cfebadd771ea7", "c8691bedeb4968ca", "50f05416a1aab5ce", "bbe35fb619db9e79", "251a3f031e070392"],
        "marche-latin9.html": ["7c8f8ea9392b1e88", "66b61f41a5be48a2", "92c4894981711fbf", "97274c4fa18c0f1", "d9126f6f8cd0276f", "11c600230b991556"],
        "no-article.html": ["27243c9816e3784b", "3691f55399df8e92", "af76f2d78f0342b0", "abfcf42f6135a87", "bd97e3909636b161", "4c803506507135d7"],
        "plain-letter.txt": ["d86a8957945f9c7a", "9f606c7e0432574c", "4d25d83a99b49ea", "84c3d7952b62f93b", "4a84a81ce9b8a0a4", "3bdb6095ff6205ef"],
        "reading-commons.md": ["d2fa4a7657105f0", "ec4d89e904bd892c", "276edd35ef8bfbcd", "d35a52ac584673d6", "ae4db894ddd8af03", "7fca747d3e7b12f0"],
        "saved-page.html": ["2f4ec4a153d1a2cd", "fa39aa2b791b5e9a", "65cb4431574ca8e5", "d979f77416b5cb9b", "cfa4615614af51d6", "fca6ca18d450d0c3"],
        "tide-log.md": ["6a2ba35ac9697d39", "8103f628e56f6902", "509678dc8312e35e", "852eab0bd919b04d", "241b00473def516", "a2008e00d24fe50b"],
        "toml-notes.md": ["a45a3a0532116d29", "1f596107ffaadc79", "8a08edaadda9f7ac", "ec53e70e5127bee1", "dae56089a4219414", "8fc09e557fbfdf14"],
    ]
    static let megabyte = ["2ef2d016cda3eb14", "37c329217b9e06e1", "118acdbdbea670c3", "f2fffee0c3fc83da", "bbffc6b17bbfb9fd", "bb38065ff4258bba"]

    static func digests(_ text: ArticleText, format: Article.Format) -> [String] {
        let document = ArticleRendering.document(text, format: format)
        return widths.map { String(MarkdownLayout.digest(ArticleRendering.rendition(text, document: document, width: $0)), radix: 16) }
    }

    @Test func renderSamplesLayOutAsBefore() throws {
        for (name, digests) in Self.expected {
            let path = Self.samples + "/" + name
            let bytes = try #require(FileManager.default.contents(atPath: path))
            let format = Article.Format(RawPath(path))
            #expect(Self.digests(ArticleRendering.text(of: [UInt8](bytes), format: format), format: format) == digests, "\(name)")
        }
    }

    @Test func aMegabyteOfMarkdownLaysOutAsBefore() throws {
        let temp = TempFolder("reader-bench-digest")
        let folder = try GeneratedCorpus.prepare(count: 300, seed: 1, under: temp.path).folder
        let corpus = Corpus.scan([folder])
        let markdown = LayoutSamples.markdown(from: corpus, bytes: 1_000_000)
        #expect(markdown.utf8.count == 1_000_633)
        #expect(Self.digests(ArticleText(markdown), format: .markdown) == Self.megabyte)
    }
}
