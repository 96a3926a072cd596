import Foundation
import IO
import Postgres
import TestSupport

/// The real PostgreSQL server the tests use (`TEST_DATABASE_URL`), and a fresh schema per test.
enum TestDatabase {
    static var group: EventLoopGroup { TestSchema.group }
    static var url: String { TestSchema.databaseURL }
    static var root: URL { TestSchema.repositoryRoot }

    /// Runs `body` with a pool on a fresh schema holding the service kit's tables; drops it afterwards.
    static func withKitSchema<T>(_ body: (PostgresPool) async throws -> T) async throws -> T {
        let pool = PoolConfiguration(minConnections: 0, maxConnections: 4, acquireTimeout: .seconds(30))
        return try await TestSchema.with(pool: pool) { pool, _ in
            let tables = try String(
                contentsOf: root.appendingPathComponent("sql/servicekit/tables.sql"), encoding: .utf8)
            try await pool.withConnection { try await $0.simpleQuery(tables) }
            return try await body(pool)
        }
    }
}
