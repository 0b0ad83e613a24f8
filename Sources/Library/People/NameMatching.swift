/// Comparing name parts: transliteration skeletons, small edit distances, and the rule for when
/// two given names are the same person's (same surname assumed).
///
/// Keys are folded scalars (`Folding`: lower case, no accents) as `UInt32` values.
enum NameMatching {
    // MARK: Skeletons

    /// A spelling-insensitive form: `Yevgeny`, `Evgeny` and `Evgeniy` share `evgeni`;
    /// `Aleksandr` and `Alexandr` share `alexandr`; `Zelenskyy` and `Zelensky` share `zelenski`.
    /// Apostrophes and hyphens are dropped, `ks`→`x`, `kh`→`h`, `ph`→`f`, `th`→`t`, `w`→`v`,
    /// `y`→`i`, `c` (not in `ch`)→`k`, `ou`→`u`, a leading `ye`→`e`, doubled letters collapse.
    static func skeleton(_ key: [UInt32]) -> [UInt32] {
        var out: [UInt32] = []
        out.reserveCapacity(key.count)
        key.withUnsafeBufferPointer { skeleton($0, into: &out) }
        return out
    }

    /// The skeleton of `key` appended to `out` (people detection keeps an article's skeletons
    /// in one array).
    static func skeleton(_ key: UnsafeBufferPointer<UInt32>, into out: inout [UInt32]) {
        let c: UInt32 = 0x63, e: UInt32 = 0x65, f: UInt32 = 0x66, h: UInt32 = 0x68
        let i: UInt32 = 0x69, k: UInt32 = 0x6B, o: UInt32 = 0x6F, p: UInt32 = 0x70, s: UInt32 = 0x73
        let t: UInt32 = 0x74, u: UInt32 = 0x75, v: UInt32 = 0x76, w: UInt32 = 0x77, x: UInt32 = 0x78, y: UInt32 = 0x79
        var last: UInt32? = nil
        var j = 0
        if key.count > 2 && key[0] == y && key[1] == e { j = 1 }  // Yevgeny, Yelena
        while j < key.count {
            var ch = key[j]
            let next: UInt32 = j + 1 < key.count ? key[j + 1] : 0
            if ch == 0x27 || ch == 0x2D { j += 1; continue }
            if ch == k && next == s { ch = x; j += 1 }
            else if ch == k && next == h { ch = h; j += 1 }
            else if ch == p && next == h { ch = f; j += 1 }
            else if ch == t && next == h { ch = t; j += 1 }
            else if ch == o && next == u { ch = u; j += 1 }
            else if ch == c && next != h { ch = k }
            else if ch == w { ch = v }
            else if ch == y { ch = i }
            if last != ch { out.append(ch); last = ch }
            j += 1
        }
    }

    static func skeleton(_ string: String) -> String {
        let key = Lexicon.fold(string)
        var view = String.UnicodeScalarView()
        for v in skeleton(key) { if let scalar = Unicode.Scalar(v) { view.append(scalar) } }
        return String(view)
    }

    // MARK: Edit distance

    /// Whether `a` and `b` differ by at most one insertion, deletion, substitution, or swap of
    /// neighbouring letters.
    static func withinOneEdit(_ a: [UInt32], _ b: [UInt32]) -> Bool {
        if a == b { return true }
        let (m, n) = (a.count, b.count)
        if abs(m - n) > 1 { return false }
        var i = 0
        while i < min(m, n) && a[i] == b[i] { i += 1 }
        if m == n {
            // substitution at i, or swap of i and i+1
            if a[(i + 1)...] == b[(i + 1)...] { return true }
            if i + 1 < m && a[i] == b[i + 1] && a[i + 1] == b[i] && a[(i + 2)...] == b[(i + 2)...] { return true }
            return false
        }
        // one deletion from the longer one at i
        return m > n ? a[(i + 1)...] == b[i...] : a[i...] == b[(i + 1)...]
    }

    /// Levenshtein distance, or `limit + 1` when it is larger than `limit`.
    static func distance(_ a: [UInt32], _ b: [UInt32], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var best = current[0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                best = min(best, current[j])
            }
            if best > limit { return limit + 1 }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    // MARK: Given names

    /// Whether two folded given names can name the same person (their surnames being equal):
    /// equal, spellings of one name in the lexicon (`Yevgeny`/`Evgeny`), equal skeletons, or —
    /// when one of them is not a known given name, so may be misspelt (`Vladmir`) — skeletons at
    /// most one edit apart (two for long names). Two different known names (`Maria`, `Mario`)
    /// never match. An initial matches names with that first letter.
    static func givenCompatible(_ a: [UInt32], _ b: [UInt32], lexicon: Lexicon = .shared) -> Bool {
        if a == b { return true }
        if a.isEmpty || b.isEmpty { return false }
        if a.count == 1 || b.count == 1 { return a[0] == b[0] }
        return givenCompatible(GivenName(a, lexicon), GivenName(b, lexicon))
    }

    /// A folded given name with what `givenCompatible` asks of it, worked out once.
    struct GivenName {
        var key: [UInt32]
        /// The lexicon's group when it is a known given name, else -1.
        var group: Int32
        var skeleton: [UInt32]

        init(_ key: [UInt32], _ lexicon: Lexicon) {
            self.key = key
            group = key.count > 1 ? NameMatching.givenGroup(key, lexicon) : -1
            skeleton = key.count > 1 ? NameMatching.skeleton(key) : key
        }
    }

    /// `givenCompatible` on names prepared beforehand.
    static func givenCompatible(_ a: GivenName, _ b: GivenName) -> Bool {
        if a.key == b.key { return true }
        if a.key.isEmpty || b.key.isEmpty { return false }
        if a.key.count == 1 || b.key.count == 1 { return a.key[0] == b.key[0] }
        if a.group >= 0 && a.group == b.group { return true }
        let sa = a.skeleton, sb = b.skeleton
        if sa == sb { return true }
        if a.group >= 0 && b.group >= 0 { return false }
        let shorter = min(sa.count, sb.count)
        if shorter < 4 { return false }
        return shorter >= 8 ? distance(sa, sb, limit: 2) <= 2 : withinOneLevenshtein(sa, sb)
    }

    /// Levenshtein distance at most 1 (`distance(a, b, limit: 1) <= 1`, without its tables).
    static func withinOneLevenshtein(_ a: [UInt32], _ b: [UInt32]) -> Bool {
        let (m, n) = (a.count, b.count)
        if abs(m - n) > 1 { return false }
        var i = 0
        while i < min(m, n) && a[i] == b[i] { i += 1 }
        if i == min(m, n) { return true }
        if m == n { return a[(i + 1)...] == b[(i + 1)...] }
        return m > n ? a[(i + 1)...] == b[i...] : a[i...] == b[(i + 1)...]
    }

    static func givenGroup(_ key: [UInt32], _ lexicon: Lexicon) -> Int32 {
        key.withUnsafeBufferPointer { givenGroup($0, lexicon) }
    }

    static func givenGroup(_ key: UnsafeBufferPointer<UInt32>, _ lexicon: Lexicon) -> Int32 {
        let slot = lexicon.find(key, hash: Lexicon.hash(key))
        return lexicon.flags(slot).contains(.given) ? lexicon.group(slot) : -1
    }

    static func key(_ string: String) -> [UInt32] { string.unicodeScalars.map(\.value) }
}
