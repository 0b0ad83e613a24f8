#if canImport(Glibc)
import Glibc
#endif

/// Every fuzz target: a name (`FUZZ_TARGET`, and the folder of its seed corpus under
/// `Fuzz/corpus/`) and a function that runs one input and checks invariants.
///
/// The targets need Library's internals (`@testable import`), which only debug builds allow
/// (fuzz builds are debug builds): in a release build the list is empty and the executable a stub.
enum FuzzTargets {
    struct Target: Sendable {
        var name: String
        var run: @Sendable (UnsafeBufferPointer<UInt8>) -> Void
    }

    #if DEBUG
    static let all: [Target] = [
        Target(name: "sanitizer", run: TextTargets.sanitizer),
        Target(name: "layout", run: TextTargets.layout),
        Target(name: "people", run: PeopleTarget.run),
        Target(name: "query", run: SearchTargets.query),
        Target(name: "words", run: SearchTargets.words),
        Target(name: "bookmarks", run: BookmarkTargets.bookmarksFile),
        Target(name: "annotations", run: BookmarkTargets.annotations),
        Target(name: "cache", run: CacheTarget.run),
        Target(name: "markdown", run: RenderTargets.markdown),
        Target(name: "html", run: RenderTargets.html),
        // The prompt and note editors (random key and paste sequences) go here once their
        // editing model is in Library: Target(name: "editor", run: EditorTarget.run).
    ]
    #else
    static let all: [Target] = []
    #endif
}

/// The target named by `FUZZ_TARGET`, chosen at the first input.
let selectedTarget: @Sendable (UnsafeBufferPointer<UInt8>) -> Void = {
    let name = getenv("FUZZ_TARGET").map { String(cString: $0) } ?? ""
    if let target = FuzzTargets.all.first(where: { $0.name == name }) { return target.run }
    let names = FuzzTargets.all.map(\.name).joined(separator: " ")
    let message = "reader-fuzz: set FUZZ_TARGET to one of: \(names.isEmpty ? "(none in a release build)" : names)\n"
    _ = message.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
    exit(2)
}()

func runSelectedTarget(_ input: UnsafeBufferPointer<UInt8>) {
    selectedTarget(input)
}
