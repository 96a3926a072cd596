import Crypto
import Postgres

/// A fixed-window rate limiter kept in the service's `rate_limits` table, so every replica shares it.
///
/// Each hit is one upsert that either counts into the current window or starts a new one; the window is
/// computed from the database clock, so replicas with skewed clocks agree.
public struct RateLimiter: Sendable {
    let pool: PostgresPool

    /// Creates a limiter over the pool's `rate_limits` table (see `sql/servicekit/`).
    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Counts one hit of `key` under `policy` and returns the decision (the hit is counted even if refused).
    public func hit(_ policy: RateLimitPolicy, key: String) async throws -> RateLimitDecision {
        let rows = try await pool.query(Self.hitQuery(policy, key: key))
        let (hits, reset) = try rows[0].decode((Int, Int).self)
        return Self.decision(policy, hits: hits, resetSeconds: reset)
    }

    /// Counts the hit of `key` on `connection`, inside the caller's transaction.
    public func hit(_ policy: RateLimitPolicy, key: String, on connection: PostgresConnection) async throws
        -> RateLimitDecision
    {
        let rows = try await connection.query(Self.hitQuery(policy, key: key))
        let (hits, reset) = try rows[0].decode((Int, Int).self)
        return Self.decision(policy, hits: hits, resetSeconds: reset)
    }

    /// Hits counted for `key` in the current window, without counting one.
    public func count(_ policy: RateLimitPolicy, key: String) async throws -> Int {
        let rows = try await pool.query(
            """
            SELECT hits FROM rate_limits
            WHERE key = \(Self.storedKey(policy, key)) AND window_start = \(unescaped: Self.windowSQL(policy))
            """)
        return try rows.first?.decode(Int.self, at: 0) ?? 0
    }

    /// Forgets `key` (e.g. failed logins after a successful one).
    public func reset(_ policy: RateLimitPolicy, key: String) async throws {
        try await pool.execute("DELETE FROM rate_limits WHERE key = \(Self.storedKey(policy, key))")
    }

    /// Deletes windows that ended; returns how many.
    @discardableResult
    public func purgeExpired() async throws -> Int {
        try await pool.execute(Self.purgeQuery)
    }

    /// Deletes windows that ended, on `connection` (inside the caller's transaction); returns how many.
    @discardableResult
    public func purgeExpired(on connection: PostgresConnection) async throws -> Int {
        try await connection.execute(Self.purgeQuery)
    }

    static let purgeQuery: Query = "DELETE FROM rate_limits WHERE expires_at < now()"

    static func hitQuery(_ policy: RateLimitPolicy, key: String) -> Query {
        let window = windowSQL(policy)
        return """
            INSERT INTO rate_limits AS r (key, window_start, hits, expires_at)
            VALUES (\(storedKey(policy, key)), \(unescaped: window), 1,
                    \(unescaped: window) + make_interval(secs => \(policy.windowSeconds)))
            ON CONFLICT (key) DO UPDATE SET
                hits = CASE WHEN r.window_start = EXCLUDED.window_start THEN r.hits + 1 ELSE 1 END,
                window_start = EXCLUDED.window_start,
                expires_at = EXCLUDED.expires_at
            RETURNING hits, GREATEST(1, CEIL(EXTRACT(EPOCH FROM expires_at - now())))::int8
            """
    }

    /// The start of the current window as SQL; `windowSeconds` is an integer of ours, never user input.
    static func windowSQL(_ policy: RateLimitPolicy) -> String {
        "to_timestamp(floor(extract(epoch FROM now()) / \(policy.windowSeconds)) * \(policy.windowSeconds))"
    }

    /// Keys are hashed so that e-mail addresses and IPs are not stored in the clear.
    static func storedKey(_ policy: RateLimitPolicy, _ key: String) -> String {
        policy.name + ":" + Hex.encode(SHA256.hash(key).prefix(16))
    }

    static func decision(_ policy: RateLimitPolicy, hits: Int, resetSeconds: Int) -> RateLimitDecision {
        RateLimitDecision(
            isAllowed: hits <= policy.limit, limit: policy.limit, remaining: max(0, policy.limit - hits),
            resetSeconds: resetSeconds)
    }
}
