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
            fields title:word, author:"a name", person:name (articles mentioning a person of \
            that name, as `reader people` finds them: the folder is read once more for the \
            people index, so such queries are slower). Plain words match the text, the title \
            and the author.

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
            "notes": [string]}. With -l, each article has only its "path".

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
            // person: needs the people index: loaded (all articles read) only for such queries.
            var catalog: Catalog?
            let people: FileSearchRun.PeopleLookup = { name, isPrefix in
                if catalog == nil { catalog = try? corpusOptions.loadCatalog() }
                guard let catalog else { return nil }
                let found = isPrefix ? catalog.people.people(matching: name) : catalog.people.people(named: name)
                if found.isEmpty { return nil }
                return Set(found.flatMap { catalog.people.articles(mentioning: $0) }.map { catalog.corpus.articles[$0].path })
            }
            let status = run.run(query: query, roots: try corpusOptions.resolvedPaths(), people: people,
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

    static func peakMemory() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return usage.ru_maxrss * 1024
    }

    /// With no scripts: only load, build and print sizes (for peak memory). Otherwise also the
    /// plain load for comparison, the cache round trip, analysis speed and the keystrokes.
    static func run(scripts: [String], paths: [String]) throws {
        var t = now()
        let builder = SearchIndexBuilder()
        let (corpus, analyses) = Corpus.load(paths) { builder.analyze($0, $1) }
        let loadAnalyze = now() - t
        let analysisBytes = analyses.reduce(0) { $0 + $1.memoryBytes }
        t = now()
        let index = builder.build(articles: corpus.articles, analyses: analyses)
        let build = now() - t
        let textBytes = corpus.articles.reduce(0) { $0 + $1.size }
        print("articles \(corpus.articles.count), text \(textBytes) bytes")
        print("load with analysis \(format(loadAnalyze)) ms (analyses \(analysisBytes) bytes); build \(format(build)) ms")
        print("index \(index.memoryBytes) bytes (\(String(format: "%.1f", 100 * Double(index.memoryBytes) / Double(max(1, textBytes))))% of the text), vocabulary \(index.vocabularySize)")
        print("  " + index.memoryDescription)
        print("peak memory so far \(peakMemory()) bytes")
        if scripts.isEmpty { return }

        var walks: [Double] = []
        for _ in 0..<5 {
            t = now()
            _ = FileScanner.collect(paths)
            walks.append(now() - t)
        }
        t = now()
        _ = Corpus.load(paths)
        let loadPlain = now() - t
        print("load without analysis \(format(loadPlain)) ms; walk folders (FileScanner.collect) median \(format(median(walks))) ms")
        t = now()
        let bytes = index.serialize()
        let serialize = now() - t
        t = now()
        let loaded = try? SearchIndex(serialized: bytes, articleCount: corpus.articles.count)
        let deserialize = now() - t
        print("serialize \(format(serialize)) ms (\(bytes.count) bytes); load cache \(format(deserialize)) ms\(loaded == nil ? " FAILED" : "")")
        // Analysis speed on one thread, texts already in memory (the first 2,000 articles).
        let sample = Array(corpus.articles.indices.prefix(2000))
        let texts = sample.compactMap { try? corpus.text(of: $0).get() }
        let sampleBuilder = SearchIndexBuilder()
        t = now()
        var words = 0
        for (k, i) in sample.enumerated() where k < texts.count {
            words += sampleBuilder.analyze(corpus.articles[i], texts[k]).wordCount
        }
        let analyzeMs = now() - t
        let sampleBytes = sample.reduce(0) { $0 + corpus.articles[$1].size }
        print("analyze on one thread: \(format(analyzeMs)) ms for \(sample.count) articles (\(sampleBytes) bytes, \(words) words): \(String(format: "%.0f", Double(sampleBytes) / 1000 / analyzeMs)) MB/s")
        // Highlighting: match ranges in a 1 MB article (generated articles end to end).
        var big = ""
        for i in corpus.articles.indices {
            guard big.utf8.count < 1_000_000, let text = try? corpus.text(of: i).get() else { break }
            big += text.string
        }
        let bigText = ArticleText(big)
        for q in ["the", "minister harbour", "\"the minister\"", "prig", "zenzenlemush"] {
            guard let query = try? Query.parse(q, prefixLast: true) else { continue }
            var runs: [Double] = []
            var found = 0
            for _ in 0..<7 {
                let s = now()
                found = query.matches(in: bigText).count
                runs.append(now() - s)
            }
            print("matches in a \(big.utf8.count)-byte article, '\(q)': \(format(median(runs))) ms (\(found) matches)")
        }
        print("per keystroke, ms (median of 15 runs): parse + fresh search of the whole list | with LiveFilter (typing in order)")
        for script in scripts {
            let prefixes = script.indices.map { String(script[...$0]) }
            var fresh = [[Double]](repeating: [], count: prefixes.count)
            var live = [[Double]](repeating: [], count: prefixes.count)
            var counts = [Int](repeating: 0, count: prefixes.count)
            for _ in 0..<15 {
                var filter = LiveFilter(articleCount: index.articleCount)
                for (k, typed) in prefixes.enumerated() {
                    var s = now()
                    if let q = try? Query.parse(typed, prefixLast: true, lenient: true) { counts[k] = index.articles(matching: q).count }
                    fresh[k].append(now() - s)
                    s = now()
                    filter.update(typed, index: index)
                    live[k].append(now() - s)
                }
            }
            let freshMedians = fresh.map(median), liveMedians = live.map(median)
            let worstFresh = freshMedians.indices.max { freshMedians[$0] < freshMedians[$1] } ?? 0
            let worstLive = liveMedians.indices.max { liveMedians[$0] < liveMedians[$1] } ?? 0
            let list = prefixes.indices.map { "\(prefixes[$0])=\(format(freshMedians[$0]))|\(format(liveMedians[$0]))(\(counts[$0]))" }
            print("  \(script): worst \(format(freshMedians[worstFresh])) at '\(prefixes[worstFresh])' | live worst \(format(liveMedians[worstLive])) at '\(prefixes[worstLive])'")
            print("    " + list.joined(separator: " "))
        }
    }
}
