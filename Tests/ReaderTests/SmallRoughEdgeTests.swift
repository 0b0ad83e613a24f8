import Foundation
import Testing
import TestSupport
import ReaderTestSupport
import Library
@testable import ReaderUI

/// Issue 12, rough edge 11, the screens' part: numbers formatted alike on both sides of a
/// slash, counts that read as English, no "last match" when there was none, `S` never silent.
struct SmallRoughEdgeTests {
    @Test func positionAndTotalAreFormattedAlike() {
        let docs = (0..<1001).map { ("a\(String(format: "%04d", $0)).txt", "Title \($0)\n\nText \($0).\n") }
        var s = AppState(catalog: Catalog(documents: docs), size: Size(rows: 10, columns: 100))
        s.press(typing("1000") + ["g"])
        #expect(s.row(9).contains(" 1,000/1,001 "), "\(s.row(9))")
    }

    static let people = Catalog(documents: [
        ("a.txt", "Talks\n\nVladimir Putin met Olaf Scholz. Putin spoke first.\n"),
        ("b.txt", "More\n\nNothing about anyone here at all.\n"),
    ])

    @Test func filterCountsReadAsEnglish() {
        var s = AppState(catalog: Self.people, size: Size(rows: 12, columns: 100))
        s.press("p", "/")
        s.press(typing("zzz") + [.enter])
        #expect(s.row(0).contains("(none matching “zzz”)"), "\(s.row(0))")
        s.press("/", .ctrl("u"))
        s.press(typing("putin") + [.enter])
        #expect(s.row(0).contains("(1 person matching “putin”)"), "\(s.row(0))")
    }

    @Test func noLastMatchWhenThereWasNone() {
        var s = AppState(catalog: Self.people, size: Size(rows: 12, columns: 100))
        s.press(.enter, "/")
        s.press(typing("zzzz") + [.enter])
        s.press("n")
        let said = s.message?.text ?? ""
        #expect(!said.contains("this was the last match"), "\(said)")
        #expect(said.contains("“zzzz”"), "\(said)")
    }

    @Test func spreadInANarrowWindowSaysWhatItDid() {
        var s = AppState(catalog: Self.people, size: Size(rows: 12, columns: 100))
        s.press(.enter, "S")
        #expect(s.message?.text == "Two pages on: they need a window at least 170 columns wide")
        s.press("S")
        #expect(s.message?.text == "Two pages off: they need a window at least 170 columns wide")
        // In a wide window the screen shows it: no message.
        var wide = AppState(catalog: Self.people, size: Size(rows: 12, columns: 200))
        wide.press(.enter, "S")
        #expect(wide.message == nil)
        wide.press("S")
        #expect(wide.message == nil)
    }
}
