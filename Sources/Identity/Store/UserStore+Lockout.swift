import Foundation
import Postgres

/// The login lockout, kept in `users.failed_logins` and `users.locked_until`.
///
/// An attempt is counted before its password is checked, in one statement whose result alone decides whether the
/// check may run: `failed_logins` counts the attempts since the last success or the end of the last lock, those
/// still being checked included. The attempt that reaches the threshold sets the lock and is still checked; every
/// later one is refused without hashing and pushes the count above the threshold. A success resets the count only
/// while it is not above the threshold, so once an attempt has been refused for the lock, no password checked
/// before or after it logs in until the lock ends. At most `threshold` passwords are checked per lock, however many
/// guesses arrive at once.
extension UserStore {
    /// Whether a login attempt may check its password.
    enum LoginClaim: Sendable, Equatable {
        /// Check the password.
        case granted
        /// Refuse as locked for this many more seconds.
        case locked(retryAfterSeconds: Int)
    }

    /// Counts a login attempt and decides from the new count whether its password may be checked; the attempt that
    /// reaches `threshold` locks the account for `lockSeconds`.
    func claimLoginAttempt(id: UUID, threshold: Int, lockSeconds: Int) async throws -> LoginClaim {
        let rows = try await pool.query(
            """
            UPDATE users SET
                failed_logins = CASE
                    WHEN locked_until > now() THEN GREATEST(failed_logins, \(threshold)) + 1
                    WHEN locked_until IS NOT NULL THEN 1
                    ELSE failed_logins + 1 END,
                locked_until = CASE
                    WHEN locked_until > now() THEN locked_until
                    WHEN (CASE WHEN locked_until IS NOT NULL THEN 1 ELSE failed_logins + 1 END) >= \(threshold)
                        THEN now() + make_interval(secs => \(lockSeconds))
                    END
            WHERE id = \(id)
            RETURNING failed_logins, CEIL(EXTRACT(EPOCH FROM locked_until - now()))::int8
            """)
        guard let row = rows.first else { return .locked(retryAfterSeconds: lockSeconds) }
        let (attempts, remaining) = try row.decode((Int, Int?).self)
        return attempts <= threshold ? .granted : .locked(retryAfterSeconds: max(1, remaining ?? lockSeconds))
    }

    /// Records a successful login: resets the count, ends the lock, and stores a stronger hash when the cost policy
    /// rose. Applies only while no attempt has been refused for the lock and the password is still the one checked
    /// (`verifiedHash`); returns whether it applied.
    func recordLogin(id: UUID, verifiedHash: String, rehashed: String?, threshold: Int) async throws -> Bool {
        let rows = try await pool.query(
            """
            UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = now(),
                password_hash = COALESCE(\(rehashed), password_hash)
            WHERE id = \(id) AND failed_logins <= \(threshold) AND password_hash = \(verifiedHash)
            RETURNING id
            """)
        return !rows.isEmpty
    }

    /// Seconds until the account's lock ends, or `nil` if it is not locked.
    func lockRemaining(id: UUID) async throws -> Int? {
        let rows = try await pool.query(
            "SELECT CEIL(EXTRACT(EPOCH FROM locked_until - now()))::int8 FROM users WHERE id = \(id) AND locked_until > now()"
        )
        return try rows.first?.decode(Int.self, at: 0)
    }
}
