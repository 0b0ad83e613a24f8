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

/// `reader search` with a pasted 20,000-word query took over three minutes (the prefilter choice
/// and the matcher's term places were searched per term); these pin what the linear versions
/// must still choose.
@Suite struct LongQuerySearchTests {
    @Test func prefiltersAreTheThreeLongestWordsInQueryOrder() throws {
        var words = (0..<20_000).map { "w\($0)" }
        words[7_000] = "longestword"
        words[9_000] = "secondlong"
        words[9_001] = "thirdlong"
        words[9_002] = "tiedlong1"   // same length as "thirdlong": comes later, not chosen
        words.append("w5")           // a repeat
        let query = try Query.parse(words.joined(separator: " "))
        let chosen = Prefilter.forQuery(query).map { String(String.UnicodeScalarView($0.literal)) }
        #expect(chosen == ["longestword", "secondlong", "thirdlong"])
        // A word inside a chosen longer one is skipped.
        let nested = try Query.parse("abcdef bcd xyz")
        #expect(Prefilter.forQuery(nested).map { String(String.UnicodeScalarView($0.literal)) } == ["abcdef", "xyz"])
    }

    @Test func aHugeQueryFindsTheFileThatHasEveryWord() throws {
        let words = (0..<2_000).map { "w\($0)" }
        let query = try Query.parse(words.joined(separator: " "))
        let searcher = FileSearcher(query: query)
        let all = Array(("Title\n\n" + words.reversed().joined(separator: " ") + "\n").utf8)
        let some = Array(("Title\n\n" + words.dropLast().joined(separator: " ") + "\n").utf8)
        let file = FileRef(location: RawPath("x.txt"), path: "x.txt", followLinks: false)
        for wantHits in [true, false] {
            if case .matched = searcher.search(bytes: all, file: file, wantHits: wantHits) {} else {
                Issue.record("the file with every word did not match (wantHits \(wantHits))")
            }
            if case .noMatch = searcher.search(bytes: some, file: file, wantHits: wantHits) {} else {
                Issue.record("the file missing a word matched (wantHits \(wantHits))")
            }
        }
    }
}
