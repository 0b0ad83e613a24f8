/// A quick byte-level test that a file may contain a word: the word's folded letters in order
/// inside one run of non-separator bytes, ignoring case and accents (any non-ASCII letter is
/// decoded and folded) and skipping characters that title extraction removes (`*`, `_`, `` ` ``,
/// `\`, controls, invisible characters). A superset of the files that contain the word in their
/// text, title or author (a title can only differ by such removals, or come from the file name,
/// which is tested too).
struct Prefilter: Sendable {
    /// The folded literal.
    let literal: [Unicode.Scalar]
    /// Bytes that may start or be inside the literal's anchor letter: the anchor in both cases,
    /// and every non-ASCII lead byte.
    let candidate: [Bool]
    /// ASCII bytes that end a run.
    let separator: [Bool]
    /// The anchor letter in lower and upper case.
    let anchorLower: UInt8
    let anchorUpper: UInt8
    /// The anchor as a scalar (the literal's first when it has no ASCII letter): a non-ASCII
    /// character only starts a run check when its folded form contains it.
    let anchorScalar: Unicode.Scalar
    /// The literal is ASCII letters and digits only.
    let isPlainASCII: Bool

    /// The prefilters for a query: the (up to three) longest words that every match must contain
    /// (words of terms the top-level AND requires); none when no word is required.
    static func forQuery(_ query: Query) -> [Prefilter] {
        // Linear in the query's words (a pasted query has thousands): a set drops repeats, and
        // the choice stops at three.
        var words: [[Unicode.Scalar]] = []
        var seen = Set<String>()
        for t in query.requiredTerms where query.terms[t].field != .person {
            for part in query.terms[t].parts where seen.insert(part).inserted {
                words.append(Array(part.unicodeScalars))
            }
        }
        // Longest first, ties in query order (a stable sort), as before.
        words = words.enumerated().sorted { ($0.element.count, -$0.offset) > ($1.element.count, -$1.offset) }
            .map(\.element)
        // A word inside a longer one adds nothing.
        var chosen: [[Unicode.Scalar]] = []
        for w in words where !chosen.contains(where: { $0.count >= w.count && contains($0, w) }) {
            chosen.append(w)
            if chosen.count == 3 { break }
        }
        return chosen.map { Prefilter(literal: $0) }
    }

    static func contains(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Bool {
        guard a.count >= b.count else { return false }
        for s in 0...(a.count - b.count) where Array(a[s..<(s + b.count)]) == b { return true }
        return false
    }

    init(literal best: [Unicode.Scalar]) {
        literal = best
        isPlainASCII = best.allSatisfy { (0x61...0x7A).contains($0.value) || (0x30...0x39).contains($0.value) }
        // Anchor: the literal's rarest ASCII letter (rough English frequencies).
        let rarity = Array("etaoinshrdlcumwfgypbvkjxqz0123456789".unicodeScalars)
        var anchor: Unicode.Scalar?
        var anchorRank = -1
        for c in best {
            if let r = rarity.firstIndex(of: c), r > anchorRank { anchorRank = r; anchor = c }
        }
        var candidate = [Bool](repeating: false, count: 256)
        for b in 0xC0...0xFF { candidate[b] = true }
        // Without an ASCII letter, only non-ASCII bytes can be in the literal (0xFF is one).
        anchorLower = anchor.map { UInt8($0.value) } ?? 0xFF
        anchorUpper = anchor.map { (0x61...0x7A).contains($0.value) ? UInt8($0.value - 0x20) : UInt8($0.value) } ?? 0xFF
        candidate[Int(anchorLower)] = true
        candidate[Int(anchorUpper)] = true
        self.candidate = candidate
        anchorScalar = anchor ?? best[0]
        var separator = [Bool](repeating: true, count: 256)
        for b in 0..<256 {
            let c = UInt8(b)
            if c >= 0x80 { separator[b] = false; continue }
            if (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) { separator[b] = false }
            if Self.isSkippedASCII(c) { separator[b] = false }
        }
        self.separator = separator
    }

    /// ASCII that title extraction may drop from inside a word.
    static func isSkippedASCII(_ c: UInt8) -> Bool {
        (c < 0x20 && c != 0x0A && c != 0x09) || c == 0x7F || c == 0x2A || c == 0x5F || c == 0x60 || c == 0x5C
    }

    func mayContain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        presence(in: bytes, wantCertain: false) != .absent
    }

    /// What a scan of a file's bytes can tell about the literal as a word.
    enum Presence { case absent, possible, certain }

    /// `.absent` when no word of `bytes` can hold the literal; `.certain` (looked for only with
    /// `wantCertain`, and only for a plain ASCII literal) when some word is exactly the literal,
    /// written in ASCII letters and digits between ASCII separators that are not apostrophes, so
    /// the exact matcher would find it there; `.possible` otherwise.
    func presence(in bytes: UnsafeBufferPointer<UInt8>, wantCertain: Bool) -> Presence {
        let n = bytes.count
        var i = 0
        var scratch: [Unicode.Scalar] = []
        var possible = false
        let lookForCertain = wantCertain && isPlainASCII
        let found: Bool = candidate.withUnsafeBufferPointer { cand in
            separator.withUnsafeBufferPointer { sep in
                let base = UnsafeRawPointer(bytes.baseAddress)
                let ones: UInt64 = 0x0101_0101_0101_0101
                let highs: UInt64 = 0x8080_8080_8080_8080
                let lower = ones &* UInt64(anchorLower)
                let upper = ones &* UInt64(anchorUpper)
                /// The high bit of each of 8 bytes that may be a candidate (the anchor, or a byte
                /// ≥ 0xC0); the lowest one set is exact, those above it may be false.
                @inline(__always) func hits(_ x: UInt64) -> UInt64 {
                    let a = x ^ lower, b = x ^ upper
                    return (((a &- ones) & ~a) | ((b &- ones) & ~b) | (x & (x << 1))) & highs
                }
                while i < n {
                    // 8 bytes at a time to the next candidate.
                    if i + 8 <= n, let base {
                        let h = hits(base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                        if h == 0 { i += 8; continue }
                        i += h.trailingZeroBitCount >> 3
                    }
                    let b = bytes[i]
                    if !cand[Int(b)] { i += 1; continue }
                    // A non-ASCII character counts only if it folds to something with the anchor.
                    if b >= 0xC0 {
                        let (scalar, length) = Self.decode(bytes, at: i)
                        if let scalar, !folds(scalar, toContain: anchorScalar, scratch: &scratch) { i += length; continue }
                    }
                    // The run around the candidate byte.
                    var start = i
                    while start > 0 && !sep[Int(bytes[start - 1])] { start -= 1 }
                    var end = i + 1
                    while end < n && !sep[Int(bytes[end])] { end += 1 }
                    let run = UnsafeBufferPointer(rebasing: bytes[start..<end])
                    if runContains(run) {
                        if !lookForCertain { return true }
                        possible = true
                        if run.count == literal.count && (start == 0 || bytes[start - 1] != 0x27) && isPlainRun(run) { return true }
                    }
                    i = end
                }
                return false
            }
        }
        if found { return lookForCertain ? .certain : .possible }
        return possible ? .possible : .absent
    }


    func isPlainRun(_ run: UnsafeBufferPointer<UInt8>) -> Bool {
        for b in run where b >= 0x80 || Self.isSkippedASCII(b) { return false }
        return true
    }

    /// The scalar whose UTF-8 starts at `i`, and its length (nil and 1 for an invalid byte).
    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (Unicode.Scalar?, Int) {
        var first: (scalar: Unicode.Scalar, bad: Bool)?
        UTF8Decoder.decode(UnsafeBufferPointer(rebasing: bytes[i..<min(bytes.count, i + 4)])) { scalar, bad in
            if first == nil { first = (scalar, bad != nil) }
        }
        guard let first, !first.bad else { return (nil, 1) }
        return (first.scalar, UTF8.width(first.scalar))
    }

    /// Whether `scalar` is a letter whose folded form contains `anchor`.
    @inline(__always)
    func folds(_ scalar: Unicode.Scalar, toContain anchor: Unicode.Scalar, scratch: inout [Unicode.Scalar]) -> Bool {
        let kind = WordScanner.kind(scalar)
        guard kind == .word || kind == .ideograph else { return false }
        scratch.removeAll(keepingCapacity: true)
        Folding.fold(scalar, into: &scratch)
        return scratch.contains(anchor)
    }

    /// Looks for the literal in a run of bytes.
    func runContains(_ run: UnsafeBufferPointer<UInt8>) -> Bool {
        let m = literal.count
        // Plain ASCII letters and digits: compare directly.
        if isPlainRun(run) {
            guard run.count >= m else { return false }
            for s in 0...(run.count - m) {
                var k = 0
                while k < m {
                    var b = run[s + k]
                    if b &- 0x41 < 26 { b += 0x20 }
                    if UInt32(b) != literal[k].value { break }
                    k += 1
                }
                if k == m { return true }
            }
            return false
        }
        return foldedRunContains(run)
    }

    /// The general case: decode and fold the run (letters only; anything else breaks it).
    func foldedRunContains(_ run: UnsafeBufferPointer<UInt8>) -> Bool {
        var folded: [Unicode.Scalar] = []
        folded.reserveCapacity(run.count + 8)
        var scratch: [Unicode.Scalar] = []
        UTF8Decoder.decode(run) { scalar, _ in
            let v = scalar.value
            if v < 0x80 {
                let c = UInt8(v)
                if Self.isSkippedASCII(c) { return }
                folded.append((0x41...0x5A).contains(c) ? Unicode.Scalar(c + 0x20) : scalar)
                return
            }
            if (0x80...0x9F).contains(v) || Sanitizer.needsMarker(v) { return }
            switch WordScanner.kind(scalar) {
            case .ignorable: return
            case .word, .ideograph:
                scratch.removeAll(keepingCapacity: true)
                Folding.fold(scalar, into: &scratch)
                folded.append(contentsOf: scratch)
            default:
                folded.append(" ")
            }
        }
        let m = literal.count
        guard folded.count >= m else { return false }
        for s in 0...(folded.count - m) {
            var k = 0
            while k < m && folded[s + k] == literal[k] { k += 1 }
            if k == m { return true }
        }
        return false
    }
}

#if canImport(Glibc)
import Glibc
#endif
