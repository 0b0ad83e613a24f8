import Dispatch

extension SearchIndexBuilder {
    /// Analyses of unchanged articles taken from the index an earlier run built (`old`, of that
    /// run's articles) instead of from their texts: the j-th analysis has the words, in order, of
    /// old article `kept[j]` in every field, and the vocabulary counts them exactly as `analyze`
    /// would have. With analyses of the changed articles made by `analyze`, `build` then gives
    /// the index a full rebuild gives, without reading an unchanged file.
    ///
    /// Nil when `kept` names an article twice or one `old` does not have.
    public func analyses(reusing old: SearchIndex, articles kept: [Int], threads: Int = LoadOptions().threads) -> [SearchAnalysis]? {
        var marks = [Bool](repeating: false, count: old.articleCount)
        for a in kept {
            guard a >= 0 && a < old.articleCount && !marks[a] else { return nil }
            marks[a] = true
        }
        guard old.fields.count == SearchAnalysis.fieldCount else { return nil }
        let isKept = marks
        // Each field's words numbered in the shared vocabulary, with how many kept articles have them.
        let numbers = ResultSlots<[UInt32]>(count: SearchAnalysis.fieldCount)
        DispatchQueue.concurrentPerform(iterations: SearchAnalysis.fieldCount) { f in
            numbers[f] = vocabularyNumbers(old.fields[f], field: f, isKept: isKept)
        }
        let numbersOf = numbers.values
        let slots = ResultSlots<SearchAnalysis>(count: kept.count)
        let me = ObjectIdentifier(self)
        Corpus.parallel(kept.count, threads: threads) { j in
            var stream: [UInt8] = []
            var ends: [Int32] = []
            var counts: [Int32] = []
            for f in 0..<SearchAnalysis.fieldCount {
                counts.append(Int32(old.fields[f].appendStream(of: kept[j], numbers: numbersOf[f], to: &stream)))
                ends.append(Int32(stream.count))
            }
            let (block, offset) = blocks.reserve(stream.count)
            stream.withUnsafeBufferPointer { if let from = $0.baseAddress { (block.base + offset).update(from: from, count: $0.count) } }
            slots[j] = SearchAnalysis(block: block, offset: offset, ends: (ends[0], ends[1], ends[2]),
                                      counts: (counts[0], counts[1], counts[2]), builder: me)
        }
        return slots.values
    }

    /// The shared vocabulary's number of each word of `field` (interned here), after adding to
    /// the vocabulary's counts the articles among the kept ones that have it.
    private func vocabularyNumbers(_ field: FieldIndex, field f: Int, isKept: [Bool]) -> [UInt32] {
        let v = field.termCount
        // Articles per word: every article of the old index, less those not kept.
        var df = [UInt32](repeating: 0, count: v)
        for k in 0..<v { df[k] = field.postingStarts[k + 1] - field.postingStarts[k] }
        let w = field.bitsetWords
        for (slot, t) in field.denseTerms.enumerated() {
            var n = 0
            for i in slot * w..<(slot + 1) * w { n += field.bitsets[i].nonzeroBitCount }
            df[Int(t)] = UInt32(n)
        }
        var lastArticle = [Int32](repeating: -1, count: v)
        for a in 0..<field.articleCount where !isKept[a] {
            field.forEachTerm(of: a) { k, _ in
                if lastArticle[k] != Int32(a) { lastArticle[k] = Int32(a); df[k] -= 1 }
            }
        }
        var hashes = [UInt64](repeating: 0, count: v)
        var scalars: [Unicode.Scalar] = []
        for k in 0..<v {
            scalars.removeAll(keepingCapacity: true)
            let r = field.termRange(k)
            field.termBytes.withUnsafeBufferPointer { b in
                scalars.append(contentsOf: String(decoding: UnsafeBufferPointer(rebasing: b[r]), as: UTF8.self).unicodeScalars)
            }
            hashes[k] = scalars.withUnsafeBufferPointer { searchHash($0) }
        }
        var numbers: [UInt32] = []
        vocabulary.intern(bytes: field.termBytes, ends: field.termEnds, hashes: hashes, fields: [UInt8](repeating: 0, count: v), into: &numbers)
        vocabulary.count(articles: df, numbers: numbers, field: f)
        return numbers
    }
}

extension SharedVocabulary {
    /// Adds `articles[k]` to the count of articles having word `numbers[k]` in `field`.
    func count(articles: [UInt32], numbers: [UInt32], field: Int) {
        var byShard = [[Int]](repeating: [], count: Self.shardCount)
        for k in numbers.indices where articles[k] > 0 { byShard[Int(numbers[k]) & (Self.shardCount - 1)].append(k) }
        for s in 0..<Self.shardCount where !byShard[s].isEmpty {
            shards[s].shard.withLock { shard in
                for k in byShard[s] {
                    shard.articles[Int(numbers[k] >> UInt32(Self.shardBits)) * SearchAnalysis.fieldCount + field] += articles[k]
                }
            }
        }
    }
}

extension FieldIndex {
    /// Calls `body(word, joined)` for each word of article `a`, in order (`word`: its sorted number).
    @inline(__always)
    func forEachTerm(of a: Int, _ body: (Int, Bool) -> Void) {
        codes.withUnsafeBufferPointer { u in
            var p = Int(docStarts[a])
            let end = Int(docStarts[a + 1])
            while p < end {
                let first = Int(u[p])
                let joined = isJoined(p)
                var rank = first
                if first >= FieldIndex.directLimit {
                    rank = FieldIndex.directLimit + (first - FieldIndex.directLimit) << 12 + (Int(u[p + 1]) - FieldIndex.directLimit)
                    p += 2
                } else {
                    p += 1
                }
                body(Int(rankToTerm[rank]), joined)
            }
        }
    }

    /// Appends article `a`'s words in this field to `stream` as an analysis has them (varints of
    /// `numbers[word] << 1 | joined`); returns how many words.
    func appendStream(of a: Int, numbers: [UInt32], to stream: inout [UInt8]) -> Int {
        var count = 0
        numbers.withUnsafeBufferPointer { numbers in
            forEachTerm(of: a) { k, joined in
                var value = Int(numbers[k]) << 1 | (joined ? 1 : 0)
                while value >= 0x80 {
                    stream.append(UInt8(value & 0x7F) | 0x80)
                    value >>= 7
                }
                stream.append(UInt8(value))
                count += 1
            }
        }
        return count
    }
}
