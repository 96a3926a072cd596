import Foundation
import Postgres
import TestSupport
import Testing

@Suite struct PoolTests {
    @Test func exhaustedPoolTimesOutWithATypedErrorAndRecovers() async throws {
        var configuration = PoolConfiguration(minConnections: 0, maxConnections: 2, acquireTimeout: .milliseconds(200))
        configuration.checkAfterIdle = .seconds(60)
        try await TestSchema.with(pool: configuration) { pool, _ in
            let holding = Barrier(parties: 3)
            let release = Barrier(parties: 3)
            let holders = (0..<2).map { _ in holdConnection(pool, holding: holding, release: release) }
            await holding.arrive()
            let started = ContinuousClock.now
            let error = await #expect(throws: PostgresError.self) { try await pool.query("SELECT 1") }
            #expect(error?.isAcquireTimeout == true)
            #expect(ContinuousClock.now - started >= .milliseconds(150))
            await release.arrive()
            for holder in holders { try await holder.value }
            let row = try await pool.query("SELECT 41 + 1")[0]
            #expect(try row.decode(Int.self, at: 0) == 42)
        }
    }

    /// A waiter whose timer fires before it is registered (deadline already past) must still time out.
    @Test func acquireWithAnExpiredDeadlineFailsInsteadOfWaitingForever() async throws {
        let configuration = PoolConfiguration(minConnections: 0, maxConnections: 1, acquireTimeout: .zero)
        try await TestSchema.with(pool: configuration) { pool, _ in
            let holding = Barrier(parties: 2)
            let release = Barrier(parties: 2)
            let holder = holdConnection(pool, holding: holding, release: release)
            await holding.arrive()
            let outcome = try await withThrowingTaskGroup(of: String.self) { group in
                group.addTask {
                    do {
                        try await pool.query("SELECT 1")
                        return "served"
                    } catch let error as PostgresError where error.isAcquireTimeout {
                        return "timed out"
                    }
                }
                group.addTask {
                    try await Task.sleep(for: .seconds(5))
                    return "hung"
                }
                defer { group.cancelAll() }
                return try await group.next()!
            }
            #expect(outcome == "timed out")
            await release.arrive()
            try await holder.value
        }
    }

    @Test func hundredConcurrentTasksOverFourConnectionsGetTheirOwnResults() async throws {
        try await TestSchema.with(
            pool: PoolConfiguration(minConnections: 0, maxConnections: 4, acquireTimeout: .seconds(30))
        ) { pool, schema in
            let results = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
                for value in 0..<100 {
                    group.addTask {
                        let row = try await pool.query("SELECT \(value)::int8 * 2, pg_sleep(0.002)::text")[0]
                        return (value, try row.decode(Int.self, at: 0))
                    }
                }
                var collected: [(Int, Int)] = []
                for try await result in group { collected.append(result) }
                return collected
            }
            #expect(results.count == 100)
            #expect(Set(results.map(\.0)) == Set(0..<100))
            #expect(results.allSatisfy { $0.1 == $0.0 * 2 })
            let backends = try await pool.query(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = \(schema)")
            #expect(try backends[0].decode(Int.self, at: 0) <= 4)
            #expect(pool.statistics.leased == 0)
            #expect(pool.statistics.idle <= 4)
        }
    }

    @Test func serverErrorsCarrySQLStateConstraintAndQueryButNotBinds() async throws {
        try await TestSchema.with { pool, _ in
            try await pool.execute("CREATE TABLE users (email text CONSTRAINT users_email_key UNIQUE)")
            try await pool.execute("INSERT INTO users VALUES (\("ada@example.com"))")
            let error = await #expect(throws: PostgresError.self) {
                try await pool.execute("INSERT INTO users VALUES (\("ada@example.com"))")
            }
            #expect(error?.sqlState == .uniqueViolation)
            #expect(error?.constraint == "users_email_key")
            #expect(error?.query == "INSERT INTO users VALUES ($1)")
            #expect(error?.detail?.contains("ada@example.com") == true)
            #expect(error.map { String(describing: $0) } == "PostgreSQL error 23505")
            let syntax = await #expect(throws: PostgresError.self) { try await pool.query("SELEC 1") }
            #expect(syntax?.sqlState == .syntaxError)
            // The connection that saw the errors is still usable.
            #expect(try await pool.query("SELECT count(*) FROM users")[0].decode(Int.self, at: 0) == 1)
        }
    }

    @Test func statementTimeoutOfThePoolCancelsSlowQueries() async throws {
        try await TestSchema.with(statementTimeout: .milliseconds(100)) { pool, _ in
            let error = await #expect(throws: PostgresError.self) { try await pool.query("SELECT pg_sleep(2)") }
            #expect(error?.sqlState == .queryCanceled)
            let fast = try await pool.query("SELECT 1")
            #expect(try fast[0].decode(Int.self, at: 0) == 1)
        }
    }

    @Test func preparedStatementsAreParsedOncePerConnection() async throws {
        try await TestSchema.with(
            pool: PoolConfiguration(minConnections: 0, maxConnections: 1, acquireTimeout: .seconds(30))
        ) { pool, _ in
            for value in 0..<5 { try await pool.query("SELECT \(value)::int8 + 1") }
            let rows = try await pool.query(
                "SELECT count(*) FROM pg_prepared_statements WHERE statement = 'SELECT $1::int8 + 1'")
            #expect(try rows[0].decode(Int.self, at: 0) == 1)
        }
    }

    @Test func queriesPlannedPerRunAreNeverPrepared() async throws {
        try await TestSchema.with(
            pool: PoolConfiguration(minConnections: 0, maxConnections: 1, acquireTimeout: .seconds(30))
        ) { pool, _ in
            for value in 0..<3 {
                let rows = try await pool.query(("SELECT \(value)::int8 + 2" as Query).plannedPerRun())
                #expect(try rows[0].decode(Int.self, at: 0) == value + 2)
            }
            let rows = try await pool.query(
                "SELECT count(*) FROM pg_prepared_statements WHERE statement = 'SELECT $1::int8 + 2'")
            #expect(try rows[0].decode(Int.self, at: 0) == 0)
        }
    }

    @Test func schemaChangeUnderACachedStatementIsRecovered() async throws {
        try await TestSchema.with(
            pool: PoolConfiguration(minConnections: 0, maxConnections: 1, acquireTimeout: .seconds(30))
        ) { pool, _ in
            try await pool.execute("CREATE TABLE items (id int8)")
            try await pool.execute("INSERT INTO items VALUES (1)")
            #expect(try await pool.query("SELECT * FROM items").count == 1)
            try await pool.execute("ALTER TABLE items ADD COLUMN name text DEFAULT 'x'")
            let row = try await pool.query("SELECT * FROM items")[0]
            #expect(try row.decode(String.self, column: "name") == "x")
        }
    }

    @Test func connectionReturnedInsideATransactionIsNotReused() async throws {
        try await TestSchema.with(
            pool: PoolConfiguration(minConnections: 0, maxConnections: 1, acquireTimeout: .seconds(30))
        ) { pool, _ in
            let first = try await pool.withConnection { connection in
                try await connection.simpleQuery("BEGIN")
                return connection.backendPID
            }
            let second = try await pool.withConnection { $0.backendPID }
            #expect(first != second)
        }
    }
}

/// Starts a task that takes a connection, arrives at `holding`, and gives the connection back after
/// arriving at `release`. It retries an acquire that times out, as it can on a busy machine while the
/// pool is still connecting, so the barrier is always reached.
func holdConnection(_ pool: PostgresPool, holding: Barrier, release: Barrier) -> Task<Void, any Error> {
    Task {
        while true {
            do {
                try await pool.withConnection { _ in
                    await holding.arrive()
                    await release.arrive()
                }
                return
            } catch let error as PostgresError where error.isAcquireTimeout {
                try await Task.sleep(for: .milliseconds(10))
            }
        }
    }
}
