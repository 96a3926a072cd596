import Foundation

/// Conversions between `Date` and PostgreSQL's time representations.
enum PostgresTime {
    /// Seconds from 1970-01-01 to 2000-01-01, PostgreSQL's epoch for binary timestamps and dates.
    static let epochOffset: Double = 946_684_800

    /// `Date` as `YYYY-MM-DD HH:MM:SS.ffffff+00`, exact to the microsecond.
    static func text(from date: Date) -> String {
        let micros = (date.timeIntervalSince1970 * 1_000_000).rounded()
        let totalMicros = Int64(micros)
        var seconds = totalMicros / 1_000_000
        var fraction = totalMicros % 1_000_000
        if fraction < 0 {
            fraction += 1_000_000
            seconds -= 1
        }
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let micro = String(fraction)
        let paddedMicro = String(repeating: "0", count: 6 - micro.count) + micro
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2)) "
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(paddedMicro)+00"
    }

    /// A binary timestamp (microseconds since 2000-01-01 UTC) as a `Date`.
    static func date(microsecondsSince2000 micros: Int64) -> Date {
        let seconds = Double(micros / 1_000_000) + Double(micros % 1_000_000) / 1_000_000
        return Date(timeIntervalSince1970: epochOffset + seconds)
    }

    /// A binary date (days since 2000-01-01) as the `Date` of its midnight UTC.
    static func date(daysSince2000 days: Int32) -> Date {
        Date(timeIntervalSince1970: epochOffset + Double(days) * 86_400)
    }
}
