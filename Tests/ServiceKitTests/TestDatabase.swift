import Foundation
import IO
import Postgres
import ServiceKit
import TestSupport

/// The real PostgreSQL server the tests use (`TEST_DATABASE_URL`), and a fresh schema per test.
enum TestDatabase {
    static var group: EventLoopGroup { TestSchema.group }
    static var url: String { TestSchema.databaseURL }
    static var root: URL { TestSchema.repositoryRoot }

    /// Runs `body` with a pool on a fresh schema holding the service kit's tables; drops it afterwards.
    static func withKitSchema<T>(_ body: (PostgresPool) async throws -> T) async throws -> T {
        let pool = PoolConfiguration(minConnections: 0, maxConnections: 4, acquireTimeout: .seconds(30))
        return try await TestSchema.with(pool: pool) { pool, schema in
            try await applyKitMigrations(pool, schema: schema)
            return try await body(pool)
        }
    }

    /// Applies the kit's migrations to `schema`, the way every service's migrator ends.
    static func applyKitMigrations(_ pool: PostgresPool, schema: String) async throws {
        try await Migrator(pool: pool, schema: schema, migrations: KitMigrations.load()).up()
    }
}
