import Foundation
import HTTP
import Logging
import Postgres
import ServiceKit

/// Deletes what identity no longer needs (codes, tokens, old mail) and erases deleted accounts after their grace
/// period. Runs in one transaction under a transaction-level advisory lock, so with several replicas one does
/// the work. The kit's tables (rate limits, idempotency keys) are `KitRetentionJob`'s.
public struct RetentionJob: Sendable {
    let pool: PostgresPool
    let gracePeriod: Duration
    let logger: Logger

    /// Creates the job.
    public init(pool: PostgresPool, gracePeriod: Duration, logger: Logger) {
        self.pool = pool
        self.gracePeriod = gracePeriod
        self.logger = logger
    }

    /// What one run removed.
    public struct Report: Sendable, Equatable {
        /// Whether this replica held the lock (if not, another one ran).
        public var ran = false
        /// Rows deleted per table, and accounts erased.
        public var counts: [String: Int] = [:]
    }

    /// A fixed key for `pg_try_advisory_xact_lock` ("identity retention").
    static let lockKey: Int64 = 0x1D_E7_17_4E_7E_47

    /// Runs once.
    @discardableResult
    public func runOnce() async throws -> Report {
        let graceSeconds = Int(gracePeriod.components.seconds)
        return try await pool.withTransaction { connection in
            var report = Report()
            let locked = try await connection.query("SELECT pg_try_advisory_xact_lock(\(Self.lockKey))")
            guard try locked[0].decode(Bool.self, at: 0) else { return report }
            report.ran = true
            report.counts["otp_codes"] = try await connection.execute("DELETE FROM otp_codes WHERE expires_at < now()")
            report.counts["refresh_tokens"] = try await connection.execute(
                "DELETE FROM refresh_tokens WHERE expires_at < now() - interval '1 day'")
            report.counts["password_reset_tokens"] = try await connection.execute(
                "DELETE FROM password_reset_tokens WHERE expires_at < now() - interval '1 day'")
            report.counts["mail_outbox"] = try await connection.execute(
                "DELETE FROM mail_outbox WHERE (sent_at < now() - interval '7 days') OR (failed_at < now() - interval '30 days')"
            )
            let erased = try await connection.query(
                """
                UPDATE users SET email = 'erased-' || id || '@erased.invalid', password_hash = '!',
                    first_name = 'Deleted', last_name = 'user', image_url = NULL, email_verified_at = NULL,
                    last_login_at = NULL, erased_at = now(), updated_at = \(UserRows.nextVersion)
                WHERE deleted_at < now() - make_interval(secs => \(graceSeconds)) AND erased_at IS NULL
                RETURNING id
                """
            ).decode(UUID.self)
            if !erased.isEmpty {
                try await connection.execute(
                    """
                    UPDATE profiles SET gender = NULL, date_of_birth = NULL, about = NULL, phone = NULL, address = NULL,
                        website = NULL, social_links = '{}'
                    WHERE user_id = ANY(\(erased))
                    """)
                try await connection.execute("DELETE FROM refresh_tokens WHERE user_id = ANY(\(erased))")
                try await connection.execute("DELETE FROM password_reset_tokens WHERE user_id = ANY(\(erased))")
                try await connection.execute(
                    "UPDATE audit_log SET details = '{}' WHERE target_user_id = ANY(\(erased))")
            }
            report.counts["erased_users"] = erased.count
            return report
        }
    }

    /// Runs every `interval` until cancelled.
    public func run(interval: Duration = .seconds(600)) async {
        await PeriodicJob(name: "retention", interval: interval, logger: logger) {
            let report = try await runOnce()
            if report.ran { logger.info("retention", report.counts.mapValues { $0 as any Sendable }) }
            return .idle
        }.run()
    }
}
