import Foundation

/// RFC 3339 UTC text of instants, exact to the microsecond (PostgreSQL's precision) and by default with six
/// fraction digits, so that the text of a later instant sorts after the text of an earlier one:
/// `2026-11-21T10:00:00.123456Z`. Event payloads use it as their version, PostgreSQL binds and log lines
/// use its other forms.
public enum RFC3339 {
    /// `date` as `YYYY-MM-DDTHH:MM:SS.ffffffZ`, rounded to the microsecond.
    public static func string(_ date: Date) -> String {
        string(date, fractionDigits: 6, separator: "T", utcSuffix: "Z")
    }

    /// `date` rounded to the microsecond, as `YYYY-MM-DD`, `separator`, `HH:MM:SS.`, `fractionDigits` digits
    /// of the second (cut, not rounded, below six) and `utcSuffix`.
    ///
    /// - Parameters:
    ///   - fractionDigits: 1 to 6; 3 writes milliseconds.
    ///   - separator: `T`, or a space as PostgreSQL writes it.
    ///   - utcSuffix: `Z`, or `+00` as PostgreSQL writes it.
    public static func string(
        _ date: Date, fractionDigits: Int = 6, separator: String = "T", utcSuffix: String = "Z"
    ) -> String {
        precondition((1...6).contains(fractionDigits), "an RFC 3339 fraction has 1 to 6 digits here")
        // A Date from a timestamptz holds its microseconds exactly enough for rounding to recover them.
        let totalMicros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        var seconds = totalMicros / 1_000_000
        var fraction = totalMicros % 1_000_000
        if fraction < 0 {
            fraction += 1_000_000
            seconds -= 1
        }
        for _ in fractionDigits..<6 { fraction /= 10 }
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(28 + separator.utf8.count + utcSuffix.utf8.count)
        let year = Int64(parts.tm_year) + 1900
        if (0...9999).contains(year) { append(year, width: 4, to: &bytes) } else { bytes += String(year).utf8 }
        bytes.append(UInt8(ascii: "-"))
        append(Int64(parts.tm_mon) + 1, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        append(Int64(parts.tm_mday), width: 2, to: &bytes)
        bytes += separator.utf8
        append(Int64(parts.tm_hour), width: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        append(Int64(parts.tm_min), width: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        append(Int64(parts.tm_sec), width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "."))
        append(fraction, width: fractionDigits, to: &bytes)
        bytes += utcSuffix.utf8
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the `width` last decimal digits of `value` (≥ 0), with leading zeros.
    private static func append(_ value: Int64, width: Int, to bytes: inout [UInt8]) {
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width))
        var rest = value
        var index = start + width - 1
        while index >= start {
            bytes[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
            index -= 1
        }
    }
}

extension RFC3339 {
    /// `date` as RFC 3339 UTC with milliseconds (`2026-11-21T10:00:00.123Z`), the form of times in responses: its
    /// microseconds (as PostgreSQL keeps them) cut to the millisecond, so a response never shows a later
    /// millisecond than the stored instant, and two responses of one instant show the same text.
    public static func milliseconds(_ date: Date) -> String {
        string(date, fractionDigits: 3)
    }

    /// `milliseconds(date)`, or `nil` without a date.
    public static func milliseconds(_ date: Date?) -> String? { date.map(milliseconds) }
}

extension RFC3339 {
    /// The time `text` names, in RFC 3339 with or without a fraction of a second (`2026-11-21T10:00:00Z`,
    /// `2026-11-21T10:00:00.123456+02:00`); `nil` for anything else.
    public static func date(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) {
            return date
        }
        return try? Date(text, strategy: Date.ISO8601FormatStyle())
    }
}
