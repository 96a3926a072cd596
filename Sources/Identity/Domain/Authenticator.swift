import Crypto
import Foundation
import Postgres
import ServiceKit

/// The account flows: sign-up codes, sign-up, login with lockout, refresh rotation, logout, passwords.
struct Authenticator: Sendable {
    let settings: IdentitySettings
    let pool: PostgresPool
    let users: UserStore
    let tokens: TokenStore
    let mail: MailOutboxStore
    let limiter: RateLimiter
    let passwords: Passwords
    let digest: SecretDigest
    let issuer: TokenIssuer

    /// A token pair and the user it is for.
    struct Session: Sendable {
        var user: User
        var accessToken: String
        var refreshToken: String
    }

    private var codesPerEmail: RateLimitPolicy {
        RateLimitPolicy(name: "otp-email", limit: settings.codesPerEmail, window: .seconds(900))
    }
    private var codesPerClient: RateLimitPolicy {
        RateLimitPolicy(name: "otp-ip", limit: settings.codesPerClient, window: .seconds(900))
    }
    private var loginsPerClient: RateLimitPolicy {
        RateLimitPolicy(name: "login-ip", limit: settings.loginsPerClient, window: settings.loginsPerClientWindow)
    }
    private var loginsPerAccount: RateLimitPolicy {
        RateLimitPolicy(name: "login-email", limit: settings.loginsPerAccount, window: settings.loginsPerAccountWindow)
    }
    private var unknownLoginFailures: RateLimitPolicy {
        RateLimitPolicy(name: "login-unknown", limit: settings.lockoutThreshold, window: settings.lockoutDuration)
    }

    /// Sends a sign-up code (or, for a registered address, a note saying so); the caller answers the same
    /// either way. Throttled per address and per client.
    func requestCode(email: String, client: String) async throws {
        let key = EmailAddress.key(email)
        try await limiter.hit(codesPerClient, key: client).enforce()
        try await limiter.hit(codesPerEmail, key: key).enforce()
        let existing = try await users.find(email: key)
        let code = digest.newCode()
        try await pool.withTransaction { connection in
            if existing != nil {
                try await mail.enqueue(MailTemplates.accountExists(to: email), on: connection)
            } else {
                try await tokens.replaceCode(
                    emailKey: key, digest: digest.digest(code, purpose: "otp:" + key),
                    lifetimeSeconds: Int(settings.codeLifetime.components.seconds), on: connection)
                try await mail.enqueue(
                    MailTemplates.signUpCode(
                        to: email, code: code, minutes: Int(settings.codeLifetime.components.seconds) / 60),
                    on: connection)
            }
        }
    }

    /// Creates an account after checking its code; returns the user.
    func signUp(
        email: String, password: String, firstName: String, lastName: String, code: String, type: AccountType
    ) async throws -> User {
        let key = EmailAddress.key(email)
        // The place is taken before the code is used, so a full hashing queue does not cost the caller the code.
        let place = try passwords.reserve()
        guard
            try await tokens.consumeCode(emailKey: key, digest: digest.digest(code, purpose: "otp:" + key))
        else { throw IdentityError.invalidCode }
        let hash = try await passwords.hash(password, reservation: place)
        let account = UserStore.NewAccount(
            email: email.trimmingCharacters(in: .whitespaces), passwordHash: hash, firstName: firstName,
            lastName: lastName, role: type.role, isEmailVerified: true)
        return try await pool.withTransaction { connection in
            try await users.create(account, on: connection)
        }
    }

    /// Logs in: one answer for unknown addresses and wrong passwords (with the same scrypt work), a lock
    /// after repeated failures (429 with `Retry-After`), and no login for suspended or deleted accounts.
    ///
    /// Logins are throttled per client address and per e-mail address (429 with `RateLimit-*`), so that no one
    /// client takes all the hashing. Each attempt then takes a place in the hashing queue (503 at once when it is
    /// full, counting nothing), is counted, and that count alone decides whether its password is hashed (see
    /// `UserStore+Lockout`), so concurrent guesses cannot slip past the lock or clear it.
    func logIn(email: String, password: String, client: String) async throws -> Session {
        let key = EmailAddress.key(email)
        try await limiter.hit(loginsPerClient, key: ClientAddress.throttlingKey(client)).enforce()
        try await limiter.hit(loginsPerAccount, key: key).enforce()
        let lockSeconds = Int(settings.lockoutDuration.components.seconds)
        guard let user = try await users.find(email: key), user.deletedAt == nil else {
            // Unknown accounts take the same steps, so their answers match a known account's.
            let place = try passwords.reserve()
            let attempt = try await limiter.hit(unknownLoginFailures, key: key)
            guard attempt.isAllowed else { throw IdentityError.accountLocked(retryAfterSeconds: attempt.resetSeconds) }
            try await passwords.verifyDummy(password, reservation: place)
            throw IdentityError.invalidCredentials
        }
        let place = try passwords.reserve()
        let claim = try await users.claimLoginAttempt(
            id: user.id, threshold: settings.lockoutThreshold, lockSeconds: lockSeconds)
        if case .locked(let remaining) = claim { throw IdentityError.accountLocked(retryAfterSeconds: remaining) }
        let verification = try await passwords.verify(
            password, against: user.passwordHash, reservation: place)
        guard verification.isValid else { throw IdentityError.invalidCredentials }
        guard user.status == .active else { throw IdentityError.accountDisabled }
        guard
            try await users.recordLogin(
                id: user.id, verifiedHash: user.passwordHash,
                rehashed: verification == .validNeedsRehash ? try await rehash(password) : nil,
                threshold: settings.lockoutThreshold)
        else {
            // Another attempt was refused for the lock while this one was hashed, or the password changed.
            if let remaining = try await users.lockRemaining(id: user.id) {
                throw IdentityError.accountLocked(retryAfterSeconds: remaining)
            }
            throw IdentityError.invalidCredentials
        }
        return try await startSession(for: user)
    }

    /// A hash of `password` at the current policy, or `nil` when the hasher is full: the login goes on, and a later
    /// one upgrades the stored hash.
    private func rehash(_ password: String) async throws -> String? {
        do {
            return try await passwords.hasher.hash(password)
        } catch is HashingQueueFull {
            return nil
        }
    }

    /// Issues an access token and the first refresh token of a new family.
    func startSession(for user: User) async throws -> Session {
        let refresh = digest.newToken()
        try await pool.withConnection { connection in
            try await tokens.insertRefreshToken(
                userID: user.id, digest: digest.digest(refresh, purpose: "refresh"), family: nil, expiresAt: nil,
                lifetimeSeconds: Int(settings.refreshTokenLifetime.components.seconds), on: connection)
        }
        return Session(user: user, accessToken: try issuer.accessToken(for: user), refreshToken: refresh)
    }

    /// Rotates a refresh token; a token presented twice revokes its whole family.
    func refresh(token: String) async throws -> Session {
        let next = digest.newToken()
        let outcome = try await tokens.rotate(
            digest: digest.digest(token, purpose: "refresh"), newDigest: digest.digest(next, purpose: "refresh"))
        switch outcome {
        case .invalid: throw IdentityError.invalidRefreshToken
        case .reused: throw IdentityError.refreshTokenReused
        case .rotated(let userID, _, _):
            guard let user = try await users.find(id: userID) else {
                throw IdentityError.invalidRefreshToken
            }
            return Session(user: user, accessToken: try issuer.accessToken(for: user), refreshToken: next)
        }
    }

    /// Ends the login the refresh token belongs to.
    func logOut(token: String) async throws {
        try await tokens.revokeFamily(ofTokenDigest: digest.digest(token, purpose: "refresh"))
    }

    /// Sends a reset link if the address belongs to a usable account; silent otherwise.
    func forgotPassword(email: String, client: String) async throws {
        let key = EmailAddress.key(email)
        try await limiter.hit(codesPerClient, key: "reset:" + client).enforce()
        guard (try await limiter.hit(codesPerEmail, key: "reset:" + key)).isAllowed,
            let user = try await users.find(email: key), user.isUsable
        else { return }
        let token = digest.newToken()
        let minutes = Int(settings.resetTokenLifetime.components.seconds) / 60
        let separator = settings.passwordResetURL.contains("?") ? "&" : "?"
        try await pool.withTransaction { connection in
            try await tokens.insertResetToken(
                userID: user.id, digest: digest.digest(token, purpose: "reset"),
                lifetimeSeconds: Int(settings.resetTokenLifetime.components.seconds), on: connection)
            try await mail.enqueue(
                MailTemplates.passwordReset(
                    to: user.email, link: settings.passwordResetURL + separator + "token=" + token, minutes: minutes),
                on: connection)
        }
    }

    /// Sets a new password with a reset token (once) and ends every session.
    ///
    /// The token is looked at before the password is hashed, so made-up tokens cost no hashing; it is used, once,
    /// in the transaction that sets the password.
    func resetPassword(token: String, newPassword: String) async throws {
        let tokenDigest = digest.digest(token, purpose: "reset")
        guard try await tokens.isResetTokenUsable(digest: tokenDigest) else {
            throw IdentityError.invalidResetToken
        }
        let hash = try await passwords.hash(newPassword)
        try await pool.withTransaction { connection in
            guard
                let userID = try await tokens.useResetToken(digest: tokenDigest, on: connection)
            else { throw IdentityError.invalidResetToken }
            try await users.setPassword(id: userID, hash: hash, on: connection)
            try await TokenStore.revokeAll(userID: userID, on: connection)
        }
    }

    /// Changes the password after checking the current one; ends every other session and starts a new one.
    func changePassword(userID: UUID, current: String, new: String) async throws -> Session {
        guard let user = try await users.find(id: userID), user.isUsable else {
            throw ServiceError.unauthorized
        }
        guard try await passwords.verify(current, against: user.passwordHash).isValid else {
            throw IdentityError.wrongPassword
        }
        let hash = try await passwords.hash(new)
        try await pool.withTransaction { connection in
            try await users.setPassword(id: userID, hash: hash, on: connection)
            try await TokenStore.revokeAll(userID: userID, on: connection)
        }
        return try await startSession(for: user)
    }
}
