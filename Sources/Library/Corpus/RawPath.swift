#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file path kept as the bytes the file system gave, so a file whose name is not valid UTF-8 can
/// still be opened again. `display` is how reader names it to people and scripts: valid UTF-8 as
/// is, each undecodable byte as `<FF>`.
public struct RawPath: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    // Hashed as one block of bytes (the synthesised hash fed them to the hasher one at a time:
    // a tenth of a warm start went there, looking up each file's cached record).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(bytes.count)
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    public static func == (a: RawPath, b: RawPath) -> Bool { a.bytes == b.bytes }
    public init(_ string: String) { self.bytes = Array(string.utf8) }

    public var display: String {
        let valid = bytes.withUnsafeBufferPointer { UTF8Decoder.invalidByteCount($0) == 0 }
        if valid { return String(decoding: bytes, as: UTF8.self) }
        var out = ""
        let text = ArticleText(utf8: bytes)
        for (i, scalar) in text.scalars.enumerated() {
            if let b = text.invalidByte(at: i) { out += "<" + Sanitizer.hex(UInt32(b), digits: 2) + ">" } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    public var description: String { display }

    public func appending(_ name: [UInt8]) -> RawPath {
        if bytes.isEmpty { return RawPath(bytes: name) }
        if bytes.last == UInt8(ascii: "/") { return RawPath(bytes: bytes + name) }
        return RawPath(bytes: bytes + [UInt8(ascii: "/")] + name)
    }

    /// The last component's bytes.
    public var lastComponent: [UInt8] {
        var end = bytes.count
        while end > 1 && bytes[end - 1] == UInt8(ascii: "/") { end -= 1 }
        var start = end
        while start > 0 && bytes[start - 1] != UInt8(ascii: "/") { start -= 1 }
        return Array(bytes[start..<end])
    }

    /// Lower-cased extension of the last component, without the dot ("" when there is none).
    public var fileExtension: String {
        let name = lastComponent
        guard let dot = name.lastIndex(of: UInt8(ascii: ".")), dot > 0 else { return "" }
        return String(decoding: name[(dot + 1)...], as: UTF8.self).lowercased()
    }

    /// Calls `body` with a NUL-terminated C string of the path.
    public func withCString<R>(_ body: (UnsafePointer<CChar>) throws -> R) rethrows -> R {
        try (bytes + [0]).withUnsafeBufferPointer { buffer in
            try buffer.withMemoryRebound(to: CChar.self) { try body($0.baseAddress!) }
        }
    }

    public static func < (a: RawPath, b: RawPath) -> Bool { a.bytes.lexicographicallyPrecedes(b.bytes) }
}

/// A short, human description of an `errno` value, for one-line messages.
public func describeErrno(_ code: Int32) -> String {
    switch code {
    case ENOENT: return "no such file or folder"
    case EACCES, EPERM: return "permission denied"
    case ELOOP: return "symbolic link loop"
    case ENOTDIR: return "not a folder"
    case EISDIR: return "is a folder"
    case ENAMETOOLONG: return "name too long"
    case EIO: return "input/output error"
    case ENOSPC: return "no space left on device"
    case EROFS: return "read-only file system"
    case EDQUOT: return "disk quota exceeded"
    default:
        guard let c = strerror(code) else { return "error \(code)" }
        return String(cString: c).lowercased()
    }
}
