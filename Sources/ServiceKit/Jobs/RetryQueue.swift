import Foundation
import Postgres

/// A table of work items that replicas share, each tried until it succeeds or has failed `maxAttempts` times.
///
/// `claim` takes due rows with `FOR UPDATE SKIP LOCKED` and leases them (they are not due again until `lease`
/// has passed, which is what makes an item whose worker died due again), in one statement, so no transaction
/// stays open while an item is handled. `complete` and `fail` record the outcome; a failure is due again after
/// `backoff`'s jittered delay, or is given up once it has failed `maxAttempts` times.
///
/// The table follows one convention (identity's `mail_outbox` is an example):
///
/// ```sql
/// id              uuid PRIMARY KEY,
/// attempts        integer NOT NULL DEFAULT 0,     -- failed attempts
/// next_attempt_at timestamptz NOT NULL DEFAULT now(),
/// last_error      text,
/// <done>          timestamptz,                    -- when it succeeded (e.g. sent_at)
/// <dead>          timestamptz,                    -- when it was given up (e.g. failed_at)
/// -- and: CREATE INDEX … ON … (next_attempt_at) WHERE <done> IS NULL AND <dead> IS NULL
/// ```
public struct RetryQueue: Sendable {
    /// The names of a queue's table and of its columns beyond the fixed ones.
    public struct Table: Sendable, Equatable {
        /// The table.
        public var name: String
        /// The column set when an item succeeds.
        public var doneColumn: String
        /// The column set when an item is given up.
        public var deadColumn: String
        /// Columns set to NULL once an item succeeds or is given up (e.g. a body holding a secret).
        public var clearedColumns: [String]

        /// Creates the description of a table.
        public init(name: String, doneColumn: String, deadColumn: String, clearedColumns: [String] = []) {
            self.name = name
            self.doneColumn = doneColumn
            self.deadColumn = deadColumn
            self.clearedColumns = clearedColumns
        }
    }

    /// A claimed item.
    public struct Item<Payload: Sendable>: Sendable {
        /// The row's id.
        public var id: UUID
        /// Its failed attempts before this one.
        public var attempts: Int
        /// What the caller decoded from the claimed columns.
        public var payload: Payload
    }

    /// What became of a failed item.
    public enum Retry: Sendable, Equatable {
        /// Due again after the delay.
        case after(Duration)
        /// Given up: it failed `maxAttempts` times.
        case givenUp
    }

    /// Where the table is.
    public let pool: PostgresPool
    /// The table.
    public let table: Table
    /// Failed attempts after which an item is given up.
    public let maxAttempts: Int
    /// The delays before retries.
    public let backoff: RetryBackoff
    /// How long a claimed item is not handed out again.
    public let lease: Duration

    /// Creates a queue over `table` in `pool`'s schema.
    public init(
        pool: PostgresPool, table: Table, maxAttempts: Int, backoff: RetryBackoff, lease: Duration = .seconds(120)
    ) {
        self.pool = pool
        self.table = table
        self.maxAttempts = maxAttempts
        self.backoff = backoff
        self.lease = lease
    }

    /// Claims, for `lease`, up to `limit` of the items due longest (returned in no particular order).
    /// - Parameters:
    ///   - columns: the columns `decode` reads, in this order from position 0.
    ///   - decode: makes the payload of one claimed row.
    public func claim<Payload: Sendable>(
        limit: Int, columns: [String], decode: (Row) throws -> Payload
    ) async throws -> [Item<Payload>] {
        let returned = (columns + ["id", "attempts"]).map(Query.quoteIdentifier).joined(separator: ", ")
        let rows = try await pool.query(
            """
            UPDATE \(identifier: table.name)
            SET next_attempt_at = now() + make_interval(secs => \(OutboxDeliveryStore.seconds(lease)))
            WHERE id IN (
                SELECT id FROM \(identifier: table.name)
                WHERE \(identifier: table.doneColumn) IS NULL AND \(identifier: table.deadColumn) IS NULL
                  AND next_attempt_at <= now()
                ORDER BY next_attempt_at LIMIT \(literal: limit) FOR UPDATE SKIP LOCKED)
            RETURNING \(unescaped: returned)
            """)
        return try rows.map { row in
            Item(
                id: try row.decode(at: columns.count), attempts: try row.decode(at: columns.count + 1),
                payload: try decode(row))
        }
    }

    /// Records that `item` succeeded, clearing `clearedColumns`.
    public func complete<Payload>(_ item: Item<Payload>) async throws {
        try await pool.execute(
            """
            UPDATE \(identifier: table.name)
            SET \(identifier: table.doneColumn) = now(), last_error = NULL\(unescaped: clearedColumnsSQL)
            WHERE id = \(item.id)
            """)
    }

    /// Records that `item` failed with `error`: due again after a back-off delay, or given up (and
    /// `clearedColumns` cleared) when this was its `maxAttempts`th failure. An item that succeeded or was given
    /// up meanwhile (its lease ran out and another worker took it) is left as it is.
    @discardableResult
    public func fail<Payload>(_ item: Item<Payload>, error: String) async throws -> Retry {
        let failures = item.attempts + 1
        let retry: Retry = failures >= maxAttempts ? .givenUp : .after(backoff.delay(afterAttempts: failures))
        let outcome: String
        let delay: Duration
        switch retry {
        case .after(let wait):
            delay = wait
            outcome = ""
        case .givenUp:
            delay = .zero
            outcome = ", " + Query.quoteIdentifier(table.deadColumn) + " = now()" + clearedColumnsSQL
        }
        try await pool.execute(
            """
            UPDATE \(identifier: table.name)
            SET attempts = attempts + 1, last_error = \(String(error.prefix(500))),
                next_attempt_at = now() + make_interval(secs => \(OutboxDeliveryStore.seconds(delay)))\(unescaped: outcome)
            WHERE id = \(item.id) AND \(identifier: table.doneColumn) IS NULL AND \(identifier: table.deadColumn) IS NULL
            """)
        return retry
    }

    /// `, "column" = NULL` for each cleared column.
    private var clearedColumnsSQL: String {
        table.clearedColumns.map { ", " + Query.quoteIdentifier($0) + " = NULL" }.joined()
    }
}
