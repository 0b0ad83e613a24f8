import Testing
import TestSupport
@testable import Library
#if canImport(Glibc)
import Glibc
#endif

@Suite struct AnchorTests {
    let text = ArticleText(Sample.article)

    func edited(_ replace: String, with new: String) -> ArticleText {
        ArticleText(Sample.article.replacingOccurrences(of: replace, with: new))
    }

    @Test func unchangedTextIsExact() {
        let b = Sample.bookmark("Captain Ilse Marrow said the hull needed new plates", in: text)
        #expect(b.resolve(in: text) == .exact(b.range))
        #expect(b.quote.prefix.unicodeScalars.count == Bookmark.contextLength)
        #expect(b.quote.suffix.unicodeScalars.count == Bookmark.contextLength)
    }

    @Test func textInsertedBeforeMovesIt() {
        let b = Sample.bookmark("Captain Ilse Marrow said the hull needed new plates", in: text)
        let inserted = "UPDATE: this story was corrected on Tuesday.\n\n"
        let newText = ArticleText(inserted + Sample.article)
        let shift = inserted.unicodeScalars.count
        #expect(b.resolve(in: newText) == .moved((b.range.lowerBound + shift)..<(b.range.upperBound + shift)))
        // Text removed before it.
        let shorter = edited("The ferry company of Velmstad announced on Monday", with: "Velmstad's ferries said")
        let found = b.resolve(in: shorter)
        #expect(found.range.map { shorter.string($0) } == b.quote.exact)
        #expect(found.status == "moved")
    }

    @Test func slightlyEditedQuoteIsFoundApproximately() {
        let b = Sample.bookmark("Captain Ilse Marrow said the hull needed new plates before winter", in: text)
        let newText = edited("the hull needed new plates", with: "the old hull needs new steel plates")
        let anchor = b.resolve(in: newText)
        guard case .fuzzy(let r, let distance) = anchor else { Issue.record("expected fuzzy, got \(anchor)"); return }
        #expect(distance > 0 && distance <= 16)
        #expect(newText.string(r) == "Captain Ilse Marrow said the old hull needs new steel plates before winter")
    }

    @Test func editedLongQuoteIsFoundByHeadAndTail() {
        let quote = "The ferry company of Velmstad announced on Monday that the northern route would close for repairs. Captain Ilse Marrow said the hull needed new plates before winter."
        let b = Sample.bookmark(quote, in: text)
        #expect(quote.unicodeScalars.count > Anchoring.piece)
        let newText = edited("would close for repairs", with: "would shut down for several weeks of repairs")
        let anchor = b.resolve(in: newText)
        guard case .fuzzy(let r, _) = anchor else { Issue.record("expected fuzzy, got \(anchor)"); return }
        #expect(newText.string(r).hasPrefix("The ferry company of Velmstad"))
        #expect(newText.string(r).hasSuffix("before winter."))
    }

    @Test func deletedQuoteIsDetachedNotDropped() {
        let b = Sample.bookmark("Captain Ilse Marrow said the hull needed new plates before winter.", in: text)
        let newText = edited("Captain Ilse Marrow said the hull needed new plates before winter. ", with: "")
        #expect(b.resolve(in: newText) == .detached)
        #expect(b.resolve(in: ArticleText("")) == .detached)
        #expect(b.resolve(in: ArticleText("Something else entirely, about gardens and weather in spring.")) == .detached)
    }

    @Test func repeatedQuoteGoesToTheRightOccurrence() {
        let para = "The tide was late again. "
        let doc = ArticleText("Intro about boats. " + para + "Then the harbour master, Wendel Oakes, spoke. " + para + "Evening came and the gulls were loud. " + para + "End.")
        let all = Anchoring.occurrences(of: Array(para.unicodeScalars), in: doc.scalars)
        #expect(all.count == 3)
        // A bookmark on the second occurrence.
        let second = all[1]..<(all[1] + para.unicodeScalars.count)
        let b = Bookmark.make(article: Sample.ref(text: doc), text: doc, range: second, note: "")
        #expect(b.resolve(in: doc) == .exact(second))
        // Text inserted at the start: the same (second) occurrence, by its surroundings.
        let shifted = ArticleText("A new first line. " + doc.string)
        let anchor = b.resolve(in: shifted)
        #expect(anchor == .moved((second.lowerBound + 18)..<(second.upperBound + 18)))
        // Surroundings gone too: the occurrence nearest the old place.
        let rewritten = ArticleText("X. " + para + "Y. " + para + "Z. " + para)
        let nearest = b.resolve(in: rewritten)
        let occ = Anchoring.occurrences(of: Array(para.unicodeScalars), in: rewritten.scalars)
        let expected = occ.min { abs($0 - second.lowerBound) < abs($1 - second.lowerBound) }!
        #expect(nearest.range?.lowerBound == expected)
    }

    @Test func randomEditsAwayFromTheQuoteNeverLoseIt() {
        var g = SystemRandomNumberGenerator()
        let quote = "Captain Ilse Marrow said the hull needed new plates before winter."
        let b = Sample.bookmark(quote, in: text)
        let filler = Array("lorem ipsum dolor sit amet, harbour tide. \n".unicodeScalars)
        for _ in 0..<100 {
            var scalars = text.scalars
            var start = b.range.lowerBound
            for _ in 0..<Int.random(in: 1...6, using: &g) {
                // Insert or delete somewhere outside the quote and its surroundings.
                let before = Bool.random(using: &g)
                let low = before ? 0 : start + b.range.count + 40
                let high = before ? max(0, start - 40) : scalars.count
                guard low < high else { continue }
                let at = Int.random(in: low..<high, using: &g)
                if Bool.random(using: &g) {
                    let piece = (0..<Int.random(in: 1...30, using: &g)).map { _ in filler.randomElement(using: &g)! }
                    scalars.insert(contentsOf: piece, at: at)
                    if before { start += piece.count }
                } else {
                    let n = min(Int.random(in: 1...30, using: &g), high - at)
                    scalars.removeSubrange(at..<(at + n))
                    if before { start -= n }
                }
            }
            let edited = ArticleText(scalars: scalars)
            let anchor = b.resolve(in: edited)
            #expect(anchor.range == start..<(start + b.range.count), "\(anchor)")
        }
    }

    @Test func shortQuoteNeedsItsSurroundings() {
        let doc = ArticleText("one cat sat here. The cat ran off. A cat slept.")
        let at = Anchoring.occurrences(of: Array("cat".unicodeScalars), in: doc.scalars)[1]
        let b = Bookmark.make(article: Sample.ref(text: doc), text: doc, range: at..<(at + 3), note: "")
        #expect(b.resolve(in: doc) == .exact(at..<(at + 3)))
        // Another "cat" now stands at the old offset, but the surroundings moved on.
        let changed = ArticleText("Dogs, birds and a fat cat sat. The cat ran off. A cat slept.")
        #expect(changed.string(at..<(at + 3)) == "cat")
        let anchor = b.resolve(in: changed)
        #expect(anchor.status == "moved")
        #expect(anchor.range.map { changed.string(($0.lowerBound - 4)..<$0.upperBound) } == "The cat")
    }

    @Test func pointBookmarksUseTheTextAround() {
        let at = Sample.offset(of: "Passengers were", in: text)
        let b = Bookmark.make(article: Sample.ref(text: text), text: text, range: at..<at, note: "")
        #expect(b.resolve(in: text) == .exact(at..<at))
        let newText = ArticleText("Inserted. " + Sample.article)
        #expect(b.resolve(in: newText) == .moved((at + 10)..<(at + 10)))
    }

    @Test func defaultRangeEndsAtTheSentenceOrLine() {
        let at = Sample.offset(of: "Captain Ilse", in: text)
        #expect(text.string(Bookmark.defaultRange(in: text, at: at)) == "Captain Ilse Marrow said the hull needed new plates before winter.")
        let headline = Bookmark.defaultRange(in: text, at: 0)
        #expect(text.string(headline) == "Harbour news from Velmstad")
        #expect(Bookmark.defaultRange(in: text, at: text.count).isEmpty)
        let long = ArticleText(String(repeating: "word ", count: 100))
        let r = Bookmark.defaultRange(in: long, at: 0)
        #expect(r.count <= 80 && long.string(r).hasSuffix("word"))
    }

    @Test func hashIsFNV1aOfTheFileBytes() {
        // Reference values of FNV-1a 64.
        #expect(ArticleRef.hash(of: ArticleText("")) == "fnv1a64:cbf29ce484222325")
        #expect(ArticleRef.hash(of: ArticleText("a")) == "fnv1a64:af63dc4c8601ec8c")
        #expect(ArticleRef.hash(of: ArticleText("foobar")) == "fnv1a64:85944171f73967e8")
        // Invalid bytes are hashed as themselves: different files, different hashes.
        let a = ArticleText(utf8: [0x61, 0xFF])
        let b = ArticleText(utf8: [0x61, 0xFE])
        #expect(ArticleRef.hash(of: a) != ArticleRef.hash(of: b))
        #expect(ArticleRef.hash(of: ArticleText("é")) == ArticleRef.hash(of: ArticleText(utf8: [0xC3, 0xA9])))
    }

    /// Prints how long re-anchoring takes in a 1 MB article (two halves around the quote) (figures only; run with -c release
    /// for meaningful numbers).
    @Test func bigArticleFigures() {
        var body = ""
        var g = SystemRandomNumberGenerator()
        let words = ["harbour", "ferry", "council", "plates", "winter", "route", "Velmstad", "tide", "gulls", "pier", "stall", "fish"]
        while body.utf8.count < 500_000 {
            body += words[Int.random(in: 0..<words.count, using: &g)] + (Int.random(in: 0..<12, using: &g) == 0 ? ".\n" : " ")
        }
        let marker = "Captain Ilse Marrow said the hull needed new plates before winter."
        let big = ArticleText(body + marker + " " + body)
        let at = body.unicodeScalars.count
        let b = Bookmark.make(article: Sample.ref(text: big), text: big, range: at..<(at + marker.unicodeScalars.count), note: "")
        let moved = ArticleText("New intro.\n" + body + marker + " " + body)
        let fuzzy = ArticleText("New intro.\n" + body + "Captain Ilse Marrow said the old hull needs new plates before winter." + " " + body)
        let gone = ArticleText(body + body)
        var results: [Anchor] = []
        var line = "re-anchoring in \(big.count) scalars:"
        for (name, t) in [("exact", big), ("moved", moved), ("fuzzy", fuzzy), ("detached", gone)] {
            let start = clock()
            results.append(b.resolve(in: t))
            line += " \(name) \(Double(clock() - start) / Double(CLOCKS_PER_SEC) * 1000) ms;"
        }
        print(line)
        #expect(results[0] == .exact(b.range))
        #expect(results[1] == .moved((at + 11)..<(b.range.upperBound + 11)))
        #expect(results[2].status == "fuzzy")
        #expect(results[3] == .detached)
    }
}
