import Foundation
import Postgres
import ServiceKit

extension TestSchema {
    /// Runs `body` with a pool on a fresh schema holding the service kit's tables; drops it afterwards.
    public static func withKitSchema<T>(_ body: (PostgresPool) async throws -> T) async throws -> T {
        let pool = PoolConfiguration(minConnections: 0, maxConnections: 4, acquireTimeout: .seconds(30))
        return try await with(pool: pool) { pool, schema in
            try await applyKitMigrations(pool, schema: schema)
            return try await body(pool)
        }
    }

    /// Applies the kit's migrations to `schema`, the way every service's migrator ends.
    public static func applyKitMigrations(_ pool: PostgresPool, schema: String) async throws {
        try await Migrator(pool: pool, schema: schema, migrations: KitMigrations.load()).up()
    }
}
