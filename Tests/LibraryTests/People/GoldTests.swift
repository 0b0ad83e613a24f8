import Foundation
import Testing
@testable import Library

/// Quality on hand-annotated articles: the three seeds, eight articles written for development,
/// and held-out articles written after the rules were done.
///
/// Gold format: the article text with each person mention wrapped as `[[surface|person-id]]`
/// (ids are shared across articles: the same id in two files is the same person). Removing the
/// markup gives the article exactly; for the seeds, exactly the file in `seeds/`.
@Suite struct GoldTests {
    struct GoldMention: Hashable {
        var article: Int
        var start: Int
        var end: Int
    }

    struct GoldArticle {
        var name: String
        var text: String
        var mentions: [(start: Int, end: Int, id: String)]
    }

    static let goldFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Gold")
    static let seedsFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("seeds")

    /// Parses `[[surface|id]]` markup; offsets count scalars of the text without markup.
    static func parse(_ marked: String, name: String) throws -> GoldArticle {
        let s = Array(marked.unicodeScalars)
        var plain = String.UnicodeScalarView()
        var count = 0
        var mentions: [(Int, Int, String)] = []
        var i = 0
        while i < s.count {
            if s[i] == "[" && i + 1 < s.count && s[i + 1] == "[" {
                guard let bar = s[(i + 2)...].firstIndex(of: "|"),
                      let close = s[bar...].indices.first(where: { $0 + 1 < s.count && s[$0] == "]" && s[$0 + 1] == "]" }) else {
                    throw GoldError.malformed(name, "unclosed [[ at scalar \(i)")
                }
                let surface = s[(i + 2)..<bar]
                let id = String(String.UnicodeScalarView(s[(bar + 1)..<close]))
                guard !surface.isEmpty, !id.isEmpty, !surface.contains("["), !surface.contains("]"), !id.contains("|") else {
                    throw GoldError.malformed(name, "bad mention at scalar \(i)")
                }
                mentions.append((count, count + surface.count, id))
                plain.append(contentsOf: surface)
                count += surface.count
                i = close + 2
            } else {
                plain.append(s[i])
                count += 1
                i += 1
            }
        }
        return GoldArticle(name: name, text: String(plain), mentions: mentions)
    }

    enum GoldError: Error { case malformed(String, String) }

    static func load(_ folder: String) throws -> [GoldArticle] {
        let dir = goldFolder.appendingPathComponent(folder)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return [] }
        return try names.filter { $0.hasSuffix(".txt") }.sorted().map { name in
            let data = try Data(contentsOf: dir.appendingPathComponent(name))
            return try parse(String(decoding: data, as: UTF8.self), name: folder + "/" + name)
        }
    }

    struct Scores: CustomStringConvertible {
        var gold = 0, predicted = 0, matched = 0
        var linkPrecision = 0.0, linkRecall = 0.0
        var precision: Double { predicted == 0 ? 0 : Double(matched) / Double(predicted) }
        var recall: Double { gold == 0 ? 0 : Double(matched) / Double(gold) }
        var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
        var linkF1: Double { linkPrecision + linkRecall == 0 ? 0 : 2 * linkPrecision * linkRecall / (linkPrecision + linkRecall) }
        var description: String {
            func f(_ x: Double) -> String { String(format: "%.3f", x) }
            return "mentions P \(f(precision)) R \(f(recall)) F1 \(f(f1)) (gold \(gold), found \(predicted), exact \(matched)); "
                + "linking B³ P \(f(linkPrecision)) R \(f(linkRecall)) F1 \(f(linkF1))"
        }
    }

    /// Detects and links `articles` as one corpus and scores the mentions of the articles in
    /// `scored` (all when nil): exact-span person mentions, and B³ linking over the gold mentions
    /// found with their exact span.
    static func evaluate(_ articles: [GoldArticle], scored: Set<Int>? = nil, verbose: Bool = false) -> Scores {
        let found = articles.map { PeopleDetector.detect(ArticleText($0.text)) }
        let index = PeopleIndex.build(articleCount: articles.count, mentions: found)
        var predicted: [GoldMention: Int] = [:]
        for a in articles.indices {
            for m in index.mentions(inArticle: a) { predicted[GoldMention(article: a, start: m.range.lowerBound, end: m.range.upperBound)] = m.person }
        }
        var gold: [GoldMention: String] = [:]
        for (a, article) in articles.enumerated() {
            for m in article.mentions { gold[GoldMention(article: a, start: m.start, end: m.end)] = m.id }
        }
        let inScope = { (m: GoldMention) in scored?.contains(m.article) ?? true }
        var scores = Scores()
        scores.gold = gold.keys.filter(inScope).count
        scores.predicted = predicted.keys.filter(inScope).count
        let matched = gold.keys.filter { inScope($0) && predicted[$0] != nil }
        scores.matched = matched.count
        // B³ over matched mentions (clusters taken over all matched mentions of the corpus).
        let allMatched = gold.keys.filter { predicted[$0] != nil }
        var goldSize: [String: Int] = [:], predictedSize: [Int: Int] = [:], both: [String: [Int: Int]] = [:]
        for m in allMatched {
            goldSize[gold[m]!, default: 0] += 1
            predictedSize[predicted[m]!, default: 0] += 1
            both[gold[m]!, default: [:]][predicted[m]!, default: 0] += 1
        }
        var p = 0.0, r = 0.0
        for m in matched {
            let overlap = Double(both[gold[m]!]![predicted[m]!]!)
            p += overlap / Double(predictedSize[predicted[m]!]!)
            r += overlap / Double(goldSize[gold[m]!]!)
        }
        scores.linkPrecision = matched.isEmpty ? 0 : p / Double(matched.count)
        scores.linkRecall = matched.isEmpty ? 0 : r / Double(matched.count)
        if verbose {
            func show(_ m: GoldMention) -> String {
                let scalars = Array(articles[m.article].text.unicodeScalars)
                let from = max(0, m.start - 30), to = min(scalars.count, m.end + 30)
                func s(_ r: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[r])).replacingOccurrences(of: "\n", with: " ") }
                return "\(articles[m.article].name): …\(s(from..<m.start))[\(s(m.start..<m.end))]\(s(m.end..<to))…"
            }
            for m in gold.keys.filter({ inScope($0) && predicted[$0] == nil }).sorted(by: { ($0.article, $0.start) < ($1.article, $1.start) }) {
                print("  missed:   " + show(m))
            }
            for m in predicted.keys.filter({ inScope($0) && gold[$0] == nil }).sorted(by: { ($0.article, $0.start) < ($1.article, $1.start) }) {
                print("  spurious: " + show(m) + " → " + index.people[predicted[m]!].name)
            }
            for (id, clusters) in both.sorted(by: { $0.key < $1.key }) where clusters.count > 1 {
                print("  split:    \(id) → " + clusters.keys.map { index.people[$0].name }.joined(separator: " | "))
            }
            for (person, n) in predictedSize.sorted(by: { $0.key < $1.key }) {
                let ids = Set(allMatched.filter { predicted[$0] == person }.map { gold[$0]! })
                if ids.count > 1 { print("  merged:   \(index.people[person].name) (\(n)) ← " + ids.sorted().joined(separator: ", ")) }
            }
        }
        return scores
    }

    @Test func seedGoldIsTheSeedTextExactly() throws {
        let seeds = try GoldTests.load("seeds")
        #expect(seeds.count == 3)
        for article in seeds {
            let file = GoldTests.seedsFolder.appendingPathComponent(String(article.name.dropFirst("seeds/".count)))
            let original = String(decoding: try Data(contentsOf: file), as: UTF8.self)
            #expect(article.text == original, "\(article.name) differs from the seed once markup is removed")
            #expect(!article.mentions.isEmpty)
        }
    }

    @Test func goldMarkupParses() throws {
        let article = try GoldTests.parse("A [[Łukasz Nowak|nowak]] and [[Nowak|nowak]]’s dog.", name: "t")
        #expect(article.text == "A Łukasz Nowak and Nowak’s dog.")
        #expect(article.mentions.map(\.start) == [2, 19])
        #expect(article.mentions.map(\.end) == [14, 24])
        #expect(throws: GoldError.self) { try GoldTests.parse("A [[broken", name: "t") }
    }

    @Test func qualityOnGold() throws {
        let seeds = try GoldTests.load("seeds")
        let own = try GoldTests.load("own")
        // Held-out checks. heldout1 was written once the rules were done and first scored
        // P 0.900 R 0.931 F1 0.915 (linking 1.000); two general fixes followed (the Welsh particle
        // "ap", English word endings in unknown pairs). heldout2 was written after those and first
        // scored P 0.789 R 0.833 F1 0.811 (linking 1.000); two more general fixes followed (the
        // particle "dela", storm and operation names). Both batches now count as seen.
        let heldOut1 = try GoldTests.load("heldout1")
        let heldOut2 = try GoldTests.load("heldout2")
        #expect(own.count >= 8)
        #expect(heldOut1.count + heldOut2.count >= 2)
        let verbose = ProcessInfo.processInfo.environment["PEOPLE_GOLD_VERBOSE"] != nil
        let seedScores = GoldTests.evaluate(seeds, verbose: verbose)
        let ownScores = GoldTests.evaluate(own, verbose: verbose)
        let all = seeds + own + heldOut1 + heldOut2
        let allScores = GoldTests.evaluate(all)
        print("people gold, seeds (\(seeds.count) articles): \(seedScores)")
        print("people gold, own development articles (\(own.count)): \(ownScores)")
        var first = seeds.count + own.count
        for (name, batch) in [("held-out batch 1", heldOut1), ("held-out batch 2", heldOut2)] where !batch.isEmpty {
            let scores = GoldTests.evaluate(all, scored: Set(first..<(first + batch.count)), verbose: verbose)
            print("people gold, \(name) (\(batch.count) articles, linked with all): \(scores)")
            first += batch.count
        }
        print("people gold, all (\(all.count) articles): \(allScores)")
        #expect(allScores.f1 >= 0.95)
        #expect(allScores.linkF1 >= 0.95)
        #expect(seedScores.f1 >= 0.95)
    }
}
