import Foundation
import Time

/// Conversions between `Date` and PostgreSQL's time representations.
enum PostgresTime {
    /// Seconds from 1970-01-01 to 2000-01-01, PostgreSQL's epoch for binary timestamps and dates.
    static let epochOffset: Double = 946_684_800

    /// `Date` as `YYYY-MM-DD HH:MM:SS.ffffff+00`, exact to the microsecond.
    static func text(from date: Date) -> String {
        RFC3339.string(date, separator: " ", utcSuffix: "+00")
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
