import ArgumentParser
import Dispatch
import Foundation
import Library

/// `reader search QUERY [PATH…]`: the articles matching a query, with a line of context per match.
struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Search articles like grep: each matching article with its matches in context.",
        discussion: """
            QUERY: words that must all match (whole words, ignoring case and accents: jose finds \
            José; putin finds Putin’s), "quoted phrases", -word or -"phrase" to exclude, \
            a OR b (also a | b; OR binds tighter than the implicit AND), ( ) to group, and the \
            fields title:word, author:"a name", person:name (person: needs the people index, \
            which this command does not load: it matches nothing). Plain words match the \
            text, the title and the author.

            Output: for each matching article, in folder order, a line `PATH: N matches`, then \
            one line per match: `PATH:LINE: context`, the context cut from the match's line \
            (terminal controls shown as visible markers). With -l, only the paths.

            --json prints one object: {"query": string, "articles": [{"path": string, \
            "matches": number, "hits": [{"line": number (1-based), "column": number (1-based, \
            in Unicode scalars), "start": number, "end": number (scalar offsets into the file's \
            text, end exclusive, as reader counts them), "term": number (which query word, \
            0-based, words in order of first appearance, excluded ones not counted), \
            "text": string (the match), "context": string}]}], "matched": number (articles), \
            "searched": number (files read), "skipped": [{"path": string, "problem": string}], \
            "notes": [string]}.

            Exit status: 0 when an article matched, 1 when none did, 2 when the query is bad \
            (the message names the problem and its column) or a PATH cannot be read.
            """
    )

    @Argument(help: ArgumentHelp("The query (see above). Quote it for the shell; put -- before a query that starts with -.", valueName: "QUERY"))
    var query: String

    @OptionGroup var corpusOptions: CorpusOptions

    @Flag(help: "Print JSON (schema below).")
    var json = false

    @Flag(name: [.customShort("l"), .customLong("files-with-matches")], help: "Print only the paths of matching articles.")
    var filesWithMatches = false

    @Flag(help: "Match the query's last word as a prefix (prig finds Prigozhin).")
    var prefix = false

    @Flag(name: .customLong("benchmark-filter"), help: ArgumentHelp(
        "Developer: load PATH with the index and time filtering as each of QUERY's comma-separated strings is typed.",
        visibility: .hidden))
    var benchmarkFilter = false

    func run() throws {
        try CLI.run {
            if benchmarkFilter {
                try FilterBenchmark.run(scripts: query.split(separator: ",").map(String.init), paths: corpusOptions.resolvedPaths())
                return
            }
            let run = FileSearchRun(json: json, pathsOnly: filesWithMatches, prefixLast: prefix)
            let status = run.run(query: query, roots: try corpusOptions.resolvedPaths(),
                                 output: { FileHandle.standardOutput.write(Data($0)) }, warn: CLI.warn)
            if status != 0 { throw ExitCode(status) }
        }
    }
}

/// Developer figures for the index: load and build times, size, and the time to filter the
/// list at each keystroke of some typed queries (medians of repeated runs).
enum FilterBenchmark {
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) * 1000 + Double(ts.tv_nsec) / 1_000_000
    }

    static func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        return s.isEmpty ? 0 : (s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2)
    }

    static func format(_ ms: Double) -> String { String(format: "%.3f", ms) }

    static func run(scripts: [String], paths: [String]) throws {
        var t = now()
        var walks: [Double] = []
        for _ in 0..<5 {
            t = now()
            _ = FileScanner.collect(paths)
            walks.append(now() - t)
        }
        print("walk folders (FileScanner.collect) median \(format(median(walks))) ms")
        t = now()
        let plain = Corpus.load(paths)
        let loadPlain = now() - t
        t = now()
        let (corpus, analyses) = Corpus.load(paths, analyze: SearchIndex.analyze)
        let loadAnalyze = now() - t
        t = now()
        let index = SearchIndex.build(articles: corpus.articles, analyses: analyses)
        let build = now() - t
        let textBytes = corpus.articles.reduce(0) { $0 + $1.size }
        t = now()
        let bytes = index.serialize()
        let serialize = now() - t
        t = now()
        let loaded = try? SearchIndex(serialized: bytes, articleCount: corpus.articles.count)
        let deserialize = now() - t
        print("articles \(corpus.articles.count) (\(plain.articles.count) without analysis), text \(textBytes) bytes")
        print("load without analysis \(format(loadPlain)) ms; load with analysis \(format(loadAnalyze)) ms; build \(format(build)) ms")
        print("index \(index.memoryBytes) bytes (\(String(format: "%.1f", 100 * Double(index.memoryBytes) / Double(max(1, textBytes))))% of the text), vocabulary \(index.vocabularySize)")
        print("  " + index.memoryDescription)
        print("serialize \(format(serialize)) ms (\(bytes.count) bytes); load cache \(format(deserialize)) ms\(loaded == nil ? " FAILED" : "")")
        // Analysis cost on one thread, texts already in memory (first 2,000 articles).
        var keep = LoadOptions()
        keep.keepTexts = true
        let sample = Array(corpus.articles.indices.prefix(2000))
        let texts = sample.compactMap { try? corpus.text(of: $0).get() }
        t = now()
        var words = 0
        for (k, i) in sample.enumerated() where k < texts.count {
            words += SearchIndex.analyze(corpus.articles[i], texts[k]).wordCount
        }
        let analyzeMs = now() - t
        let sampleBytes = sample.reduce(0) { $0 + corpus.articles[$1].size }
        print("analyze on one thread: \(format(analyzeMs)) ms for \(sample.count) articles (\(sampleBytes) bytes, \(words) words): \(String(format: "%.0f", Double(sampleBytes) / 1000 / analyzeMs)) MB/s")
        _ = keep
        print("per keystroke (median of 15 runs each), ms:")
        for script in scripts {
            var times: [(String, Double, Int)] = []
            var typed = ""
            for ch in script {
                typed.append(ch)
                guard let q = try? Query.parse(typed, prefixLast: true, lenient: true) else { continue }
                var runs: [Double] = []
                var count = 0
                for _ in 0..<15 {
                    let s = now()
                    count = index.articles(matching: q).count
                    runs.append(now() - s)
                }
                times.append((typed, median(runs), count))
            }
            let worst = times.max { $0.1 < $1.1 }
            let list = times.map { "\($0.0)=\(format($0.1))(\($0.2))" }.joined(separator: " ")
            print("  \(script): median \(format(median(times.map(\.1)))) worst \(format(worst?.1 ?? 0)) at '\(worst?.0 ?? "")' | \(list)")
        }
    }
}
