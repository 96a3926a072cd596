import Foundation
import Postgres

/// A tax rate as stored: per country, optionally narrowed to a region.
struct TaxRate: Sendable, Equatable {
    var id: UUID
    var country: String
    var region: String
    var basisPoints: Int
    var name: String
}

/// `tax_rates`: the rate of a buyer's place is its region's when one is set, else its country's, else none.
struct TaxStore: Sendable {
    let pool: PostgresPool

    static let columns: Query = "t.id, t.country, t.region, t.basis_points, t.name"

    static func rate(_ row: Row) throws(PostgresError) -> TaxRate {
        TaxRate(
            id: try row.decode(at: 0), country: try row.decode(at: 1), region: try row.decode(at: 2),
            basisPoints: try row.decode(at: 3), name: try row.decode(at: 4))
    }

    /// The rate for `country` and `region`.
    func rate(country: String?, region: String?) async throws -> TaxRate? {
        guard let country else { return nil }
        return try await pool.query(
            """
            SELECT \(Self.columns) FROM tax_rates t
            WHERE t.country = \(country) AND t.region IN ('', \(region ?? ""))
            ORDER BY t.region DESC LIMIT 1
            """
        ).decode(Self.rate).first
    }
}
