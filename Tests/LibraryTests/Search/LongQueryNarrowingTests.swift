import Testing
@testable import Library

/// Issue 16, item 5: typing after a pasted 20,000-word filter. `narrows` compared every earlier
/// conjunct with every new one (400 million comparisons a keystroke); it now compares them in
/// place and still sees that typing on narrows.
@Suite struct LongQueryNarrowingTests {
    @Test func typingOnAfterAHugeQueryStillNarrows() throws {
        let words = (0..<20_000).map { "w\($0 % 997)x\($0)" }.joined(separator: " ")
        let before = try Query.parse(words + " har", prefixLast: true, lenient: true)
        let after = try Query.parse(words + " harb", prefixLast: true, lenient: true)
        #expect(after.narrows(before))
        // Not narrowing: a word replaced.
        let other = try Query.parse("q" + words, prefixLast: true, lenient: true)
        #expect(!other.narrows(before))
        // Small queries still match conjuncts in any order.
        #expect(try Query.parse("b a").narrows(try Query.parse("a b")))
    }
}
