import Testing
import TestSupport
@testable import Library

/// The people of a corpus come out the same, byte for byte, whatever the thread count, the order
/// files were written in or the process's hash seed: every order ends with the text itself.
@Suite struct DeterminismTests {
    /// Articles full of ties: people mentioned equally often, each as often by full name as by
    /// surname, and one surname alone in an article of its own (which the corpus then links,
    /// renumbering first mentions).
    static let articles: [(name: String, text: String)] = {
        let given = ["Halvard", "Ottoline", "Bertil", "Rosamund", "Casimir", "Ingeborg", "Leocadia", "Teodor"]
        let surnames = ["Quennell", "Marchbank", "Ostrowicz", "Tremayne", "Vasquéz", "Lindqvist", "Abernethy", "Szemere"]
        var out: [(String, String)] = []
        for a in 0..<24 {
            var text = "Harbour council notes \(a)\n\n"
            for k in 0..<2 {
                let i = (a + k) % given.count
                text += "Councillor \(given[i]) \(surnames[i]) spoke about the ferry. \(surnames[i]) agreed. "
            }
            out.append(("note-\(a).txt", text + "\n"))
        }
        out.append(("lone.txt", "Ferry late\n\nSzemere left early. The meeting went on.\n"))
        return out
    }()

    /// Writes the articles in the given order and returns the rendering of their people.
    static func render(order: [Int], threads: Int) -> String {
        let dir = TempFolder()
        for i in order { _ = dir.write(articles[i].name, articles[i].text) }
        var options = LoadOptions()
        options.threads = threads
        let (corpus, found) = Corpus.load([dir.path], options: options) { _, text in PeopleDetector.detect(text) }
        let index = PeopleIndex.build(articles: corpus.articles, mentions: found)
        var out = ""
        for (p, person) in index.people.enumerated() {
            out += person.id + "|" + person.name + "|" + person.aliases.joined(separator: ",") + "\n"
            for m in index.mentions(of: p) {
                let path = corpus.articles[m.article].path
                out += "  " + path.split(separator: "/").last.map(String.init)! + " \(m.range)\n"
            }
        }
        return out
    }

    @Test func sameBytesWhateverThreadsAndFileOrder() {
        let first = Self.render(order: Array(Self.articles.indices), threads: 1)
        #expect(first.contains("Halvard Quennell"))
        let n = Self.articles.count
        for (threads, step) in [(2, 7), (1, 3), (2, 11), (4, 13)] {
            // Files written in another order (the steps are prime to `n`, 25: a permutation).
            let order = (0..<n).map { ($0 * step + threads) % n }
            #expect(Self.render(order: order, threads: threads) == first)
        }
    }

    /// The same mentions linked again and again (each build makes fresh dictionaries, whose
    /// order differs from one instance to the next) give the same index.
    @Test func linkingIsTheSameEveryTime() {
        let mentions = Self.articles.map { PeopleDetector.detect(ArticleText($0.text)) }
        let first = PeopleIndex.build(articleCount: mentions.count, mentions: mentions)
        for _ in 0..<8 {
            #expect(PeopleIndex.build(articleCount: mentions.count, mentions: mentions) == first)
        }
    }

    @Test func peopleByMentionsThenNameAliasesByCountThenText() {
        let idx = index(Self.articles.map(\.text))
        #expect(idx.people.count == 8)
        for (x, y) in zip(idx.people, idx.people.dropFirst()) {
            #expect(x.mentionCount > y.mentionCount
                    || (x.mentionCount == y.mentionCount && !y.name.utf8.lexicographicallyPrecedes(x.name.utf8)))
        }
        // Equal counts: the aliases of each person in byte order of their text.
        // Equal counts (all but Szemere, named alone once more): byte order of the text.
        for person in idx.people where person.mentionCount % 2 == 0 {
            #expect(person.aliases.count == 2)
            #expect(person.aliases == person.aliases.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
            #expect(person.name.contains(" "))
        }
    }
}
