import Foundation
import Testing
@testable import ReaderUI
import Library
import TestSupport
import ReaderTestSupport

/// Issue 16, item 4: the indexes reach the reader through one hand-off, applied as one action,
/// whenever the loader finishes relative to the loop's looks (no sleeps: the order is forced).
@Suite struct IndexHandoffTests {
    static let indexed = Catalog(documents: [
        ("one.txt", "Lighthouse keepers strike\n\nOn Monday the keeper Oswin Marchetti refused the new rota. Marchetti said so twice.\n"),
        ("two.txt", "Ferry timetable cut\n\nThe cut angered Oswin Marchetti and the harbour master Liesl Vantongeren.\n"),
    ])

    func unindexedState() -> AppState {
        AppState(catalog: Catalog(unindexed: Self.indexed.corpus), size: Size(rows: 24, columns: 80), indexing: Progress(total: 2))
    }

    @Test func handoffGivesTheValueOnceWhateverTheOrder() {
        let early = Handoff<Int>()
        early.deliver(7)
        #expect(early.take() == 7)
        #expect(early.take() == nil)
        let late = Handoff<Int>()
        #expect(late.take() == nil)
        late.deliver(8)
        late.deliver(9)          // only the first delivery counts
        #expect(late.take() == 8)
        #expect(late.take() == nil)
    }

    @Test func loaderFinishedBeforeTheLoopLooks() {
        let ready = Handoff<Catalog>()
        ready.deliver(Self.indexed)
        var state = unindexedState()
        let terminal = ScriptedTerminal(size: state.size, keys: [.char("p")])
        Runner.loop(&state, terminal: terminal, services: .none, ready: ready, idleLimit: 1)
        #expect(state.indexing == nil)
        #expect(state.people.people.map(\.name).contains("Oswin Marchetti"))
        #expect(terminal.frames.last?.text.contains("Oswin Marchetti") == true)
    }

    /// A terminal that finishes the load while the loop waits for a key (after its first look).
    final class FinishingTerminal: Terminal {
        let size = Size(rows: 24, columns: 80)
        var frames: [Grid] = []
        var reads = 0
        let finish: () -> Void
        init(finish: @escaping () -> Void) { self.finish = finish }
        func present(_ grid: Grid) { frames.append(grid) }
        func readKey(timeoutMilliseconds: Int) -> Key? {
            reads += 1
            if reads == 1 { finish() }
            return reads == 2 ? .char("p") : nil
        }
        func end() {}
    }

    @Test func loaderFinishingWhileTheLoopWaits() {
        let ready = Handoff<Catalog>()
        var state = unindexedState()
        let terminal = FinishingTerminal { ready.deliver(Self.indexed) }
        Runner.loop(&state, terminal: terminal, services: .none, ready: ready, idleLimit: 2)
        #expect(terminal.frames.first?.text.contains("indexing") == true)
        #expect(state.indexing == nil)
        #expect(terminal.frames.last?.text.contains("Oswin Marchetti") == true)
    }

    /// A warm start: the cached indexes are read before the reader's first frame; the people
    /// panel must show them (it stayed empty when the ready signal fell between two reads).
    @Test func warmStartShowsTheCachedIndexes() {
        let dir = TempFolder()
        dir.write("one.txt", "Lighthouse keepers strike\n\nOn Monday the keeper Oswin Marchetti refused the new rota. Marchetti said so twice.\n")
        dir.write("two.txt", "Ferry timetable cut\n\nThe cut angered Oswin Marchetti and the harbour master Liesl Vantongeren.\n")
        let cache = CatalogCache(path: dir.file("cache/catalog.bin"), roots: [dir.path], options: LoadOptions())
        _ = CatalogLoader.start(paths: [dir.path], cache: cache).wait()
        let warm = CatalogLoader.start(paths: [dir.path], cache: cache)
        #expect(warm.source == .cache)
        _ = warm.wait()
        let terminal = ScriptedTerminal(size: Size(rows: 24, columns: 80), keys: [.char("p"), .char("Q")])
        let home = TempFolder()
        let code = Runner.run(loader: warm, terminal: terminal, settings: AppState.Settings(),
                              environment: ["HOME": home.path, "XDG_STATE_HOME": home.file("state"), "XDG_DATA_HOME": home.file("data")],
                              bookmarksOption: nil)
        #expect(code == 0)
        #expect(terminal.frames.first?.text.contains("indexing") == false)
        #expect(terminal.frames.last?.text.contains("Oswin Marchetti") == true)
    }
}
