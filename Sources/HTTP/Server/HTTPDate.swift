import Glibc

/// The `Date` header value (IMF-fixdate), recomputed at most once per second.
struct HTTPDate {
    private(set) var bytes: [UInt8] = []
    private var second = -1

    /// Makes `bytes` describe the current second.
    mutating func refresh() {
        var now = time(nil)
        guard now != second else { return }
        second = now
        bytes = Array(Self.format(&now).utf8)
    }

    /// Formats a Unix time as `Sun, 06 Nov 1994 08:49:37 GMT`.
    static func format(_ time: inout time_t) -> String {
        var parts = tm()
        gmtime_r(&time, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return
            "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}
