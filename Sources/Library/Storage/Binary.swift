#if canImport(Glibc)
import Glibc
#endif
/// Little-endian binary writing and reading for reader's own file formats (the catalog cache and
/// the people and search indexes in it). The reader checks every length against what is left, so
/// a damaged file throws instead of crashing or allocating absurd amounts.
///
/// Conventions: counts and lengths are `u64`; an `array` is its count, its elements, then zero
/// bytes up to the next multiple of 8 bytes from the start of the buffer.
public struct BinaryWriter {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    public mutating func u8(_ v: UInt8) { bytes.append(v) }
    public mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    public mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    public mutating func i64(_ v: Int64) { u64(UInt64(bitPattern: v)) }
    public mutating func int(_ v: Int) { i64(Int64(v)) }
    public mutating func bool(_ v: Bool) { u8(v ? 1 : 0) }
    public mutating func raw(_ b: [UInt8]) { bytes.append(contentsOf: b) }

    /// A length-prefixed byte string.
    public mutating func data(_ b: [UInt8]) {
        u64(UInt64(b.count))
        bytes.append(contentsOf: b)
    }

    public mutating func string(_ s: String) {
        u64(UInt64(s.utf8.count))
        bytes.append(contentsOf: s.utf8)
    }

    public mutating func optionalString(_ s: String?) {
        bool(s != nil)
        if let s { string(s) }
    }

    /// A whole array of integers: count, elements (copied at once on little-endian hosts), padding.
    public mutating func array<T: FixedWidthInteger>(_ a: [T]) {
        u64(UInt64(a.count))
        #if _endian(little)
        a.withUnsafeBytes { bytes.append(contentsOf: $0) }
        #else
        for x in a { withUnsafeBytes(of: x.littleEndian) { bytes.append(contentsOf: $0) } }
        #endif
        while bytes.count & 7 != 0 { bytes.append(0) }
    }
}

public struct BinaryFormatError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }

    /// The data ends before what it announces.
    public static let truncated = BinaryFormatError("truncated")
    /// A count larger than its bound (for lengths: larger than what is left).
    public static let countOutOfRange = BinaryFormatError("count out of range")
}

public struct BinaryReader {
    public let bytes: [UInt8]
    public private(set) var offset: Int
    let end: Int

    public init(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil) {
        self.bytes = bytes
        self.offset = start
        self.end = min(end ?? bytes.count, bytes.count)
    }

    public var remaining: Int { end - offset }

    mutating func take(_ n: Int) throws(BinaryFormatError) -> Int {
        guard n >= 0, n <= remaining else { throw .truncated }
        defer { offset += n }
        return offset
    }

    public mutating func u8() throws(BinaryFormatError) -> UInt8 { bytes[try take(1)] }

    public mutating func u32() throws(BinaryFormatError) -> UInt32 {
        let at = try take(4)
        return bytes.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: at, as: UInt32.self)) }
    }

    public mutating func u64() throws(BinaryFormatError) -> UInt64 {
        let at = try take(8)
        return bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
    }

    public mutating func i64() throws(BinaryFormatError) -> Int64 { Int64(bitPattern: try u64()) }

    public mutating func int() throws(BinaryFormatError) -> Int {
        let v = try i64()
        return Int(v)
    }

    public mutating func bool() throws(BinaryFormatError) -> Bool {
        switch try u8() {
        case 0: return false
        case 1: return true
        default: throw BinaryFormatError("bad flag")
        }
    }

    public mutating func count(max: Int) throws(BinaryFormatError) -> Int {
        let n = try u64()
        guard n <= UInt64(max) else { throw .countOutOfRange }
        return Int(n)
    }

    public mutating func data() throws(BinaryFormatError) -> [UInt8] {
        let n = try count(max: remaining)
        let at = try take(n)
        return Array(bytes[at..<(at + n)])
    }

    public mutating func string() throws(BinaryFormatError) -> String {
        let n = try count(max: remaining)
        let at = try take(n)
        // Validated from a buffer: the generic path for an array slice cost a thousand
        // instructions a string (a fifth of a warm start went to the cache's strings), and
        // `String(validating:as:)` more than twice what this costs.
        let s = bytes.withUnsafeBufferPointer { all -> String? in
            let part = UnsafeBufferPointer(rebasing: all[at..<(at + n)])
            return UTF8Decoder.invalidByteCount(part) == 0 ? String(decoding: part, as: UTF8.self) : nil
        }
        guard let s else { throw BinaryFormatError("text is not UTF-8") }
        return s
    }

    /// The same, `last` itself when the bytes are its (a string repeated record after record,
    /// such as a folder, is then made once); `last` becomes the string read.
    public mutating func string(reusing last: inout String) throws(BinaryFormatError) -> String {
        let n = try count(max: remaining)
        let same = last.utf8.count == n && bytes.withUnsafeBufferPointer { all in
            last.utf8.withContiguousStorageIfAvailable { mine in
                n == 0 || memcmp(mine.baseAddress!, all.baseAddress! + offset, n) == 0
            } ?? false
        }
        if same {
            offset += n
            return last
        }
        offset -= 8
        last = try string()
        return last
    }

    public mutating func optionalString() throws(BinaryFormatError) -> String? {
        try bool() ? try string() : nil
    }

    /// `n` bytes as they are.
    public mutating func raw(_ n: Int) throws(BinaryFormatError) -> ArraySlice<UInt8> {
        let at = try take(n)
        return bytes[at..<(at + n)]
    }

    /// What `BinaryWriter.array` wrote; the padding must be zeros.
    public mutating func array<T: FixedWidthInteger>(_: T.Type = T.self) throws(BinaryFormatError) -> [T] {
        let size = MemoryLayout<T>.size
        let n = try count(max: remaining / size)
        let at = try take(n * size)
        let result = [T](unsafeUninitializedCapacity: n) { buffer, initialized in
            guard n > 0 else { return }
            bytes.withUnsafeBytes { raw in
                #if _endian(little)
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[at..<(at + n * size)]))
                #else
                for k in 0..<n {
                    buffer.initializeElement(at: k, to: T(littleEndian: raw.loadUnaligned(fromByteOffset: at + k * size, as: T.self)))
                }
                #endif
            }
            initialized = n
        }
        let padding = try raw(-offset & 7)
        guard padding.allSatisfy({ $0 == 0 }) else { throw BinaryFormatError("bad padding") }
        return result
    }
}

/// A fast 64-bit checksum (eight bytes at a time) that catches torn and damaged files.
public func checksum64(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil) -> UInt64 {
    let stop = min(end ?? bytes.count, bytes.count)
    var sum = Checksum64(length: stop - start)
    bytes.withUnsafeBytes { sum.update(UnsafeRawBufferPointer(rebasing: $0[start..<stop])) }
    return sum.finish()
}

/// `checksum64` computed over parts handed in one after the other (a file written in pieces);
/// the total length must be known at the start.
public struct Checksum64 {
    private var h: UInt64
    /// Bytes of an unfinished word (fewer than 8) from the last part.
    private var pending: UInt64 = 0
    private var pendingCount = 0

    public init(length: Int) {
        h = 0x9E37_79B9_7F4A_7C15 ^ UInt64(length)
    }

    @inline(__always)
    private mutating func word(_ w: UInt64) {
        h = (h ^ w) &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 32
    }

    public mutating func update(_ raw: UnsafeRawBufferPointer) {
        var i = 0
        let n = raw.count
        while pendingCount > 0 && i < n {
            pending |= UInt64(raw[i]) << (8 * UInt64(pendingCount))
            pendingCount += 1
            i += 1
            if pendingCount == 8 {
                word(pending)
                pending = 0
                pendingCount = 0
            }
        }
        while i + 8 <= n {
            word(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
            i += 8
        }
        while i < n {
            pending |= UInt64(raw[i]) << (8 * UInt64(pendingCount))
            pendingCount += 1
            i += 1
        }
    }

    /// The checksum of everything handed in (which must add up to the length given).
    public func finish() -> UInt64 {
        var h = self.h
        for k in 0..<pendingCount {
            h = (h ^ ((pending >> (8 * UInt64(k))) & 0xFF)) &* 0xC4CE_B9FE_1A85_EC53
        }
        return h ^ (h >> 29)
    }
}
