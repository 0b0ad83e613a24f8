import Dispatch
import Foundation
import Library
import ReaderUI
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

// MARK: - Figures and the report

struct Stats {
    var median, min, max: Double
    init(_ xs: [Double]) {
        let s = xs.sorted()
        median = s.isEmpty ? 0 : (s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2)
        min = s.first ?? 0
        max = s.last ?? 0
    }

    func scaled(_ name: String, by factor: Double, unit: String, note: String? = nil) -> Figure {
        Figure(name, unit: unit, median: median * factor, min: min * factor, max: max * factor, note: note)
    }
}

struct Target {
    var limit: Double
    var atMost: Bool
    var unit: String
    /// Checked against the worst value (max) rather than the median.
    var appliesToMax = false

    init(_ limit: Double, atMost: Bool, unit: String, appliesToMax: Bool = false) {
        self.limit = limit
        self.atMost = atMost
        self.unit = unit
        self.appliesToMax = appliesToMax
    }

    var text: String { (atMost ? "≤ " : "≥ ") + Fmt.number(limit) + " " + unit + (appliesToMax ? " (worst)" : "") }
    func passes(_ f: Figure) -> Bool {
        let v = appliesToMax ? (f.max ?? f.median) : f.median
        return atMost ? v <= limit : v >= limit
    }
}

struct Figure {
    var name: String
    var unit: String
    var median: Double
    var min: Double?
    var max: Double?
    /// Median peak resident memory of a child process, bytes.
    var rss: Double?
    var target: Target?
    var note: String?
    var outputLines = 0

    init(_ name: String, unit: String, median: Double, min: Double? = nil, max: Double? = nil,
         target: Target? = nil, note: String? = nil) {
        self.name = name
        self.unit = unit
        self.median = median
        self.min = min
        self.max = max
        self.target = target
        self.note = note
    }

    init(_ name: String, unit: String, values: [Double], note: String? = nil) {
        let s = Stats(values)
        self.init(name, unit: unit, median: s.median, min: s.min, max: s.max, note: note)
    }

    var result: String? { target.map { $0.passes(self) ? "PASS" : "MISS" } }
}

struct Section {
    var title: String
    var figures: [Figure]
}

struct BenchReport {
    var header: [String]
    var corpusBytes: Int
    var articles: Int
    var runs: Int
    var folder: String
    var sections: [Section] = []
    var footer: [String] = []

    var table: String {
        let columns = ["FIGURE", "MEDIAN", "MIN", "MAX", "UNIT", "PEAK RSS MB", "TARGET", "RESULT", "NOTE"]
        var rows: [[String]?] = []
        for section in sections {
            rows.append(nil)
            for f in section.figures {
                rows.append([f.name, Fmt.number(f.median), f.min.map(Fmt.number) ?? "", f.max.map(Fmt.number) ?? "", f.unit,
                             f.rss.map { Fmt.number($0 / 1e6) } ?? "", f.target?.text ?? "", f.result ?? "", f.note ?? ""])
            }
        }
        let widths = columns.indices.map { c in rows.compactMap { $0?[c] }.reduce(columns[c].count) { Swift.max($0, $1.count) } }
        func line(_ cells: [String]) -> String {
            cells.indices.map { c in
                let pad = String(repeating: " ", count: widths[c] - cells[c].count)
                return (1...3).contains(c) || c == 5 ? pad + cells[c] : cells[c] + (c == cells.count - 1 ? "" : pad)
            }.joined(separator: "  ")
        }
        var out = header.joined(separator: "\n") + "\n\n" + line(columns) + "\n"
        var sectionIndex = 0
        for row in rows {
            if let row {
                out += line(row) + "\n"
            } else {
                out += "\n" + sections[sectionIndex].title + "\n"
                sectionIndex += 1
            }
        }
        let targets = sections.flatMap(\.figures).filter { $0.target != nil }
        let missed = targets.filter { $0.result == "MISS" }.map(\.name)
        out += "\ntargets: \(targets.count - missed.count) of \(targets.count) pass"
            + (missed.isEmpty ? "" : "; missed: " + missed.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")) + "\n"
        return out + footer.map { $0 + "\n" }.joined()
    }

    var json: String {
        func number(_ x: Double?) -> String { x.flatMap { $0.isFinite ? String(format: "%.6g", $0) : nil } ?? "null" }
        let sectionsJSON = sections.map { section in
            JSON.object([("title", JSON.string(section.title)), ("figures", JSON.array(section.figures.map { f in
                JSON.object([
                    ("name", JSON.string(f.name.trimmingCharacters(in: .whitespaces))), ("unit", JSON.string(f.unit)),
                    ("median", number(f.median)), ("min", number(f.min)), ("max", number(f.max)),
                    ("peakRSSBytes", number(f.rss)),
                    ("target", f.target.map { JSON.object([("limit", number($0.limit)), ("atMost", $0.atMost ? "true" : "false"),
                                                           ("worst", $0.appliesToMax ? "true" : "false")]) } ?? "null"),
                    ("pass", f.target.map { $0.passes(f) ? "true" : "false" } ?? "null"),
                    ("note", JSON.string(f.note)),
                ])
            }))])
        }
        return JSON.object([
            ("corpus", JSON.object([("path", JSON.string(folder)), ("articles", String(articles)), ("bytes", String(corpusBytes))])),
            ("cores", String(Tools.cores)), ("runs", String(runs)), ("pageCacheWarmed", "true"),
            ("header", JSON.array(header.map { JSON.string($0) })),
            ("footer", JSON.array(footer.map { JSON.string($0) })),
            ("sections", JSON.array(sectionsJSON)),
        ]) + "\n"
    }
}

enum Fmt {
    static func number(_ x: Double) -> String {
        guard x.isFinite else { return "-" }
        let a = abs(x)
        return String(format: a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f", x)
    }

    static func grouped(_ n: Int) -> String { formatCount(n) }

    static func megabytes(_ bytes: Int) -> String { String(format: "%.1f", Double(bytes) / 1e6) }
    static func percent(_ part: Int, of whole: Int) -> String { String(format: "%.0f%%", 100 * Double(part) / Double(max(1, whole))) }

    /// Whether reader and grep found as much (files or lines), as a note.
    static func agreement(_ own: Int, _ grep: Int, _ what: String) -> String {
        let found = "\(grouped(own)) \(own == 1 ? String(what.dropLast()) : what)"
        return own == grep ? found + ", as grep" : found + " (grep: \(grouped(grep)))"
    }
}
