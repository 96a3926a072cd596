import HTTP
import Logging
import Postgres

/// Deletes what the kit's own tables no longer need, in every service: rate-limit windows that ended
/// (`RateLimiter`) and expired idempotency keys (`IdempotencyStore`). One run is one transaction under a
/// transaction-level advisory lock of the schema, so with several replicas one does the work and the others
/// skip the run.
public struct KitRetentionJob: Sendable {
    let pool: PostgresPool
    let logger: Logger
    /// The wait between runs.
    public let interval: Duration

    /// Creates the job over `pool`'s schema, run every `interval`.
    public init(pool: PostgresPool, logger: Logger, interval: Duration = .seconds(600)) {
        self.pool = pool
        self.logger = logger
        self.interval = interval
    }

    /// What one run deleted.
    public struct Report: Sendable, Equatable {
        /// Rate-limit windows deleted.
        public var rateLimits = 0
        /// Idempotency keys deleted.
        public var idempotencyKeys = 0
    }

    /// Runs once; returns what it deleted, or `nil` when another replica holds the lock.
    @discardableResult
    public func runOnce() async throws -> Report? {
        try await pool.withTransaction { connection in
            let locked = try await connection.query(
                "SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || '.kit retention'))")
            guard try locked[0].decode(Bool.self, at: 0) else { return nil }
            return Report(
                rateLimits: try await RateLimiter(pool: pool).purgeExpired(on: connection),
                idempotencyKeys: try await IdempotencyStore(pool: pool).purgeExpired(on: connection))
        }
    }

    /// The loop a service runs among its background jobs: `runOnce` every `interval`, logging what it deleted.
    public var job: PeriodicJob {
        PeriodicJob(name: "kit retention", interval: interval, logger: logger) {
            if let report = try await runOnce(), report.rateLimits + report.idempotencyKeys > 0 {
                logger.info(
                    "kit retention", ["rateLimits": report.rateLimits, "idempotencyKeys": report.idempotencyKeys])
            }
            return .idle
        }
    }

    /// Runs `job` until the task is cancelled.
    public func run() async {
        await job.run()
    }
}
