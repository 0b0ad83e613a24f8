import ArgumentParser
import Foundation
import Library
import ReaderUI

/// For profiling people detection (bench section 7, "detection, one core") and proving an
/// optimisation changes nothing: reads the articles under PATHS (in path order, the first
/// `--limit`), decodes them into memory, then detects the people of every article RUNS times on
/// one thread, printing each run's time and MB/s (file bytes, as the bench counts them). Under
/// `valgrind --tool=callgrind` compare `--runs 1` with `--runs 0` (reading and decoding alone).
/// `--digest` prints a hash of every mention of every article (span, kind, form, person number,
/// keys, text); `--dump` prints those mentions one per line instead, to find what changed.
struct PeopleDetect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "people-detect",
        abstract: "Profiling aid: detect the people of the articles under PATHS, RUNS times on one core."
    )

    @Argument(help: ArgumentHelp("Folders or files of articles.", valueName: "PATH"))
    var paths: [String]

    @Option(help: "Detections of every article to time.")
    var runs = 1

    @Option(help: "Only the first N articles (in path order).")
    var limit: Int?

    @Flag(help: "Print a hash of every article's mentions (after the runs).")
    var digest = false

    @Flag(help: "Print every article's mentions, one a line.")
    var dump = false

    func run() throws {
        try CLI.run {
            var options = LoadOptions()
            options.threads = 1
            options.keepTexts = true
            let corpus = Corpus.load(paths, options: options)
            var order = corpus.articles.indices.sorted { corpus.articles[$0].path < corpus.articles[$1].path }
            if let limit { order = Array(order.prefix(max(0, limit))) }
            let texts = order.map { (try? corpus.text(of: $0).get()) ?? ArticleText("") }
            let bytes = order.reduce(0) { $0 + corpus.articles[$1].size }
            for _ in 0..<runs {
                let start = DispatchTime.now().uptimeNanoseconds
                var mentions = 0
                for text in texts { mentions += PeopleDetector.detect(text).count }
                let s = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                print(String(format: "%8.3f s  %6.1f MB/s  %d articles, %d mentions", s, Double(bytes) / 1e6 / s, texts.count, mentions))
            }
            guard digest || dump else { return }
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for (k, i) in order.enumerated() {
                let name = corpus.articles[i].path
                for m in PeopleDetector.detect(texts[k]) {
                    let line = "\(name)\t\(m.start)\t\(m.end)\t\(m.kind)\t\(m.form)\t\(m.local)\t\(m.surnameKey)\t\(m.givenKey)\t\(m.titled)\t\(m.text)\n"
                    if dump { CLI.output(line) }
                    for b in line.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
                }
            }
            if digest { print("digest \(String(h, radix: 16)) of \(texts.count) articles") }
        }
    }
}
