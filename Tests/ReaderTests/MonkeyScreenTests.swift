import Foundation
import Testing
import TestSupport
import ReaderTestSupport
import Library
@testable import ReaderUI

/// Random keys (every key of the key table, digits, typed text, clicks and the wheel anywhere)
/// and resizes down to the smallest windows, on the seeds and the rendering samples, each frame
/// drawn: nothing crashes, every frame has its status line, and the place survives. Seeded:
/// a failure names its seed and step, and reproduces (`MONKEY_STEPS=20000` for a longer run).
struct MonkeyScreenTests {
    static let catalog = Catalog.load([PackagePaths.seeds, PackagePaths.root + "/Tests/Fixtures/render-samples"])

    static let keys: [Key] = {
        var keys = Set(KeyMap.bindings.flatMap(\.keys))
        keys.formUnion(typing("abcxyz 0123456789"))
        keys.subtract([.char("Q")])     // quitting ends the run early: pressed on its own below
        return Array(keys).sorted { $0.label < $1.label }
    }()

    static let sizes = [Size(rows: 30, columns: 100), Size(rows: 15, columns: 40), Size(rows: 50, columns: 200),
                        Size(rows: 6, columns: 20), Size(rows: 3, columns: 12), Size(rows: 9, columns: 31), Size(rows: 1, columns: 1)]

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func randomKeysNeverBreakAScreen(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var s = AppState(catalog: Self.catalog, size: Self.sizes[Int(seed) % Self.sizes.count])
        for step in 0..<(Int(ProcessInfo.processInfo.environment["MONKEY_STEPS"] ?? "") ?? 1_500) {
            let roll = Int.random(in: 0..<100, using: &rng)
            let key: Key
            if roll < 4 {
                s.send(.resize(Self.sizes.randomElement(using: &rng)!))
                continue
            } else if roll < 10 {
                let kinds: [MouseEvent.Kind] = [.click, .doubleClick, .wheelUp, .wheelDown]
                key = .mouse(MouseEvent(kinds.randomElement(using: &rng)!, row: Int.random(in: 0..<max(1, s.size.rows), using: &rng),
                                        column: Int.random(in: 0..<max(1, s.size.columns), using: &rng)))
            } else {
                key = Self.keys.randomElement(using: &rng)!
            }
            s.press([key], drawing: false)
            let grid = Renderer.draw(s)
            if s.size.rows >= 3 && s.size.columns >= 12 && s.noteEditing == nil && s.alert == nil && s.prompt == nil {
                let status = grid.text(row: s.size.rows - 1).trimmingCharacters(in: .whitespaces)
                #expect(!status.isEmpty, "seed \(seed), step \(step), \(s.screen) at \(s.size): a blank status line")
                if status.isEmpty { return }
            }
        }
    }
}
