import Crypto
import ServiceKit

/// The password hasher as identity's flows use it: a full hashing queue becomes
/// `IdentityError.passwordHashingBusy` (503 with `Retry-After`, at once) here, in one place, for every path that
/// hashes (login, sign-up, password reset and change, account deletion). Refusals are counted
/// (`campus_password_hash_refused_total`), not logged one by one: under a flood there are thousands.
struct Passwords: Sendable {
    let hasher: PasswordHasher
    let metrics: PrometheusMetrics

    /// Takes a place in the hashing queue for one derivation to come: take it before a step that cannot be undone
    /// (counting a login attempt, using a code), so that a full queue refuses before that step, not after.
    func reserve() throws -> HashingReservation {
        try mapped { try hasher.reserve() }
    }

    /// The stored form of a new password, in the place of `reservation` if given.
    func hash(_ password: String, reservation: HashingReservation? = nil) async throws -> String {
        try await mapped { try await hasher.hash(password, reservation: reservation) }
    }

    /// Checks `password` against `storedHash`, in the place of `reservation` if given.
    func verify(
        _ password: String, against storedHash: String, reservation: HashingReservation? = nil
    ) async throws -> PasswordVerification {
        try await mapped { try await hasher.verify(password, against: storedHash, reservation: reservation) }
    }

    /// Spends the work of a `verify` for an account that does not exist.
    func verifyDummy(_ password: String, reservation: HashingReservation? = nil) async throws {
        try await mapped { try await hasher.verifyDummy(password, reservation: reservation) }
    }

    private func mapped<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let full as HashingQueueFull {
            throw busy(full)
        }
    }

    private func mapped<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let full as HashingQueueFull {
            throw busy(full)
        }
    }

    private func busy(_ full: HashingQueueFull) -> IdentityError {
        metrics.increment("password_hash_refused_total", help: "Requests refused because password hashing was full.")
        return IdentityError.passwordHashingBusy(retryAfterSeconds: full.retryAfterSeconds)
    }
}
