#if canImport(Glibc)
import Glibc
#endif

/// When an article says it was published: front matter's `date`, a page's
/// `article:published_time` or `<time datetime>`. Kept as the instant (for sorting) and the UTC
/// offset it was written with (so the day shown is the day the article names, not the day in
/// another zone).
public struct ArticleDate: Sendable, Equatable, Hashable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var seconds: Int64
    /// The offset from UTC it was written in, in minutes (0 when it named none).
    public var offsetMinutes: Int

    public init(seconds: Int64, offsetMinutes: Int = 0) {
        self.seconds = seconds
        self.offsetMinutes = offsetMinutes
    }

    /// The day as written: `2023-06-28`.
    public var day: String {
        let local = seconds + Int64(offsetMinutes) * 60
        return Self.isoDay(days: Self.floorDiv(local, 86_400))
    }

    /// A file's modification time (nanoseconds since 1970) as a day in the local time zone, as
    /// `ls` shows it: `2024-03-01`.
    public static func localDay(nanoseconds: Int64) -> String {
        var t = time_t(floorDiv(nanoseconds, 1_000_000_000))
        var parts = tm()
        guard localtime_r(&t, &parts) != nil else { return isoDay(days: floorDiv(Int64(t), 86_400)) }
        return isoDay(year: Int64(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))
    }

    // MARK: Reading a date

    /// A date as articles write it, or nil when it is none (never a guess): ISO 8601 and its
    /// RFC 3339 and YAML/TOML forms (`2023-06-28`, `2023-06-28T14:02:00Z`, `2023-06-28
    /// 14:02:00 +01:00`, `2023/06/28`), RFC 2822 (`Wed, 28 Jun 2023 14:02:00 +0000`), and
    /// `June 28, 2023` or `28 June 2023`. A date with no zone is taken as UTC.
    public init?(parsing raw: String) {
        var iso = DateScanner(raw)
        iso.skipSpaces()
        var written = DateScanner(raw)
        guard let parsed = iso.iso() ?? written.written() else { return nil }
        self = parsed
    }

    static func make(year: Int64, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0,
                     offsetMinutes: Int = 0) -> ArticleDate? {
        guard (1...9999).contains(year), (1...12).contains(month), (1...daysIn(month, of: year)).contains(day),
              (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second),
              abs(offsetMinutes) <= 18 * 60 else { return nil }
        let days = daysFromCivil(year, month, day)
        let local = days * 86_400 + Int64(hour * 3600 + minute * 60 + min(second, 59))
        return ArticleDate(seconds: local - Int64(offsetMinutes) * 60, offsetMinutes: offsetMinutes)
    }

    // MARK: Calendar arithmetic (proleptic Gregorian, Howard Hinnant's algorithms)

    static func daysIn(_ month: Int, of year: Int64) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func daysFromCivil(_ y: Int64, _ m: Int, _ d: Int) -> Int64 {
        let y = m <= 2 ? y - 1 : y
        let era = floorDiv(y, 400)
        let yoe = y - era * 400
        let mp = Int64((m + 9) % 12)
        let doy = (153 * mp + 2) / 5 + Int64(d) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(days: Int64) -> (year: Int64, month: Int, day: Int) {
        let z = days + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = Int(doy - (153 * mp + 2) / 5 + 1)
        let m = Int(mp < 10 ? mp + 3 : mp - 9)
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func isoDay(days: Int64) -> String {
        let c = civil(days: days)
        return isoDay(year: c.year, month: c.month, day: c.day)
    }

    static func isoDay(year: Int64, month: Int, day: Int) -> String {
        func pad(_ n: Int64, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return pad(year, 4) + "-" + pad(Int64(month), 2) + "-" + pad(Int64(day), 2)
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }
}

/// Reads the forms `ArticleDate(parsing:)` knows, one character at a time (ASCII only: any
/// other character ends the date).
struct DateScanner {
    let c: [UInt8]
    var i = 0

    init(_ s: String) { c = Array(s.utf8.prefix(80)) }

    var atEnd: Bool { i >= c.count }
    var peek: UInt8? { i < c.count ? c[i] : nil }

    mutating func skipSpaces() { while let p = peek, p == 0x20 || p == 0x09 { i += 1 } }

    mutating func take(_ byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        i += 1
        return true
    }

    /// Exactly `n` digits (or 1…`n` when `upTo`).
    mutating func number(_ n: Int, upTo: Bool = false) -> Int? {
        var value = 0, count = 0
        while count < n, let p = peek, p >= 0x30 && p <= 0x39 {
            value = value * 10 + Int(p - 0x30)
            count += 1
            i += 1
        }
        return count == n || (upTo && count > 0) ? value : nil
    }

    mutating func word() -> String {
        var out = ""
        while let p = peek, (p | 0x20) >= 0x61 && (p | 0x20) <= 0x7A {
            out.append(Character(Unicode.Scalar(p | 0x20)))
            i += 1
        }
        return out
    }

    /// What may follow a date: nothing, or spaces and a comment-like rest are refused (a date
    /// field holds a date).
    mutating func end() -> Bool {
        skipSpaces()
        return atEnd
    }

    /// `YYYY-MM-DD` or `YYYY/MM/DD`, then an optional time and zone.
    mutating func iso() -> ArticleDate? {
        guard let year = number(4) else { return nil }
        let sep = peek
        guard sep == 0x2D || sep == 0x2F, take(sep!), let month = number(2, upTo: true), take(sep!),
              let day = number(2, upTo: true) else { return nil }
        let timed = take(0x54) || take(0x74) || (peek == 0x20 && c.count > i + 1 && c[i + 1] >= 0x30 && c[i + 1] <= 0x39 && take(0x20))
        return dated(year: year, month: month, day: day, timed: timed)
    }

    /// The date of the day given, with a clock time and an optional zone after it when `timed`,
    /// if the text ends there.
    mutating func dated(year: Int, month: Int, day: Int, timed: Bool) -> ArticleDate? {
        var hour = 0, minute = 0, second = 0, offset = 0
        if timed {
            guard let time = clock() else { return nil }
            (hour, minute, second) = time
            skipSpaces()
            if !atEnd {
                guard let zone = zone() else { return nil }
                offset = zone
            }
        }
        guard end() else { return nil }
        return ArticleDate.make(year: Int64(year), month: month, day: day, hour: hour, minute: minute,
                                second: second, offsetMinutes: offset)
    }

    /// `HH:MM`, `HH:MM:SS`, `HH:MM:SS.fff`.
    mutating func clock() -> (Int, Int, Int)? {
        guard let h = number(2, upTo: true), take(0x3A), let m = number(2) else { return nil }
        var s = 0
        if take(0x3A) {
            guard let sec = number(2) else { return nil }
            s = sec
            if take(0x2E) || take(0x2C) { guard number(9, upTo: true) != nil else { return nil } }
        }
        return (h, m, s)
    }

    /// `Z`, `UTC`, `GMT`, `+01:00`, `+0100`, `+01`, `-05:00`: minutes east of UTC.
    mutating func zone() -> Int? {
        if take(0x5A) || take(0x7A) { return 0 }
        if let p = peek, p == 0x2B || p == 0x2D {
            i += 1
            guard let h = number(2) else { return nil }
            _ = take(0x3A)
            let m = number(2) ?? 0
            guard h <= 18, m < 60 else { return nil }
            return (h * 60 + m) * (p == 0x2D ? -1 : 1)
        }
        let w = word()
        return w == "utc" || w == "gmt" ? 0 : nil
    }

    static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    static let dayNames: Set<String> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun", "monday", "tuesday",
                                        "wednesday", "thursday", "friday", "saturday", "sunday"]

    /// A month's name, whole or cut to three letters (`Sept` too).
    static func month(_ w: String) -> Int? {
        guard w.count >= 3, let m = monthNames.firstIndex(of: String(w.prefix(3))) else { return nil }
        let full = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                    "october", "november", "december"][m]
        return full.hasPrefix(w) || w == "sept" ? m + 1 : nil
    }

    /// `June 28, 2023`, `28 June 2023`, `Wed, 28 Jun 2023 14:02:00 +0000`: a month by name,
    /// then an optional time and zone.
    mutating func written() -> ArticleDate? {
        skipSpaces()
        var first = word()
        if Self.dayNames.contains(first) {
            _ = take(0x2C)
            skipSpaces()
            first = word()
        }
        let year: Int, month: Int, day: Int
        if let m = Self.month(first) {
            skipSpaces()
            guard let d = number(2, upTo: true) else { return nil }
            _ = take(0x2C)
            skipSpaces()
            guard let y = number(4) else { return nil }
            (year, month, day) = (y, m, d)
        } else if first.isEmpty, let d = number(2, upTo: true) {
            skipSpaces()
            guard let m = Self.month(word()) else { return nil }
            _ = take(0x2C)
            skipSpaces()
            guard let y = number(4) else { return nil }
            (year, month, day) = (y, m, d)
        } else {
            return nil
        }
        skipSpaces()
        return dated(year: year, month: month, day: day, timed: !atEnd)
    }
}
