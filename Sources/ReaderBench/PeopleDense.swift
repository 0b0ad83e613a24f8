import ArgumentParser
import Foundation
import Library
import ReaderUI

/// For profiling bench section 7's name-dense articles: makes the article of `--bytes` as the
/// bench does (the articles of the folder SOURCE end to end), or reads the file SOURCE, then
/// detects and links its people as one article RUNS times on one thread, printing each run's
/// time. Under `valgrind --tool=callgrind` compare `--runs 1` with `--runs 0` (making the
/// article alone), at two sizes: the counts must grow as the size does. `--save FILE` writes the
/// article (to count it again without the folder, or to run `reader people` on it); `--digest`
/// prints a hash of the mentions and of the linked index's bytes.
struct PeopleDense: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "people-dense",
        abstract: "Profiling aid: detect and link the people of one name-dense article (made from DIR, or FILE) RUNS times on one core."
    )

    @Argument(help: ArgumentHelp("A folder of articles (the article is made of them), or the article's file.", valueName: "SOURCE"))
    var source: String

    @Option(help: "The size of the article made from a folder (bytes).")
    var bytes = 2_000_000

    @Option(help: "Detections and links to time.")
    var runs = 1

    @Option(help: ArgumentHelp("Also write the article to FILE.", valueName: "FILE"))
    var save: String?

    @Flag(help: "Print a hash of the mentions and of the linked index's bytes (after the runs).")
    var digest = false

    func run() throws {
        try CLI.run {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: source, isDirectory: &isFolder) else { throw CLIError("\(source): no such file or folder") }
            let text: ArticleText
            if isFolder.boolValue {
                let corpus = try Launch.checked(Corpus.scan([source]), roots: [source])
                text = ArticleText(LayoutSamples.article(from: corpus, bytes: bytes))
            } else {
                guard let data = FileManager.default.contents(atPath: source) else { throw CLIError("\(source): cannot be read") }
                text = ArticleText(String(decoding: data, as: UTF8.self))
            }
            let utf8 = Data(text.string.utf8)
            if let save {
                guard FileManager.default.createFile(atPath: save, contents: utf8) else { throw CLIError("\(save): cannot be written") }
            }
            for _ in 0..<runs {
                let start = DispatchTime.now().uptimeNanoseconds
                let index = PeopleIndex.build(articleCount: 1, mentions: [PeopleDetector.detect(text)])
                let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
                print(String(format: "%8.1f ms  %d bytes, %d people, %d mentions", ms, utf8.count, index.people.count, index.mentionCount))
            }
            guard digest else { return }
            let mentions = PeopleDetector.detect(text)
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for m in mentions {
                let line = "\(m.start)\t\(m.end)\t\(m.kind)\t\(m.form)\t\(m.local)\t\(m.surnameKey)\t\(m.givenKey)\t\(m.titled)\t\(m.text)\n"
                for b in line.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
            }
            print("mentions digest \(String(h, radix: 16)) of \(mentions.count) mentions")
            h = 0xcbf2_9ce4_8422_2325
            for b in PeopleIndex.build(articleCount: 1, mentions: [mentions]).serialize() { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
            print("index digest \(String(h, radix: 16))")
        }
    }
}
