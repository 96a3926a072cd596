import Foundation
import IO
import Postgres

/// The real PostgreSQL server the tests use (`TEST_DATABASE_URL`), and a fresh schema per test.
enum TestDatabase {
    static let group: EventLoopGroup = try! EventLoopGroup(loopCount: 2)

    static var url: String {
        guard let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"] else {
            fatalError("TEST_DATABASE_URL is not set: run the tests with `make test`")
        }
        return url
    }

    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// Runs `body` with a pool on a fresh schema holding the service kit's tables; drops it afterwards.
    static func withKitSchema<T>(_ body: (PostgresPool) async throws -> T) async throws -> T {
        let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let admin = PostgresPool(
            configuration: PostgresConfiguration(url),
            pool: PoolConfiguration(minConnections: 0, maxConnections: 1, acquireTimeout: .seconds(30)),
            group: group)
        try await admin.execute("CREATE SCHEMA \(identifier: schema)")
        var configuration = PostgresConfiguration(url, applicationName: schema)
        configuration.searchPath = [schema]
        let pool = PostgresPool(
            configuration: configuration,
            pool: PoolConfiguration(minConnections: 0, maxConnections: 4, acquireTimeout: .seconds(30)), group: group)
        defer {}
        do {
            let tables = try String(
                contentsOf: root.appendingPathComponent("sql/servicekit/tables.sql"), encoding: .utf8)
            try await pool.withConnection { try await $0.simpleQuery(tables) }
            let result = try await body(pool)
            await pool.close()
            try await admin.execute("DROP SCHEMA \(identifier: schema) CASCADE")
            await admin.close()
            return result
        } catch {
            await pool.close()
            _ = try? await admin.execute("DROP SCHEMA \(identifier: schema) CASCADE")
            await admin.close()
            throw error
        }
    }
}
