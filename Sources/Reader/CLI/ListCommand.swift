import ArgumentParser
import Library
import ReaderUI

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the article list without a terminal: path, title, author, words, date.",
        discussion: "Tab-separated, one article a line; the date (YYYY-MM-DD) is the one the article gives (front matter, a page's published time), empty when it gives none. Files that were skipped are named on standard error."
    )

    @OptionGroup var corpusOptions: CorpusOptions

    @Flag(help: "Print JSON: {\"articles\":[{\"path\",\"title\",\"titleDerived\",\"author\",\"words\",\"readingMinutes\",\"date\"}…]} (date: YYYY-MM-DD or null).")
    var json = false

    func run() throws {
        try CLI.run {
            let corpus = try corpusOptions.load()
            for issue in corpus.issues where issue.severity == .skipped { CLI.warn("skipped " + issue.description) }
            CLI.output(json ? Self.json(corpus) : Self.table(corpus))
        }
    }

    static func table(_ corpus: Corpus) -> String {
        var out = ""
        for a in corpus.articles {
            let fields = [a.path, a.title, a.author ?? "", String(a.words), a.date?.day ?? ""].map { Sanitizer.clean($0).replacingTabs }
            out += fields.joined(separator: "\t") + "\n"
        }
        return out
    }

    static func json(_ corpus: Corpus) -> String {
        let items = corpus.articles.map { a in
            JSON.object([
                ("path", JSON.string(a.path)),
                ("title", JSON.string(a.title)),
                ("titleDerived", a.titleIsDerived ? "true" : "false"),
                ("author", JSON.string(a.author)),
                ("words", String(a.words)),
                ("readingMinutes", String(a.readingMinutes)),
                ("date", JSON.string(a.date?.day)),
            ])
        }
        return JSON.object([("articles", JSON.array(items))]) + "\n"
    }
}

extension String {
    var replacingTabs: String { utf8.contains(0x09) ? replacingOccurrences(of: "\t", with: " ") : self }
}
