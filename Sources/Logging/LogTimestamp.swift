import Glibc

/// An instant of the wall clock as log lines write it: RFC 3339 UTC with milliseconds,
/// `2026-11-21T10:00:00.123Z` (the fraction cut, not rounded).
///
/// The calendar date comes from integer arithmetic on the day number (the proleptic Gregorian calendar), so a
/// line costs one `clock_gettime` (served by the vDSO, no system call) and no `gmtime_r`, `Date` or formatter.
struct LogTimestamp: Equatable {
    /// Seconds since 1970-01-01T00:00:00Z.
    var seconds: Int
    /// Milliseconds into that second, 0 to 999.
    var milliseconds: Int

    /// The instant `seconds` plus `milliseconds` after the epoch.
    init(seconds: Int, milliseconds: Int) {
        self.seconds = seconds
        self.milliseconds = milliseconds
    }

    /// Now, by `CLOCK_REALTIME`.
    static func now() -> LogTimestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return LogTimestamp(seconds: Int(spec.tv_sec), milliseconds: Int(spec.tv_nsec) / 1_000_000)
    }

    /// The 24 bytes `YYYY-MM-DDTHH:MM:SS.mmmZ`, appended to `bytes`.
    func append(to bytes: inout [UInt8]) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = Self.civil(days: days)
        Self.digits(year, 4, &bytes)
        bytes.append(UInt8(ascii: "-"))
        Self.digits(month, 2, &bytes)
        bytes.append(UInt8(ascii: "-"))
        Self.digits(day, 2, &bytes)
        bytes.append(UInt8(ascii: "T"))
        Self.digits(secondOfDay / 3600, 2, &bytes)
        bytes.append(UInt8(ascii: ":"))
        Self.digits(secondOfDay / 60 % 60, 2, &bytes)
        bytes.append(UInt8(ascii: ":"))
        Self.digits(secondOfDay % 60, 2, &bytes)
        bytes.append(UInt8(ascii: "."))
        Self.digits(milliseconds, 3, &bytes)
        bytes.append(UInt8(ascii: "Z"))
    }

    /// The text `append(to:)` writes.
    var text: String {
        var bytes: [UInt8] = []
        append(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Year, month (1–12) and day (1–31) of the day `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
    static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Appends `value` as exactly `width` decimal digits (zero-padded; values here never need more).
    private static func digits(_ value: Int, _ width: Int, _ bytes: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest / divisor % 10))
            rest %= divisor
            divisor /= 10
        }
    }
}
