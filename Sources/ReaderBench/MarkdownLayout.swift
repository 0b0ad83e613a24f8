import ArgumentParser
import Foundation
import Library
import ReaderUI

/// For profiling the Markdown layout (bench section 8): parses a Markdown article once, then lays
/// it out RUNS times at WIDTH, printing each run's time and line count. SOURCE is a Markdown file,
/// or a folder whose articles make the bench's sample (`--bytes` of it). Under
/// `valgrind --tool=callgrind` compare `--runs 1` with `--runs 0` (the parse and setup alone).
/// `--digest` prints a hash of everything a rendition answers (display, sources, styles, lines
/// and the maps back), so an optimisation can be shown to change nothing; a file is rendered as
/// its name says (Markdown, a web page, plain text).
struct MarkdownLayout: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "markdown-layout",
        abstract: "Profiling aid: lay out a Markdown article (a file, or the bench's sample made from DIR) RUNS times."
    )

    @Argument(help: ArgumentHelp("A Markdown file, or a folder of articles to make the sample from.", valueName: "SOURCE"))
    var source: String

    @Option(help: "Bytes of the sample made from a folder.")
    var bytes = 1_000_000

    @Option(help: "Width in cells (repeatable).")
    var width: [Int] = [80]

    @Flag(help: "Print a hash of each rendition (what it shows and maps) instead of its time.")
    var digest = false

    @Flag(help: "Lay out without the links' numbers (the setting off).")
    var noLinkNumbers = false

    @Option(help: "Layouts to time.")
    var runs = 1

    @Option(help: ArgumentHelp("Also write the Markdown laid out to FILE (the sample, for profiling without the folder).", valueName: "FILE"))
    var save: String?

    func run() throws {
        try CLI.run {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: source, isDirectory: &isFolder) else { throw CLIError("\(source): no such file or folder") }
            let text: ArticleText
            let format: Article.Format
            if isFolder.boolValue {
                let corpus = try Launch.checked(Corpus.scan([source]), roots: [source])
                text = ArticleText(LayoutSamples.markdown(from: corpus, bytes: bytes))
                format = .markdown
            } else {
                guard let data = FileManager.default.contents(atPath: source) else { throw CLIError("\(source): cannot be read") }
                format = Article.Format(RawPath(source))
                text = ArticleRendering.text(of: [UInt8](data), format: format)
            }
            if let save {
                guard FileManager.default.createFile(atPath: save, contents: Data(text.string.utf8)) else { throw CLIError("\(save): cannot be written") }
            }
            let document = ArticleRendering.document(text, format: format)
            for w in width {
                for _ in 0..<runs {
                    let start = DispatchTime.now().uptimeNanoseconds
                    let rendition = ArticleRendering.rendition(text, document: document, width: w,
                                                                  options: RenderOptions(numberLinks: !noLinkNumbers))
                    let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
                    if digest {
                        print("width \(w): \(String(Self.digest(rendition), radix: 16)), \(rendition.layout.lineCount) lines")
                    } else {
                        print(String(format: "%8.3f ms  %d lines", ms, rendition.layout.lineCount))
                    }
                }
            }
        }
    }

    /// A hash (FNV-1a over whole values) of everything a rendition answers through its interface.
    static func digest(_ r: Rendition) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ v: Int) { h = (h ^ UInt64(bitPattern: Int64(v))) &* 0x0000_0100_0000_01B3 }
        for (d, s) in r.display.scalars.enumerated() {
            mix(Int(s.value))
            mix(r.sourceOffset(ofDisplay: d))
            mix(Int(r.attributes(at: d)))
        }
        mix(r.layout.width)
        mix(r.layout.textCount)
        for l in r.layout.lineStarts { mix(Int(l)) }
        for l in 0..<r.layout.lineCount {
            mix(r.sourceOffset(atLine: l))
            let range = r.sourceRange(ofLine: l)
            mix(range.lowerBound)
            mix(range.upperBound)
        }
        for s in 0...r.sourceCount {
            mix(r.displayOffset(ofSource: s))
            mix(r.line(containingSource: s))
        }
        return h
    }
}
