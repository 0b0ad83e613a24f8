#if canImport(Glibc)
import Glibc
#endif

/// What a binary format is read from: bytes in memory (`BinaryReader`), or a part of a file read
/// as it is parsed (`FilePartReader`), so a part of hundreds of megabytes (a large corpus's search
/// index) is never in memory twice, as bytes and as what is made of them.
protocol BinarySource {
    var remaining: Int { get }
    mutating func u32() throws(BinaryFormatError) -> UInt32
    mutating func u64() throws(BinaryFormatError) -> UInt64
    /// What `BinaryWriter.array` wrote; the padding must be zeros.
    mutating func readArray<T: FixedWidthInteger>(_: T.Type) throws(BinaryFormatError) -> [T]
    /// The same as a column: in the heap, or where it lies in a mapped file (`MappedReader`).
    mutating func readColumn<T: FixedWidthInteger>(_: T.Type) throws(BinaryFormatError) -> Column<T>
    /// Everything left, to be read from memory (strings and such).
    mutating func rest() throws(BinaryFormatError) -> BinaryReader
}

extension BinarySource {
    mutating func readColumn<T: FixedWidthInteger>(_: T.Type) throws(BinaryFormatError) -> Column<T> { Column(try readArray(T.self)) }
}

extension BinaryReader: BinarySource {
    mutating func readArray<T: FixedWidthInteger>(_: T.Type) throws(BinaryFormatError) -> [T] { try array(T.self) }

    mutating func rest() throws(BinaryFormatError) -> BinaryReader {
        let left = self
        _ = try raw(remaining)
        return left
    }
}

/// Reads a part of a mapped file (`MappedFile`): each array stays where it lies in the file (a
/// `Column` of the mapping), so reading it touches none of its pages; only an array that is not
/// aligned for its elements (or a big-endian host) is copied. The padding after each array must
/// be zeros, as `BinaryReader` checks.
struct MappedReader: BinarySource {
    let file: MappedFile
    private var position: Int
    private let end: Int

    init(_ file: MappedFile, from start: Int = 0, to end: Int? = nil) {
        self.file = file
        position = start
        self.end = min(end ?? file.bytes.count, file.bytes.count)
    }

    var remaining: Int { end - position }

    private mutating func take(_ n: Int) throws(BinaryFormatError) -> Int {
        guard n >= 0, n <= remaining else { throw .truncated }
        defer { position += n }
        return position
    }

    mutating func u32() throws(BinaryFormatError) -> UInt32 {
        UInt32(littleEndian: file.bytes.loadUnaligned(fromByteOffset: try take(4), as: UInt32.self))
    }

    mutating func u64() throws(BinaryFormatError) -> UInt64 {
        UInt64(littleEndian: file.bytes.loadUnaligned(fromByteOffset: try take(8), as: UInt64.self))
    }

    mutating func readArray<T: FixedWidthInteger>(_: T.Type) throws(BinaryFormatError) -> [T] {
        let (at, n) = try arrayBounds(T.self)
        return (0..<n).map { T(littleEndian: file.bytes.loadUnaligned(fromByteOffset: at + $0 * MemoryLayout<T>.size, as: T.self)) }
    }

    mutating func rest() throws(BinaryFormatError) -> BinaryReader {
        let at = try take(remaining)
        return BinaryReader(Array(file.bytes[at..<end]))
    }

    mutating func readColumn<T: FixedWidthInteger>(_: T.Type) throws(BinaryFormatError) -> Column<T> {
        #if _endian(little)
        let start = position + 8
        if Int(bitPattern: file.bytes.baseAddress! + start) % MemoryLayout<T>.alignment == 0 {
            let (at, n) = try arrayBounds(T.self)
            let elements = (file.bytes.baseAddress! + at).assumingMemoryBound(to: T.self)
            return Column(mapped: file, UnsafeBufferPointer(start: elements, count: n))
        }
        #endif
        return Column(try readArray(T.self))
    }

    /// Where an array's elements are and how many, its count and padding read (and checked).
    private mutating func arrayBounds<T: FixedWidthInteger>(_: T.Type) throws(BinaryFormatError) -> (at: Int, count: Int) {
        let size = MemoryLayout<T>.size
        let count = try u64()
        guard count <= UInt64(remaining / size) else { throw .countOutOfRange }
        let n = Int(count)
        let at = try take(n * size)
        let padding = -position & 7
        let pad = try take(padding)
        for k in pad..<(pad + padding) where file.bytes[k] != 0 { throw BinaryFormatError("bad padding") }
        return (at, n)
    }
}

/// Reads `length` bytes of a file from `offset`, front to back, each array straight into its
/// own storage, with the checksum (`checksum64`) of every byte that passed.
struct FilePartReader: BinarySource {
    private let fd: Int32
    private let start: Int
    private var position: Int
    private let end: Int
    private var sum: Checksum64

    init(fd: Int32, offset: Int, length: Int) {
        self.fd = fd
        start = offset
        position = offset
        end = offset + length
        sum = Checksum64(length: length)
    }

    var remaining: Int { end - position }
    /// The checksum of the bytes read so far (of the whole part once `remaining` is 0).
    var checksum: UInt64 { sum.finish() }

    private mutating func read(into raw: UnsafeMutableRawBufferPointer) throws(BinaryFormatError) {
        guard raw.count <= remaining else { throw .truncated }
        var filled = 0
        while filled < raw.count {
            let n = pread(fd, raw.baseAddress! + filled, raw.count - filled, off_t(position + filled))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw .truncated }
            filled += n
        }
        sum.update(UnsafeRawBufferPointer(raw))
        position += raw.count
    }

    mutating func u32() throws(BinaryFormatError) -> UInt32 {
        var v: UInt32 = 0
        try withUnsafeMutableBytes(of: &v) { raw throws(BinaryFormatError) in try read(into: raw) }
        return UInt32(littleEndian: v)
    }

    mutating func u64() throws(BinaryFormatError) -> UInt64 {
        var v: UInt64 = 0
        try withUnsafeMutableBytes(of: &v) { raw throws(BinaryFormatError) in try read(into: raw) }
        return UInt64(littleEndian: v)
    }

    mutating func rest() throws(BinaryFormatError) -> BinaryReader {
        var bytes = [UInt8](repeating: 0, count: remaining)
        var failure: BinaryFormatError?
        bytes.withUnsafeMutableBytes { raw in
            do throws(BinaryFormatError) { try read(into: raw) } catch { failure = error }
        }
        if let failure { throw failure }
        return BinaryReader(bytes)
    }

    mutating func readArray<T: FixedWidthInteger>(_: T.Type) throws(BinaryFormatError) -> [T] {
        let size = MemoryLayout<T>.size
        let count = try u64()
        guard count <= UInt64(remaining / size) else { throw .countOutOfRange }
        let n = Int(count)
        var failure: BinaryFormatError?
        let result = [T](unsafeUninitializedCapacity: n) { buffer, initialized in
            guard n > 0 else { return }
            do throws(BinaryFormatError) {
                try read(into: UnsafeMutableRawBufferPointer(start: buffer.baseAddress!, count: n * size))
            } catch {
                failure = error
                return
            }
            #if !_endian(little)
            for k in 0..<n { buffer[k] = T(littleEndian: buffer[k]) }
            #endif
            initialized = n
        }
        if let failure { throw failure }
        var padding: UInt64 = 0
        let pad = -(position - start) & 7
        try withUnsafeMutableBytes(of: &padding) { raw throws(BinaryFormatError) in
            try read(into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<pad]))
        }
        guard padding == 0 else { throw BinaryFormatError("bad padding") }
        return result
    }
}
