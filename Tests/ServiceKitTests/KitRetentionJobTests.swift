import Foundation
import HTTP
import Logging
import Postgres
import TestSupport
import Testing

@testable import ServiceKit

@Suite struct KitRetentionJobTests {
    static let logger = Logger(service: "test", minimumLevel: .error, sink: { _ in })

    /// Two expired and one live row in each kit table.
    static func insertRows(_ pool: PostgresPool) async throws {
        try await pool.execute(
            """
            INSERT INTO rate_limits (key, window_start, hits, expires_at) VALUES
                ('old-1', now() - interval '2 hours', 3, now() - interval '1 hour'),
                ('old-2', now() - interval '2 hours', 3, now() - interval '1 second'),
                ('live', now(), 1, now() + interval '1 hour')
            """)
        try await pool.execute(
            """
            INSERT INTO idempotency_keys (scope, key, request_hash, expires_at) VALUES
                ('s', 'old-1', '\\x00', now() - interval '1 hour'),
                ('s', 'old-2', '\\x00', now() - interval '1 second'),
                ('s', 'live', '\\x00', now() + interval '1 day')
            """)
    }

    static func remaining(_ pool: PostgresPool) async throws -> [String] {
        try await pool.query(
            "SELECT 'rate:' || key FROM rate_limits UNION ALL SELECT 'key:' || key FROM idempotency_keys ORDER BY 1"
        ).decode(String.self)
    }

    @Test func expiredRowsGoAndLiveRowsStay() async throws {
        try await TestSchema.withKitSchema { pool in
            try await Self.insertRows(pool)
            let job = KitRetentionJob(pool: pool, logger: Self.logger)
            #expect(try await job.runOnce() == KitRetentionJob.Report(rateLimits: 2, idempotencyKeys: 2))
            #expect(try await Self.remaining(pool) == ["key:live", "rate:live"])
            #expect(try await job.runOnce() == KitRetentionJob.Report())
        }
    }

    @Test func aReplicaSkipsTheRunWhileAnotherHoldsTheLock() async throws {
        try await TestSchema.withKitSchema { pool in
            try await Self.insertRows(pool)
            let job = KitRetentionJob(pool: pool, logger: Self.logger)
            let skipped = try await pool.withTransaction { connection in
                try await connection.execute(
                    "SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.kit retention'))")
                return try await job.runOnce()
            }
            #expect(skipped == nil)
            #expect(try await Self.remaining(pool).count == 6)
        }
    }

    @Test func replicasRunningTogetherDeleteEachRowOnce() async throws {
        try await TestSchema.withKitSchema { pool in
            try await Self.insertRows(pool)
            let reports = try await withThrowingTaskGroup(of: KitRetentionJob.Report?.self) { group in
                for _ in 0..<4 {
                    group.addTask { try await KitRetentionJob(pool: pool, logger: Self.logger).runOnce() }
                }
                return try await group.reduce(into: [KitRetentionJob.Report?]()) { $0.append($1) }
            }
            let ran = reports.compactMap { $0 }
            #expect(ran.map(\.rateLimits).reduce(0, +) == 2)
            #expect(ran.map(\.idempotencyKeys).reduce(0, +) == 2)
            #expect(try await Self.remaining(pool) == ["key:live", "rate:live"])
        }
    }
}
