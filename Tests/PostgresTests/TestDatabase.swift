import Foundation
import IO
import Postgres
import TestSupport
import Testing

/// The real PostgreSQL server the tests use (`TEST_DATABASE_URL`, a superuser), and per-test isolation.
enum TestDatabase {
    static let group: EventLoopGroup = try! EventLoopGroup(loopCount: 2)

    static var url: String {
        guard let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"] else {
            fatalError("TEST_DATABASE_URL is not set: run the tests with `make test`")
        }
        return url
    }

    /// Runs `body` with a pool whose search_path is a fresh schema, dropped afterwards.
    static func withSchema<T>(
        pool poolConfiguration: PoolConfiguration = PoolConfiguration(minConnections: 0, maxConnections: 4),
        statementTimeout: Duration? = nil,
        _ body: (PostgresPool, String) async throws -> T
    ) async throws -> T {
        let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let admin = PostgresPool(
            configuration: PostgresConfiguration(url), pool: PoolConfiguration(minConnections: 0, maxConnections: 1),
            group: group)
        try await admin.execute("CREATE SCHEMA \(identifier: schema)")
        var configuration = PostgresConfiguration(url, applicationName: schema)
        configuration.searchPath = [schema]
        configuration.statementTimeout = statementTimeout
        let pool = PostgresPool(configuration: configuration, pool: poolConfiguration, group: group)
        do {
            let result = try await body(pool, schema)
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

    /// The repository's root folder.
    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// Runs a program to completion; returns its exit status and everything it wrote.
    @discardableResult
    static func run(_ arguments: [String]) throws -> (Int32, String) {
        let result = try Subprocess.run(arguments)
        return (result.status, result.output + result.errors)
    }
}
