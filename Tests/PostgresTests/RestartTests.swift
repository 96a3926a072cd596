import Foundation
import Postgres
import TestSupport
import Testing

/// Tests that need a cluster of their own, because they stop and start it.
@Suite struct RestartTests {
    @Test func poolReconnectsAfterTheServerRestarts() async throws {
        let directory = "/tmp/campus-restart-\(UUID().uuidString.prefix(8))"
        // Below Linux's ephemeral range (32768–60999), so no client socket of the other tests holds it.
        let port = String(Int.random(in: 20_000..<30_000))
        let script = TestSchema.repositoryRoot.appendingPathComponent("deploy/dev/cluster.sh").path
        var (status, output) = try Subprocess.status(of: ["bash", script, "init", directory, port])
        #expect(status == 0, "\(output)")
        (status, output) = try Subprocess.status(of: ["bash", script, "start", directory, port])
        #expect(status == 0, "\(output)")
        defer {
            _ = try? Subprocess.status(of: ["bash", script, "stop", directory, port])
            try? FileManager.default.removeItem(atPath: directory)
        }

        var poolConfiguration = PoolConfiguration(minConnections: 2, maxConnections: 2, acquireTimeout: .seconds(20))
        poolConfiguration.checkAfterIdle = .seconds(60)
        let pool = PostgresPool(
            configuration: PostgresConfiguration("postgres://postgres@127.0.0.1:\(port)/postgres"),
            pool: poolConfiguration, group: TestSchema.group)
        let before = try await pool.query("SELECT pg_backend_pid()")[0].decode(Int32.self, at: 0)

        (status, output) = try Subprocess.status(of: ["bash", script, "restart", directory, port])
        #expect(status == 0, "\(output)")
        // Both pooled connections are dead now; the next queries must get fresh ones without error.
        for _ in 0..<4 {
            let after = try await pool.query("SELECT pg_backend_pid()")[0].decode(Int32.self, at: 0)
            #expect(after != before)
        }

        // While the server is down, a query fails (after the acquire timeout at worst); once it is
        // back, the pool serves again.
        (status, output) = try Subprocess.status(of: ["bash", script, "stop", directory, port])
        #expect(status == 0, "\(output)")
        let restarter = Task {
            try await Task.sleep(for: .milliseconds(500))
            return try Subprocess.status(of: ["bash", script, "start", directory, port]).0
        }
        let value = try await pool.query("SELECT 7")[0].decode(Int.self, at: 0)
        #expect(value == 7)
        #expect(try await restarter.value == 0)
        await pool.close()
    }
}
