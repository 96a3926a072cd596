import Foundation
import ServiceKit
import Time

/// RFC 3339 UTC text for dates in responses (the kit's `RFC3339.milliseconds`), and `YYYY-MM-DD` for calendar
/// dates.
enum Timestamp {
    static func string(_ date: Date) -> String { RFC3339.milliseconds(date) }

    static func string(_ date: Date?) -> String? { RFC3339.milliseconds(date) }

    static func day(_ date: Date?) -> String? {
        date.map { $0.formatted(Date.ISO8601FormatStyle().year().month().day()) }
    }

    static func parseDay(_ text: String) -> Date? {
        try? Date.ISO8601FormatStyle().year().month().day().parse(text)
    }
}
