import Foundation
import Testing
import Library
import TestSupport
import ReaderTestSupport

/// `reader people`: the JSON contract, the table and one person's mentions, on articles written
/// for this test.
@Suite struct PeopleCommandTests {
    static func corpus() -> TempFolder {
        let dir = TempFolder()
        dir.write("a.txt", "Harbour board meets\n\nChair Ingrid Solvang opened the meeting. Solvang’s deputy, Tomás Okafor, disagreed.\n")
        dir.write("b.md", "# Tides\n\nIngrid Solvang said the survey was late. Okafor said nothing.\n")
        dir.write("c.txt", "Weather\n\nRain again; nobody named.\n")
        return dir
    }

    func reader(_ args: [String]) throws -> ProcessResult {
        try runProcess(PackagePaths.reader, args, environment: isolatedEnvironment(home: TempFolder("reader-home").path))
    }

    @Test func jsonContract() throws {
        let dir = Self.corpus()
        let r = try reader(["people", dir.path, "--json"])
        #expect(r.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(Array(object.keys) == ["people"])
        let people = try #require(object["people"] as? [[String: Any]])
        #expect(people.map { $0["name"] as? String } == ["Ingrid Solvang", "Tomás Okafor"])
        for person in people {
            #expect(Set(person.keys) == ["id", "name", "aliases", "mentions"])
            for mention in try #require(person["mentions"] as? [[String: Any]]) {
                #expect(Set(mention.keys) == ["article", "start", "end", "text"])
                let path = try #require(mention["article"] as? String)
                let start = try #require(mention["start"] as? Int), end = try #require(mention["end"] as? Int)
                let text = try String(contentsOfFile: path, encoding: .utf8)
                let scalars = Array(text.unicodeScalars)
                var slice = String.UnicodeScalarView()
                slice.append(contentsOf: scalars[start..<end])
                #expect(String(slice) == mention["text"] as? String)
            }
        }
        let solvang = people[0]
        #expect(solvang["id"] as? String == "ingrid-solvang")
        #expect((solvang["aliases"] as? [String]).map(Set.init) == ["Ingrid Solvang", "Solvang"])
        #expect((solvang["mentions"] as? [[String: Any]])?.map { $0["text"] as? String } == ["Ingrid Solvang", "Solvang", "Ingrid Solvang"])
    }

    /// Two runs (hash seeds differ per process when SWIFT_DETERMINISTIC_HASHING is unset), and
    /// one on a single core when `taskset` can pin it, print the same bytes.
    @Test func jsonIsByteIdenticalAcrossRunsAndCores() throws {
        let dir = TempFolder()
        // Each person as often by full name as by surname (a tie), and a surname alone elsewhere.
        let given = ["Halvard", "Ottoline", "Bertil", "Rosamund", "Casimir", "Ingeborg", "Leocadia", "Teodor"]
        let surnames = ["Quennell", "Marchbank", "Ostrowicz", "Tremayne", "Vasquéz", "Lindqvist", "Abernethy", "Szemere"]
        for a in 0..<24 {
            var text = "Ferry notes \(a)\n\n"
            for k in 0..<2 {
                let i = (a + k) % given.count
                text += "Councillor \(given[i]) \(surnames[i]) spoke. \(surnames[i]) agreed. "
            }
            _ = dir.write("note-\(a).txt", text + "\n")
        }
        _ = dir.write("lone.txt", "Ferry late\n\nSzemere left early. The meeting went on.\n")
        var env = isolatedEnvironment(home: TempFolder("reader-home").path)
        env.removeValue(forKey: "SWIFT_DETERMINISTIC_HASHING")
        let args = ["people", dir.path, "--json"]
        let first = try runProcess(PackagePaths.reader, args, environment: env)
        #expect(first.status == 0)
        #expect(first.stdout.contains("Halvard Quennell"))
        for _ in 0..<3 {
            #expect(try runProcess(PackagePaths.reader, args, environment: env).stdout == first.stdout)
        }
        let taskset = "/usr/bin/taskset"
        if FileManager.default.isExecutableFile(atPath: taskset) {
            let pinned = try runProcess(taskset, ["-c", "0", PackagePaths.reader] + args, environment: env)
            #expect(pinned.status == 0)
            #expect(pinned.stdout == first.stdout)
        }
    }

    @Test func tableAndOnePerson() throws {
        let dir = Self.corpus()
        let table = try reader(["people", dir.path])
        #expect(table.status == 0)
        #expect(table.stdout.contains("Ingrid Solvang"))
        let one = try reader(["people", "okafor", dir.path])
        #expect(one.status == 0)
        #expect(one.stdout.split(separator: "\n").count == 2)
        #expect(one.stdout.contains("[[Tomás Okafor]]"))
        let nobody = try reader(["people", "zzyzx", dir.path])
        #expect(nobody.status == 1)
        #expect(nobody.stderr.contains("no person named zzyzx"))
    }

    /// The table and a name's lines come from the reader's cached index: the first run leaves
    /// the cache the reader reads, the next runs print the same from it, and a changed file is
    /// seen (the indexes are built again).
    @Test func tableUsesTheReadersCache() throws {
        let dir = Self.corpus()
        let home = TempFolder("reader-home")
        let env = isolatedEnvironment(home: home.path)
        let first = try runProcess(PackagePaths.reader, ["people", dir.path], environment: env)
        #expect(first.status == 0)
        let cached = (try? FileManager.default.contentsOfDirectory(atPath: home.path + "/cache/reader")) ?? []
        #expect(cached.contains { $0.hasPrefix("catalog-") })
        let again = try runProcess(PackagePaths.reader, ["people", dir.path], environment: env)
        #expect(again.stdout == first.stdout)
        #expect(try runProcess(PackagePaths.reader, ["people", "okafor", dir.path], environment: env).stdout.contains("[[Tomás Okafor]]"))
        dir.write("c.txt", "Weather\n\nRain again; Marit Olsen stayed dry.\n")
        let changed = try runProcess(PackagePaths.reader, ["people", dir.path], environment: env)
        #expect(changed.stdout.contains("Marit Olsen"))
    }
}
