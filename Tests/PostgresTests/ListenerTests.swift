import Postgres
import TestSupport
import Testing

@Suite struct ListenerTests {
    @Test func notificationsArriveAndTheListenerSurvivesItsSessionBeingKilled() async throws {
        try await TestSchema.with { pool, schema in
            let channel = "events_" + schema
            let listener = PostgresListener(
                configuration: PostgresConfiguration(TestSchema.databaseURL), channels: [channel],
                loop: TestSchema.group.next())
            defer { listener.stop() }
            var iterator = listener.notifications.makeAsyncIterator()
            try await waitUntil { listener.connectionCount == 1 }
            try await pool.execute("SELECT pg_notify(\(channel), \("first"))")
            let first = await iterator.next()
            #expect(first?.channel == channel)
            #expect(first?.payload == "first")

            let killed = try await pool.query(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE query = \("LISTEN \"\(channel)\"")"
            )
            #expect(try killed[0].decode(Int.self, at: 0) == 1)
            try await waitUntil { listener.connectionCount == 2 }
            try await pool.execute("SELECT pg_notify(\(channel), \("second"))")
            #expect(await iterator.next()?.payload == "second")
        }
    }
}

/// Polls `condition` every 10 ms for up to 10 s.
func waitUntil(_ condition: () -> Bool) async throws {
    for _ in 0..<1000 {
        if condition() { return }
        try await Task.sleep(for: .milliseconds(10))
    }
    Issue.record("condition not met within 10 s")
}
