/// A set of word hashes that may answer yes wrongly (rarely: 8,192 bits, two probes) but never
/// no wrongly: an article's few hundred words, without hashing into a dictionary.
struct WordFilter {
    private var bits = [UInt64](repeating: 0, count: 128)

    /// Inserts the hash of every word of `words`, in a loop over raw storage: one copy-on-write check.
    mutating func insert<C: Collection>(_ words: C) where C.Element == Token {
        withBits { bits in
            for word in words { WordFilter.insert(word.hash, into: bits) }
        }
    }

    /// Inserts `h` into the bits of a filter (`withBits`).
    @inline(__always)
    static func insert(_ h: UInt64, into bits: UnsafeMutablePointer<UInt64>) {
        let i = Int(truncatingIfNeeded: h & 8191), j = Int(truncatingIfNeeded: (h >> 13) & 8191)
        bits[i >> 6] |= 1 << UInt64(i & 63)
        bits[j >> 6] |= 1 << UInt64(j & 63)
    }

    /// Runs `body` on the filter's bits (for `insert(_:into:)` in a loop that has no room for
    /// the filter itself).
    mutating func withBits<R>(_ body: (UnsafeMutablePointer<UInt64>) -> R) -> R {
        bits.withUnsafeMutableBufferPointer { body($0.baseAddress.unsafelyUnwrapped) }
    }

    func contains(_ h: UInt64) -> Bool {
        let i = Int(truncatingIfNeeded: h & 8191), j = Int(truncatingIfNeeded: (h >> 13) & 8191)
        return bits[i >> 6] & (1 << UInt64(i & 63)) != 0 && bits[j >> 6] & (1 << UInt64(j & 63)) != 0
    }
}

/// Where `spanFeatures` gives a span's features, in order, with their template numbers.
protocol FeatureSink {
    mutating func add(_ template: UInt64, _ feature: UInt64)
}

/// A span's score: the sum of its features' weights, added in the order they come. Features
/// wait in `buffer` and are looked up together (`SpanModel.sum`).
struct SpanScore: FeatureSink {
    let model: SpanModel
    private let buffer: UnsafeMutableBufferPointer<UInt64>
    private var count = 0
    private var partial: Float = 0

    init(_ model: SpanModel, buffer: UnsafeMutableBufferPointer<UInt64>) {
        self.model = model
        self.buffer = buffer
    }

    @inline(__always)
    mutating func add(_ template: UInt64, _ feature: UInt64) {
        if count == buffer.count { flush() }
        buffer[count] = feature
        count += 1
    }

    private mutating func flush() {
        partial = model.sum(UnsafeBufferPointer(rebasing: buffer[..<count]), from: partial)
        count = 0
    }

    var sum: Float {
        mutating get {
            flush()
            return partial
        }
    }
}

/// A span's features and their template numbers, for `tools/people-train`.
struct FeatureList: FeatureSink {
    var features: [UInt64] = []
    var templates: [UInt8] = []

    mutating func add(_ template: UInt64, _ feature: UInt64) {
        features.append(feature)
        templates.append(UInt8(template))
    }
}

/// The model's weights by feature hash, read once from `SpanModelData`: an open-addressing table
/// whose slots hold a key and its weight side by side (a lookup reads one cache line, not two).
final class SpanModel: Sendable {
    static let shared = SpanModel(SpanModelData.weights)

    struct Slot {
        var key: UInt64
        var weight: Float
    }

    /// Never written after `init`; read through its base address (no copy-on-write checks).
    private nonisolated(unsafe) let slots: UnsafeMutableBufferPointer<Slot>
    private let mask: Int
    let isEmpty: Bool

    /// `encoded`: base64 of little-endian records (feature hash: 8 bytes, weight: Float32 4 bytes).
    init(_ encoded: String) {
        let bytes = SpanModel.decodeBase64(encoded)
        let count = bytes.count / 12
        var size = 16
        while size < count * 2 { size *= 2 }
        let slots = UnsafeMutableBufferPointer<Slot>.allocate(capacity: size)
        slots.initialize(repeating: Slot(key: 0, weight: 0))
        bytes.withUnsafeBytes { raw in
            for r in 0..<count {
                let key = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: r * 12, as: UInt64.self))
                let bits = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: r * 12 + 8, as: UInt32.self))
                var slot = Int(truncatingIfNeeded: key) & (size - 1)
                while slots[slot].key != 0 { slot = (slot + 1) & (size - 1) }
                slots[slot] = Slot(key: key, weight: Float(bitPattern: bits))
            }
        }
        self.slots = slots
        self.mask = size - 1
        self.isEmpty = count == 0
    }

    deinit { slots.deallocate() }

    @inline(__always)
    func weight(_ key: UInt64) -> Float {
        let base = slots.baseAddress.unsafelyUnwrapped
        var slot = Int(truncatingIfNeeded: key) & mask
        while true {
            let k = base[slot].key
            if k == key { return base[slot].weight }
            if k == 0 { return 0 }
            slot = (slot + 1) & mask
        }
    }

    /// `sum` plus the weights of `features`, added in order. A first pass reads the slot each
    /// feature's probe starts at, so that their cache misses overlap instead of queueing.
    func sum(_ features: UnsafeBufferPointer<UInt64>, from sum: Float) -> Float {
        let base = slots.baseAddress.unsafelyUnwrapped
        var touched: UInt64 = 0
        for f in features { touched &+= base[Int(truncatingIfNeeded: f) & mask].key }
        withExtendedLifetime(touched) {}
        var sum = sum
        for f in features { sum += weight(f) }
        return sum
    }

    func score(_ features: [UInt64]) -> Float {
        var sum: Float = 0
        for f in features { sum += weight(f) }
        return sum
    }

    /// The bytes of base64 `text`; characters outside the alphabet (line breaks, indentation,
    /// padding) are skipped. One pass over the UTF-8 with a table, into a buffer of full size.
    static func decodeBase64(_ text: String) -> [UInt8] {
        var values = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            values[Int(c)] = UInt8(i)
        }
        var text = text
        return text.withUTF8 { utf8 in
            values.withUnsafeBufferPointer { values in
                [UInt8](unsafeUninitializedCapacity: utf8.count * 3 / 4 + 3) { out, written in
                    var buffer: UInt32 = 0, bits: UInt32 = 0, n = 0
                    for c in utf8 {
                        let v = values[Int(c)]
                        if v == 0xFF { continue }
                        buffer = buffer << 6 | UInt32(v)
                        bits += 6
                        if bits >= 8 {
                            bits -= 8
                            out[n] = UInt8(truncatingIfNeeded: buffer >> bits)
                            n += 1
                        }
                    }
                    written = n
                }
            }
        }
    }
}

/// For `tools/people-train`: the names the rules find, with the features the model would score.
package struct TrainingSpan: Sendable {
    package var start: Int
    package var end: Int
    package var candidate: Bool
    /// `EntityMention.Form` raw value.
    package var form: UInt8
    /// Whether the model judges it (always: kept for the training tool's reports).
    package var judged: Bool
    /// The rules' best evidence, dropped only below `dropProtectedBelow`.
    package var protected: Bool
    /// Two names side by side as one (`joinPairs`): the indexes of the two in the list, which
    /// it replaces when its score is above `joinAbove`.
    package var joinOf: [Int] = []
    package var features: [UInt64]
    /// The template number of each feature (for explaining a score).
    package var templates: [UInt8]
}

extension PeopleDetector {
    /// The person mentions and candidates the rules find in `text`, before the model judges them;
    /// `lexicon` is the shipped one, or one whose word statistics left this article out
    /// (`people-train --cross-fit`).
    package static func trainingSpans(_ text: ArticleText, lexicon: Lexicon = .shared) -> [TrainingSpan] {
        text.scalars.withUnsafeBufferPointer { buffer in
            var detection = Detection(buffer, lexicon: lexicon)
            detection.tokenize()
            detection.findNames()
            var context = detection.modelContext()
            var out: [TrainingSpan] = []
            var position: [Int: Int] = [:]
            func add(_ i: Int, _ context: inout Detection.ModelContext) {
                var list = FeatureList()
                detection.spanFeatures(i, &context, into: &list)
                let f = detection.found[i]
                out.append(TrainingSpan(start: Int(detection.tokens[f.first].start), end: Int(detection.tokens[f.last].end),
                                        candidate: f.form == .candidate, form: f.form.rawValue, judged: true,
                                        protected: detection.isProtected(f, context.fullCores),
                                        features: list.features, templates: list.templates))
            }
            for i in detection.textOrder() where detection.judged(detection.found[i]) {
                position[i] = out.count
                add(i, &context)
            }
            for (x, y) in detection.joinPairs() {
                detection.found.append(detection.joined(x, y))
                add(detection.found.count - 1, &context)
                detection.found.removeLast()
                out[out.count - 1].joinOf = [position[x]!, position[y]!]
            }
            return out
        }
    }
}
