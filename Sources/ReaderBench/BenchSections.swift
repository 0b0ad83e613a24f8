import Dispatch
import Foundation
import Library
import ReaderUI
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

extension BenchRun {
    // MARK: Sections

    /// The grep runs shared by the baselines and the search comparison (measured once).
    struct GrepFigures {
        var rare, common, pairRarer: Figure
        var rareLines, commonLines, pairLines: Figure
    }

    func grepBaselines(_ w: BenchWords) throws -> GrepFigures {
        func run(_ flags: String, _ word: String, _ label: String) throws -> Figure {
            try measureProcess("grep \(flags) \(word) DIR" + label, [grep, flags, word, folder], allowed: [0, 1])
        }
        return GrepFigures(rare: try run("-rliw", w.rare, " (rare word)"), common: try run("-rliw", w.common, " (common word)"),
                           pairRarer: try run("-rliw", w.pairRarer, " (rarer of two)"),
                           rareLines: try run("-rinw", w.rare, ""), commonLines: try run("-rinw", w.common, ""),
                           pairLines: try run("-rinw", w.pairRarer, ""))
    }

    func baselines(_ corpus: Corpus, greps: GrepFigures) throws -> Section {
        let paths = corpus.articles.map(\.location.bytes)
        let start = try measureProcess("start of a process (true), in every time below", [noop])
        let cat = try measureProcess("cat of every file (one process)", [Array(self.cat.utf8)] + paths)
        return Section(title: "1. Baselines", figures: [start, cat, greps.rare, greps.common])
    }

    func catFigure(_ baselines: Section) -> Figure {
        baselines.figures[1]
    }

    func listing(cat: Figure) throws -> Section {
        let list = try measureProcess("reader list DIR (whole process, no cache)", [reader, "list", folder], home: .freshEachRun)
        return Section(title: "2. reader list", figures: [
            try measureProcess("reader --version (start of the binary, no work)", [reader, "--version"]),
            list, ratio("  reader list ÷ cat", list, cat, limit: 1.2),
        ])
    }

    /// First screen and load-and-index, cold (a fresh cache each run) and warm (a primed cache).
    func startup(_ catalog: Catalog, corpusBytes: Int, cat: Figure) throws -> (Section, Section) {
        let primed = try sandbox.makeHome()
        Tools.progress("priming a cache")
        let priming = try ChildProcess.run([bench, "first-screen", "--wait-for-indexes", folder].map { Array($0.utf8) },
                                           environment: sandbox.environment(home: primed), errorLog: sandbox.errorLog)
        guard priming.status == 0 else { throw CLIError("bench: priming the cache: exit status \(priming.status): \(priming.errorLine)") }
        let cacheBytes = sandbox.cacheBytes(home: primed)
        var coldScreen = try measureProcess("first screen, cold (no cache)", [bench, "first-screen", folder], home: .freshEachRun)
        coldScreen.target = Target(300, atMost: true, unit: "ms")
        var warmScreen = try measureProcess("first screen, warm (second start, cache)", [bench, "first-screen", folder], home: .given(primed))
        warmScreen.target = Target(100, atMost: true, unit: "ms")
        let coldIndex = try measureProcess("load and index, cold (builds, writes cache)", [bench, "first-screen", "--wait-for-indexes", folder], home: .freshEachRun)
        let warmIndex = try measureProcess("load and index, warm (indexes from cache)", [bench, "first-screen", "--wait-for-indexes", folder], home: .given(primed))
        var figures = [coldIndex, warmIndex]
        for (name, f) in [("cold", coldIndex), ("warm", warmIndex)] {
            figures.append(Figure("peak memory ÷ corpus size, \(name)", unit: "×", median: (f.rss ?? 0) / Double(max(1, corpusBytes)),
                                  target: Target(2, atMost: true, unit: "×")))
        }
        figures.append(Figure("cache file size", unit: "MB", median: Double(cacheBytes) / 1e6,
                              note: cacheBytes == 0 ? "no cache was written" : "\(Fmt.percent(cacheBytes, of: corpusBytes)) of the corpus"))
        let searchBytes = catalog.search.memoryBytes, peopleBytes = catalog.people.serialize().count
        figures.append(Figure("search index in memory", unit: "MB", median: Double(searchBytes) / 1e6,
                              note: "\(Fmt.percent(searchBytes, of: corpusBytes)) of the corpus; \(Fmt.grouped(catalog.search.vocabularySize)) distinct words"))
        figures.append(Figure("people index, serialised", unit: "MB", median: Double(peopleBytes) / 1e6,
                              note: "\(Fmt.grouped(catalog.people.people.count)) people, \(Fmt.grouped(catalog.people.mentionCount)) mentions"))
        return (Section(title: "3. First screen (reader-bench first-screen)",
                        figures: [coldScreen, ratio("  first screen, cold ÷ cat", coldScreen, cat, limit: 1.0), warmScreen]),
                Section(title: "4. Load and index (reader-bench first-screen --wait-for-indexes: first screen, then until indexes are ready and cached)", figures: figures))
    }

    /// Typing each script character by character into a `LiveFilter`: every keystroke timed on
    /// its own (the median of the runs); per script the median, fastest and worst keystroke.
    func filtering(_ catalog: Catalog, _ w: BenchWords, limit: Double = 5) throws -> Section {
        Tools.progress("filtering")
        let resolver = catalog.personResolver
        let figures = try w.scripts.map { script -> Figure in
            let typed = script.indices.map { String(script[...$0]) }
            let medians = try typed.indices.map { k in
                try measureInProcess(runs: runs, prepare: { () -> LiveFilter in
                    var filter = LiveFilter(articleCount: catalog.corpus.articles.count)
                    for earlier in typed[..<k] { filter.update(earlier, index: catalog.search, people: resolver) }
                    return filter
                }) { filter in filter.update(typed[k], index: catalog.search, people: resolver) }.median
            }
            var final = LiveFilter(articleCount: catalog.corpus.articles.count)
            for t in typed { final.update(t, index: catalog.search, people: resolver) }
            let worst = medians.indices.max { medians[$0] < medians[$1] } ?? 0
            var figure = Figure("typing \(script)", unit: "ms", values: medians,
                                note: "worst at '\(typed[worst])'; \(Fmt.grouped(final.result.articles.count)) match at the end")
            figure.target = Target(limit, atMost: true, unit: "ms", appliesToMax: true)
            return figure
        }
        return Section(title: "5. Filter per keystroke, in process (\(Fmt.grouped(catalog.corpus.articles.count)) articles; median, fastest and worst keystroke, each the median of \(runs) runs)",
                       figures: figures)
    }

    /// `reader search` as a whole process against grep on the same files: paths only (-l against
    /// -rliw, the like-for-like pair the target is read against) and with a line per matching line.
    func search(_ w: BenchWords, greps: GrepFigures) throws -> Section {
        var figures: [Figure] = []
        let cases: [(query: String, label: String, paths: Figure, lines: Figure)] = [
            (w.rare, "rare word", greps.rare, greps.rareLines),
            (w.common, "common word", greps.common, greps.commonLines),
            (w.pair, "two words; grep: the rarer", greps.pairRarer, greps.pairLines),
        ]
        for c in cases {
            let modes: [(flags: [String], baseline: Figure, target: Bool)] = [(["-l"], c.paths, true), ([], c.lines, false)]
            for (flags, baseline, target) in modes {
                var own = try measureProcess("reader search \(flags.map { $0 + " " }.joined())'\(c.query)' DIR (\(c.label))",
                                             [reader, "search"] + flags + [c.query, folder], allowed: [0, 1])
                own.note = flags.isEmpty ? "\(Fmt.grouped(own.outputLines)) lines printed (grep: \(Fmt.grouped(baseline.outputLines)))"
                    : Fmt.agreement(own.outputLines, baseline.outputLines, "files")
                var ratio = Figure("  reader ÷ grep, \(flags.isEmpty ? "-n" : "-l"), \(c.label.split(separator: ";")[0])", unit: "×",
                                   median: own.median / max(baseline.median, 1e-9))
                if target { ratio.target = Target(1, atMost: true, unit: "×") }
                figures += [baseline, own, ratio]
            }
        }
        return Section(title: "6. reader search against grep, whole processes (target read against -l vs -rliw; -n rows print a line per matching line)",
                       figures: figures)
    }

    func people(_ corpus: Corpus) throws -> Section {
        Tools.progress("people")
        let texts = corpus.analyze { _, text in text }
        let bytes = corpus.articles.reduce(0) { $0 + $1.size }
        var found: [[EntityMention]] = []
        let detect = try measureInProcess(runs: runs) { found = texts.map(PeopleDetector.detect) }
        var index = PeopleIndex.build(articles: corpus.articles, mentions: found)
        let link = try measureInProcess(runs: runs) { index = PeopleIndex.build(articles: corpus.articles, mentions: found) }
        let parallel = try measureInProcess(runs: runs) {
            let mentions = corpus.analyze { _, text in PeopleDetector.detect(text) }
            _ = PeopleIndex.build(articles: corpus.articles, mentions: mentions)
        }
        let mb = Double(bytes) / 1e6
        var speed = Figure("detection, one core", unit: "MB/s", median: mb / (detect.median / 1000),
                           min: mb / (detect.max / 1000), max: mb / (detect.min / 1000))
        speed.target = Target(50, atMost: false, unit: "MB/s")
        return Section(title: "7. People (in process, on the corpus's \(Fmt.megabytes(bytes)) MB of text, decoded in memory beforehand)", figures: [
            speed,
            detect.scaled("detection of the corpus, one core", by: 1 / 1000, unit: "s"),
            link.scaled("linking", by: 1, unit: "ms", note: "\(Fmt.grouped(index.people.count)) people, \(Fmt.grouped(index.mentionCount)) mentions"),
            Figure("detection (one core) + linking", unit: "s", median: (detect.median + link.median) / 1000),
            parallel.scaled("read + detection on \(Tools.cores) cores + linking", by: 1 / 1000, unit: "s"),
        ] + (try denseArticle(corpus)))
    }

    /// One name-dense article (the corpus's articles end to end) of 2 MB and of 8 MB, detected and
    /// linked as `reader people FILE` does: the time must grow linearly with the size (issue 16:
    /// it was quadratic, 12.7 MB took 18 s).
    func denseArticle(_ corpus: Corpus) throws -> [Figure] {
        var figures: [Figure] = []
        var medians: [Double] = []
        for bytes in sizes.denseBytes {
            let text = ArticleText(LayoutSamples.article(from: corpus, bytes: bytes))
            var people = 0
            let stats = try measureInProcess(runs: runs) {
                people = PeopleIndex.build(articleCount: 1, mentions: [PeopleDetector.detect(text)]).people.count
            }
            figures.append(stats.scaled("one name-dense \(BenchSizes.label(bytes)) article: detection + linking", by: 1, unit: "ms",
                                        note: "\(Fmt.grouped(people)) people"))
            medians.append(stats.median)
        }
        // Linear is 4 (a little more as the bigger arrays miss the caches); quadratic was 16.
        let sizes = self.sizes.denseBytes.map(BenchSizes.label)
        var ratio = Figure("  \(sizes[1]) ÷ \(sizes[0]) (linear: 4, quadratic: 16)", unit: "×", median: medians[1] / max(medians[0], 1e-9))
        ratio.target = Target(6, atMost: true, unit: "×")
        return figures + [ratio]
    }

    func layout(_ corpus: Corpus, _ w: BenchWords) throws -> Section {
        Tools.progress("layout")
        let size = BenchSizes.label(sizes.layoutBytes)
        let big = LayoutSamples.article(from: corpus, bytes: sizes.layoutBytes)
        let samples: [(name: String, text: String, target: Target?)] = [
            ("\(size) article", big, Target(16, atMost: true, unit: "ms")),
            ("\(size) single-line article", big.replacingOccurrences(of: "\n", with: " "), nil),
            ("\(size) CJK article", LayoutSamples.cjk(bytes: sizes.layoutBytes), nil),
        ]
        let layoutRuns = max(runs, sizes.layoutRuns)
        var figures = try samples.map { name, string, target -> Figure in
            let text = ArticleText(string)
            var lines = 0
            var figure = try measureInProcess(runs: layoutRuns) { lines = Layout(text: text, width: 80).lineCount }
                .scaled("Layout(text:width: 80), \(name)", by: 1, unit: "ms", note: "\(Fmt.grouped(lines)) lines, \(layoutRuns) runs")
            figure.target = target
            return figure
        }
        // Markdown: parsed once when opened, laid out again at each width (what a resize costs).
        let markdown = ArticleText(LayoutSamples.markdown(from: corpus, bytes: sizes.layoutBytes))
        var document = MarkdownRenderer.document(markdown)
        figures.append(try measureInProcess(runs: layoutRuns) { document = MarkdownRenderer.document(markdown) }
            .scaled("Markdown parsed (cmark-gfm), \(size) article", by: 1, unit: "ms", note: "\(Fmt.grouped(document.blocks.count)) blocks; once per open"))
        var lines = 0
        var rendered = try measureInProcess(runs: layoutRuns) { lines = document.rendition(width: 80).layout.lineCount }
            .scaled("Markdown laid out at 80 cells, \(size) article", by: 1, unit: "ms", note: "\(Fmt.grouped(lines)) lines; each resize")
        rendered.target = Target(16, atMost: true, unit: "ms")
        figures.append(rendered)
        let text = ArticleText(big)
        for q in [w.common, w.pair, w.rare] {
            guard let query = try? Query.parse(q) else { continue }
            var found = 0
            figures.append(try measureInProcess(runs: layoutRuns) { found = query.matches(in: text).count }
                .scaled("query.matches(in:) '\(q)', \(size) article", by: 1, unit: "ms", note: "\(Fmt.grouped(found)) matches"))
        }
        return Section(title: "8. Layout and highlighting of a \(size) article (in process, 80 cells)", figures: figures)
    }

    // MARK: The two measuring helpers

    /// Which private home a measured process gets.
    enum Home {
        /// One home for all the commands that keep nothing there.
        case shared
        /// A new empty one each run (a cold cache), removed after the run.
        case freshEachRun
        case given(String)
    }

    /// Runs a child process `runs` times: its wall time (ms) and median peak memory (bytes).
    /// `before` runs (untimed) before each run.
    func measureProcess(_ name: String, _ argv: [String], home: Home = .shared, allowed: Set<Int32> = [0],
                        before: (() -> Void)? = nil) throws -> Figure {
        try measureProcess(name, argv.map { Array($0.utf8) }, home: home, allowed: allowed, before: before)
    }

    func measureProcess(_ name: String, _ argv: [[UInt8]], home: Home = .shared, allowed: Set<Int32> = [0],
                        before: (() -> Void)? = nil) throws -> Figure {
        Tools.progress(name)
        var times: [Double] = [], peaks: [Double] = [], lines = 0
        for _ in 0..<runs {
            try Interrupt.check()
            let outcome = try runOnce(name, argv, home: home, allowed: allowed, before: before)
            times.append(outcome.ms)
            peaks.append(Double(outcome.peakRSS))
            lines = outcome.outputLines
        }
        var figure = Figure(name, unit: "ms", values: times)
        figure.rss = Stats(peaks).median
        figure.outputLines = lines
        return figure
    }

    /// One run of a child process in `home` (a fresh one removed afterwards); an exit status
    /// not `allowed` is an error naming `name`.
    func runOnce(_ name: String, _ argv: [[UInt8]], home: Home, allowed: Set<Int32> = [0],
                 before: (() -> Void)? = nil) throws -> ChildProcess.Outcome {
        let dir = try homeFor(home)
        before?()
        let outcome = try ChildProcess.run(argv, environment: sandbox.environment(home: dir), errorLog: sandbox.errorLog)
        if case .freshEachRun = home { sandbox.remove(dir) }
        guard allowed.contains(outcome.status) else {
            throw CLIError("bench: \(name): exit status \(outcome.status)" + (outcome.errorLine.isEmpty ? "" : ": " + outcome.errorLine))
        }
        return outcome
    }

    /// Times `body` `runs` times (ms), each on a fresh value from `prepare` (not timed).
    func measureInProcess<State>(runs: Int, prepare: () -> State, _ body: (inout State) -> Void) throws -> Stats {
        var times: [Double] = []
        for _ in 0..<runs {
            try Interrupt.check()
            var state = prepare()
            let start = Tools.now()
            body(&state)
            times.append(Tools.now() - start)
        }
        return Stats(times)
    }

    func measureInProcess(runs: Int, _ body: () -> Void) throws -> Stats {
        try measureInProcess(runs: runs, prepare: {}) { _ in body() }
    }
}
