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

    /// Sets the rate of `country` (and `region`, `''` for the whole country), creating it if need be.
    func upsert(country: String, region: String, basisPoints: Int, name: String, id: UUID) async throws -> TaxRate {
        try await pool.query(
            """
            INSERT INTO tax_rates AS t (id, country, region, basis_points, name)
            VALUES (\(id), \(country), \(region), \(basisPoints), \(name))
            ON CONFLICT (country, region) DO UPDATE SET basis_points = excluded.basis_points, name = excluded.name,
                updated_at = now()
            RETURNING \(Self.columns)
            """
        ).decode(Self.rate)[0]
    }

    /// Every rate, by country then region.
    func list() async throws -> [TaxRate] {
        try await pool.query("SELECT \(Self.columns) FROM tax_rates t ORDER BY t.country, t.region").decode(Self.rate)
    }

    /// Deletes the rate `id`; `false` when there is none.
    func delete(_ id: UUID) async throws -> Bool {
        try await pool.execute("DELETE FROM tax_rates WHERE id = \(id)") == 1
    }
}
