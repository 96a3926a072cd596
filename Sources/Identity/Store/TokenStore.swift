import Crypto
import Foundation
import Postgres

/// Sign-up codes, refresh tokens and password reset tokens: all stored as digests only.
public struct TokenStore: Sendable {
    let pool: PostgresPool
    let ids: UUIDv7Generator

    /// Creates the store.
    public init(pool: PostgresPool, ids: UUIDv7Generator) {
        self.pool = pool
        self.ids = ids
    }

    /// The most wrong guesses a code survives.
    static let maximumCodeAttempts = 5

    /// Stores a new code for `emailKey`, replacing any earlier one, inside the caller's transaction.
    func replaceCode(emailKey: String, digest: Data, lifetimeSeconds: Int, on connection: PostgresConnection)
        async throws
    {
        try await connection.execute(
            """
            INSERT INTO otp_codes (id, email_key, code_hash, expires_at)
            VALUES (\(ids.next()), \(emailKey), \(digest), now() + make_interval(secs => \(lifetimeSeconds)))
            ON CONFLICT (email_key) DO UPDATE SET id = EXCLUDED.id, code_hash = EXCLUDED.code_hash, attempts = 0,
                expires_at = EXCLUDED.expires_at, created_at = now()
            """)
    }

    /// Checks a code: a match consumes it; a miss counts an attempt and the fifth miss kills it.
    /// Committed on its own, so wrong tries count even when the caller fails afterwards.
    func consumeCode(emailKey: String, digest: Data) async throws -> Bool {
        try await pool.withTransaction { connection in
            let rows = try await connection.query(
                """
                SELECT id, code_hash, attempts, expires_at > now() FROM otp_codes
                WHERE email_key = \(emailKey) FOR UPDATE
                """)
            guard let row = rows.first else { return false }
            let (id, stored, attempts, isLive) = try row.decode((UUID, Data, Int, Bool).self)
            guard isLive, attempts < Self.maximumCodeAttempts else {
                try await connection.execute("DELETE FROM otp_codes WHERE id = \(id)")
                return false
            }
            if ConstantTime.equals(Array(stored), Array(digest)) {
                try await connection.execute("DELETE FROM otp_codes WHERE id = \(id)")
                return true
            }
            if attempts + 1 >= Self.maximumCodeAttempts {
                try await connection.execute("DELETE FROM otp_codes WHERE id = \(id)")
            } else {
                try await connection.execute("UPDATE otp_codes SET attempts = attempts + 1 WHERE id = \(id)")
            }
            return false
        }
    }

    /// Stores a refresh token of a new family (absolute life `lifetimeSeconds`), inside the caller's transaction.
    func insertRefreshToken(
        userID: UUID, digest: Data, family: UUID?, expiresAt: Date?, lifetimeSeconds: Int,
        on connection: PostgresConnection
    ) async throws {
        try await connection.execute(
            """
            INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, expires_at)
            VALUES (\(ids.next()), \(userID), \(family ?? ids.next()), \(digest),
                    COALESCE(\(expiresAt), now() + make_interval(secs => \(lifetimeSeconds))))
            """)
    }

    /// What presenting a refresh token led to.
    enum Rotation: Sendable {
        /// Valid: it is now rotated; the new token (same family and end of life) belongs to `userID`.
        case rotated(userID: UUID, family: UUID, expiresAt: Date)
        /// Already rotated or revoked: its family is now revoked.
        case reused
        /// Unknown or expired.
        case invalid
    }

    /// Rotates the token with `digest`, or revokes its family if it was used before; the new token's digest
    /// is stored in the same transaction.
    func rotate(digest: Data, newDigest: Data) async throws -> Rotation {
        try await pool.withTransaction { connection in
            let rows = try await connection.query(
                """
                SELECT t.id, t.user_id, t.family_id, t.expires_at, t.expires_at > now(),
                       t.rotated_at IS NOT NULL OR t.revoked_at IS NOT NULL,
                       u.status = 'active' AND u.deleted_at IS NULL
                FROM refresh_tokens t JOIN users u ON u.id = t.user_id
                WHERE t.token_hash = \(digest) FOR UPDATE OF t
                """)
            guard let row = rows.first else { return .invalid }
            let (id, userID, family, expiresAt, isLive, isUsed, isUserActive) = try row.decode(
                (UUID, UUID, UUID, Date, Bool, Bool, Bool).self)
            if isUsed {
                try await revokeFamily(family, on: connection)
                return .reused
            }
            guard isLive, isUserActive else {
                try await revokeFamily(family, on: connection)
                return .invalid
            }
            try await connection.execute("UPDATE refresh_tokens SET rotated_at = now() WHERE id = \(id)")
            try await insertRefreshToken(
                userID: userID, digest: newDigest, family: family, expiresAt: expiresAt, lifetimeSeconds: 0,
                on: connection)
            return .rotated(userID: userID, family: family, expiresAt: expiresAt)
        }
    }

    /// Revokes the family of the token with `digest` (logout); nothing if unknown.
    func revokeFamily(ofTokenDigest digest: Data) async throws {
        try await pool.execute(
            """
            UPDATE refresh_tokens SET revoked_at = now()
            WHERE family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = \(digest)) AND revoked_at IS NULL
            """)
    }

    func revokeFamily(_ family: UUID, on connection: PostgresConnection) async throws {
        try await connection.execute(
            "UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = \(family) AND revoked_at IS NULL")
    }

    /// Revokes every refresh token of `userID` (logout everywhere, password reset, suspension).
    static func revokeAll(userID: UUID, on connection: PostgresConnection) async throws {
        try await connection.execute(
            "UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = \(userID) AND revoked_at IS NULL")
    }

    /// Revokes every refresh token of `userID`.
    func revokeAll(userID: UUID) async throws {
        try await pool.withConnection { try await Self.revokeAll(userID: userID, on: $0) }
    }

    /// Stores a reset token for `userID`, voiding earlier unused ones, inside the caller's transaction.
    func insertResetToken(userID: UUID, digest: Data, lifetimeSeconds: Int, on connection: PostgresConnection)
        async throws
    {
        try await connection.execute(
            "UPDATE password_reset_tokens SET used_at = now() WHERE user_id = \(userID) AND used_at IS NULL")
        try await connection.execute(
            """
            INSERT INTO password_reset_tokens (id, user_id, token_hash, expires_at)
            VALUES (\(ids.next()), \(userID), \(digest), now() + make_interval(secs => \(lifetimeSeconds)))
            """)
    }

    /// Whether the reset token with `digest` is known, unused and unexpired, without using it.
    func isResetTokenUsable(digest: Data) async throws -> Bool {
        let rows = try await pool.query(
            """
            SELECT 1 FROM password_reset_tokens
            WHERE token_hash = \(digest) AND used_at IS NULL AND expires_at > now()
            """)
        return !rows.isEmpty
    }

    /// Uses the reset token with `digest` inside the caller's transaction; returns its user, or `nil` when it
    /// is unknown, used or expired.
    func useResetToken(digest: Data, on connection: PostgresConnection) async throws -> UUID? {
        let rows = try await connection.query(
            """
            UPDATE password_reset_tokens SET used_at = now()
            WHERE token_hash = \(digest) AND used_at IS NULL AND expires_at > now()
            RETURNING user_id
            """)
        return try rows.first?.decode(UUID.self, at: 0)
    }
}
