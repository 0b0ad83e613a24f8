import Dispatch
import Synchronization

/// `reader search` without the terminal: parses the query, walks the folders, searches the files
/// on all cores a batch at a time, and writes each batch's results in folder order.
///
/// Text output, per matching article: `PATH: N matches`, then `PATH:LINE: context` per matching
/// line (a long line once per stretch of it around matches)
/// (context sanitised). `pathsOnly`: one path a line. JSON: see `reader search --help`.
/// Exit status as grep: 0 something matched, 1 nothing did, 2 a bad query or an unusable PATH.
public struct FileSearchRun: Sendable {
    public var json: Bool
    public var pathsOnly: Bool
    public var prefixLast: Bool
    public var options = LoadOptions()
    /// Files searched between two writes.
    public var batchSize = 1024

    public init(json: Bool = false, pathsOnly: Bool = false, prefixLast: Bool = false) {
        self.json = json
        self.pathsOnly = pathsOnly
        self.prefixLast = prefixLast
    }

    /// Finds the paths of the articles mentioning the people a `person:` name refers to (`isPrefix`
    /// with `prefixLast` on the last word), or nil when no one has that name. Called only for
    /// queries with `person:`.
    public typealias PeopleLookup = (_ name: String, _ isPrefix: Bool) -> Set<String>?

    /// Runs the search; returns the exit status. `warn` gets one-line messages for standard
    /// error (unsanitised).
    public func run(query text: String, roots: [String], people: PeopleLookup? = nil,
                    output: ([UInt8]) -> Void, warn: (String) -> Void) -> Int32 {
        let query: Query
        do {
            query = try Query.parse(text, prefixLast: prefixLast)
        } catch {
            warn("bad query: \(error.message), at column \(error.column)")
            return 2
        }
        return run(query, roots: roots, people: people, output: output, warn: warn)
    }

    public func run(_ query: Query, roots: [String], people: PeopleLookup? = nil,
                    output: ([UInt8]) -> Void, warn: (String) -> Void) -> Int32 {
        let (files, issues) = FileScanner.collect(roots, stamps: false)
        var skipped: [LoadIssue] = issues.filter { $0.severity == .skipped }
        let unusableRoots = roots.filter { root in issues.contains { $0.path == root && $0.severity == .skipped } }
        var notes: [String] = []
        var personPaths: [Int: Set<String>] = [:]
        for (i, t) in query.terms.enumerated() where t.field == .person {
            if let people {
                if let paths = people(t.text, t.isPrefix) { personPaths[i] = paths } else { notes.append("person:\(t.text): no one by that name") }
            } else {
                notes.append("person:\(t.text) matches nothing: the people index is not available")
            }
        }
        let searcher = FileSearcher(query: query, people: personPaths)

        var matchedCount = 0
        var searchSkipped = 0
        var firstArticle = true
        if json { output(Array(("{\"query\":" + JSON.string(query.source) + ",\"articles\":[").utf8)) }
        let threads = max(1, options.threads)
        let maxBytes = options.maxFileBytes
        let wantHits = !pathsOnly
        var start = 0
        while start < files.count {
            let batch = Array(files[start..<min(files.count, start + max(1, batchSize))])
            start += batch.count
            let outputs = ResultSlots<(bytes: [UInt8], issue: LoadIssue?, matched: Bool)>(count: batch.count)
            let next = Atomic<Int>(0)
            DispatchQueue.concurrentPerform(iterations: min(threads, batch.count)) { _ in
                while true {
                    let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    if i >= batch.count { break }
                    let file = batch[i]
                    switch searcher.search(file, maxBytes: maxBytes, wantHits: wantHits) {
                    case .skipped(let problem):
                        outputs[i] = ([], LoadIssue(path: file.path, problem: problem), false)
                    case .noMatch:
                        outputs[i] = ([], nil, false)
                    case .matched(let text, let hits, let fields):
                        outputs[i] = (format(file.path, text, hits, fields, query: query), nil, true)
                    }
                }
            }
            var chunk: [UInt8] = []
            for result in outputs.values {
                if let issue = result.issue { skipped.append(issue); searchSkipped += 1 }
                guard result.matched else { continue }
                matchedCount += 1
                if json && !firstArticle { chunk.append(UInt8(ascii: ",")) }
                firstArticle = false
                chunk += result.bytes
            }
            if !chunk.isEmpty { output(chunk) }
        }
        if json {
            let skippedJSON = skipped.map { JSON.object([("path", JSON.string($0.path)), ("problem", JSON.string($0.problem))]) }
            output(Array(("],\"matched\":\(matchedCount),\"searched\":\(files.count - searchSkipped)"
                          + ",\"skipped\":" + JSON.array(skippedJSON) + ",\"notes\":" + JSON.array(notes.map { JSON.string($0) }) + "}\n").utf8))
        } else {
            for issue in skipped { warn("skipped " + issue.description) }
            for note in notes { warn(note) }
        }
        if !unusableRoots.isEmpty { return 2 }
        return matchedCount > 0 ? 0 : 1
    }

    /// `Sanitizer.clean`, skipped for plain printable ASCII (most paths).
    static func clean(_ s: String) -> String {
        s.utf8.allSatisfy { (0x20...0x7E).contains($0) } ? s : Sanitizer.clean(s)
    }

    func format(_ path: String, _ text: ArticleText, _ hits: [FileSearcher.Hit], _ fields: [FileSearcher.FieldHit],
                query: Query) -> [UInt8] {
        if pathsOnly {
            return Array((json ? JSON.object([("path", JSON.string(path))]) : Self.clean(path) + "\n").utf8)
        }
        if json {
            var items: [String] = []
            items.reserveCapacity(hits.count)
            for hit in hits {
                items.append(JSON.object([
                    ("line", String(hit.line)), ("column", String(hit.column)),
                    ("start", String(hit.range.lowerBound)), ("end", String(hit.range.upperBound)),
                    ("term", String(hit.term)), ("text", JSON.string(text.string(hit.range))),
                    ("context", JSON.string(FileSearcher.context(of: hit, in: text))),
                ]))
            }
            let fieldItems = fields.map { f in
                JSON.object([
                    ("field", JSON.string(f.field.rawValue)), ("text", JSON.string(f.value)),
                    ("matches", JSON.array(f.matches.map { m in
                        JSON.object([("start", String(m.range.lowerBound)), ("end", String(m.range.upperBound)), ("term", String(m.term))])
                    })),
                ])
            }
            return Array(JSON.object([("path", JSON.string(path)), ("matches", String(hits.count)),
                                      ("hits", JSON.array(items)), ("fields", JSON.array(fieldItems))]).utf8)
        }
        let shownPath = Array(Self.clean(path).utf8)
        var out: [UInt8] = []
        out.reserveCapacity(hits.count * 120 + 64)
        out += shownPath
        switch hits.count {
        case 0 where query.highlightCount == 0: out += Array(": matches (the query has no words to show)\n".utf8)
        case 0 where !fields.isEmpty:
            out += Array(": 0 matches in the text (its \(fields.map(\.field.rawValue).joined(separator: " and ")) matched)\n".utf8)
        case 0: out += Array(": 0 matches in the text (its title or author matched)\n".utf8)
        case 1: out += Array(": 1 match\n".utf8)
        default: out += Array(": \(hits.count) matches\n".utf8)
        }
        // The title or author that matched, in place of a line number: `PATH:title: Harbour reopens`.
        for field in fields {
            out += shownPath
            out += Array(":\(field.field.rawValue): ".utf8)
            out += Array(Sanitizer.clean(field.value).utf8)
            out.append(UInt8(ascii: "\n"))
        }
        // A match the line already printed shows is not printed again (two words of the query
        // on one line give one line, as grep does); a long line's far matches get their own.
        var shown: (line: Int, range: Range<Int>)?
        for hit in hits {
            if let shown, shown.line == hit.line, shown.range.contains(hit.range.lowerBound),
               hit.range.upperBound <= shown.range.upperBound { continue }
            shown = (hit.line, text.scalars.withUnsafeBufferPointer { FileSearcher.contextRange(of: hit, in: $0, width: 100).range })
            out += shownPath
            out.append(UInt8(ascii: ":"))
            out += Array(String(hit.line).utf8)
            out += [UInt8(ascii: ":"), UInt8(ascii: " ")]
            FileSearcher.appendSanitizedContext(of: hit, in: text, to: &out)
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }
}
