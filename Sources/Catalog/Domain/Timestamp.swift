import Foundation

/// RFC 3339 UTC text for dates in responses and events.
enum Timestamp {
    static func string(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    static func string(_ date: Date?) -> String? { date.map(string) }
}
