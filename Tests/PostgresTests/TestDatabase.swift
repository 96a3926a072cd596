import Foundation
import IO
import Postgres
import TestSupport
import Testing

/// The real PostgreSQL server the tests use (`TEST_DATABASE_URL`, a superuser), and per-test isolation.
enum TestDatabase {
    static var group: EventLoopGroup { TestSchema.group }
    static var url: String { TestSchema.databaseURL }
    static var root: URL { TestSchema.repositoryRoot }

    /// Runs `body` with a pool whose search_path is a fresh schema, dropped afterwards.
    static func withSchema<T>(
        pool poolConfiguration: PoolConfiguration = PoolConfiguration(minConnections: 0, maxConnections: 4),
        statementTimeout: Duration? = nil,
        _ body: (PostgresPool, String) async throws -> T
    ) async throws -> T {
        try await TestSchema.with(pool: poolConfiguration, statementTimeout: statementTimeout, body)
    }

    /// Runs a program to completion; returns its exit status and everything it wrote.
    @discardableResult
    static func run(_ arguments: [String]) throws -> (Int32, String) {
        let result = try Subprocess.run(arguments)
        return (result.status, result.output + result.errors)
    }
}
