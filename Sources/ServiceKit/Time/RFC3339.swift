import Foundation

/// RFC 3339 UTC text of instants, exact to the microsecond (PostgreSQL's precision) and always with six
/// fraction digits, so that the text of a later instant sorts after the text of an earlier one:
/// `2026-11-21T10:00:00.123456Z`. Event payloads use it as their version.
public enum RFC3339 {
    /// `date` as `YYYY-MM-DDTHH:MM:SS.ffffffZ`, rounded to the microsecond.
    public static func string(_ date: Date) -> String {
        // A Date from a timestamptz holds its microseconds exactly enough for rounding to recover them.
        let totalMicros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        var seconds = totalMicros / 1_000_000
        var fraction = totalMicros % 1_000_000
        if fraction < 0 {
            fraction += 1_000_000
            seconds -= 1
        }
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        return pad(Int64(parts.tm_year) + 1900, 4) + "-" + pad(Int64(parts.tm_mon) + 1, 2) + "-"
            + pad(Int64(parts.tm_mday), 2) + "T" + pad(Int64(parts.tm_hour), 2) + ":" + pad(Int64(parts.tm_min), 2)
            + ":" + pad(Int64(parts.tm_sec), 2) + "." + pad(fraction, 6) + "Z"
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

extension RFC3339 {
    /// `date` as RFC 3339 UTC with milliseconds (`2026-11-21T10:00:00.123Z`), the form of times in responses.
    public static func milliseconds(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// `milliseconds(date)`, or `nil` without a date.
    public static func milliseconds(_ date: Date?) -> String? { date.map(milliseconds) }
}
