/// A set of article indices `0..<count` as a bitset: the working type of query evaluation.
struct DocSet: Equatable {
    var words: [UInt64]
    let count: Int

    init(count: Int, full: Bool = false) {
        self.count = count
        words = [UInt64](repeating: full ? ~0 : 0, count: (count + 63) >> 6)
        if full { clearPadding() }
    }

    init(count: Int, members: some Sequence<Int>) {
        self.init(count: count)
        for m in members where m >= 0 && m < count { insert(m) }
    }

    mutating func clearPadding() {
        let extra = count & 63
        if extra != 0 { words[words.count - 1] &= (1 << UInt64(extra)) - 1 }
    }

    @inline(__always) mutating func insert(_ i: Int) { words[i >> 6] |= 1 << UInt64(i & 63) }
    @inline(__always) func contains(_ i: Int) -> Bool { words[i >> 6] & (1 << UInt64(i & 63)) != 0 }

    var isEmpty: Bool { !words.contains { $0 != 0 } }
    var cardinality: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    mutating func formUnion(_ other: DocSet) {
        words.withUnsafeMutableBufferPointer { a in
            other.words.withUnsafeBufferPointer { b in for k in 0..<a.count { a[k] |= b[k] } }
        }
    }

    mutating func formIntersection(_ other: DocSet) {
        words.withUnsafeMutableBufferPointer { a in
            other.words.withUnsafeBufferPointer { b in for k in 0..<a.count { a[k] &= b[k] } }
        }
    }

    mutating func subtract(_ other: DocSet) {
        words.withUnsafeMutableBufferPointer { a in
            other.words.withUnsafeBufferPointer { b in for k in 0..<a.count { a[k] &= ~b[k] } }
        }
    }

    /// Members in increasing order.
    var members: [Int] {
        var out: [Int] = []
        out.reserveCapacity(cardinality)
        forEach { out.append($0) }
        return out
    }

    @inline(__always) func forEach(_ body: (Int) -> Void) {
        for (k, word) in words.enumerated() {
            var w = word
            while w != 0 {
                body(k << 6 + w.trailingZeroBitCount)
                w &= w - 1
            }
        }
    }
}
