import Foundation

/// A keyset position in a list sorted by a time and then an id. The time is kept as whole microseconds since
/// 1970, because cursors encode dates in milliseconds and PostgreSQL keeps microseconds: a page boundary between
/// two rows of the same millisecond would otherwise skip or repeat rows.
public struct TimeKey: Codable, Sendable, Equatable {
    /// Microseconds since 1970-01-01 UTC.
    public var micros: Int64
    /// The row's id, which breaks ties.
    public var id: UUID

    /// The position of a row at `date` with `id`.
    public init(_ date: Date, _ id: UUID) {
        micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        self.id = id
    }

    /// The time, exact to the microsecond when bound to a query.
    public var date: Date { Date(timeIntervalSince1970: Double(micros) / 1_000_000) }
}
