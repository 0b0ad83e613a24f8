import Foundation
import Testing
import TestSupport
@testable import Library

/// `reader search` as the command runs it (output, messages, exit status), on files in a
/// temporary folder.
@Suite("reader search")
struct SearchRunTests {
    /// A fresh folder with the given files, removed after `body`.
    func withFolder(_ files: [String: String], _ body: (String) throws -> Void) throws {
        let folder = TempFolder("search-run")
        for (name, text) in files { folder.write(name, text) }
        try body(folder.path)
    }

    struct Result {
        var status: Int32
        var out: String
        var err: [String]
    }

    func run(_ query: String, _ roots: [String], json: Bool = false, pathsOnly: Bool = false, prefix: Bool = false) -> Result {
        var out: [UInt8] = []
        var err: [String] = []
        var runner = FileSearchRun(json: json, pathsOnly: pathsOnly, prefixLast: prefix)
        runner.batchSize = 2   // several batches even for a few files
        let status = runner.run(query: query, roots: roots, output: { out += $0 }, warn: { err.append($0) })
        return Result(status: status, out: String(decoding: out, as: UTF8.self), err: err)
    }

    static let files = [
        "a.txt": "Wagner news\n\nPrigozhin’s men left. Later Prigozhin spoke.\n",
        "b.txt": "Other news\n\nNothing here about him.\n",
        "sub/c.md": "# Kremlin notes\n\nJosé said prigozhin was gone.\n",
    ]

    @Test func matchesWithCountsAndContext() throws {
        try withFolder(Self.files) { dir in
            let r = run("prigozhin", [dir])
            #expect(r.status == 0)
            #expect(r.out == """
                \(dir)/a.txt: 2 matches
                \(dir)/a.txt:3: Prigozhin’s men left. Later Prigozhin spoke.
                \(dir)/sub/c.md: 1 match
                \(dir)/sub/c.md:3: José said prigozhin was gone.

                """)
            #expect(r.err.isEmpty)
            #expect(run("prigozhin", [dir], pathsOnly: true).out == "\(dir)/a.txt\n\(dir)/sub/c.md\n")
            #expect(run("jose prig", [dir], prefix: true).out.hasPrefix("\(dir)/sub/c.md: 2 matches\n"))
        }
    }

    /// A `title:` or `author:` word is shown where it matched, in the title or author, never as
    /// lines of the text that happen to hold it; plain words still print their lines.
    @Test func fieldWordsPrintTheFieldNotTheText() throws {
        let files = [
            "a.txt": "Harbour reopens\n\nBy Ines Obi\n\nThe harbour reopened today, Obi wrote.\n",
            "b.txt": "Market day\n\nThe harbour market is back.\n",
            "c.html": "<html><head><title>Harbour ferry news</title></head><body><p>Boats again.</p></body></html>",
        ]
        try withFolder(files) { dir in
            #expect(run("title:harbour", [dir]).out == """
                \(dir)/a.txt: 0 matches in the text (its title matched)
                \(dir)/a.txt:title: Harbour reopens
                \(dir)/c.html: 0 matches in the text (its title matched)
                \(dir)/c.html:title: Harbour ferry news

                """)
            #expect(run("author:obi reopened", [dir]).out == """
                \(dir)/a.txt: 1 match
                \(dir)/a.txt:author: Ines Obi
                \(dir)/a.txt:5: The harbour reopened today, Obi wrote.

                """)
            // A plain word the text holds prints its lines (the title's line among them).
            #expect(run("market", [dir]).out == """
                \(dir)/b.txt: 2 matches
                \(dir)/b.txt:1: Market day
                \(dir)/b.txt:3: The harbour market is back.

                """)
            let json = run("title:harbour", [dir], json: true).out
            let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
            let articles = try #require(object?["articles"] as? [[String: Any]])
            #expect(articles.map { ($0["hits"] as? [Any])?.count } == [0, 0])
            let fields = try #require(articles.first?["fields"] as? [[String: Any]])
            #expect(fields.first?["field"] as? String == "title")
            #expect(fields.first?["text"] as? String == "Harbour reopens")
            let match = try #require((fields.first?["matches"] as? [[String: Any]])?.first)
            #expect(match["start"] as? Int == 0 && match["end"] as? Int == 7)
        }
    }

    /// Two matches on one short line print it once; on a long line, matches too far apart for
    /// one context line each get their own, and the count still counts every match.
    @Test func aLineIsPrintedOncePerStretchOfMatches() throws {
        let long = "Nowak spoke first. " + String(repeating: "The talks went on and on. ", count: 12) + "Then Nowak left."
        try withFolder(["a.txt": "Title\n\nHelen Okafor thanked Helen Okafor.\n" + long + "\n"]) { dir in
            let r = run("okafor", [dir])
            #expect(r.out.hasPrefix("\(dir)/a.txt: 2 matches\n"))
            #expect(r.out.components(separatedBy: "a.txt:3:").count == 2)
            let far = run("nowak", [dir])
            #expect(far.out.hasPrefix("\(dir)/a.txt: 2 matches\n"))
            #expect(far.out.components(separatedBy: "a.txt:4:").count == 3)
        }
    }

    @Test func exitStatusesLikeGrep() throws {
        try withFolder(Self.files) { dir in
            #expect(run("kremlin", [dir]).status == 0)
            let none = run("zanzibar", [dir])
            #expect(none.status == 1)
            #expect(none.out.isEmpty)
            let bad = run("prigozhin \"men", [dir])
            #expect(bad.status == 2)
            #expect(bad.err == ["bad query: unclosed quote (opened here), at column 11"])
            #expect(bad.out.isEmpty)
            #expect(run("a OR", [dir]).status == 2)
            #expect(run("colour:red", [dir]).status == 2)
            #expect(run("-", [dir]).status == 2)
            let missing = run("prigozhin", [dir, dir + "/nope"])
            #expect(missing.status == 2)
            #expect(missing.out.contains("a.txt: 2 matches"))
            #expect(missing.err.contains { $0.contains("nope") })
            #expect(run("person:prigozhin", [dir]).err == ["person:prigozhin matches nothing: the people index is not available"])
            // With people: the lookup's paths decide, other words still apply.
            var asked: [String] = []
            var runner = FileSearchRun()
            runner.batchSize = 1
            var out: [UInt8] = []
            var err: [String] = []
            let lookup: FileSearchRun.PeopleLookup = { name, prefix in
                asked.append(name + (prefix ? "*" : ""))
                return name == "Nobody" ? nil : [dir + "/a.txt", dir + "/sub/c.md"]
            }
            let status = runner.run(query: "person:Prigozhin -jose OR person:Nobody", roots: [dir], people: lookup,
                                    output: { out += $0 }, warn: { err.append($0) })
            #expect(status == 0)
            #expect(asked == ["Prigozhin", "Nobody"])
            #expect(String(decoding: out, as: UTF8.self) == "\(dir)/a.txt: matches (the query has no words to show)\n")
            #expect(err == ["person:Nobody: no one by that name"])
        }
    }

    @Test func jsonFollowsTheSchema() throws {
        try withFolder(Self.files) { dir in
            let r = run("prigozhin -zanzibar", [dir], json: true)
            #expect(r.status == 0)
            let object = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any]
            #expect(object?["query"] as? String == "prigozhin -zanzibar")
            #expect(object?["matched"] as? Int == 2)
            #expect(object?["searched"] as? Int == 3)
            let articles = object?["articles"] as? [[String: Any]] ?? []
            #expect(articles.map { $0["path"] as? String } == ["\(dir)/a.txt", "\(dir)/sub/c.md"])
            let hit = (articles.first?["hits"] as? [[String: Any]])?.first
            #expect(hit?["line"] as? Int == 3)
            #expect(hit?["column"] as? Int == 1)
            #expect(hit?["start"] as? Int == 13)
            #expect(hit?["end"] as? Int == 22)
            #expect(hit?["term"] as? Int == 0)
            #expect(hit?["text"] as? String == "Prigozhin")
            #expect(articles.first?["matches"] as? Int == 2)
            let empty = run("zanzibar", [dir], json: true)
            #expect(empty.status == 1)
            let none = try JSONSerialization.jsonObject(with: Data(empty.out.utf8)) as? [String: Any]
            #expect((none?["articles"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func theCommandExitsLikeGrep() throws {
        guard FileManager.default.isExecutableFile(atPath: PackagePaths.reader) else {
            Issue.record("\(PackagePaths.reader) is not built")
            return
        }
        try withFolder(Self.files) { dir in
            let env = isolatedEnvironment(home: dir + "/home")
            let found = try runProcess(PackagePaths.reader, ["search", "prigozhin", dir], environment: env)
            #expect(found.status == 0)
            #expect(found.stdout.hasPrefix("\(dir)/a.txt: 2 matches\n"))
            let none = try runProcess(PackagePaths.reader, ["search", "zanzibar", dir], environment: env)
            #expect(none.status == 1)
            #expect(none.stdout.isEmpty && none.stderr.isEmpty)
            let bad = try runProcess(PackagePaths.reader, ["search", "\"men", dir], environment: env)
            #expect(bad.status == 2)
            #expect(bad.stderr == "reader: bad query: unclosed quote (opened here), at column 1\n")
            let json = try runProcess(PackagePaths.reader, ["search", "--json", "-l", "kremlin", dir], environment: env)
            #expect(json.status == 0)
            #expect(json.stdout.contains("{\"path\":\"\(dir)/sub/c.md\"}"))
            let excluded = try runProcess(PackagePaths.reader, ["search", "--", "-prigozhin", dir], environment: env)
            #expect(excluded.status == 0)
            #expect(excluded.stdout == "\(dir)/b.txt: matches (the query has no words to show)\n")
        }
    }

    @Test func untrustedTextIsSanitised() throws {
        try withFolder(["evil\u{1B}]0;x.txt": "Title\n\nA \u{1B}[2J wagner \u{202E}line\n", "bin.txt": "wagner\u{0}\u{1}"]) { dir in
            let r = run("wagner", [dir])
            #expect(r.status == 0)
            #expect(!r.out.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{202E}" })
            #expect(r.out.contains("^[[2J wagner <U+202E>line"))
            #expect(r.err.contains { $0.contains("bin.txt") && $0.contains("binary") })
            let json = run("wagner", [dir], json: true)
            #expect(!json.out.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{202E}" })
            #expect(json.out.contains("\\u001b[2J wagner \\u202eline"))
        }
    }
}
