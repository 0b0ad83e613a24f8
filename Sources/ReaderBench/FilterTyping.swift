import ArgumentParser
import Foundation
import Library
import ReaderUI

/// For profiling the live filter: loads DIR (indexes from the cache when it is current), then
/// types each script one character at a time into a `LiveFilter`, printing each keystroke's time
/// and match count. Under `valgrind --tool=callgrind --collect-atstart=no
/// --toggle-collect='*LiveFilterV6update*'` only the keystrokes are counted.
struct FilterTyping: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "filter-typing",
        abstract: "Profiling aid: type SCRIPT into the live filter on DIR, one character at a time."
    )

    @Argument(help: ArgumentHelp("The folder to load.", valueName: "DIR"))
    var folder: String

    @Option(help: ArgumentHelp("Text to type (repeatable).", valueName: "SCRIPT"))
    var script: [String] = []

    func run() throws {
        try CLI.run {
            let loader = try Launch.startLoading([folder], environment: ProcessInfo.processInfo.environment)
            let catalog = loader.wait()
            let resolver = catalog.personResolver
            for s in script {
                var filter = LiveFilter(articleCount: catalog.corpus.articles.count)
                for end in s.indices {
                    let typed = String(s[...end])
                    let start = DispatchTime.now().uptimeNanoseconds
                    filter.update(typed, index: catalog.search, people: resolver)
                    let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
                    print(String(format: "%8.3f ms  %6d  %@", ms, filter.result.articles.count, typed))
                }
            }
        }
    }
}
