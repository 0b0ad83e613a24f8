extension PeopleIndex {
    /// Copies of the strings linking keeps from the summaries it is given, one per distinct byte
    /// string. A summary's strings, made in the loading threads, lie scattered among its arrays,
    /// and one string kept there keeps its whole page from going back to the system when the
    /// summaries are freed: at 10,000 articles the summaries' 14 MB stayed in the process
    /// through the linking's peak. The copies are all made before any summary is freed, so they
    /// lie together, away from the summaries' pages, instead of in the holes freed among them.
    ///
    /// `keep` hands them out in the order `init(copying:)` met the strings (each summary's
    /// persons' surnames and given names, its spellings, its candidates' surname keys and
    /// texts: the order `link` keeps them in), without hashing them again.
    struct StringPool {
        /// The copies, one per string with storage of its own met, in order (copies of one
        /// byte string share theirs).
        private var copies: [String] = []
        private var next = 0
        private let copying: Bool

        /// A pool that keeps strings as they come (the caller keeps its summaries).
        init() { copying = false }

        /// A pool with a copy of every string of `summaries` that has storage of its own.
        init(copying summaries: ArraySlice<Summary>) {
            copying = true
            var slots = HashSlots()
            var distinct: [String] = []
            func copy(_ s: borrowing String) {
                guard Self.hasStorage(s) else { return }
                var s = copy s
                let h = s.withUTF8 { Interner.hash($0) }
                let k = slots[h]
                if k >= 0 && Interner.sameBytes(distinct[Int(k)], s) { return copies.append(distinct[Int(k)]) }
                let made = s.withUTF8 { String(decoding: $0, as: UTF8.self) }
                // (Two byte strings with one hash, never seen: the second is copied each time.)
                if k < 0 {
                    slots[h] = Int32(distinct.count)
                    distinct.append(made)
                }
                copies.append(made)
            }
            for summary in summaries {
                summary.persons.withUnsafeBufferPointer { b in
                    for k in b.indices { copy(b[k].surname); copy(b[k].given) }
                }
                summary.spellings.withUnsafeBufferPointer { b in
                    for k in b.indices { copy(b[k].text) }
                }
                summary.candidates.withUnsafeBufferPointer { b in
                    for k in b.indices { copy(b[k].surnameKey); copy(b[k].text) }
                }
            }
        }

        /// Up to 15 bytes of UTF-8, a string lives inside the value: nothing to copy.
        private static func hasStorage(_ s: borrowing String) -> Bool { s.utf8.count > 15 }

        /// `s`, or its copy: the next one, `s` being the next string met by `init(copying:)`.
        mutating func keep(_ s: String) -> String {
            guard copying && Self.hasStorage(s) else { return s }
            defer { next += 1 }
            return copies[next]
        }
    }
}
