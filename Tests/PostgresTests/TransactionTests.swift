import Postgres
import TestSupport
import Testing

@Suite struct TransactionTests {
    struct Abort: Error {}

    @Test func returningCommitsAndThrowingRollsBack() async throws {
        try await TestSchema.with { pool, _ in
            try await pool.execute("CREATE TABLE ledger (amount int8)")
            try await pool.withTransaction { try await $0.execute("INSERT INTO ledger VALUES (\(100))") }
            await #expect(throws: Abort.self) {
                try await pool.withTransaction { connection in
                    try await connection.execute("INSERT INTO ledger VALUES (\(-100))")
                    throw Abort()
                }
            }
            let error = await #expect(throws: PostgresError.self) {
                try await pool.withTransaction { connection in
                    try await connection.execute("INSERT INTO ledger VALUES (\(7))")
                    try await connection.execute("INSERT INTO ledger VALUES (\("not a number"))")
                }
            }
            #expect(error?.sqlState == .invalidTextRepresentation)
            let rows = try await pool.query("SELECT amount FROM ledger")
            #expect(try rows.decode((Int).self) == [100])
        }
    }

    @Test func isolationLevelIsApplied() async throws {
        try await TestSchema.with { pool, _ in
            let level = try await pool.withTransaction(isolation: .serializable) { connection in
                try await connection.query("SHOW transaction_isolation")[0].decode(String.self, at: 0)
            }
            #expect(level == "serializable")
            await #expect(throws: PostgresError.self) {
                try await pool.withTransaction(readOnly: true) { try await $0.execute("CREATE TABLE nope (a int)") }
            }
        }
    }

    /// Two serializable transactions that each read what the other writes: one must fail with 40001,
    /// and the retry helper runs it again so both effects land exactly once.
    @Test func serializationFailureIsRetried() async throws {
        try await TestSchema.with(
            pool: PoolConfiguration(minConnections: 0, maxConnections: 2, acquireTimeout: .seconds(30))
        ) { pool, _ in
            try await pool.execute("CREATE TABLE doctors (name text PRIMARY KEY, on_call bool NOT NULL)")
            try await pool.execute("INSERT INTO doctors VALUES ('alice', true), ('bob', true)")
            let bothRead = Barrier(parties: 2)
            async let first: Void = Self.goOffCall("alice", pool: pool, barrier: bothRead)
            async let second: Void = Self.goOffCall("bob", pool: pool, barrier: bothRead)
            _ = try await (first, second)
            // At least one transaction failed with 40001 and ran again (a retry can collide once more
            // when it reads before the other commits); the invariant holds either way.
            #expect(await bothRead.attempts >= 3)
            let stillOnCall = try await pool.query("SELECT count(*) FROM doctors WHERE on_call")[0]
            #expect(try stillOnCall.decode(Int.self, at: 0) == 1)
        }
    }
}

extension TransactionTests {
    /// Takes a doctor off call if at least two are on call, in a retried serializable transaction.
    static func goOffCall(_ name: String, pool: PostgresPool, barrier: Barrier) async throws {
        try await pool.withRetryingTransaction(isolation: .serializable) { connection in
            let attempt = await barrier.countAttempt()
            let onCall = try await connection.query("SELECT count(*) FROM doctors WHERE on_call")[0]
                .decode(Int.self, at: 0)
            if attempt <= 2 { await barrier.arrive() }
            if onCall >= 2 {
                try await connection.execute("UPDATE doctors SET on_call = false WHERE name = \(name)")
            }
        }
    }
}

/// Lets `parties` tasks wait until all of them have arrived.
actor Barrier {
    private let parties: Int
    private var arrived = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private(set) var attempts = 0

    func countAttempt() -> Int {
        attempts += 1
        return attempts
    }

    init(parties: Int) { self.parties = parties }

    func arrive() async {
        arrived += 1
        if arrived >= parties {
            for continuation in waiting { continuation.resume() }
            waiting.removeAll()
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }
}

@Suite struct NULBindTests {
    @Test func textWithANULIsRefusedNamingItsParameterAndNothingIsStored() async throws {
        try await TestSchema.with { pool, _ in
            try await pool.execute("CREATE TABLE notes (title text, tags text[])")
            for (title, tags) in [("a\u{0}b", ["x"]), ("\u{0}x", ["x"]), ("ok", ["a\u{0}b"])] {
                let error = await #expect(throws: PostgresError.self) {
                    try await pool.execute("INSERT INTO notes VALUES (\(title), \(tags))")
                }
                #expect(error?.isInvalidBind == true)
                #expect(
                    error?.message == (title == "ok" ? "parameter $2" : "parameter $1") + " contains a NUL character")
                #expect(error?.description.contains("\u{0}") == false)
            }
            // A planned-per-run query is checked too, and the connection stays usable afterwards.
            await #expect(throws: PostgresError.self) {
                try await pool.query(("SELECT \("a\u{0}") || 'b'" as Query).plannedPerRun())
            }
            #expect(try await pool.query("SELECT count(*)::int8 FROM notes")[0].decode(Int.self, at: 0) == 0)
        }
    }
}
