/// The lexicon's entries while `Lexicon.init` collects them: each word folded into one reused
/// buffer and found by its hash in an open-addressing table over a flat pool of the entries'
/// folded keys (no array, string or dictionary per word; the build runs once per process).
struct LexiconBuilder {
    struct Entry {
        var start: Int32
        var length: Int32
        var hash: UInt64
        var flags: UInt32
        var group: Int32
    }

    /// The entries in the order they were first added.
    private(set) var entries: [Entry] = []
    /// The entries' folded keys, one after another in entry order.
    private(set) var pool: [UInt32] = []
    /// The folded word `fold` made last.
    private(set) var key: [UInt32] = []
    private var keyHash: UInt64 = 0
    /// Entry indexes by hash (-1: free).
    private var table = [Int32](repeating: -1, count: 1 << 14)
    private var scratch: [Unicode.Scalar] = []

    /// Folds `word` (as `Lexicon.fold` does) into `key`.
    mutating func fold(_ word: ArraySlice<Unicode.Scalar>) {
        key.removeAll(keepingCapacity: true)
        for scalar in word {
            let v = scalar.value
            if v < 0x80 {
                key.append(v &- 0x41 < 26 ? v | 0x20 : v)
            } else {
                scratch.removeAll(keepingCapacity: true)
                Folding.fold(scalar, into: &scratch)
                for f in scratch { key.append(f.value) }
            }
        }
        keyHash = Lexicon.hash(key)
    }

    /// The entry of `key`, or -1.
    func find() -> Int { Int(table[slot(of: keyHash, matching: true)]) }

    /// Adds `flags` (and `group`, if the entry has none yet) to the entry of `key`, made if new;
    /// returns its index. `key` must not be empty.
    @discardableResult
    mutating func add(_ flags: UInt32, group: Int32 = -1) -> Int {
        let s = slot(of: keyHash, matching: true)
        if table[s] >= 0 {
            let i = Int(table[s])
            entries[i].flags |= flags
            if group >= 0 && entries[i].group < 0 { entries[i].group = group }
            return i
        }
        table[s] = Int32(entries.count)
        entries.append(Entry(start: Int32(pool.count), length: Int32(key.count), hash: keyHash, flags: flags, group: group))
        pool.append(contentsOf: key)
        if entries.count * 2 > table.count { grow() }
        return entries.count - 1
    }

    mutating func setGroup(_ i: Int, _ group: Int32) { entries[i].group = group }

    /// The slot of `key`'s entry, or (`matching`) the free slot where it would go.
    private func slot(of h: UInt64, matching: Bool) -> Int {
        let mask = table.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let e = Int(table[i])
            if e < 0 { return i }
            if matching && entries[e].hash == h && Int(entries[e].length) == key.count
                && pool[Int(entries[e].start)..<Int(entries[e].start + entries[e].length)].elementsEqual(key) { return i }
            i = (i + 1) & mask
        }
    }

    private mutating func grow() {
        table = [Int32](repeating: -1, count: table.count * 2)
        for (n, entry) in entries.enumerated() { table[slot(of: entry.hash, matching: false)] = Int32(n) }
    }

    /// Calls `body` with each word of `text` (separated by spaces and line breaks), in order.
    static func eachWord(_ text: String, _ body: (ArraySlice<Unicode.Scalar>) -> Void) {
        var word: [Unicode.Scalar] = []
        for scalar in text.unicodeScalars {
            if scalar == " " || scalar == "\n" {
                if !word.isEmpty { body(word[...]); word.removeAll(keepingCapacity: true) }
            } else {
                word.append(scalar)
            }
        }
        if !word.isEmpty { body(word[...]) }
    }
}
