import Foundation
import Testing
import TestSupport
@testable import Library

/// People on real news nobody here wrote: the CoNLL-2003 development split (Reuters, 1996),
/// read from `../shared/conll2003/` beside the main checkout (never copied into the repository)
/// and made into articles by its `to_articles.py`. Scored as `score_split.py` scores: exact
/// spans, all documents and prose documents apart. The statistics the detector uses come from
/// the training split only (`tools/people-stats/derive.py`); this split only measures.
@Suite struct ConllTests {
    /// The figures this test insists on: the issue's targets (prose F1 0.93, all 0.90, P and R
    /// 0.90 on prose), raised where the detector does better so that it never falls back.
    /// Now: prose P 0.953 R 0.934 F1 0.943, all P 0.959 R 0.939 F1 0.949.
    static let floors = (proseF1: 0.93, allF1: 0.93, proseP: 0.94, proseR: 0.92)

    static var shared: String? {
        for up in ["/..", "/../..", "/../../.."] {
            let dir = PackagePaths.root + up + "/shared/conll2003"
            if FileManager.default.fileExists(atPath: dir + "/eng.testa") { return dir }
        }
        return nil
    }

    struct Score: CustomStringConvertible {
        var gold = 0, found = 0, correct = 0
        var p: Double { found == 0 ? 0 : Double(correct) / Double(found) }
        var r: Double { gold == 0 ? 0 : Double(correct) / Double(gold) }
        var f1: Double { p + r == 0 ? 0 : 2 * p * r / (p + r) }
        var description: String { String(format: "P %.3f R %.3f F1 %.3f (gold %d, found %d, correct %d)", p, r, f1, gold, found, correct) }
    }

    @Test(.enabled(if: shared != nil && FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")))
    func developmentSplitMeetsTheTargets() throws {
        let dir = try #require(Self.shared)
        let out = TempFolder("conll-testa")
        let made = try runProcess("/usr/bin/python3", [dir + "/to_articles.py", dir + "/eng.testa", out.path])
        #expect(made.status == 0, "\(made.stderr)")
        let gold = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out.file("gold.json")))) as? [String: Any])
        var goldSpans = Set<String>()
        for doc in try #require(gold["documents"] as? [[String: Any]]) {
            let file = try #require(doc["file"] as? String)
            for m in try #require(doc["mentions"] as? [[String: Any]]) {
                goldSpans.insert("\(file):\(try #require(m["start"] as? Int)):\(try #require(m["end"] as? Int))")
            }
        }
        var prose = Set<String>()
        for line in try String(contentsOfFile: out.file("docs.tsv"), encoding: .utf8).split(separator: "\n").dropFirst() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            if fields.count > 1 && fields[1] == "prose" { prose.insert(String(fields[0])) }
        }
        let (corpus, found) = Corpus.load([out.path]) { _, text in PeopleDetector.detect(text) }
        let index = PeopleIndex.build(articles: corpus.articles, mentions: found)
        var foundSpans = Set<String>()
        for p in index.people.indices {
            for m in index.mentions(of: p) {
                let name = String(corpus.articles[m.article].path.split(separator: "/").last!)
                foundSpans.insert("\(name):\(m.range.lowerBound):\(m.range.upperBound)")
            }
        }
        func score(_ keep: (String) -> Bool) -> Score {
            let g = goldSpans.filter(keep), s = foundSpans.filter(keep)
            return Score(gold: g.count, found: s.count, correct: g.intersection(s).count)
        }
        let all = score { _ in true }
        let proseScore = score { prose.contains(String($0.split(separator: ":")[0])) }
        print("people on CoNLL-2003 eng.testa: all \(all); prose \(proseScore)")
        #expect(all.gold == 1842)
        #expect(proseScore.f1 >= Self.floors.proseF1)
        #expect(all.f1 >= Self.floors.allF1)
        #expect(proseScore.p >= Self.floors.proseP)
        #expect(proseScore.r >= Self.floors.proseR)
    }
}
