import Crypto
import Foundation
import Postgres

/// Remembers responses to requests sent with an `Idempotency-Key`, in the service's `idempotency_keys`
/// table, for 24 hours by default: a retry with the same key and body gets the first answer again.
public struct IdempotencyStore: Sendable {
    /// A stored response.
    public struct StoredResponse: Sendable, Equatable {
        /// The status code.
        public var status: Int
        /// The `Content-Type`, if any.
        public var contentType: String?
        /// The body.
        public var body: [UInt8]

        /// Creates a stored response.
        public init(status: Int, contentType: String?, body: [UInt8]) {
            self.status = status
            self.contentType = contentType
            self.body = body
        }
    }

    /// What to do with a request carrying a key.
    public enum Claim: Sendable, Equatable {
        /// First use of the key: handle the request, then `complete` or `release`.
        case claimed
        /// The key was used for this same request: answer with the stored response.
        case replay(StoredResponse)
        /// The first request with this key is still running (409).
        case inFlight
        /// The key was used for a different request (422).
        case mismatch
    }

    let pool: PostgresPool
    let lifetime: Duration

    /// Creates a store; keys live for `lifetime` after first use.
    public init(pool: PostgresPool, lifetime: Duration = .seconds(24 * 3600)) {
        self.pool = pool
        self.lifetime = lifetime
    }

    /// Claims `key` in `scope` (the caller, and the route) for a request whose body hashes to `requestHash`.
    public func claim(scope: String, key: String, requestHash: [UInt8]) async throws -> Claim {
        let seconds = Int(lifetime.components.seconds)
        let claimed = try await pool.query(
            """
            INSERT INTO idempotency_keys AS k (scope, key, request_hash, expires_at)
            VALUES (\(scope), \(key), \(Data(requestHash)), now() + make_interval(secs => \(seconds)))
            ON CONFLICT (scope, key) DO UPDATE SET
                request_hash = EXCLUDED.request_hash, status = NULL, content_type = NULL, body = NULL,
                created_at = now(), expires_at = EXCLUDED.expires_at
            WHERE k.expires_at < now()
            RETURNING key
            """)
        if !claimed.isEmpty { return .claimed }
        let rows = try await pool.query(
            """
            SELECT request_hash, status, content_type, body FROM idempotency_keys
            WHERE scope = \(scope) AND key = \(key)
            """)
        // The row went away between the two statements (released or purged): try once more.
        guard let row = rows.first else { return try await claim(scope: scope, key: key, requestHash: requestHash) }
        let (hash, status, contentType, body) = try row.decode((Data, Int?, String?, Data?).self)
        guard Array(hash) == requestHash else { return .mismatch }
        guard let status else { return .inFlight }
        return .replay(StoredResponse(status: status, contentType: contentType, body: Array(body ?? Data())))
    }

    /// Stores the response of a claimed key.
    public func complete(scope: String, key: String, response: StoredResponse) async throws {
        try await pool.execute(
            """
            UPDATE idempotency_keys SET status = \(response.status), content_type = \(response.contentType),
                body = \(Data(response.body))
            WHERE scope = \(scope) AND key = \(key)
            """)
    }

    /// Gives a claimed key up (the request failed in a way worth retrying), so a retry runs again.
    public func release(scope: String, key: String) async throws {
        try await pool.execute(
            "DELETE FROM idempotency_keys WHERE scope = \(scope) AND key = \(key) AND status IS NULL")
    }

    /// Deletes expired keys; returns how many.
    @discardableResult
    public func purgeExpired() async throws -> Int {
        try await pool.execute(Self.purgeQuery)
    }

    /// Deletes expired keys on `connection` (inside the caller's transaction); returns how many.
    @discardableResult
    public func purgeExpired(on connection: PostgresConnection) async throws -> Int {
        try await connection.execute(Self.purgeQuery)
    }

    static let purgeQuery: Query = "DELETE FROM idempotency_keys WHERE expires_at < now()"
}
