import Foundation
import Testing
import TestSupport
@testable import ReaderBench

/// `reader-bench`: its arithmetic, and the real command on a tiny generated corpus (figures are
/// never asserted: only that it runs, reports every section and leaves no trace).
struct BenchTests {
    @Test func medianMinMax() {
        let odd = Stats([5, 1, 3])
        #expect((odd.median, odd.min, odd.max) == (3, 1, 5))
        let even = Stats([4, 1, 2, 10])
        #expect((even.median, even.min, even.max) == (3, 1, 10))
        #expect(Stats([]).median == 0)
    }

    @Test func targetsPassOrMiss() {
        let figure = Figure("f", unit: "ms", median: 4, min: 1, max: 9)
        #expect(Target(5, atMost: true, unit: "ms").passes(figure))
        #expect(!Target(5, atMost: true, unit: "ms", appliesToMax: true).passes(figure))
        #expect(!Target(50, atMost: false, unit: "MB/s").passes(figure))
        #expect(Target(4, atMost: false, unit: "MB/s").passes(figure))
    }

    @Test func numbers() {
        #expect(Fmt.grouped(0) == "0")
        #expect(Fmt.grouped(999) == "999")
        #expect(Fmt.grouped(10_000) == "10,000")
        #expect(Fmt.grouped(-1_234_567) == "-1,234,567")
        #expect(Fmt.number(282.4) == "282")
        #expect(Fmt.number(72.44) == "72.4")
        #expect(Fmt.number(0.0123) == "0.012")
        #expect(Fmt.agreement(1, 1, "files") == "1 file, as grep")
        #expect(Fmt.agreement(3, 4, "files") == "3 files (grep: 4)")
    }

    @Test func runsOnASmallGeneratedCorpusAndLeavesNoTrace() throws {
        let temp = TempFolder("reader-bench-test")
        let tmp = temp.path + "/tmp", home = temp.path + "/home"
        for dir in [tmp, home] { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        let env = isolatedEnvironment(home: home, extra: ["TMPDIR": tmp])
        let first = try runProcess(PackagePaths.readerBench, ["bench", "--count", "12", "--runs", "1", "--json", "--quick"], environment: env)
        #expect(first.status == 0, "\(first.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        let corpus = try #require(json["corpus"] as? [String: Any])
        #expect(corpus["articles"] as? Int == 12)
        let sections = try #require(json["sections"] as? [[String: Any]])
        #expect(sections.count == 11)
        let names = sections.flatMap { ($0["figures"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String } }
        for expected in ["cat of every file (one process)", "first screen, cold (no cache)", "detection, one core",
                         "Layout(text:width: 80), 20 kB article", "reader bookmarks import, 200 W3C annotations",
                         "one name-dense 80 kB article: detection + linking", "indexes ready after one file changed"] {
            #expect(names.contains(expected), "no figure \(expected)")
        }
        // Only the generated corpus stays (no scratch folder), and nothing was written in HOME.
        #expect(temp.list("tmp") == ["reader-bench-corpus-n12-s1"])
        #expect(temp.list("tmp/reader-bench-corpus-n12-s1").count == 12)
        #expect(temp.list("home").isEmpty)
    }

    @Test func generatedCorpusIsReusedOnlyWhenComplete() throws {
        let temp = TempFolder("reader-bench-test")
        let first = try GeneratedCorpus.prepare(count: 5, seed: 3, under: temp.path)
        #expect(first.state.hasPrefix("generated now"))
        #expect(temp.list("reader-bench-corpus-n5-s3").count == 5)
        let bytes = temp.read("reader-bench-corpus-n5-s3/000002.txt") ?? temp.read("reader-bench-corpus-n5-s3/000002.md")
        #expect(try GeneratedCorpus.prepare(count: 5, seed: 3, under: temp.path).state.hasPrefix("generated earlier"))
        // A file missing: made again, the same bytes (deterministic), nothing left beside it.
        let name = try #require(temp.list("reader-bench-corpus-n5-s3").first)
        try FileManager.default.removeItem(atPath: first.folder + "/" + name)
        #expect(try GeneratedCorpus.prepare(count: 5, seed: 3, under: temp.path).state.hasPrefix("generated now"))
        #expect(temp.list("reader-bench-corpus-n5-s3").count == 5)
        #expect((temp.read("reader-bench-corpus-n5-s3/000002.txt") ?? temp.read("reader-bench-corpus-n5-s3/000002.md")) == bytes)
        #expect(temp.list("") == ["reader-bench-corpus-n5-s3"])
    }

    @Test func errorsAreOneLine() throws {
        let temp = TempFolder("reader-bench-test")
        let env = isolatedEnvironment(home: temp.path, extra: ["TMPDIR": temp.path])
        let missing = try runProcess(PackagePaths.readerBench, ["bench", "--corpus", temp.path + "/none"], environment: env)
        #expect(missing.status == 1)
        #expect(missing.stderr.split(separator: "\n").count == 1, "\(missing.stderr)")
        var noGrep = env
        noGrep["PATH"] = temp.path
        let tools = try runProcess(PackagePaths.readerBench, ["bench", "--count", "3"], environment: noGrep)
        #expect(tools.status == 1)
        #expect(tools.stderr == "reader: bench: grep not found on PATH (it is a baseline); install it or fix PATH\n")
        let unwritable = try runProcess(PackagePaths.readerBench, ["bench", "--count", "3"],
                                        environment: env.merging(["TMPDIR": temp.write("file", "")]) { $1 })
        #expect(unwritable.status == 1)
        #expect(unwritable.stderr.split(separator: "\n").count == 1, "\(unwritable.stderr)")
        #expect(unwritable.stderr.contains("cannot create a scratch folder"))
    }
}
