import ArgumentParser
import Dispatch
import Foundation
import Library
import ReaderUI

struct People: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the people named in the articles, or one person's mentions.",
        discussion: """
            Without --name: a table of everyone found (name, mentions, articles), most mentioned \
            first. With --json: {"people":[{"id","name","aliases":[…],"mentions":[{"article","start",\
            "end","text"}…]}…]}, where article is the path reader prints, start and end count \
            Unicode scalars into the file's text (end exclusive) and text is that slice.

            With NAME (the first argument, when no file or folder has that name) or --name NAME: \
            every mention of that person, one a line like grep: \
            PATH:LINE: context, the mention in [[ ]]. NAME is any part of a name or alias, case \
            and accents ignored ("putin", "prigozhin", "yevgeny p"); a whole word wins over a \
            prefix. Exit status 1 when no one matches. --name with --json prints only the \
            people who match.
            """
    )

    @OptionGroup var corpusOptions: CorpusOptions

    @Option(name: .long, help: ArgumentHelp("Show this person's mentions with context.", valueName: "NAME"))
    var name: String?

    @Flag(help: "Print JSON (see above).")
    var json = false

    func run() throws {
        try CLI.run {
            // `reader people NAME [PATH…]`: a first argument that is not a file or folder is a name.
            var corpusOptions = self.corpusOptions
            var name = self.name
            if name == nil, let first = corpusOptions.paths.first, !FileManager.default.fileExists(atPath: first) {
                name = first
                corpusOptions.paths.removeFirst()
            }
            // The JSON quotes each mention as detected, so it detects again; the table and a
            // name's lines use the reader's cached index.
            let corpus: Corpus
            let index: PeopleIndex
            var found: [[EntityMention]] = []
            if json {
                (corpus, found) = try corpusOptions.load { _, text in PeopleDetector.detect(text) }
                index = PeopleIndex.build(articles: corpus.articles, mentions: found)
            } else {
                let catalog = try corpusOptions.loadCatalog()
                (corpus, index) = (catalog.corpus, catalog.people)
            }
            for issue in corpus.issues where issue.severity == .skipped { CLI.warn("skipped " + issue.description) }
            var selected = Array(index.people.indices)
            if let name {
                selected = index.people(named: name)
                if selected.isEmpty { throw CLIError("no person named \(name)") }
                if selected.count > 1 && !json {
                    CLI.warn("\(name) matches \(selected.count) people: " + selected.map { index.people[$0].name }.joined(separator: ", "))
                }
            }
            if json {
                CLI.output(Self.json(index, selected, corpus, found))
            } else if name != nil {
                CLI.output(Self.concordance(index, selected, corpus))
            } else {
                CLI.output(Self.table(index))
            }
        }
    }

    // MARK: Output

    static func table(_ index: PeopleIndex) -> String {
        let names = index.people.map { Sanitizer.clean($0.name) }
        let width = max(6, names.map(Sanitizer.width).max() ?? 0)
        func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(0, w - Sanitizer.width(s))) }
        func right(_ s: String, _ w: Int) -> String { String(repeating: " ", count: max(0, w - s.count)) + s }
        var out = pad("PERSON", width) + "  MENTIONS  ARTICLES\n"
        for (p, person) in index.people.enumerated() {
            out += pad(names[p], width) + "  " + right(String(person.mentionCount), 8) + "  " + right(String(person.articleCount), 8) + "\n"
        }
        return out
    }

    static func json(_ index: PeopleIndex, _ selected: [Int], _ corpus: Corpus, _ found: [[EntityMention]]) -> String {
        let people = selected.map { p -> String in
            let person = index.people[p]
            let mentions = index.mentions(of: p).map { m in
                JSON.object([
                    ("article", JSON.string(corpus.articles[m.article].path)),
                    ("start", String(m.range.lowerBound)),
                    ("end", String(m.range.upperBound)),
                    ("text", JSON.string(text(of: m.range, in: found[m.article]))),
                ])
            }
            return JSON.object([
                ("id", JSON.string(person.id)),
                ("name", JSON.string(person.name)),
                ("aliases", JSON.array(person.aliases.map { JSON.string($0) })),
                ("mentions", JSON.array(mentions)),
            ])
        }
        return JSON.object([("people", JSON.array(people))]) + "\n"
    }

    /// The detector kept each mention's text; find it by its start (the list is sorted).
    static func text(of range: Range<Int>, in mentions: [EntityMention]) -> String {
        var lo = 0, hi = mentions.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if mentions[mid].start < range.lowerBound { lo = mid + 1 } else { hi = mid }
        }
        while lo < mentions.count && mentions[lo].start == range.lowerBound {
            if mentions[lo].end == range.upperBound { return mentions[lo].text }
            lo += 1
        }
        return ""
    }

    /// PATH:LINE: context, the mention in [[ ]], like grep.
    static func concordance(_ index: PeopleIndex, _ selected: [Int], _ corpus: Corpus) -> String {
        var out = ""
        for p in selected {
            var lastArticle = -1
            var text = ArticleText("")
            var lines: [Int] = []
            for m in index.mentions(of: p) {
                if m.article != lastArticle {
                    lastArticle = m.article
                    switch corpus.text(of: m.article) {
                    case .success(let t): text = t
                    case .failure(let error):
                        CLI.warn(error.description)
                        text = ArticleText("")
                    }
                    lines = [0]
                    for (i, scalar) in text.scalars.enumerated() where scalar == "\n" { lines.append(i + 1) }
                }
                guard m.range.upperBound <= text.count else { continue }
                var line = 0, hi = lines.count
                while line + 1 < hi {
                    let mid = (line + hi) / 2
                    if lines[mid] <= m.range.lowerBound { line = mid } else { hi = mid }
                }
                out += Sanitizer.clean(corpus.articles[m.article].path) + ":" + String(line + 1) + ": "
                out += context(text, mention: m.range) + "\n"
            }
        }
        return out
    }

    /// The line around a mention (`ContextLine`: about 70 scalars each side), sanitised as the
    /// reader draws text (controls, invalid bytes and bidi marks as markers), the mention in [[ ]].
    static func context(_ text: ArticleText, mention: Range<Int>) -> String {
        let reach = 70
        let line = ContextLine(around: mention, in: text, width: mention.count + 2 * reach, lead: reach)
        func clean(_ r: Range<Int>) -> String {
            Sanitizer.pieces(text, range: r, startColumn: 0).map(\.text).joined()
        }
        let end = max(mention.upperBound, line.range.lowerBound)
        return (line.cutBefore ? "…" : "") + clean(line.range.lowerBound..<mention.lowerBound) + "[[" + clean(mention) + "]]"
            + clean(min(end, line.range.upperBound)..<line.range.upperBound) + (line.cutAfter ? "…" : "")
    }
}
