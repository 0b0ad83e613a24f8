import Glibc

/// The C library's `wcwidth` under the C.UTF-8 locale, found on its own (not through the
/// library's table): what ncursesw measures with in a UTF-8 terminal.
public enum SystemWidth {
    typealias WCWidth = @convention(c) (Int32) -> Int32
    static let wcwidth: WCWidth? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "wcwidth") else { return nil }
        return unsafeBitCast(symbol, to: WCWidth.self)
    }()

    /// Widths of `scalars` with a UTF-8 locale in force on this thread only.
    public static func widths(_ scalars: [UInt32]) -> [Int]? {
        guard let wcwidth, let locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", nil) else { return nil }
        defer { freelocale(locale) }
        let old = uselocale(locale)
        defer { uselocale(old) }
        return scalars.map { Int(wcwidth(Int32(bitPattern: $0))) }
    }
}
