import ArgumentParser
import Foundation
import Library
import ReaderUI

/// `reader text PATH`: an article's text, the one every offset counts into (positions,
/// bookmarks, search matches, `reader people --json`); or, with `--width`, how it reads.
struct Text: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print an article's text: what every offset counts Unicode scalars into.",
        discussion: """
            Plain text and Markdown: the file as decoded from UTF-8. A web page (.html, .htm): the \
            text extracted from it. Written exactly when standard output is not a terminal (so \
            offsets can be checked against it), sanitised when it is. --width N prints the article \
            rendered at N cells instead (without styles), --links its numbered links.
            """
    )

    @Argument(help: ArgumentHelp("The article (a file).", valueName: "PATH"))
    var path: String

    @Option(help: ArgumentHelp("Print the article as drawn at this width, without styles.", valueName: "N"))
    var width: Int?

    @Flag(help: "Print the article's links: number, text and URL, tab-separated.")
    var links = false

    @Flag(help: "With --width: leave the links' numbers out.")
    var noLinkNumbers = false

    func run() throws {
        try CLI.run {
            let corpus = try CorpusOptions.checked(Corpus.scan([path]), roots: [path])
            guard corpus.articles.count == 1 else {
                throw CLIError("\(path): a folder of \(corpus.articles.count) articles; name one file", code: 2)
            }
            let text: ArticleText
            switch corpus.text(of: 0) {
            case .success(let t): text = t
            case .failure(let error): throw CLIError(error.description)
            }
            let format = corpus.articles[0].format
            let document = ArticleRendering.document(text, format: format)
            if links {
                var out = ""
                for link in document?.links ?? [] {
                    out += "\(link.number)\t\(Sanitizer.clean(link.text).replacingTabs)\t\(Sanitizer.clean(link.url).replacingTabs)\n"
                }
                CLI.output(out)
            } else if let width {
                guard width >= 1 else { throw CLIError("--width must be at least 1", code: 2) }
                let r = ArticleRendering.rendition(text, document: document, width: width,
                                                   options: RenderOptions(numberLinks: !noLinkNumbers))
                var out = ""
                for line in 0..<r.layout.lineCount {
                    let range = r.layout.range(ofLine: line)
                    let end = range.upperBound > range.lowerBound && r.display.scalars[range.upperBound - 1] == "\n" ? range.upperBound - 1 : range.upperBound
                    out += Sanitizer.pieces(r.display, range: range.lowerBound..<end, startColumn: 0).map(\.text).joined() + "\n"
                }
                CLI.output(out)
            } else if isatty(STDOUT_FILENO) == 1 {
                CLI.output(Sanitizer.clean(text.string))
            } else {
                CLI.output(text.string)
            }
        }
    }
}
