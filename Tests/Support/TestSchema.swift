import Foundation
import IO
import Postgres

/// The real PostgreSQL server the tests use (`TEST_DATABASE_URL`, a superuser), and a fresh schema per test,
/// so suites run in parallel and in any order.
public enum TestSchema {
    /// The event loops every test pool shares.
    public static let group: EventLoopGroup = try! EventLoopGroup(loopCount: 2)

    /// The superuser URL `make test` exports.
    public static var databaseURL: String {
        guard let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"] else {
            fatalError("TEST_DATABASE_URL is not set: run the tests with `make test`")
        }
        return url
    }

    /// The repository's root folder.
    public static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// Runs `body` with a pool whose search_path (and application name) is a fresh schema; drops the schema
    /// afterwards, whether `body` returns or throws. The pool waits up to 30 s for a connection by default: every
    /// suite starts at once, and on a loaded machine opening the first connections can take longer than 5 s.
    /// - Parameter extensions: also put the `extensions` schema (pg_trgm, as `sql/bootstrap.sql` installs it)
    ///   on the search_path, creating it first if needed.
    public static func with<T>(
        pool poolConfiguration: PoolConfiguration = PoolConfiguration(
            minConnections: 0, maxConnections: 4, acquireTimeout: .seconds(30)),
        statementTimeout: Duration? = nil, extensions: Bool = false,
        _ body: (PostgresPool, String) async throws -> T
    ) async throws -> T {
        let schema = "t_" + UUID().lowercased.replacingOccurrences(of: "-", with: "")
        let admin = PostgresPool(
            configuration: PostgresConfiguration(databaseURL),
            pool: PoolConfiguration(minConnections: 0, maxConnections: 1, acquireTimeout: .seconds(30)), group: group)
        try await admin.execute("CREATE SCHEMA \(identifier: schema)")
        if extensions {
            // Tests run in parallel; the lock keeps two of them from creating the extension at once.
            try await admin.withTransaction { connection in
                try await connection.execute("SELECT pg_advisory_xact_lock(7268)")
                try await connection.execute("CREATE SCHEMA IF NOT EXISTS extensions")
                try await connection.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA extensions")
            }
        }
        var configuration = PostgresConfiguration(databaseURL, applicationName: schema)
        configuration.searchPath = extensions ? [schema, "extensions"] : [schema]
        configuration.statementTimeout = statementTimeout
        let pool = PostgresPool(configuration: configuration, pool: poolConfiguration, group: group)
        let outcome: Result<T, any Error>
        do {
            outcome = .success(try await body(pool, schema))
        } catch {
            outcome = .failure(error)
        }
        await pool.close()
        var dropFailure: (any Error)? = nil
        do {
            try await admin.execute("DROP SCHEMA \(identifier: schema) CASCADE")
        } catch {
            dropFailure = error
        }
        await admin.close()
        // The test's own failure matters more than the clean-up's.
        let value = try outcome.get()
        if let dropFailure { throw dropFailure }
        return value
    }
}
