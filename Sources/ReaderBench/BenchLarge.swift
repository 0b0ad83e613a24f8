import Foundation
import Library
import ReaderUI

/// `--large`: 100,000 generated articles (issue 15): the warm first screen, the cold build
/// against the run's own figure for its corpus, memory against the corpus, and the filter.
extension BenchRun {
    func large(seed: UInt64, tenThousand report: BenchReport) throws -> [Section] {
        let big = try BenchRun(corpus: nil, count: 100_000, seed: seed, runs: max(1, min(runs, 3)))
        defer { big.sandbox.removeAll() }
        let scanned = try Launch.checked(Corpus.scan([big.folder]), roots: [big.folder])
        let corpusBytes = scanned.articles.reduce(0) { $0 + $1.size }
        _ = Tools.warmPageCache(scanned.articles.map(\.location))
        let primed = try big.sandbox.makeHome()
        Tools.progress("building the 100,000 articles' cache")
        let coldIndex = try big.measureProcess("100k: load and index, cold (builds, writes cache)",
                                               [bench, "first-screen", "--wait-for-indexes", big.folder], home: .freshEachRun)
        _ = try ChildProcess.run([bench, "first-screen", "--wait-for-indexes", big.folder].map { Array($0.utf8) },
                                 environment: big.sandbox.environment(home: primed), errorLog: big.sandbox.errorLog)
        var warmScreen = try big.measureProcess("100k: first screen, warm (cache)", [bench, "first-screen", big.folder], home: .given(primed))
        warmScreen.target = Target(300, atMost: true, unit: "ms")
        let warmIndex = try big.measureProcess("100k: load and index, warm (indexes from cache)",
                                               [bench, "first-screen", "--wait-for-indexes", big.folder], home: .given(primed))
        let small = report.sections.flatMap(\.figures).first { $0.name.hasPrefix("load and index, cold") }
        var figures = [warmScreen, coldIndex]
        if let small, scannedArticles(report) > 0 {
            let scale = Double(scanned.articles.count) / Double(scannedArticles(report))
            var growth = Figure("  100k cold build ÷ this run's cold build (\(Fmt.grouped(scannedArticles(report))) articles)", unit: "×",
                                median: coldIndex.median / max(small.median, 1e-9),
                                note: "linear: \(Fmt.number(scale))×; the target allows 1.1× that")
            growth.target = Target(scale * 1.1, atMost: true, unit: "×")
            figures.append(growth)
        }
        figures.append(Figure("100k: peak memory ÷ corpus size, building", unit: "×", median: (coldIndex.rss ?? 0) / Double(max(1, corpusBytes)),
                              target: Target(2, atMost: true, unit: "×")))
        figures.append(warmIndex)
        figures.append(Figure("100k: peak memory ÷ corpus size, warm", unit: "×", median: (warmIndex.rss ?? 0) / Double(max(1, corpusBytes)),
                              target: Target(0.5, atMost: true, unit: "×")))
        Tools.progress("loading the 100,000 articles in this process")
        let catalog = Catalog.load([big.folder])
        let words = try BenchWords(catalog, folder: big.folder)
        var filter = try big.filtering(catalog, words, limit: 20)
        filter.title = "10b. " + filter.title
        return [Section(title: "10. 100,000 generated articles (\(Fmt.megabytes(corpusBytes)) MB in \(big.folder); --large)", figures: figures),
                filter]
    }

    func scannedArticles(_ report: BenchReport) -> Int { report.articles }
}
