import Foundation
import Postgres
import TestSupport
import Testing

@testable import ServiceKit

@Suite struct RetryQueueTests {
    static let table = RetryQueue.Table(
        name: "jobs", doneColumn: "done_at", deadColumn: "dead_at", clearedColumns: ["secret"])

    /// Runs `body` with a fresh schema holding a queue table named `jobs` and `count` due rows in it.
    static func withQueue<T>(
        rows count: Int, maxConnections: Int = 4, _ body: (PostgresPool, [UUID]) async throws -> T
    ) async throws -> T {
        let configuration = PoolConfiguration(
            minConnections: 0, maxConnections: maxConnections, acquireTimeout: .seconds(30))
        return try await TestSchema.with(pool: configuration) { pool, _ in
            try await pool.execute(
                """
                CREATE TABLE jobs (
                    id uuid PRIMARY KEY, task text NOT NULL, secret text,
                    attempts integer NOT NULL DEFAULT 0, next_attempt_at timestamptz NOT NULL DEFAULT now(),
                    last_error text, done_at timestamptz, dead_at timestamptz)
                """)
            let ids = (0..<count).map { _ in UUID() }
            try await pool.execute(
                """
                INSERT INTO jobs (id, task, secret, next_attempt_at)
                SELECT id, 'task ' || n, 'secret', now() - n * interval '1 second'
                FROM unnest(\(ids)) WITH ORDINALITY AS t (id, n)
                """)
            return try await body(pool, ids)
        }
    }

    static func queue(
        _ pool: PostgresPool, maxAttempts: Int = 3, backoff: RetryBackoff = RetryBackoff(base: .zero, cap: .zero),
        lease: Duration = .seconds(60)
    ) -> RetryQueue {
        RetryQueue(pool: pool, table: table, maxAttempts: maxAttempts, backoff: backoff, lease: lease)
    }

    static func claim(_ queue: RetryQueue, limit: Int = 10) async throws -> [RetryQueue.Item<String>] {
        try await queue.claim(limit: limit, columns: ["task"]) { try $0.decode(String.self, at: 0) }
    }

    @Test func aClaimLeasesDueItemsOldestFirstSoTheyAreNotHandedOutTwice() async throws {
        try await Self.withQueue(rows: 3) { pool, ids in
            let queue = Self.queue(pool)
            let first = try await Self.claim(queue, limit: 2)
            // Row n was due n seconds ago: the oldest due are the last inserted.
            #expect(Set(first.map(\.payload)) == ["task 3", "task 2"])
            #expect(first.map(\.attempts) == [0, 0])
            #expect(try await Self.claim(queue).map(\.id) == [ids[0]])
            #expect(try await Self.claim(queue).isEmpty)
        }
    }

    @Test func anItemWhoseLeaseRanOutIsDueAgain() async throws {
        try await Self.withQueue(rows: 1) { pool, ids in
            let queue = Self.queue(pool, lease: .zero)
            let first = try await Self.claim(queue)
            #expect(first.map(\.id) == ids)
            #expect(try await Self.claim(queue).map(\.id) == ids)
        }
    }

    @Test func aFailureIsRetriedWithBackOffThenGivenUpAndCleared() async throws {
        try await Self.withQueue(rows: 1) { pool, ids in
            let queue = Self.queue(pool, maxAttempts: 3)
            for expected in 0..<2 {
                let item = try #require(try await Self.claim(queue).first)
                #expect(item.attempts == expected)
                #expect(try await queue.fail(item, error: "boom \(expected)") == .after(.zero))
            }
            let last = try #require(try await Self.claim(queue).first)
            #expect(try await queue.fail(last, error: "boom last") == .givenUp)
            #expect(try await Self.claim(queue).isEmpty)
            let row = try await pool.query(
                "SELECT attempts, last_error, secret, dead_at IS NOT NULL, done_at IS NULL FROM jobs WHERE id = \(ids[0])"
            )
            let (attempts, error, secret, isDead, isNotDone) = try row[0].decode(
                (Int, String, String?, Bool, Bool).self)
            #expect(attempts == 3 && error == "boom last" && secret == nil && isDead && isNotDone)
        }
    }

    @Test func aRetryWaitsAtMostTheBackOffCeiling() async throws {
        try await Self.withQueue(rows: 1) { pool, ids in
            let queue = Self.queue(pool, maxAttempts: 5, backoff: RetryBackoff(base: .seconds(60), cap: .seconds(60)))
            let item = try #require(try await Self.claim(queue).first)
            guard case .after(let delay) = try await queue.fail(item, error: "boom") else {
                Issue.record("expected a retry")
                return
            }
            #expect(delay >= .zero && delay <= .seconds(60))
            let wait = try await pool.query(
                "SELECT extract(epoch FROM next_attempt_at - now())::float8 FROM jobs WHERE id = \(ids[0])")
            #expect(try wait[0].decode(Double.self, at: 0) <= 60)
            #expect(try await Self.claim(queue).isEmpty || delay < .seconds(1))
        }
    }

    @Test func aCompletedItemIsDoneClearedAndALateFailureLeavesIt() async throws {
        try await Self.withQueue(rows: 1) { pool, ids in
            let queue = Self.queue(pool, maxAttempts: 1, lease: .zero)
            let mine = try #require(try await Self.claim(queue).first)
            let theirs = try #require(try await Self.claim(queue).first)
            try await queue.complete(theirs)
            try await queue.fail(mine, error: "too late")
            let row = try await pool.query(
                "SELECT attempts, last_error, secret, done_at IS NOT NULL, dead_at IS NULL FROM jobs WHERE id = \(ids[0])"
            )
            let (attempts, error, secret, isDone, isNotDead) = try row[0].decode(
                (Int, String?, String?, Bool, Bool).self)
            #expect(attempts == 0 && error == nil && secret == nil && isDone && isNotDead)
            #expect(try await Self.claim(queue).isEmpty)
        }
    }

    @Test func twentyConcurrentClaimsNeverClaimOneRowTwice() async throws {
        try await Self.withQueue(rows: 150, maxConnections: 20) { pool, ids in
            let queue = Self.queue(pool)
            let claimed = try await withThrowingTaskGroup(of: [UUID].self) { group in
                for _ in 0..<20 { group.addTask { try await Self.claim(queue, limit: 10).map(\.id) } }
                return try await group.reduce(into: [UUID]()) { $0 += $1 }
            }
            #expect(claimed.count == 150)
            #expect(Set(claimed) == Set(ids))
        }
    }
}
