#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A moment in UTC with millisecond precision, written as ISO 8601 (`2025-11-23T16:54:07.120Z`).
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    public static func now() -> Timestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Timestamp(milliseconds: Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000)
    }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.milliseconds < b.milliseconds }

    public func adding(milliseconds ms: Int64) -> Timestamp { Timestamp(milliseconds: milliseconds + ms) }

    public var description: String { iso8601 }

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    public var iso8601: String {
        let (days, msOfDay) = milliseconds.floorDivided(by: 86_400_000)
        let (y, m, d) = Timestamp.civil(fromDays: days)
        let seconds = msOfDay / 1000
        return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2) + "T" + pad(seconds / 3600, 2) + ":"
            + pad(seconds / 60 % 60, 2) + ":" + pad(seconds % 60, 2) + "." + pad(msOfDay % 1000, 3) + "Z"
    }

    /// `YYYY-MM-DD HH:MM` (UTC), for lists.
    public var shortDisplay: String {
        let s = iso8601
        return String(s.prefix(10)) + " " + String(s.dropFirst(11).prefix(5))
    }

    /// Parses `YYYY-MM-DDTHH:MM[:SS[.fraction]]` followed by `Z` or `±HH:MM` (a space instead of
    /// `T` and lower-case `t`/`z` are accepted too).
    public init?(iso8601 text: String) {
        let c = Array(text.utf8)
        var i = 0
        func number(_ n: Int) -> Int64? {
            guard i + n <= c.count else { return nil }
            var v: Int64 = 0
            for k in i..<(i + n) {
                guard (48...57).contains(c[k]) else { return nil }
                v = v * 10 + Int64(c[k] - 48)
            }
            i += n
            return v
        }
        func expect(_ ch: UInt8) -> Bool {
            guard i < c.count, c[i] == ch else { return false }
            i += 1
            return true
        }
        guard let year = number(4), expect(45), let month = number(2), expect(45), let day = number(2),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        guard i < c.count, c[i] == 84 || c[i] == 116 || c[i] == 32 else { return nil }
        i += 1
        guard let hour = number(2), expect(58), let minute = number(2), hour < 24, minute < 60 else { return nil }
        var second: Int64 = 0
        var millis: Int64 = 0
        if expect(58) {
            guard let s = number(2), s < 61 else { return nil }
            second = min(s, 59)
            if expect(46) || expect(44) {
                var scale: Int64 = 100
                var any = false
                while i < c.count, (48...57).contains(c[i]) {
                    millis += Int64(c[i] - 48) * scale
                    scale /= 10
                    i += 1
                    any = true
                }
                guard any else { return nil }
            }
        }
        var offsetMinutes: Int64 = 0
        if expect(90) || expect(122) {
        } else if i < c.count, c[i] == 43 || c[i] == 45 {
            let sign: Int64 = c[i] == 45 ? -1 : 1
            i += 1
            guard let oh = number(2) else { return nil }
            _ = expect(58)
            guard let om = number(2) else { return nil }
            offsetMinutes = sign * (oh * 60 + om)
        } else {
            return nil
        }
        guard i == c.count else { return nil }
        let days = Timestamp.days(fromCivil: year, month, day)
        let total = ((days * 24 + hour) * 60 + minute - offsetMinutes) * 60 + second
        milliseconds = total * 1000 + millis
    }

    // Howard Hinnant's civil-calendar algorithms (proleptic Gregorian).
    static func days(fromCivil y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, m, d)
    }
}

private func pad(_ v: Int64, _ width: Int) -> String {
    let s = String(v)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

extension Int64 {
    func floorDivided(by d: Int64) -> (quotient: Int64, remainder: Int64) {
        let q = self / d
        let r = self % d
        return r < 0 ? (q - 1, r + d) : (q, r)
    }
}
