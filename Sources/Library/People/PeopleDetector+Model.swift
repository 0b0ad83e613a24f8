/// The last word on the names the rules leave in doubt: a linear model (logistic regression,
/// trained on the CoNLL-2003 training split by `tools/people-train`, weights in
/// `SpanModelData.swift`) scores a span from what surrounds it — the words beside it, its shape and
/// the lexicon classes of its words, the punctuation around it, the line it stands on (a results
/// line, a headline), how often the article names the same surname, the words themselves and
/// their endings, and whether the article writes them in lower case or inside an organisation's
/// or place's name. The score is the log-odds that the span is a person's name as news
/// annotators mark them.
///
/// Every person span is judged: a surname or a given name alone, a full name whose given name the
/// lexicon does not know (dropped below `dropBelow`, `dropUncertainBelow`: "Windows", "Names"), a
/// candidate surname (a person on its own above `promoteAbove`: "Banharn told reporters"); the
/// rules' best evidence — a full name with a known given name, a word after a title or before a
/// cue ("Miss Universe", "the Biden administration"), a surname the article names in full — only
/// below `dropProtectedBelow`. A word alone the rules left before a person's name joins it above
/// `joinAbove` ("Trainer Berti" + "Vogts": "Berti Vogts"). A word alone is judged by its mean
/// score over the article, so it is a person everywhere in the article or nowhere.
///
/// Deterministic: features are hashes of folded words and fixed codes, the weights are constants.
extension Detection {
    /// Scores below this drop a person mention; above `promoteAbove` a candidate becomes a person.
    static let dropBelow: Float = SpanModelData.dropBelow
    static let promoteAbove: Float = SpanModelData.promoteAbove
    /// A full name with a given name the lexicon does not know needs a lower score to go.
    static let dropUncertainBelow: Float = SpanModelData.dropUncertainBelow
    /// The rules' best evidence (a full name with a known given name, a word after a title or
    /// before a cue, a surname the article names in full) goes only below this.
    static let dropProtectedBelow: Float = SpanModelData.dropProtectedBelow
    /// Two names side by side become one above this ("Berti" "Vogts": "Berti Vogts").
    static let joinAbove: Float = SpanModelData.joinAbove
    /// A candidate scored below this is no name in its article: other articles cannot make it one.
    static let forgetCandidateBelow: Float = -4

    /// Whether found name `f` is for the model to judge.
    func judged(_ f: Found) -> Bool {
        f.kind == .person && f.form != .none
    }

    /// Whether the model may drop found name `f`: a full name with a known given name stays, and
    /// so does a word alone after a title or before a cue.
    func droppable(_ f: Found) -> Bool {
        !f.sure && (f.form == .surname || f.form == .given || f.form == .fullUncertain)
    }

    /// Whether found name `f` is the rules' best evidence, which only a very low score drops: a
    /// full name with a known given name, a word after a title or before a cue, a surname the
    /// article names in full ("Daewoo" after a "Daewoo" read as a surname is still dropped).
    @inline(__always)  // (Called out of line, it is handed a copy of the whole `Detection`.)
    func isProtected(_ f: Found, _ fullCores: WordSet) -> Bool {
        guard f.form != .candidate else { return false }
        return !droppable(f) || f.form == .surname && fullCores.contains(tokens[f.core].hash)
    }

    /// The threshold below which found name `f` (not a candidate) is dropped. A word before a
    /// cue ("the Biden administration") stays whatever its score: news annotators' training
    /// split has too few of them for the model to judge.
    mutating func dropThreshold(_ f: Found, _ fullCores: WordSet) -> Float {
        if f.sure && f.first == f.last && cueAfter(f.last) { return -.infinity }
        if isProtected(f, fullCores) { return Detection.dropProtectedBelow }
        return f.form == .fullUncertain ? Detection.dropUncertainBelow : Detection.dropBelow
    }

    /// The article's facts the features share.
    func modelContext() -> ModelContext {
        var c = ModelContext()
        c.coreCounts = WordTable(atMost: found.count)
        for f in found where f.first <= f.last {
            if judged(f) && f.core >= 0 {
                let h = tokens[f.core].hash
                c.coreCounts.set(h, (c.coreCounts[h] ?? 0) + 1)
                if f.form == .full || f.form == .fullUncertain { c.fullCores.insert(h) }
            } else if f.kind != .person {
                c.otherWords.insert(tokens[f.first...f.last])
            }
        }
        c.lowerWords = lowerWords
        return c
    }

    /// Applies the model to the found persons and candidates. A word alone (a surname, a given
    /// name, a candidate) is judged with every other use of that word as a name in the article:
    /// by their mean score, so "Wang" is kept or dropped all through the article.
    mutating func applyModel() {
        let model = SpanModel.shared
        guard !model.isEmpty, found.contains(where: judged) else { return }
        var context = modelContext()
        let buffer = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: 128)
        defer { buffer.deallocate() }
        var order = textOrder()
        var joinedAny = false
        for (x, y) in joinPairs(order) {
            found.append(joined(x, y))
            var score = SpanScore(model, buffer: buffer)
            spanFeatures(found.count - 1, &context, into: &score)
            let j = found.removeLast()
            if score.sum > Detection.joinAbove {
                for t in found[x].first...found[x].last { covered[t] = Int32(y) }
                found[x].form = .none
                found[y] = j
                joinedAny = true
            }
        }
        knowJoinedSurnames()
        var scores: [(index: Int, score: Float)] = []
        scores.reserveCapacity(found.count)
        var sums = WordTable<(sum: Float, count: Int)>(atMost: found.count)
        // In text order, so that each line is measured once.
        // Joined names start earlier: the order changes only then.
        if joinedAny { order = textOrder() }
        for i in order where judged(found[i]) {
            var span = SpanScore(model, buffer: buffer)
            spanFeatures(i, &context, into: &span)
            let score = span.sum
            scores.append((i, score))
            if found[i].first == found[i].last {
                let h = tokens[found[i].first].hash
                let known = sums[h] ?? (0, 0)
                sums.set(h, (known.sum + score, known.count + 1))
            }
        }
        // Names of several words first: a surname alone is the rules' best evidence only while
        // a full name with it stands ("Chicago" after "August Chicago" was dropped is not).
        var fullCores = context.fullCores
        for pass in 0..<2 {
            if pass == 1 {
                fullCores = WordSet()
                for f in found where f.kind == .person && (f.form == .full || f.form == .fullUncertain) && f.core >= 0 {
                    fullCores.insert(tokens[f.core].hash)
                }
            }
            for (i, own) in scores where (found[i].first == found[i].last) == (pass == 1) {
                var score = own
                if found[i].first == found[i].last, let group = sums[tokens[found[i].first].hash] {
                    score = group.sum / Float(group.count)
                }
                if found[i].form == .candidate {
                    if score > Detection.promoteAbove {
                        found[i].form = .surname
                    } else if score < Detection.forgetCandidateBelow {
                        // Not a name here, whatever other articles say ("Windows 95" when
                        // another article names a Matt Windows).
                        found[i].form = .none
                        covered[found[i].first] = -1
                    }
                } else if score < dropThreshold(found[i], fullCores) {
                    // Dropped: `mentions()` skips a person of no form.
                    found[i].form = .none
                    for t in found[i].first...found[i].last { covered[t] = -1 }
                }
            }
        }
    }

    /// A name the model joined ("Rusty" + "Greer") names its surname as a full name found by the
    /// rules does: the surname alone elsewhere in the article ("Greer hit", a candidate) and in
    /// a headline in capitals ("GREER HOMER") is that person.
    mutating func knowJoinedSurnames() {
        var known = false
        for f in found where f.joined && f.form != .none && f.core >= 0 && surnames[tokens[f.core].hash] == nil {
            surnames.set(tokens[f.core].hash, [])
            known = true
        }
        guard known else { return }
        for i in found.indices where found[i].form == .candidate && found[i].first == found[i].last {
            if let middle = surnames[tokens[found[i].first].hash], middle.isEmpty { found[i].form = .surname }
        }
        resolveCapitals()
    }

    /// Names side by side that may be one: a word alone (a candidate, a surname or a given name
    /// the rules left alone: not after a title) right before another person's name on the same
    /// line ("Berti" "Vogts", "Regula" "Susana Siegfried"). Pairs of indexes of `found`, none
    /// sharing a name; of three words alone in a row, the last two ("Trainer Berti Vogts").
    func joinPairs(_ order: [Int]? = nil) -> [(Int, Int)] {
        var pairs: [(Int, Int)] = []
        let order = order ?? textOrder()
        var right = -1
        for k in stride(from: order.count - 1, to: 0, by: -1) {
            let x = found[order[k - 1]], y = found[order[k]]
            guard judged(y), y.last - y.first < 3, order[k] != right, judged(x), x.first == x.last, !x.sure, !x.titled,
                  x.form == .candidate || x.form == .surname || x.form == .given,
                  y.first == x.last + 1, !has(y.first, TF.breakBefore), !has(x.last, TF.possessive) else { continue }
            pairs.append((order[k - 1], order[k]))
            right = order[k - 1]
        }
        return pairs.reversed()
    }

    /// Names `x` and `y` (`joinPairs`) as one person's name.
    func joined(_ x: Int, _ y: Int) -> Found {
        var f = found[y]
        f.first = found[x].first
        f.given = found[x].first
        f.core = found[y].core >= 0 ? found[y].core : found[y].last
        f.form = .fullUncertain
        f.sure = false
        f.joined = true
        return f
    }

    /// The indexes of `found` in text order (names found alone come after the runs).
    /// As a stable sort by `first` orders them: each index packed under its first word, so
    /// that plain integers are sorted (no two are equal).
    func textOrder() -> [Int] {
        var keys = found.indices.map { UInt64(UInt32(truncatingIfNeeded: found[$0].first)) << 32 | UInt64($0) }
        keys.sort()
        return keys.map { Int(truncatingIfNeeded: $0 & 0xFFFF_FFFF) }
    }

    /// Per-article facts the features share, made once.
    struct ModelContext {
        /// How many found persons (and candidates) have each surname word.
        var coreCounts = WordTable<Int>()
        /// Surname words of persons named in full.
        var fullCores = WordSet()
        /// Words of the article's organisation and place names, and words it writes in lower case.
        var otherWords = WordFilter(), lowerWords = WordFilter()
        /// The last line measured: its first word and the word after it, its numbers and words.
        var lineStart = -1, lineEnd = -1, lineDigits = 0, lineWords = 0
    }

    @inline(__always)
    static func feature(_ template: UInt64, _ value: UInt64) -> UInt64 {
        var h = (template &+ 1) &* 0x9E37_79B9_7F4A_7C15
        h ^= value
        h = (h ^ (h >> 31)) &* 0xBF58_476D_1CE4_E5B9
        return h ^ (h >> 29)
    }

    /// The feature hashes of found name `i` (a person or a candidate), given in order to `out`:
    /// the model's score (`SpanScore`: the sum of their weights, in this order), or the list
    /// `tools/people-train` trains on (`FeatureList`).
    mutating func spanFeatures<Sink: FeatureSink>(_ i: Int, _ c: inout ModelContext, into out: inout Sink) {
        let f = found[i]
        let a = f.first, b = f.last
        let n = b - a + 1
        let form = UInt64(f.form.rawValue)
        @inline(__always) func add(_ t: UInt64, _ v: UInt64) {
            out.add(t, Detection.feature(t, v))
        }
        add(1, form)
        add(2, form << 8 | UInt64(min(n, 5)))
        // The words and punctuation beside it.
        let start = Int(tokens[a].start), end = Int(tokens[b].end)
        if a > 0 && !has(a, TF.breakBefore) {
            add(8, tokens[a - 1].hash)
            add(9, form << 32 ^ tokens[a - 1].hash)
            if a > 1 && !has(a - 1, TF.breakBefore) { add(10, tokens[a - 2].hash) }
        } else {
            var p = start - 1
            while p >= 0 && (s[p].value == 0x20 || s[p].value == 0xA0) { p -= 1 }
            add(11, p < 0 ? 0 : UInt64(s[p].value))
            if a > 0 { add(12, tokens[a - 1].hash) }
        }
        if has(b, TF.possessive) { add(13, form) }
        if b + 1 < tokens.count && !has(b + 1, TF.breakBefore) && !has(b, TF.possessive) {
            add(14, tokens[b + 1].hash)
            add(15, form << 32 ^ tokens[b + 1].hash)
            if b + 2 < tokens.count && !has(b + 2, TF.breakBefore) { add(16, tokens[b + 2].hash) }
        } else {
            var q = end
            while q < s.count && (s[q].value == 0x20 || s[q].value == 0xA0) { q += 1 }
            add(17, q >= s.count ? 0 : UInt64(s[q].value))
            if b + 1 < tokens.count { add(18, tokens[b + 1].hash) }
        }
        // What the lexicons and the word shapes say.
        // Bit by bit, the first word's before the last word's (the order the weights are added in).
        let lf = lex(a).rawValue, ll = lex(b).rawValue
        var bits = (lf | ll) & ((1 << 18) - 1)
        while bits != 0 {
            let bit = UInt32(bits.trailingZeroBitCount)
            if lf & (1 << bit) != 0 { add(19, form << 8 | UInt64(bit)) }
            if ll & (1 << bit) != 0 { add(20, form << 8 | UInt64(bit)) }
            bits &= bits - 1
        }
        let ff = tokens[a].flags, fl = tokens[b].flags
        var flagBits = (ff | fl) & ((1 << 14) - 1)
        while flagBits != 0 {
            let bit = UInt16(flagBits.trailingZeroBitCount)
            if ff & (1 << bit) != 0 { add(21, form << 8 | UInt64(bit)) }
            if fl & (1 << bit) != 0 { add(22, form << 8 | UInt64(bit)) }
            flagBits &= flagBits - 1
        }
        var shape: UInt64 = 0
        for t in a...b { shape = shape &* 7 &+ shapeCode(t) }
        add(23, shape)
        // The letters names and other words end in ("-ski", "-ova"; "-tion", "Corp"), which say
        // something of words the training split never saw.
        let last = wordAffixes(b)
        add(24, last.suffix3)
        add(41, last.suffix2)
        add(42, last.suffix4)
        add(43, UInt64(min(last.length, 12)))
        if n > 1 {
            let first = wordAffixes(a)
            add(44, first.suffix3)
            add(45, first.prefix3)
        }
        if a > 0 && has(a, TF.breakBefore) == false { add(25, shapeCode(a - 1)) }
        if b + 1 < tokens.count && !has(b + 1, TF.breakBefore) { add(26, shapeCode(b + 1)) }
        // The article: the same surname elsewhere.
        if f.core >= 0 {
            let h = tokens[f.core].hash
            add(27, form << 8 | UInt64(min(c.coreCounts[h] ?? 0, 4)))
            add(28, form << 8 | (c.fullCores.contains(h) ? 1 : 0))
        }
        add(29, (f.titled ? 1 : 0) | (f.sure ? 2 : 0))
        // The line: a results or table line has digits; a headline, a dateline.
        if a < c.lineStart || a >= c.lineEnd {
            var ls = a
            while ls > 0 && !has(ls, TF.lineStart) { ls -= 1 }
            var le = a + 1
            while le < tokens.count && !has(le, TF.lineStart) { le += 1 }
            var digits = 0
            for t in ls..<le where has(t, TF.digit) { digits += 1 }
            c.lineStart = ls
            c.lineEnd = le
            c.lineDigits = digits
            c.lineWords = le - ls - digits
        }
        let digitBucket = UInt64(min(c.lineDigits, 4))
        let wordBucket: UInt64 = c.lineWords <= 3 ? 0 : c.lineWords <= 8 ? 1 : c.lineWords <= 20 ? 2 : 3
        add(30, form << 8 | digitBucket << 4 | wordBucket)
        add(31, a == c.lineStart ? 1 : 0)
        add(32, digitBucket << 8 | UInt64(min(n, 4)))
        // The words themselves, as the training split used them: "Chelsea", "Microsystems".
        add(33, tokens[a].hash)
        if n > 1 { add(34, tokens[b].hash) }
        // The article: the same word in an organisation's or a place's name, or in lower case.
        var elsewhere: UInt64 = c.otherWords.contains(tokens[a].hash) ? 1 : 0
        if c.otherWords.contains(tokens[b].hash) { elsewhere |= 2 }
        if c.lowerWords.contains(tokens[a].hash) { elsewhere |= 4 }
        if c.lowerWords.contains(tokens[b].hash) { elsewhere |= 8 }
        add(35, form << 8 | elsewhere)
        // The words nearby on its line, in any order: "the village of", "news agency".
        for t in max(c.lineStart, a - 3)..<a { add(36, tokens[t].hash) }
        if b + 1 < c.lineEnd {
            for t in (b + 1)..<min(c.lineEnd, b + 4) { add(37, tokens[t].hash) }
        }
        add(38, form << 8 | (isProtected(f, c.fullCores) ? 1 : 0))
        if f.joined { add(39, UInt64(min(n, 4))) }
    }

    /// A word's shape in one digit: capitalised, capitals, an initial, lower case, digits, other.
    @inline(__always)
    func shapeCode(_ t: Int) -> UInt64 {
        let f = tokens[t].flags
        if f & TF.initial != 0 { return 1 }
        if f & TF.allCaps != 0 { return 2 }
        if f & TF.digit != 0 { return 3 }
        if f & TF.upper != 0 { return f & TF.hyphen != 0 ? 4 : 5 }
        if f & TF.lowerStart != 0 { return 6 }
        return 0
    }

    /// `affixes` of word `t`'s folded form, and its length: an ASCII word's read from the text
    /// as it is (folding it changes only its capitals), any other word's folded first.
    mutating func wordAffixes(_ t: Int) -> (prefix3: UInt64, suffix2: UInt64, suffix3: UInt64, suffix4: UInt64, length: Int) {
        let start = Int(tokens[t].start), end = Int(tokens[t].end)
        let p = s.baseAddress.unsafelyUnwrapped
        var ascii: UInt32 = 0
        for j in start..<end { ascii |= p[j].value }
        guard ascii < 0x80 else {
            fillKey(t)
            let a = Detection.affixes(keyBuffer)
            return (a.prefix3, a.suffix2, a.suffix3, a.suffix4, keyBuffer.count)
        }
        @inline(__always) func hash(_ from: Int, _ to: Int) -> UInt64 {
            var h = Lexicon.fnvOffset
            for j in from..<to {
                let v = p[j].value
                h = (h ^ UInt64(v &- 0x41 < 26 ? v | 0x20 : v)) &* Lexicon.fnvPrime
            }
            return h
        }
        return (hash(start, min(end, start + 3)), hash(max(start, end - 2), end), hash(max(start, end - 3), end),
                hash(max(start, end - 4), end), end - start)
    }

    /// Hashes of a folded word's first three, last two and last four letters and of its last three.
    static func affixes(_ key: [UInt32]) -> (prefix3: UInt64, suffix2: UInt64, suffix3: UInt64, suffix4: UInt64) {
        func hash(_ part: ArraySlice<UInt32>) -> UInt64 {
            var h = Lexicon.fnvOffset
            for v in part { h = (h ^ UInt64(v)) &* Lexicon.fnvPrime }
            return h
        }
        return (hash(key.prefix(3)), hash(key.suffix(2)), hash(key.suffix(3)), hash(key.suffix(4)))
    }
}
