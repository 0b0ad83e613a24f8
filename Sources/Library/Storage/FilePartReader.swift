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
}

extension BinaryReader: BinarySource {
    mutating func readArray<T: FixedWidthInteger>(_: T.Type) throws(BinaryFormatError) -> [T] { try array(T.self) }
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
