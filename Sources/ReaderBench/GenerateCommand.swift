import ArgumentParser
import Dispatch
import Foundation
import Library
import ReaderUI

/// `reader-bench generate`: writes a synthetic corpus for benchmarks and scale tests.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write N synthetic articles into a folder (for benchmarks; deterministic for a seed)."
    )

    @Argument(help: "Folder to write into (created if missing).")
    var folder: String

    @Option(help: "How many articles.")
    var count: Int = 10_000

    @Option(help: "Seed: the same seed writes the same articles.")
    var seed: UInt64 = 1

    func run() throws {
        try CLI.run {
            guard count >= 0 else { throw CLIError("--count must not be negative", code: 2) }
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw CLIError("\(folder): cannot create the folder")
            }
            let generator = CorpusGenerator(seed: seed)
            let failures = ResultBox()
            DispatchQueue.concurrentPerform(iterations: count) { i in
                let doc = generator.document(i)
                let path = folder + "/" + doc.name
                if !FileManager.default.createFile(atPath: path, contents: Data(doc.text.utf8)) { failures.add(path) }
            }
            if let first = failures.first { throw CLIError("\(first): cannot write") }
        }
    }
}

final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ s: String) { lock.lock(); items.append(s); lock.unlock() }
    var first: String? { lock.lock(); defer { lock.unlock() }; return items.first }
}
