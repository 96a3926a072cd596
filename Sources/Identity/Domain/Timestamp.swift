import Foundation

/// RFC 3339 UTC text for dates in responses, and `YYYY-MM-DD` for calendar dates.
enum Timestamp {
    static func string(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    static func string(_ date: Date?) -> String? { date.map(string) }

    static func day(_ date: Date?) -> String? {
        date.map { $0.formatted(Date.ISO8601FormatStyle().year().month().day()) }
    }

    static func parseDay(_ text: String) -> Date? {
        try? Date.ISO8601FormatStyle().year().month().day().parse(text)
    }
}
