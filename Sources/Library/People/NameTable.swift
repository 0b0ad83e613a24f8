/// The people's search keys (`PeopleIndex.searchKeys(for:)`) arranged for lookups by prefix
/// without a pass over every person's strings: keys of plain ASCII (no CR) in one byte buffer,
/// grouped by their first byte; the few others kept as strings.
///
/// For an ASCII query and an ASCII key, `String.hasPrefix` and `==` are byte comparisons (each
/// ASCII character but CR is a grapheme of its own, equivalent only to itself), so the table
/// answers exactly what comparing the strings would. Queries with other characters are left to
/// the caller's string comparison.
struct NameTable: Sendable, Equatable {
    private var bytes: [UInt8] = []
    /// Key `k` is `bytes[ends[k - 1]..<ends[k]]` (from 0 for the first).
    private var ends: [Int32] = []
    private var owners: [Int32] = []
    /// Keys starting with byte `b` are `bucketStarts[b]..<bucketStarts[b + 1]`.
    private var bucketStarts = [Int32](repeating: 0, count: 129)
    /// Keys that are not plain ASCII, and their people.
    private var otherKeys: [String] = []
    private var otherOwners: [Int32] = []

    init() {}

    init(keys: [[String]]) {
        var counts = [Int](repeating: 0, count: 129)
        var size = 0
        for list in keys {
            for key in list where Self.isPlain(key.utf8) && !key.isEmpty {
                counts[Int(key.utf8.first!) + 1] += 1
                size += key.utf8.count
            }
        }
        for b in 0..<128 { counts[b + 1] += counts[b] }
        bucketStarts = counts.map { Int32($0) }
        // Place each key in its bucket (counting sort), then lay the bytes out in that order.
        var placed = [(person: Int32, key: String)](repeating: (0, ""), count: counts[128])
        var fill = counts
        for (p, list) in keys.enumerated() {
            for key in list {
                if key.isEmpty { continue }
                if Self.isPlain(key.utf8) {
                    let b = Int(key.utf8.first!)
                    placed[fill[b]] = (Int32(p), key)
                    fill[b] += 1
                } else {
                    otherKeys.append(key)
                    otherOwners.append(Int32(p))
                }
            }
        }
        bytes.reserveCapacity(size)
        ends.reserveCapacity(placed.count)
        owners.reserveCapacity(placed.count)
        for (p, key) in placed {
            bytes.append(contentsOf: key.utf8)
            ends.append(Int32(bytes.count))
            owners.append(p)
        }
    }

    /// Plain ASCII without CR (which joins a following LF into one character).
    static func isPlain(_ utf8: some Sequence<UInt8>) -> Bool {
        utf8.allSatisfy { $0 < 0x80 && $0 != 0x0D }
    }

    /// Calls `found` with the person of every key having `query` as a prefix (or equal to it,
    /// with `exact`), people possibly more than once; nil when `query` is not plain ASCII (the
    /// caller compares strings then).
    func people(_ query: String, exact: Bool, _ found: (Int) -> Void) -> Void? {
        let q = Array(query.utf8)
        guard let first = q.first, Self.isPlain(q) else { return nil }
        let lo = Int(bucketStarts[Int(first)]), hi = Int(bucketStarts[Int(first) + 1])
        bytes.withUnsafeBufferPointer { b in
            q.withUnsafeBufferPointer { qb in
                for k in lo..<hi {
                    let start = k == 0 ? 0 : Int(ends[k - 1])
                    let length = Int(ends[k]) - start
                    if length < qb.count || (exact && length != qb.count) { continue }
                    var i = 1
                    while i < qb.count && b[start + i] == qb[i] { i += 1 }
                    if i == qb.count { found(Int(owners[k])) }
                }
            }
        }
        for (key, p) in zip(otherKeys, otherOwners) where exact ? key == query : key.hasPrefix(query) { found(Int(p)) }
        return ()
    }
}
