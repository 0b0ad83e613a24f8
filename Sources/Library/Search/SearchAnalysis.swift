import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// What `SearchIndexBuilder.analyze` learns from one article in a loading thread: per field, its
/// words in order as numbers of the builder's shared vocabulary. Compact (about 1.5 bytes a
/// word); the article's text is not kept. Only meaningful to the builder that made it.
public struct SearchAnalysis: Sendable {
    /// The fields' words one after the other (text, title, author), each a varint of
    /// `wordNumber << 1 | joinedByApostrophe`: `count` bytes at `offset` in `block`.
    let block: StreamBlock?
    let offset: Int
    /// Where each field's words end, from `offset`.
    let ends: (Int32, Int32, Int32)
    /// Words per field.
    let counts: (Int32, Int32, Int32)
    /// The builder that numbered the words.
    let builder: ObjectIdentifier?

    static let fieldCount = 3

    init() {
        block = nil
        offset = 0
        ends = (0, 0, 0)
        counts = (0, 0, 0)
        builder = nil
    }

    init(block: StreamBlock, offset: Int, ends: (Int32, Int32, Int32), counts: (Int32, Int32, Int32), builder: ObjectIdentifier) {
        self.block = block
        self.offset = offset
        self.ends = ends
        self.counts = counts
        self.builder = builder
    }

    /// Words in a field.
    func wordCount(field: Int) -> Int {
        Int(field == 0 ? counts.0 : field == 1 ? counts.1 : counts.2)
    }

    /// A field's stream.
    func stream(field: Int) -> UnsafeBufferPointer<UInt8> {
        guard let block else { return UnsafeBufferPointer(start: nil, count: 0) }
        let start = field == 0 ? 0 : Int(field == 1 ? ends.0 : ends.1)
        let end = Int(field == 0 ? ends.0 : field == 1 ? ends.1 : ends.2)
        return UnsafeBufferPointer(start: block.base + offset + start, count: end - start)
    }

    /// Reads one varint of a stream at `i` (advancing it).
    @inline(__always)
    static func readVarint(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> Int {
        var value = 0
        var shift = 0
        while true {
            let byte = b[i]
            i += 1
            value |= Int(byte & 0x7F) << shift
            shift += 7
            if byte & 0x80 == 0 { return value }
        }
    }

    /// Calls `body(wordNumber, joined)` for each word of a field.
    @inline(__always)
    func forEachWord(field: Int, _ body: (Int, Bool) -> Void) {
        let b = stream(field: field)
        var i = 0
        while i < b.count {
            let value = Self.readVarint(b, &i)
            body(value >> 1, value & 1 != 0)
        }
        withExtendedLifetime(block) {}
    }
}

/// Storage for the analyses' word streams: large blocks filled one after another, instead of
/// thousands of small arrays. Ten thousand articles' streams then sit in a dozen blocks of their
/// own (mapped apart from the heap), not scattered between the loading threads' passing
/// allocations, where they would keep whole pages of freed memory from going back to the system.
final class StreamBlock: @unchecked Sendable {
    let base: UnsafeMutablePointer<UInt8>
    let capacity: Int
    /// Bytes handed out (changed only under `StreamBlocks`' lock).
    var used = 0

    /// Mapped directly (not through malloc, which may place a block in its heap, where freeing
    /// it would not give the memory back).
    init(capacity: Int) {
        self.capacity = capacity
        #if canImport(Glibc)
        let mapped = mmap(nil, capacity, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        if let mapped, mapped != MAP_FAILED {
            base = mapped.assumingMemoryBound(to: UInt8.self)
            isMapped = true
            return
        }
        #endif
        base = .allocate(capacity: capacity)
        isMapped = false
    }

    private let isMapped: Bool

    deinit {
        #if canImport(Glibc)
        if isMapped { munmap(base, capacity); return }
        #endif
        base.deallocate()
    }
}

/// Hands out room in `StreamBlock`s to the loading threads.
final class StreamBlocks: Sendable {
    static let blockSize = 1 << 20
    private let current = Mutex<(block: StreamBlock?, handedOut: Int)>((nil, 0))

    /// Reservations made so far (one per analysis).
    var handedOut: Int { current.withLock { $0.handedOut } }

    /// Room for `count` bytes: the block and the offset in it.
    func reserve(_ count: Int) -> (StreamBlock, Int) {
        current.withLock { state in
            state.handedOut += 1
            return Self.reserve(count, in: &state.block)
        }
    }

    private static func reserve(_ wanted: Int, in block: inout StreamBlock?) -> (StreamBlock, Int) {
        // At least a byte each, so that every analysis has a place of its own.
        let count = max(1, wanted)
        if let b = block, b.capacity - b.used >= count {
            defer { b.used += count }
            return (b, b.used)
        }
        let b = StreamBlock(capacity: max(Self.blockSize, count))
        b.used = count
        // A stream larger than a block gets a block of its own; the current one stays.
        if count <= Self.blockSize { block = b }
        return (b, 0)
    }
}

/// A 64-bit hash of a folded word's scalars (FNV-1a style, finalised).
@inline(__always)
func searchHash(_ key: UnsafeBufferPointer<Unicode.Scalar>) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for c in key { h = (h ^ UInt64(c.value)) &* 0x0000_0100_0000_01B3 }
    return h ^ (h >> 29)
}

/// The words of every article, numbered as the loading threads meet them. Split in shards by
/// hash, each behind its own lock; a thread locks each shard once per article. Word numbers are
/// `numberInShard << shardBits | shard`.
final class SharedVocabulary: Sendable {
    static let shardBits = 5
    static let shardCount = 1 << shardBits

    /// One word of a shard: where its UTF-8 ends in the shard's `bytes` (it starts where the
    /// word before it ends), and how many articles have it in each field. Together, so that
    /// finding a word and counting it for an article read one record (at 100,000 articles the
    /// vocabulary's arrays no longer stay in the caches, and each array read was a miss).
    struct Entry: Sendable {
        var end: UInt32
        var articles: (UInt32, UInt32, UInt32) = (0, 0, 0)

        init(end: UInt32) { self.end = end }

        /// Counts one more article having the word in each field of `fields` (bits).
        @inline(__always)
        mutating func count(fields: UInt8) {
            if fields & 1 != 0 { articles.0 += 1 }
            if fields & 2 != 0 { articles.1 += 1 }
            if fields & 4 != 0 { articles.2 += 1 }
        }

        func articles(field: Int) -> UInt32 {
            field == 0 ? articles.0 : field == 1 ? articles.1 : articles.2
        }
    }

    struct Shard: ~Copyable {
        /// Open addressing: `hash >> 32 << 32 | (entry + 1)`, 0 when empty.
        var table = [UInt64](repeating: 0, count: 256)
        var bytes: [UInt8] = []
        var entries: [Entry] = []
        var hashes: [UInt64] = []

        func range(_ entry: Int) -> Range<Int> {
            (entry == 0 ? 0 : Int(entries[entry - 1].end))..<Int(entries[entry].end)
        }

        /// The entry of `word` (made if new), counted for an article in `fields`.
        mutating func intern(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64, fields: UInt8) -> Int {
            if hashes.count < entries.count { restoreLookup() }
            let tag = hash & 0xFFFF_FFFF_0000_0000
            var mask = table.count - 1
            var slot = Int(truncatingIfNeeded: hash) & mask
            while true {
                let cell = table[slot]
                if cell == 0 { break }
                if cell & 0xFFFF_FFFF_0000_0000 == tag {
                    let entry = Int(cell & 0xFFFF_FFFF) - 1
                    let r = range(entry)
                    if r.count == word.count && bytes.withUnsafeBufferPointer({ Self.same($0.baseAddress! + r.lowerBound, word) }) {
                        entries[entry].count(fields: fields)
                        return entry
                    }
                }
                slot = (slot + 1) & mask
            }
            let entry = entries.count
            bytes.append(contentsOf: word)
            var made = Entry(end: UInt32(bytes.count))
            made.count(fields: fields)
            entries.append(made)
            hashes.append(hash)
            table[slot] = tag | UInt64(entry + 1)
            if entries.count * 2 > table.count {
                table = [UInt64](repeating: 0, count: table.count * 2)
                mask = table.count - 1
                for (e, h) in hashes.enumerated() {
                    var s = Int(truncatingIfNeeded: h) & mask
                    while table[s] != 0 { s = (s + 1) & mask }
                    table[s] = (h & 0xFFFF_FFFF_0000_0000) | UInt64(e + 1)
                }
            }
            return entry
        }

        /// Whether the `word.count` bytes at `a` are `word` (short words compared here, without
        /// a call).
        @inline(__always)
        static func same(_ a: UnsafePointer<UInt8>, _ word: UnsafeBufferPointer<UInt8>) -> Bool {
            let n = word.count
            guard n > 16 else {
                var k = 0
                while k < n {
                    if a[k] != word[k] { return false }
                    k += 1
                }
                return true
            }
            return memcmp(a, word.baseAddress!, n) == 0
        }

        /// Lets go of what only finding words needs (the table and the hashes: about half the
        /// shard), once every article is analysed: the build reads the words, not the table.
        mutating func releaseLookup() {
            table = [UInt64](repeating: 0, count: 256)
            hashes = []
        }

        /// The table and hashes again (a word interned after `releaseLookup`), the hashes made
        /// from the words' scalars as `AnalysisBuilder` made them.
        mutating func restoreLookup() {
            var scalars: [Unicode.Scalar] = []
            hashes = (0..<entries.count).map { entry in
                scalars.removeAll(keepingCapacity: true)
                var decoder = UTF8()
                var bytes = self.bytes[range(entry)].makeIterator()
                while case .scalarValue(let c) = decoder.decode(&bytes) { scalars.append(c) }
                return scalars.withUnsafeBufferPointer(searchHash)
            }
            var size = 256
            while entries.count * 2 > size { size *= 2 }
            table = [UInt64](repeating: 0, count: size)
            let mask = size - 1
            for (e, h) in hashes.enumerated() {
                var s = Int(truncatingIfNeeded: h) & mask
                while table[s] != 0 { s = (s + 1) & mask }
                table[s] = (h & 0xFFFF_FFFF_0000_0000) | UInt64(e + 1)
            }
        }
    }

    final class LockedShard: Sendable {
        let shard = Mutex(Shard())
    }

    let shards: [LockedShard] = (0..<SharedVocabulary.shardCount).map { _ in LockedShard() }

    @inline(__always) static func shard(of hash: UInt64) -> Int { Int(hash >> (64 - UInt64(shardBits))) }

    /// Numbers for one article's distinct words (UTF-8 end to end, `ends`), given their hashes,
    /// written to `numbers`; each word counts for the article in the fields of `fields` (bits).
    func intern(bytes: [UInt8], ends: [UInt32], hashes: [UInt64], fields: [UInt8], into numbers: inout [UInt32]) {
        numbers = [UInt32](repeating: 0, count: ends.count)
        // Group by shard (a counting sort) so each shard is locked once.
        var starts = [Int](repeating: 0, count: Self.shardCount + 1)
        for h in hashes { starts[Self.shard(of: h) + 1] += 1 }
        for s in 0..<Self.shardCount { starts[s + 1] += starts[s] }
        var fill = starts
        var order = [Int](repeating: 0, count: ends.count)
        for (w, h) in hashes.enumerated() {
            let s = Self.shard(of: h)
            order[fill[s]] = w
            fill[s] += 1
        }
        bytes.withUnsafeBufferPointer { bytes in
            for s in 0..<Self.shardCount where starts[s] < starts[s + 1] {
                shards[s].shard.withLock { shard in
                    for j in starts[s]..<starts[s + 1] {
                        let w = order[j]
                        let start = w == 0 ? 0 : Int(ends[w - 1])
                        let word = UnsafeBufferPointer(rebasing: bytes[start..<Int(ends[w])])
                        let entry = shard.intern(word, hash: hashes[w], fields: fields[w])
                        numbers[w] = UInt32(entry << Self.shardBits | s)
                    }
                }
            }
        }
    }

    /// Lets go of the shards' lookup tables (see `Shard.releaseLookup`): made again if a word is
    /// interned later.
    func releaseLookup() {
        for locked in shards { locked.shard.withLock { $0.releaseLookup() } }
    }

    /// Every word by number, read where the shards keep them (their arrays shared, not copied:
    /// a copy of the whole vocabulary would sit beside the shards through the build).
    func words() -> Words {
        var words = Words()
        for (s, locked) in shards.enumerated() {
            locked.shard.withLock { shard in
                words.bytes.append(shard.bytes)
                words.entries.append(shard.entries)
                if !shard.entries.isEmpty { words.count = max(words.count, (shard.entries.count - 1) << Self.shardBits | s + 1) }
            }
        }
        return words
    }

    /// The words of a `SharedVocabulary` by number (`entry << shardBits | shard`): per shard,
    /// its words' UTF-8 one after the other, and its entries (where each ends, how many
    /// articles have each in each field).
    struct Words: Sendable {
        var bytes: [[UInt8]] = []
        var entries: [[Entry]] = []
        /// One more than the largest number of a word.
        var count = 0

        /// Whether a word has the number `n` (numbers are not all taken).
        @inline(__always)
        func has(_ n: Int) -> Bool {
            n >= 0 && n < count && n >> SharedVocabulary.shardBits < entries[n & (SharedVocabulary.shardCount - 1)].count
        }

        /// Where the word numbered `n` (which `has`) lies in `bytes[shard]`, and that shard.
        @inline(__always)
        func place(_ n: Int) -> (shard: Int, range: Range<Int>) {
            let s = n & (SharedVocabulary.shardCount - 1), e = n >> SharedVocabulary.shardBits
            return (s, (e == 0 ? 0 : Int(entries[s][e - 1].end))..<Int(entries[s][e].end))
        }

        /// How many articles have word `n` (which `has`) in `field`.
        func articleCount(_ n: Int, field: Int) -> UInt32 {
            entries[n & (SharedVocabulary.shardCount - 1)][n >> SharedVocabulary.shardBits].articles(field: field)
        }

        /// `body` with every shard's bytes at hand (`buffers[shard]`).
        func withBytes<R>(_ body: ([UnsafeBufferPointer<UInt8>]) -> R) -> R {
            var buffers: [UnsafeBufferPointer<UInt8>] = []
            buffers.reserveCapacity(bytes.count)
            func nest(_ k: Int) -> R {
                if k == bytes.count { return body(buffers) }
                return bytes[k].withUnsafeBufferPointer { b in
                    buffers.append(b)
                    return nest(k + 1)
                }
            }
            return nest(0)
        }
    }
}

/// Turns one article's fields into a `SearchAnalysis`: words interned in a small local table
/// first (each distinct word once), then numbered in the shared vocabulary.
struct AnalysisBuilder {
    private var table = [Int32](repeating: -1, count: 1024)
    /// The distinct words: scalars (for comparing), UTF-8, hashes.
    private var scalars: [Unicode.Scalar] = []
    private var scalarStarts: [Int] = []
    private var utf8: [UInt8] = []
    private var utf8Ends: [UInt32] = []
    private var hashes: [UInt64] = []
    /// Bit `f`: the word is in field `f`.
    private var fields: [UInt8] = []
    /// Per field, the words in order as `localNumber << 1 | joined`.
    private var local: [[UInt32]] = [[], [], []]

    init() {
        scalars.reserveCapacity(4096)
        scalarStarts.reserveCapacity(512)
    }

    mutating func add(text: ArticleText, field: Int) {
        text.scalars.withUnsafeBufferPointer { add(scalars: $0, field: field) }
    }

    mutating func add(scalars buffer: UnsafeBufferPointer<Unicode.Scalar>, field: Int) {
        var words: [UInt32] = []
        words.reserveCapacity(buffer.count / 5)
        var cursor = WordCursor(buffer)
        let bit = UInt8(1) << UInt8(field)
        while let word = cursor.next() {
            let local = intern(cursor.key)
            fields[local] |= bit
            words.append(UInt32(local) << 1 | (word.joined ? 1 : 0))
        }
        local[field] = words
    }

    /// Numbers the words in `vocabulary` and encodes the streams.
    func finish(_ vocabulary: SharedVocabulary, blocks: StreamBlocks, builder: ObjectIdentifier) -> SearchAnalysis {
        var numbers: [UInt32] = []
        vocabulary.intern(bytes: utf8, ends: utf8Ends, hashes: hashes, fields: fields, into: &numbers)
        var stream: [UInt8] = []
        stream.reserveCapacity(local.reduce(0) { $0 + $1.count } * 2)
        var ends: [Int32] = []
        for words in local {
            for w in words {
                var value = Int(numbers[Int(w >> 1)]) << 1 | Int(w & 1)
                while value >= 0x80 {
                    stream.append(UInt8(value & 0x7F) | 0x80)
                    value >>= 7
                }
                stream.append(UInt8(value))
            }
            ends.append(Int32(stream.count))
        }
        // Kept in a block until the index is built.
        let (block, offset) = blocks.reserve(stream.count)
        stream.withUnsafeBufferPointer { if let from = $0.baseAddress { (block.base + offset).update(from: from, count: $0.count) } }
        return SearchAnalysis(block: block, offset: offset, ends: (ends[0], ends[1], ends[2]),
                              counts: (Int32(local[0].count), Int32(local[1].count), Int32(local[2].count)), builder: builder)
    }

    private mutating func intern(_ key: UnsafeBufferPointer<Unicode.Scalar>) -> Int {
        let hash = searchHash(key)
        let mask = table.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(table[slot])
            if entry < 0 { break }
            if hashes[entry] == hash && equalsWord(entry, key) { return entry }
            slot = (slot + 1) & mask
        }
        let entry = hashes.count
        scalarStarts.append(scalars.count)
        scalars.append(contentsOf: key)
        for scalar in key {
            if scalar.value < 0x80 {
                utf8.append(UInt8(scalar.value))
            } else {
                UTF8.encode(scalar) { utf8.append($0) }
            }
        }
        utf8Ends.append(UInt32(utf8.count))
        hashes.append(hash)
        fields.append(0)
        table[slot] = Int32(entry)
        if hashes.count * 2 > table.count { grow() }
        return entry
    }

    @inline(__always)
    private func equalsWord(_ entry: Int, _ key: UnsafeBufferPointer<Unicode.Scalar>) -> Bool {
        let start = scalarStarts[entry]
        let end = entry + 1 < scalarStarts.count ? scalarStarts[entry + 1] : scalars.count
        guard end - start == key.count else { return false }
        var k = 0
        while k < key.count {
            if scalars[start + k] != key[k] { return false }
            k += 1
        }
        return true
    }

    private mutating func grow() {
        table = [Int32](repeating: -1, count: table.count * 2)
        let mask = table.count - 1
        for (entry, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while table[slot] >= 0 { slot = (slot + 1) & mask }
            table[slot] = Int32(entry)
        }
    }
}
