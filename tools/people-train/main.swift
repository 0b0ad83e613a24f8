// Trains the people detector's span model (`PeopleDetector+Model.swift`) on articles made by
// `to_articles.py` from the CoNLL-2003 training split, and writes its weights as Swift.
//
//   python3 ../shared/conll2003/to_articles.py ../shared/conll2003/eng.train /tmp/conll-train
//   swift run -c release people-train /tmp/conll-train --cv 5          # cross-validate on it
//   swift run -c release people-train /tmp/conll-train --write Sources/Library/People/SpanModelData.swift
//
// Logistic regression (L2) over the person spans the rules find — lone surnames and given names,
// full names, candidate surnames, two names side by side joined: a span is right when the gold
// has exactly it. `--cv K` prints P/R/F1 of K contiguous folds for a grid of thresholds, one
// varied at a time (each span judged alone, not by its article's mean); `--dump FILE` writes each
// span's cross-validated score; `--test DIR` trains on the first directory
// and scores the articles of DIR; `--explain FILE` prints each span's score by feature template.
// Deterministic: articles in name order, a fixed shuffle, weights written sorted by feature (the
// same bytes every run). Read only the training split: the development split measures.
//
// The word statistics (`LexiconStats.swift`) come from the same split, so cross-validation on it
// flatters the rules (the names of every article are in the lists). An honest estimate: derive
// the statistics from one half of eng.train (`tools/people-stats/derive.py HALF-A`), build, and
// cross-validate on the other half's articles.
//
// `--cross-fit N RAW` (RAW: the CoNLL file the articles came from) fixes that for training:
// the articles of each of N contiguous folds are read with word statistics derived from the
// other folds only (`derive.py RAW --leave-out K N`), so the model learns how far to trust the
// lists for names they have never seen, as on new text; the shipped lists stay whole.
import Foundation
import Library

struct Example {
    var features: [UInt64]
    var label: Float   // +1: a gold mention, -1: not
    var candidate: Bool
    var form: UInt8
    var judged: Bool
    var protected: Bool
    /// Indexes (in the corpus) of the two spans this one joins, or empty.
    var joinOf: [Int] = []
    var doc: Int
    var start = 0, end = 0
}

struct Options {
    var dir = ""
    var folds = 0
    var epochs = 12
    var l2 = 1e-4
    var write: String?
    // The shipped settings (chosen by cross-validation on the training split).
    var dropBelow: Float = -0.5
    var promoteAbove: Float = 0
    var dropUncertainBelow: Float = -1
    var dropProtectedBelow: Float = -2.5
    var joinAbove: Float = 0
    var minCount = 1
    var explain: [String] = []
    var dump: String?
    var test: String?
    var crossFit = 0
    var raw = ""
}

func parseOptions() -> Options {
    var o = Options()
    var args = Array(CommandLine.arguments.dropFirst())
    while !args.isEmpty {
        let a = args.removeFirst()
        switch a {
        case "--cv": o.folds = Int(args.removeFirst()) ?? 5
        case "--min-count": o.minCount = Int(args.removeFirst()) ?? 1
        case "--explain": o.explain.append(args.removeFirst())
        case "--l2": o.l2 = Double(args.removeFirst()) ?? 1e-4
        case "--epochs": o.epochs = Int(args.removeFirst()) ?? 12
        case "--write": o.write = args.removeFirst()
        case "--dump": o.dump = args.removeFirst()
        case "--test": o.test = args.removeFirst()
        case "--cross-fit":
            o.crossFit = Int(args.removeFirst()) ?? 0
            o.raw = args.isEmpty ? "" : args.removeFirst()
        case "--drop": o.dropBelow = Float(args.removeFirst()) ?? o.dropBelow
        case "--promote": o.promoteAbove = Float(args.removeFirst()) ?? o.promoteAbove
        case "--drop-uncertain": o.dropUncertainBelow = Float(args.removeFirst()) ?? o.dropUncertainBelow
        case "--drop-protected": o.dropProtectedBelow = Float(args.removeFirst()) ?? o.dropProtectedBelow
        case "--join": o.joinAbove = Float(args.removeFirst()) ?? o.joinAbove
        default: o.dir = a
        }
    }
    if o.dir.isEmpty {
        FileHandle.standardError.write("usage: people-train DIR [--cv K] [--epochs E] [--min-count N] [--l2 L] [--drop T] [--drop-uncertain T] [--drop-protected T] [--join T] [--promote T] [--dump FILE] [--test DIR] [--cross-fit N RAW] [--write FILE]\n".data(using: .utf8)!)
        exit(2)
    }
    return o
}

struct Corpus {
    var names: [String] = []
    var prose: [Bool] = []
    var goldCount: [Int] = []
    var examples: [Example] = []
}

/// The lexicon whose word statistics leave out fold `k` of `n` of `raw` (`derive.py --leave-out`).
func lexicon(leavingOut k: Int, of n: Int, raw: String) throws -> Lexicon {
    let derive = Process()
    derive.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    derive.arguments = ["python3", "tools/people-stats/derive.py", raw, "--leave-out", String(k), String(n)]
    let pipe = Pipe()
    derive.standardOutput = pipe
    try derive.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    derive.waitUntilExit()
    guard derive.terminationStatus == 0 else { throw CocoaError(.fileReadCorruptFile) }
    // Each list is the text between `static let NAME = """` and the closing `"""`.
    var lists: [String: String] = [:]
    var name: String?
    var words: [Substring] = []
    for line in output.split(separator: "\n") {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if let open = trimmed.range(of: "static let "), trimmed.hasSuffix("= \"\"\"") {
            name = String(trimmed[open.upperBound...].prefix { $0 != " " })
            words = []
        } else if trimmed == "\"\"\"", let n = name {
            lists[n] = words.joined(separator: " ")
            name = nil
        } else if name != nil {
            words.append(Substring(trimmed))
        }
    }
    var statistics = Lexicon.Statistics()
    guard let places = lists["statPlaces"], let others = lists["statNonPersons"],
          let given = lists["statGivenNames"], let surnames = lists["statSurnames"]
    else { throw CocoaError(.fileReadCorruptFile) }
    statistics.places = places
    statistics.nonPersons = others
    statistics.givenNames = given
    statistics.surnames = surnames
    return Lexicon(statistics: statistics)
}

/// The articles of `dir` with the spans the rules find; with `crossFit` > 1 each fold's articles
/// are read with statistics drawn from the other folds of `raw`.
func load(_ dir: String, crossFit: Int = 0, raw: String = "") throws -> Corpus {
    let goldData = try Data(contentsOf: URL(fileURLWithPath: dir + "/gold.json"))
    let gold = try JSONSerialization.jsonObject(with: goldData) as! [String: Any]
    var spans: [String: Set<[Int]>] = [:]
    for doc in gold["documents"] as! [[String: Any]] {
        var set = Set<[Int]>()
        for m in doc["mentions"] as! [[String: Any]] { set.insert([m["start"] as! Int, m["end"] as! Int]) }
        spans[doc["file"] as! String] = set
    }
    var kinds: [String: String] = [:]
    for line in try String(contentsOfFile: dir + "/docs.tsv", encoding: .utf8).split(separator: "\n").dropFirst() {
        let f = line.split(separator: "\t", omittingEmptySubsequences: false)
        kinds[String(f[0])] = String(f[1])
    }
    var c = Corpus()
    let names = kinds.keys.sorted()
    var lexicons: [Lexicon] = []
    for k in 0..<max(crossFit, 0) { lexicons.append(try lexicon(leavingOut: k, of: crossFit, raw: raw)) }
    for name in names {
        let text = try String(contentsOfFile: dir + "/" + name, encoding: .utf8)
        let g = spans[name] ?? []
        let doc = c.names.count
        c.names.append(name)
        c.prose.append(kinds[name] == "prose")
        c.goldCount.append(g.count)
        let base = c.examples.count
        let lexicon = lexicons.isEmpty ? Lexicon.shared : lexicons[doc * lexicons.count / names.count]
        for s in PeopleDetector.trainingSpans(ArticleText(text), lexicon: lexicon) {
            c.examples.append(Example(features: s.features, label: g.contains([s.start, s.end]) ? 1 : -1, candidate: s.candidate, form: s.form, judged: s.judged,
                                      protected: s.protected, joinOf: s.joinOf.map { $0 + base }, doc: doc, start: s.start, end: s.end))
        }
    }
    return c
}

/// Logistic regression with L2 regularisation, by stochastic gradient descent in a fixed shuffled
/// order: the score is the log-odds that the span is a gold mention. Features seen in fewer than
/// `minCount` examples are left out (they would only memorise).
func train(_ all: [Example], epochs: Int, minCount: Int, l2: Double = 1e-4, rate: Double = 0.05) -> [UInt64: Float] {
    let judged = all.filter(\.judged)
    var seen: [UInt64: Int] = [:]
    for e in judged { for f in e.features { seen[f, default: 0] += 1 } }
    let examples = judged.map { e -> Example in
        var e = e
        e.features = e.features.filter { seen[$0]! >= minCount }
        return e
    }
    var w: [UInt64: Double] = [:]
    var order = Array(examples.indices)
    var seed: UInt64 = 0x5EED
    let n = Double(examples.count)
    for epoch in 0..<epochs {
        for i in stride(from: order.count - 1, to: 0, by: -1) {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            let j = Int((seed >> 33) % UInt64(i + 1))
            order.swapAt(i, j)
        }
        let eta = rate / (1 + Double(epoch) * 0.5)
        for i in order {
            let e = examples[i]
            var z = 0.0
            for f in e.features { z += w[f] ?? 0 }
            let y = e.label > 0 ? 1.0 : 0.0
            let p = 1 / (1 + exp(-z))
            let g = y - p
            for f in e.features {
                let v = w[f] ?? 0
                // The L2 penalty spread over the examples a feature appears in.
                w[f] = v + eta * (g - l2 * n / Double(seen[f]!) * v)
            }
        }
    }
    var out: [UInt64: Float] = [:]
    for (f, v) in w where abs(v) >= 1e-3 { out[f] = Float(v) }
    return out
}

func score(_ w: [UInt64: Float], _ e: Example) -> Float {
    var s: Float = 0
    for f in e.features { s += w[f] ?? 0 }
    return s
}

struct Tally {
    var gold = 0, found = 0, correct = 0
    var p: Double { found == 0 ? 0 : Double(correct) / Double(found) }
    var r: Double { gold == 0 ? 0 : Double(correct) / Double(gold) }
    var f1: Double { p + r == 0 ? 0 : 2 * p * r / (p + r) }
    var text: String { String(format: "P %.3f R %.3f F1 %.3f (%d/%d/%d)", p, r, f1, correct, found, gold) }
}

func crossValidate(_ c: Corpus, _ o: Options) {
    var scores = [Float](repeating: 0, count: c.examples.count)
    // Contiguous blocks of articles: neighbouring articles share stories and names, so folds
    // by article number modulo K would flatter the model.
    func fold(_ doc: Int) -> Int { doc * o.folds / c.names.count }
    for k in 0..<o.folds {
        let trainSet = c.examples.filter { fold($0.doc) != k }
        let w = train(trainSet, epochs: o.epochs, minCount: o.minCount, l2: o.l2)
        for (i, e) in c.examples.enumerated() where fold(e.doc) == k { scores[i] = score(w, e) }
    }
    report(c, scores, o)
}

/// Trained on all of `c`, scored on `test` (another split, or the training split's other half).
func heldOut(_ c: Corpus, _ test: Corpus, _ o: Options) {
    let w = train(c.examples, epochs: o.epochs, minCount: o.minCount, l2: o.l2)
    report(test, test.examples.map { score(w, $0) }, o)
}

/// P/R/F1 of `c` with each span's score in `scores`, over a grid of thresholds.
func report(_ c: Corpus, _ scores: [Float], _ o: Options) {
    if let path = o.dump {
        // Each span with its cross-validated score, for studying the errors.
        var lines = ["file\tstart\tend\tform\tcandidate\tjudged\tprotected\tlabel\tscore\tjoinOf"]
        for (e, s) in zip(c.examples, scores) {
            let parts = e.joinOf.map { "\(c.examples[$0].start)-\(c.examples[$0].end)" }.joined(separator: ",")
            lines.append("\(c.names[e.doc])\t\(e.start)\t\(e.end)\t\(e.form)\t\(e.candidate)\t\(e.judged)\t\(e.protected)\t\(Int(e.label))\t" + String(format: "%.3f", s) + "\t" + parts)
        }
        try? (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }
    // One threshold varied at a time, the others as given.
    var grid: [(name: String, d: Float, p: Float, du: Float, dp: Float, j: Float)] = []
    for d: Float in [-1e9, -2, -1, -0.5, 0, 0.5] { grid.append(("drop", d, o.promoteAbove, o.dropUncertainBelow, o.dropProtectedBelow, o.joinAbove)) }
    for p: Float in [1e9, 1, 0.5, 0, -0.5, -1] { grid.append(("promote", o.dropBelow, p, o.dropUncertainBelow, o.dropProtectedBelow, o.joinAbove)) }
    for du: Float in [-1e9, -3, -2, -1.5, -1] { grid.append(("drop-uncertain", o.dropBelow, o.promoteAbove, du, o.dropProtectedBelow, o.joinAbove)) }
    for dp: Float in [-1e9, -3, -2, -1, -0.5, 0] { grid.append(("drop-protected", o.dropBelow, o.promoteAbove, o.dropUncertainBelow, dp, o.joinAbove)) }
    for j: Float in [1e9, 2, 1, 0.5, 0, -0.5, -1] { grid.append(("join", o.dropBelow, o.promoteAbove, o.dropUncertainBelow, o.dropProtectedBelow, j)) }
    for prose in [true, false] {
        let docs = Set(c.names.indices.filter { !prose || c.prose[$0] })
        let gold = docs.reduce(0) { $0 + c.goldCount[$1] }
        print(prose ? "prose:" : "all:")
        for g in grid {
            var kept = zip(c.examples, scores).map { e, s in
                e.joinOf.isEmpty && (e.candidate ? s > g.p : s >= (e.protected ? g.dp : e.form == 1 ? g.du : g.d))
            }
            // Two names joined replace the two.
            for (i, e) in c.examples.enumerated() where !e.joinOf.isEmpty && scores[i] > g.j {
                kept[i] = true
                for part in e.joinOf { kept[part] = false }
            }
            var t = Tally(gold: gold)
            for (i, e) in c.examples.enumerated() where kept[i] && docs.contains(e.doc) {
                t.found += 1
                if e.label > 0 { t.correct += 1 }
            }
            print("  " + g.name.padding(toLength: 15, withPad: " ", startingAt: 0) + String(format: "drop %4.1f promote %4.1f uncertain %4.1f protected %4.1f join %4.1f: ", g.d, g.p, g.du, g.dp, g.j) + t.text)
        }
    }
}

func writeModel(_ w: [UInt64: Float], _ o: Options, to path: String) throws {
    var bytes: [UInt8] = []
    for f in w.keys.sorted() {
        for j in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: f >> (8 * UInt64(j)))) }
        let bits = w[f]!.bitPattern
        for j in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt32(j)))) }
    }
    let encoded = Data(bytes).base64EncodedString()
    var lines: [String] = []
    var i = encoded.startIndex
    while i < encoded.endIndex {
        let j = encoded.index(i, offsetBy: 100, limitedBy: encoded.endIndex) ?? encoded.endIndex
        lines.append("        " + encoded[i..<j])
        i = j
    }
    let text = """
    // Generated by tools/people-train from the CoNLL-2003 training split: do not edit.
    // people-train TRAIN-ARTICLES \(CommandLine.arguments.dropFirst(2).joined(separator: " "))
    // \(w.count) feature weights of the people detector's span model (`PeopleDetector+Model.swift`):
    // base64 of (feature hash: UInt64, weight: Float32) records, little-endian, sorted by hash.
    enum SpanModelData {
        static let dropBelow: Float = \(o.dropBelow)
        static let promoteAbove: Float = \(o.promoteAbove)
        static let dropUncertainBelow: Float = \(o.dropUncertainBelow)
        static let dropProtectedBelow: Float = \(o.dropProtectedBelow)
        static let joinAbove: Float = \(o.joinAbove)
        static let weights = \"\"\"
    \(lines.joined(separator: "\n"))
        \"\"\"
    }

    """
    try text.write(toFile: path, atomically: true, encoding: .utf8)
}

/// Prints each span the rules find in `file` with its score and the templates that made it.
func explain(_ file: String, _ w: [UInt64: Float], _ o: Options) {
    guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return }
    let scalars = Array(text.unicodeScalars)
    for span in PeopleDetector.trainingSpans(ArticleText(text)) {
        var total: Float = 0
        var parts: [UInt8: Float] = [:]
        for (f, t) in zip(span.features, span.templates) {
            let v = w[f] ?? 0
            total += v
            parts[t, default: 0] += v
        }
        let name = String(String.UnicodeScalarView(scalars[span.start..<span.end]))
        let top = parts.sorted { abs($0.value) > abs($1.value) }.prefix(6).map { String(format: "t%d:%.1f", $0.key, $0.value) }
        print(String(format: "%7.2f form %d ", total, span.form) + name + "  " + top.joined(separator: " "))
    }
}

let options = parseOptions()
do {
    let corpus = try load(options.dir, crossFit: options.crossFit, raw: options.raw)
    let positives = corpus.examples.filter { $0.label > 0 }.count
    print("\(corpus.names.count) articles, \(corpus.examples.count) spans (\(positives) right), \(corpus.goldCount.reduce(0, +)) gold mentions")
    if options.folds > 1 { crossValidate(corpus, options) }
    if let test = options.test { heldOut(corpus, try load(test), options) }
    if !options.explain.isEmpty {
        let w = train(corpus.examples, epochs: options.epochs, minCount: options.minCount, l2: options.l2)
        for file in options.explain { explain(file, w, options) }
    }
    if let path = options.write {
        let w = train(corpus.examples, epochs: options.epochs, minCount: options.minCount, l2: options.l2)
        try writeModel(w, options, to: path)
        print("wrote \(w.count) weights to \(path)")
    }
} catch {
    FileHandle.standardError.write("people-train: \(error)\n".data(using: .utf8)!)
    exit(1)
}
