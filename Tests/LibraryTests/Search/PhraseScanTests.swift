import Testing
@testable import Library

/// The phrase check (the forward codes scanned for the phrase's anchor, several codes at a time)
/// finds exactly what the plain reference finds, on generated articles: unclosed phrases of
/// common words typed one character at a time, as in the live filter.
@Suite("Phrase scan")
struct PhraseScanTests {
    @Test func typedPhrasesOfCommonWordsMatchTheReference() throws {
        let generator = CorpusGenerator(seed: 9)
        let docs = (0..<160).map { i -> (path: String, text: String) in
            let d = generator.document(i)
            return (d.name, d.text)
        }
        let corpus = Corpus(documents: docs)
        let brute = corpus.articles.enumerated().map { i, a in
            BruteForce.Doc(text: BruteForce.words(docs[i].text), title: BruteForce.words(a.title),
                           author: BruteForce.words(a.author ?? ""))
        }
        let index = SearchIndexTests.index(corpus)
        // Phrases as the articles have them, starting at common words, and some no article has.
        var scripts = ["\"the nobel", "\"the n", "\"of the", "\"the a", "\"in the council of", "\"the the", "\"said the"]
        var rng = SplitMix(seed: 5)
        let common: Set = ["the", "of", "and", "a", "in", "to", "was", "with", "is", "said"]
        for _ in 0..<40 {
            let words = brute[rng.next(brute.count)].text.map(\.key)
            let starts = words.indices.dropLast(3).filter { common.contains(words[$0]) }
            guard !starts.isEmpty else { continue }
            let at = starts[rng.next(starts.count)]
            scripts.append("\"" + words[at...(at + 1 + rng.next(3))].joined(separator: " "))
        }
        var checked = 0, partial = 0
        for script in scripts {
            var filter = LiveFilter(articleCount: corpus.articles.count)
            var typed = ""
            for ch in script {
                typed.append(ch)
                filter.update(typed, index: index)
                let query = try Query.parse(typed, prefixLast: true, lenient: true)
                let expected = brute.indices.filter { BruteForce.matches(query, brute[$0], people: nil, index: $0) }
                #expect(index.articles(matching: query) == expected, "\(typed)")
                #expect(filter.result.articles == expected, "\(typed)")
                // Checked in slices on several threads: the same.
                for term in query.terms {
                    for field in index.fields {
                        var serial = DocSet(count: corpus.articles.count), sliced = serial
                        field.documents(of: term, within: nil, into: &serial, threads: 1)
                        field.documents(of: term, within: nil, into: &sliced, threads: 3, parallelMinimum: 0)
                        #expect(sliced == serial, "\(typed)")
                    }
                }
                checked += 1
                if !expected.isEmpty && expected.count < corpus.articles.count { partial += 1 }
            }
        }
        // Not all trivial: many keystrokes match some articles but not all.
        #expect(checked > 300 && partial > 150, "\(checked) keystrokes, \(partial) partial")
    }
}
