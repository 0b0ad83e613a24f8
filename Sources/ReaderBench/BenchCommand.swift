import ArgumentParser
import Dispatch
import Foundation
import Library
import ReaderUI
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// `reader-bench` (also `reader-bench bench`): developer figures for the issues' targets, printed
/// (never asserted): each the median of repeated runs, measured in the same run as `cat` and
/// `grep -rliw` baselines.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Developer: print speed and memory figures against grep and cat (medians of repeated runs).",
        discussion: """
            Build in release first (swift build -c release) and run .build/release/reader-bench: \
            whole-process figures time the reader binary next to it. Without --corpus, \
            --count articles are generated (as reader-bench generate does, with --seed) into a folder \
            under the temporary folder ($TMPDIR or /tmp), kept for later runs. Files are read once \
            before measuring (a warm page cache). Child processes get a private HOME and XDG \
            folders: your cache, reading positions and bookmarks are never touched.
            """
    )

    @Option(help: ArgumentHelp("Folder of articles to measure (default: a generated corpus).", valueName: "DIR"))
    var corpus: String?

    @Option(help: "Articles to generate when no --corpus is given.")
    var count = 10_000

    @Option(help: "Seed of the generated corpus.")
    var seed: UInt64 = 1

    @Option(help: "Runs per figure; each figure is their median (min and max beside it).")
    var runs = 7

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @Flag(help: "Also measure 100,000 generated articles (about 460 MB; takes minutes).")
    var large = false

    @Flag(help: "Also time the start as a person sees it, in a tmux pane (and keys while indexing).")
    var terminal = false

    @Flag(help: "Tiny sizes for the fixed-size sections (name-dense articles, layouts, bookmark imports): a quick check that every section runs, not figures to compare.")
    var quick = false

    func validate() throws {
        guard count >= 1 else { throw ValidationError("--count must be at least 1") }
        guard (1...1000).contains(runs) else { throw ValidationError("--runs must be between 1 and 1000") }
    }

    func run() throws {
        try CLI.run {
            var bench = try BenchRun(corpus: corpus, count: count, seed: seed, runs: runs)
            bench.terminal = terminal
            if quick { bench.sizes = .quick }
            defer { bench.sandbox.removeAll() }
            var report = try bench.measure()
            if large { report.sections.append(contentsOf: try bench.large(seed: seed, tenThousand: report)) }
            CLI.output(json ? report.json : report.table)
        }
    }
}

// MARK: - The measurements

/// One benchmark run: the corpus, the tools, a private sandbox, and the sections in order.
struct BenchRun {
    let runs: Int
    /// Also the tmux rows (`--terminal`).
    var terminal = false
    /// The fixed sizes of sections 7–9 (`--quick`: tiny ones).
    var sizes = BenchSizes()
    let folder: String
    let generated: String?
    /// The `reader` binary next to this one, and this one (for `first-screen`).
    let reader: String
    let bench: String
    let grep: String
    let cat: String
    let noop: String
    let sandbox: Sandbox

    init(corpus: String?, count: Int, seed: UInt64, runs: Int) throws {
        self.runs = runs
        let environment = ProcessInfo.processInfo.environment
        grep = try Tools.find("grep", environment: environment)
        cat = try Tools.find("cat", environment: environment)
        noop = try Tools.find("true", environment: environment)
        try ChildProcess.becomeSubreaper()
        bench = Tools.currentExecutable()
        reader = (bench as NSString).deletingLastPathComponent + "/reader"
        guard FileManager.default.isExecutableFile(atPath: reader) else {
            throw CLIError("bench: \(reader): not found; build it first (swift build -c release)")
        }
        let temp = Tools.temporaryFolder(environment)
        // The scratch folder first: an unusable temporary folder fails before any generating.
        sandbox = try Sandbox(under: temp, environment: environment)
        do {
            if let corpus {
                var st = stat()
                guard stat(corpus, &st) == 0 else { throw CLIError("\(corpus): \(describeErrno(errno))") }
                (folder, generated) = (corpus, nil)
            } else {
                (folder, generated) = try GeneratedCorpus.prepare(count: count, seed: seed, under: temp)
            }
        } catch {
            sandbox.removeAll()
            throw error
        }
        Interrupt.install()
    }

    func measure() throws -> BenchReport {
        Tools.progress("scanning \(folder)")
        let scanned = try Launch.checked(Corpus.scan([folder]), roots: [folder])
        let corpusBytes = scanned.articles.reduce(0) { $0 + $1.size }
        let warmed = Tools.warmPageCache(scanned.articles.map(\.location) + [RawPath(reader), RawPath(bench)])
        Tools.progress("loading the catalog in this process")
        let catalog = Catalog.load([folder])
        let words = try BenchWords(catalog, folder: folder)
        var report = BenchReport(header: header(scanned, corpusBytes: corpusBytes, warmed: warmed), corpusBytes: corpusBytes,
                                 articles: scanned.articles.count, runs: runs, folder: folder)
        let greps = try grepBaselines(words)
        let base = try baselines(scanned, greps: greps)
        let cat = catFigure(base)
        report.sections.append(base)
        report.sections.append(try listing(cat: cat))
        let (firstScreen, index) = try startup(catalog, corpusBytes: corpusBytes, cat: cat)
        report.sections.append(firstScreen)
        report.sections.append(try coldFiles(scanned))
        if terminal { report.sections.append(terminalStart(scanned)) }
        report.sections.append(index)
        report.sections.append(try oneChangedFile(scanned))
        report.sections.append(try filtering(catalog, words))
        report.sections.append(try search(words, greps: greps))
        report.sections.append(try people(catalog.corpus))
        report.sections.append(try layout(catalog.corpus, words))
        report.sections.append(try bookmarkImport(small: sizes.bookmarks.small, large: sizes.bookmarks.large))
        report.footer = ["search index in memory, by field (bytes): " + catalog.search.memoryDescription]
        return report
    }

    func header(_ corpus: Corpus, corpusBytes: Int, warmed: (files: Int, bytes: Int, ms: Double)) -> [String] {
        var build = "release"
        #if DEBUG
        build = "DEBUG build: figures are meaningless, build with swift build -c release"
        #endif
        let locale = ProcessInfo.processInfo.environment["LC_ALL"] ?? ProcessInfo.processInfo.environment["LANG"] ?? "unset"
        return [
            "corpus: \(Fmt.grouped(corpus.articles.count)) articles, \(Fmt.megabytes(corpusBytes)) MB (\(Fmt.grouped(corpusBytes)) bytes) in \(folder)"
                + (generated.map { " (\($0))" } ?? ""),
            "machine: \(Tools.cores) cores; reader: \(reader) (\(build)); grep: \(grep) (LANG/LC_ALL \(locale)); cat: \(cat)",
            "each figure: median of \(runs) runs, min and max beside it; child processes run with a private HOME and XDG folders",
            "page cache warmed first: read \(Fmt.grouped(warmed.files)) files (\(Fmt.megabytes(warmed.bytes)) MB, the corpus and the binaries) in \(Fmt.number(warmed.ms)) ms",
        ]
    }
}

/// The sizes of the sections that do not depend on the corpus's size.
struct BenchSizes {
    /// The name-dense articles of section 7 (the second 4× the first: their ratio is the target).
    var denseBytes = [2_000_000, 8_000_000]
    /// The articles laid out in section 8, and the fewest runs for each layout figure.
    var layoutBytes = 1_000_000
    var layoutRuns = 20
    /// The annotations imported in section 9 (the larger 10× the smaller).
    var bookmarks = (small: 2_000, large: 20_000)

    /// `--quick`: every section runs, in a fraction of a second each even in a debug build.
    static let quick = BenchSizes(denseBytes: [20_000, 80_000], layoutBytes: 20_000, layoutRuns: 1, bookmarks: (20, 200))

    /// "1 MB", "20 kB": a size as the figures' names give it.
    static func label(_ bytes: Int) -> String {
        bytes % 1_000_000 == 0 ? "\(bytes / 1_000_000) MB" : bytes % 1_000 == 0 ? "\(bytes / 1_000) kB" : "\(bytes) bytes"
    }
}
