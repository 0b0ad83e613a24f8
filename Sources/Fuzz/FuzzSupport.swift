#if DEBUG
@testable import Library
#if canImport(Glibc)
import Glibc
#endif

/// The fuzz input, read from the front: a few bytes choose parameters, the rest is the payload.
struct FuzzInput {
    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var position = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The next byte, 0 once the input is used up.
    mutating func byte() -> UInt8 {
        guard position < bytes.count else { return 0 }
        defer { position += 1 }
        return bytes[position]
    }

    /// A number in `range`, from one byte.
    mutating func number(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(byte()) % (range.count)
    }

    /// Everything not read yet.
    mutating func rest() -> [UInt8] {
        defer { position = bytes.count }
        return Array(bytes[min(position, bytes.count)...])
    }
}

/// A broken invariant: says which and stops the process, so libFuzzer saves the input.
func fail(_ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) -> Never {
    let text = "FUZZ INVARIANT BROKEN (\(file):\(line)): \(message())\n"
    _ = text.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
    abort()
}

@inline(__always)
func check(_ condition: Bool, _ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) {
    if !condition { fail(message(), file: file, line: line) }
}

/// Scalars that must never be drawn raw: C0 controls, DEL, C1 controls (ESC among them), and
/// whatever the sanitiser shows as a marker (bidi controls, invisible characters).
func isForbiddenOnScreen(_ v: UInt32) -> Bool {
    v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) || Sanitizer.needsMarker(v)
}

/// A short, printable form of a string for failure messages.
func shown(_ s: String, limit: Int = 200) -> String {
    var out = ""
    for u in s.unicodeScalars.prefix(limit) {
        out += (0x20..<0x7F).contains(u.value) ? String(u) : "\\u{" + String(u.value, radix: 16) + "}"
    }
    return s.unicodeScalars.count > limit ? out + "…" : out
}

/// Splits a payload into up to `limit` articles at record separators (0x1E).
func articles(_ bytes: [UInt8], limit: Int = 4) -> [[UInt8]] {
    var parts = bytes.split(separator: 0x1E, maxSplits: limit - 1, omittingEmptySubsequences: false).map(Array.init)
    if parts.isEmpty { parts = [[]] }
    return parts
}
#endif
