import ArgumentParser
import Foundation
import Library
import ReaderUI

/// For profiling people linking (bench section 7, "linking"; the critical path of section 4b,
/// "indexes ready after one file changed") and proving an optimisation changes nothing. With
/// `--save FILE`, reads the articles under PATHS (the first `--limit`, in path order), detects
/// their people on all cores and writes the articles' people summaries to FILE (the catalog
/// cache's format). With `--summaries FILE`, reads them back and links them RUNS times on one
/// thread, printing each run's time; `--digest` then prints a hash of the serialised index.
/// Under `valgrind --tool=callgrind` compare `--runs 1` with `--runs 0` (reading the file alone).
struct PeopleLink: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "people-link",
        abstract: "Profiling aid: save the people summaries of PATHS, or link saved ones RUNS times on one core."
    )

    @Argument(help: ArgumentHelp("Folders or files of articles (with --save).", valueName: "PATH"))
    var paths: [String] = []

    @Option(help: ArgumentHelp("Write the summaries of PATHS' articles to FILE.", valueName: "FILE"))
    var save: String?

    @Option(help: "Only the first N articles (in path order) are saved, or linked.")
    var limit: Int?

    @Option(help: ArgumentHelp("Link the summaries saved in FILE.", valueName: "FILE"))
    var summaries: String?

    @Option(help: "Links of every summary to time.")
    var runs = 1

    @Flag(help: "Print a hash of the linked index's bytes (after the runs).")
    var digest = false

    func run() throws {
        try CLI.run {
            if let save {
                let (corpus, found) = Corpus.load(paths, options: LoadOptions()) { _, text in PeopleIndex.Summary(PeopleDetector.detect(text)) }
                var order = corpus.articles.indices.sorted { corpus.articles[$0].path < corpus.articles[$1].path }
                if let limit { order = Array(order.prefix(max(0, limit))) }
                let bytes = PeopleIndex.Summary.serialize(order.map { found[$0] })
                var file = Data(count: 8)
                file.withUnsafeMutableBytes { $0.storeBytes(of: UInt64(order.count).littleEndian, as: UInt64.self) }
                file.append(contentsOf: bytes)
                try file.write(to: URL(fileURLWithPath: save))
                print("\(order.count) articles' summaries, \(bytes.count) bytes")
            }
            guard let summaries else { return }
            guard let data = FileManager.default.contents(atPath: summaries), data.count >= 8 else {
                throw CLIError("\(summaries): cannot read the summaries")
            }
            let count = Int(UInt64(littleEndian: data.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }))
            var list: [PeopleIndex.Summary]
            do { list = try PeopleIndex.Summary.deserialize(Array(data.dropFirst(8)), articleCount: count) } catch {
                throw CLIError("\(summaries): \(error)")
            }
            if let limit { list = Array(list.prefix(max(0, limit))) }
            var index: PeopleIndex?
            for _ in 0..<runs {
                let start = DispatchTime.now().uptimeNanoseconds
                index = PeopleIndex.build(articleCount: list.count, summaries: list)
                let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
                print(String(format: "%8.1f ms  %d articles, %d people, %d mentions", ms, list.count, index!.people.count, index!.mentionCount))
            }
            guard digest else { return }
            let bytes = (index ?? PeopleIndex.build(articleCount: list.count, summaries: list)).serialize()
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
            print("digest \(String(h, radix: 16)) of \(bytes.count) bytes, \(list.count) articles")
        }
    }
}
