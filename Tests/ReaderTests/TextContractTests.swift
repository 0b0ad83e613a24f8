import Foundation
import Testing
import Library
import TestSupport

/// One text per article (issue 13): `reader text PATH` prints it, and every offset the command
/// line prints (`reader people --json`) counts scalars into exactly that text — for plain text,
/// Markdown (the file as decoded) and a web page (the extracted text).
@Suite struct TextContractTests {
    func reader(_ args: [String], home: TempFolder) throws -> ProcessResult {
        try runProcess(PackagePaths.reader, args, environment: isolatedEnvironment(home: home.path))
    }

    @Test func peopleOffsetsCountIntoTheTextReaderTextPrints() throws {
        let dir = TempFolder()
        let home = TempFolder("reader-home")
        defer { dir.remove(); home.remove() }
        dir.write("a.txt", "Harbour notes\n\nChair Ingrid Solvang opened the meeting. Solvang’s deputy, Tomás Okafor, disagreed.\n")
        dir.write("b.md", "---\ntitle: Tides\n---\n# Tides\n\n**Ingrid Solvang** said the [survey](https://x.org) was late &amp; Okafor said nothing.\n")
        dir.write("c.html", "<html><head><title>Quay</title><script>var Solvang = 1;</script></head><body><nav>Home</nav><article><h1>Quay</h1><p>Ingrid&nbsp;Solvang met <b>Tomás Okafor</b> on the quay.</p></article></body></html>")
        let expected: [String: String] = [
            "a.txt": try #require(dir.readText("a.txt")),
            "b.md": try #require(dir.readText("b.md")),
            "c.html": "Quay\n\nIngrid\u{00A0}Solvang met Tomás Okafor on the quay.",
        ]
        var texts: [String: [Unicode.Scalar]] = [:]
        for (name, want) in expected {
            let r = try reader(["text", dir.file(name)], home: home)
            #expect(r.status == 0)
            #expect(r.stdout == want, "\(name)")
            texts[dir.file(name)] = Array(r.stdout.unicodeScalars)
        }
        let r = try reader(["people", dir.path, "--json"], home: home)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        var articles = Set<String>()
        for person in try #require(object["people"] as? [[String: Any]]) {
            for m in try #require(person["mentions"] as? [[String: Any]]) {
                let path = try #require(m["article"] as? String)
                let start = try #require(m["start"] as? Int), end = try #require(m["end"] as? Int)
                let text = try #require(texts[path])
                var slice = String.UnicodeScalarView()
                slice.append(contentsOf: text[start..<end])
                #expect(String(slice) == m["text"] as? String)
                articles.insert(path)
            }
        }
        #expect(articles == Set(texts.keys))   // every kind has its mentions
        // The script's "Solvang" is not in the page's text.
        #expect(!(texts[dir.file("c.html")].map { String(String.UnicodeScalarView($0)) } ?? "").contains("var"))
    }

    @Test func renderedAndLinks() throws {
        let dir = TempFolder()
        let home = TempFolder("reader-home")
        defer { dir.remove(); home.remove() }
        dir.write("b.md", "# Tides\n\nSee [the survey](https://x.org/s) *now*.\n")
        #expect(try reader(["text", "--width", "30", dir.file("b.md")], home: home).stdout == "Tides\n═════\n\nSee the survey[1] now.\n")
        #expect(try reader(["text", "--links", dir.file("b.md")], home: home).stdout == "1\tthe survey\thttps://x.org/s\n")
    }
}
