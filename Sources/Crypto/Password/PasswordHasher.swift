import Foundation

/// Hashes and verifies passwords with scrypt, on a bounded set of dedicated threads.
///
/// At most `maxConcurrentHashes` derivations run at once (default: one per core), so a burst of logins queues
/// instead of allocating 128 MiB per request; waiting callers are suspended tasks, not blocked threads. Passwords
/// are NFC-normalized before hashing (see `PasswordPolicy.normalized`).
public final class PasswordHasher: Sendable {
    /// The parameters new hashes use; stored hashes weaker than these verify as `.validNeedsRehash`.
    public let policy: ScryptParameters
    private let pool: HashingThreadPool
    private let dummy: StoredPasswordHash

    /// Creates a hasher.
    /// - Parameters:
    ///   - policy: scrypt cost for new hashes; `.recommended` unless the environment configures otherwise.
    ///   - maxConcurrentHashes: how many derivations may run at once; defaults to the number of active cores.
    public init(
        policy: ScryptParameters = .recommended,
        maxConcurrentHashes: Int = ProcessInfo.processInfo.activeProcessorCount
    ) {
        self.policy = policy
        self.pool = HashingThreadPool(threadCount: max(1, maxConcurrentHashes), name: "password-hash")
        self.dummy = StoredPasswordHash(
            parameters: policy,
            salt: SecureRandom.bytes(count: StoredPasswordHash.saltLength),
            key: SecureRandom.bytes(count: StoredPasswordHash.keyLength)
        )
    }

    /// The most derivations that run at once.
    public var maxConcurrentHashes: Int { pool.threadCount }

    /// Derivations running now (at most `maxConcurrentHashes`), for metrics.
    public var runningHashes: Int { pool.load.running }

    /// Derivations waiting for a thread now, for metrics: a growing number means logins outpace the cores.
    public var waitingHashes: Int { pool.load.waiting }

    /// Hashes `password` with a fresh 16-byte salt and returns the stored form `$scrypt$ln=…,r=…,p=…$salt$hash`.
    ///
    /// This does not apply `PasswordPolicy`; validate new passwords first.
    public func hash(_ password: String) async throws -> String {
        let input = Array(PasswordPolicy.normalized(password).utf8)
        let salt = SecureRandom.bytes(count: StoredPasswordHash.saltLength)
        let parameters = policy
        let key = try await pool.run {
            try Scrypt.deriveKey(
                password: input, salt: salt, parameters: parameters, length: StoredPasswordHash.keyLength)
        }
        return StoredPasswordHash(parameters: parameters, salt: salt, key: key).encoded
    }

    /// Checks `password` against a stored hash, in constant time.
    /// - Returns: `.invalid`, `.valid`, or `.validNeedsRehash` when the stored parameters are below `policy`.
    /// - Throws: `CryptoError.malformedPasswordHash` when `storedHash` is not one this module wrote.
    public func verify(_ password: String, against storedHash: String) async throws -> PasswordVerification {
        let stored = try StoredPasswordHash(parsing: storedHash)
        guard try await matches(password, stored) else { return .invalid }
        return stored.needsRehash(under: policy) ? .validNeedsRehash : .valid
    }

    /// Spends the same work as `verify` at the current policy and always fails: call it when the account does not
    /// exist, so response time does not reveal which e-mail addresses are registered.
    public func verifyDummy(_ password: String) async {
        _ = try? await matches(password, dummy)
    }

    private func matches(_ password: String, _ stored: StoredPasswordHash) async throws -> Bool {
        let input = Array(PasswordPolicy.normalized(password).utf8)
        let derived = try await pool.run {
            try Scrypt.deriveKey(
                password: input, salt: stored.salt, parameters: stored.parameters, length: stored.key.count)
        }
        return ConstantTime.equals(derived, stored.key)
    }
}
