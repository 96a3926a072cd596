import Foundation
import IO
import Postgres
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

    /// Runs a program to completion with `posix_spawn` and `waitpid`; returns its exit status and output.
    ///
    /// (Foundation's `Process.waitUntilExit` was seen to hang here when the program starts a daemon.)
    @discardableResult
    static func run(_ arguments: [String]) throws -> (Int32, String) {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        let command = arguments.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let argv = ["/bin/sh", "-c", "exec \(command) >'\(log)' 2>&1 </dev/null"]
        var cArguments = argv.map { strdup($0) }
        cArguments.append(nil)
        defer { for pointer in cArguments { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/sh", nil, nil, cArguments, environ)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        let exited = (status & 0x7f) == 0
        return (exited ? (status >> 8) & 0xff : -1, output)
    }
}
