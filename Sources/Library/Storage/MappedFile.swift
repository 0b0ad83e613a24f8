#if canImport(Glibc)
import Glibc
#endif

/// A part of a file mapped read-only into memory (`mmap`, `MAP_PRIVATE`), so that a large index
/// in the catalog cache is used where it lies instead of being copied into the heap: only the
/// pages actually read count in the process's memory, and the kernel can drop them again.
///
/// The file must not change under the mapping. The cache is only ever replaced whole (written
/// to a temporary file, then renamed over the old one), which leaves a mapping of the old file
/// intact; its size is checked before mapping, so a truncated file is refused, not mapped.
final class MappedFile: @unchecked Sendable {
    /// The mapping (from a page boundary) and where the part asked for starts in it.
    private let mapping: UnsafeMutableRawPointer
    private let mappingLength: Int
    private let skip: Int
    /// The part's bytes.
    let bytes: UnsafeRawBufferPointer

    static let pageSize = max(4096, Int(sysconf(Int32(_SC_PAGESIZE))))

    /// Maps `length` bytes of the open file `fd` from `offset`; nil when the file is shorter or
    /// the system refuses.
    init?(fd: Int32, offset: Int, length: Int) {
        var st = stat()
        guard length > 0, offset >= 0, fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG, Int(st.st_size) >= offset + length else {
            return nil
        }
        let start = offset - offset % Self.pageSize
        skip = offset - start
        mappingLength = skip + length
        guard let p = mmap(nil, mappingLength, PROT_READ, MAP_PRIVATE, fd, off_t(start)), p != MAP_FAILED else { return nil }
        mapping = p
        bytes = UnsafeRawBufferPointer(start: p + skip, count: length)
    }

    deinit { munmap(mapping, mappingLength) }

    /// Gives back the pages of `range` (byte offsets in the part) that were read: they no longer
    /// count in the process's memory, and are read again from the file (the page cache) if they
    /// are needed. Whole pages only, those partly outside `range` included: harmless for a
    /// read-only mapping of an unchanging file, whose pages always read the same.
    func release(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        let from = skip + max(0, range.lowerBound), to = min(mappingLength, skip + range.upperBound)
        let first = from - from % Self.pageSize
        let last = min(mappingLength, (to + Self.pageSize - 1) / Self.pageSize * Self.pageSize)
        guard first < last else { return }
        _ = madvise(mapping + first, last - first, MADV_DONTNEED)
    }
}

/// An array of integers that lives either in the heap (an `Array`, as an index is built) or in a
/// mapped file (as a cached index is read back, see `MappedFile`). Reading is the same for both;
/// changing a mapped column first copies it into the heap.
struct Column<Element: FixedWidthInteger>: RandomAccessCollection, MutableCollection, RangeReplaceableCollection,
    ExpressibleByArrayLiteral, Sendable {
    enum Storage: @unchecked Sendable {
        case heap([Element])
        /// Elements in a mapping, which the file object keeps alive (aligned, little-endian).
        case mapped(MappedFile, UnsafeBufferPointer<Element>)
    }

    private(set) var storage: Storage

    init() { storage = .heap([]) }
    init(_ array: [Element]) { storage = .heap(array) }
    init(arrayLiteral elements: Element...) { storage = .heap(elements) }
    init<S: Sequence>(_ elements: S) where S.Element == Element { storage = .heap(Array(elements)) }
    init(mapped file: MappedFile, _ elements: UnsafeBufferPointer<Element>) { storage = .mapped(file, elements) }

    var startIndex: Int { 0 }
    var endIndex: Int {
        switch storage {
        case .heap(let a): return a.count
        case .mapped(_, let p): return p.count
        }
    }

    var isMapped: Bool {
        if case .mapped = storage { return true }
        return false
    }

    subscript(i: Int) -> Element {
        @inline(__always) get {
            switch storage {
            case .heap(let a): return a[i]
            case .mapped(_, let p):
                precondition(i >= 0 && i < p.count, "Column index out of range")
                return p[i]
            }
        }
        set { heap { $0[i] = newValue } }
    }

    /// The elements as a buffer, for the duration of `body`.
    @inline(__always)
    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        switch storage {
        case .heap(let a): return try a.withUnsafeBufferPointer(body)
        case .mapped(_, let p): return try body(p)
        }
    }

    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBufferPointer { try body(UnsafeRawBufferPointer($0)) }
    }

    /// The elements in a heap array (a copy when mapped).
    var array: [Element] {
        switch storage {
        case .heap(let a): return a
        case .mapped(_, let p): return Array(p)
        }
    }

    /// Changes the elements as a heap array (copied there first when mapped), in place.
    private mutating func heap<R>(_ body: (inout [Element]) -> R) -> R {
        var a = array
        storage = .heap([])   // `a` is then the only reference: changed in place
        defer { storage = .heap(a) }
        return body(&a)
    }

    mutating func replaceSubrange<C: Collection>(_ range: Range<Int>, with elements: C) where C.Element == Element {
        heap { $0.replaceSubrange(range, with: elements) }
    }

    mutating func append(_ x: Element) { heap { $0.append(x) } }
    mutating func append<S: Sequence>(contentsOf elements: S) where S.Element == Element { heap { $0.append(contentsOf: elements) } }
    mutating func reserveCapacity(_ n: Int) { heap { $0.reserveCapacity(n) } }

    /// Gives back the pages of a mapped column that were read (see `MappedFile.release`); with
    /// `upTo`, only those of the elements before it. Nothing for a heap column.
    func release(upTo end: Int? = nil) {
        guard case .mapped(let file, let p) = storage, let base = p.baseAddress, p.count > 0 else { return }
        let from = UnsafeRawPointer(base) - file.bytes.baseAddress!
        let n = Swift.min(end ?? p.count, p.count) * MemoryLayout<Element>.stride
        file.release(from..<(from + n))
    }
}

extension Column: Equatable {
    static func == (a: Column, b: Column) -> Bool {
        a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in x.elementsEqual(y) } }
    }
}
