import ArgumentParser
import Dispatch
import Foundation
import Library
import ReaderUI

/// `reader search QUERY [PATH…]`: the articles matching a query, with a line of context per matching line.
struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Search articles like grep: each matching article with its matches in context.",
        discussion: """
            QUERY: words that must all match (whole words, ignoring case and accents: jose finds \
            José; putin finds Putin’s), "quoted phrases", -word or -"phrase" to exclude, \
            a OR b (also a | b; OR binds tighter than the implicit AND), ( ) to group, and the \
            fields title:word, author:"a name", person:name (articles mentioning a person of \
            that name, as `reader people` finds them: the folder is read once more for the \
            people index, so such queries are slower). Plain words match the text, the title \
            and the author.

            Output: for each matching article, in folder order, a line `PATH: N matches`, then \
            one line per matching line: `PATH:LINE: context`, the context cut from the line \
            around its match (a long line once per stretch holding matches; terminal \
            controls shown as visible markers). A title: or author: word (or a plain word \
            only the title or author holds) is shown there, not in the text's lines: \
            `PATH:title: the title`, `PATH:author: the author`, before the lines. With -l, \
            only the paths.

            --json prints one object: {"query": string, "articles": [{"path": string, \
            "matches": number, "hits": [{"line": number (1-based), "column": number (1-based, \
            in Unicode scalars), "start": number, "end": number (scalar offsets into the file's \
            text, end exclusive, as reader counts them), "term": number (which query word, \
            0-based, words in order of first appearance, excluded ones not counted), \
            "text": string (the match), "context": string}], "fields": [{"field": "title" or \
            "author", "text": string, "matches": [{"start": number, "end": number (scalar \
            offsets into text), "term": number}]}]}], "matched": number (articles), \
            "searched": number (files read), "skipped": [{"path": string, "problem": string}], \
            "notes": [string]}. With -l, each article has only its "path".

            Exit status: 0 when an article matched, 1 when none did, 2 when the query is bad \
            (the message names the problem and its column) or a PATH cannot be read.
            """
    )

    @Argument(help: ArgumentHelp("The query (see above). Quote it for the shell; put -- before a query that starts with -.", valueName: "QUERY"))
    var query: String

    @OptionGroup var corpusOptions: CorpusOptions

    @Flag(help: "Print JSON (schema below).")
    var json = false

    @Flag(name: [.customShort("l"), .customLong("files-with-matches")], help: "Print only the paths of matching articles.")
    var filesWithMatches = false

    @Flag(help: "Match the query's last word as a prefix (prig finds Prigozhin).")
    var prefix = false

    func run() throws {
        try CLI.run {
            let run = FileSearchRun(json: json, pathsOnly: filesWithMatches, prefixLast: prefix)
            // person: needs the people index: loaded (all articles read) only for such queries.
            var catalog: Catalog?
            let people: FileSearchRun.PeopleLookup = { name, isPrefix in
                if catalog == nil { catalog = try? corpusOptions.loadCatalog() }
                guard let catalog else { return nil }
                let found = isPrefix ? catalog.people.people(matching: name) : catalog.people.people(named: name)
                if found.isEmpty { return nil }
                return Set(found.flatMap { catalog.people.articles(mentioning: $0) }.map { catalog.corpus.articles[$0].path })
            }
            let status = run.run(query: query, roots: try corpusOptions.resolvedPaths(), people: people,
                                 output: { FileHandle.standardOutput.write(Data($0)) }, warn: CLI.warn)
            if status != 0 { throw ExitCode(status) }
        }
    }
}
