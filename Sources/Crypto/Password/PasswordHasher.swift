import Foundation

/// Hashes and verifies passwords with scrypt, on a bounded set of dedicated threads with a bounded queue.
///
/// At most `maxConcurrentHashes` derivations run at once (default: one per core), so a burst of logins queues
/// instead of allocating 128 MiB per request; waiting callers are suspended tasks, not blocked threads. The queue
/// holds at most `maxQueuedWork` of work (default two seconds): with `cost` the moving average of a derivation's
/// measured time, at most ⌊`maxQueuedWork` × `maxConcurrentHashes` ÷ `cost`⌋ wait (at least one). Beyond that,
/// every method that hashes throws `HashingQueueFull` at once, so callers answer "busy" instead of making everyone
/// wait. Passwords are NFC-normalized before hashing (see `PasswordPolicy.normalized`).
public final class PasswordHasher: Sendable {
    /// The parameters new hashes use; stored hashes weaker than these verify as `.validNeedsRehash`.
    public let policy: ScryptParameters
    private let pool: HashingThreadPool
    private let dummy: StoredPasswordHash

    /// Creates a hasher.
    /// - Parameters:
    ///   - policy: scrypt cost for new hashes; `.recommended` unless the environment configures otherwise.
    ///   - maxConcurrentHashes: how many derivations may run at once; defaults to the number of active cores.
    ///   - maxQueuedWork: the most work that may wait for a thread, in time.
    ///   - expectedCost: one derivation's time on one thread until one is measured (see `measureCost()`); with
    ///     `nil`, as many may wait as run until then.
    public init(
        policy: ScryptParameters = .recommended,
        maxConcurrentHashes: Int = ProcessInfo.processInfo.activeProcessorCount,
        maxQueuedWork: Duration = .seconds(2), expectedCost: Duration? = nil
    ) {
        self.policy = policy
        self.pool = HashingThreadPool(
            threadCount: max(1, maxConcurrentHashes), name: "password-hash", maxQueuedWork: maxQueuedWork,
            expectedCost: expectedCost)
        self.dummy = StoredPasswordHash(
            parameters: policy,
            salt: SecureRandom.bytes(count: StoredPasswordHash.saltLength),
            key: SecureRandom.bytes(count: StoredPasswordHash.keyLength)
        )
    }

    /// The most derivations that run at once.
    public var maxConcurrentHashes: Int { pool.threadCount }

    /// The most derivations that may wait for a thread at the cost measured so far.
    public var maxWaitingHashes: Int { pool.waitingLimit }

    /// The moving average of one derivation's time on one thread, `nil` until one is measured or expected.
    public var cost: Duration? { pool.cost }

    /// Derivations running now (at most `maxConcurrentHashes`), for metrics.
    public var runningHashes: Int { pool.load.running }

    /// Derivations waiting for a thread now, for metrics: a growing number means logins outpace the cores.
    public var waitingHashes: Int { pool.load.waiting }

    /// Places reserved now for derivations to come, for metrics.
    public var reservedHashes: Int { pool.load.reserved }

    /// Takes a place in the queue for one derivation to come (pass it as `reservation`), so that a caller learns that
    /// the hasher is full before it does work it would have to undo.
    /// - Throws: `HashingQueueFull` at once when the queue is full.
    public func reserve() throws(HashingQueueFull) -> HashingReservation {
        try pool.reserve()
    }

    /// Runs one derivation at the policy cost and returns its time, which the queue's bound then follows; call it
    /// at start-up so that the bound is right before the first login.
    public func measureCost() async throws -> Duration {
        let clock = ContinuousClock()
        let start = clock.now
        _ = try await matches("", dummy, reservation: nil)
        return clock.now - start
    }

    /// Hashes `password` with a fresh 16-byte salt and returns the stored form `$scrypt$ln=…,r=…,p=…$salt$hash`.
    ///
    /// This does not apply `PasswordPolicy`; validate new passwords first.
    /// - Parameter reservation: a place taken with `reserve()`; without one, the derivation needs a free place.
    /// - Throws: `HashingQueueFull` at once when the queue is full.
    public func hash(_ password: String, reservation: HashingReservation? = nil) async throws -> String {
        let input = Array(PasswordPolicy.normalized(password).utf8)
        let salt = SecureRandom.bytes(count: StoredPasswordHash.saltLength)
        let parameters = policy
        let key = try await pool.run(in: reservation) {
            try Scrypt.deriveKey(
                password: input, salt: salt, parameters: parameters, length: StoredPasswordHash.keyLength)
        }
        return StoredPasswordHash(parameters: parameters, salt: salt, key: key).encoded
    }

    /// Checks `password` against a stored hash, in constant time.
    /// - Parameter reservation: a place taken with `reserve()`; without one, the derivation needs a free place.
    /// - Returns: `.invalid`, `.valid`, or `.validNeedsRehash` when the stored parameters are below `policy`.
    /// - Throws: `CryptoError.malformedPasswordHash` when `storedHash` is not one this module wrote;
    ///   `HashingQueueFull` at once when the queue is full.
    public func verify(
        _ password: String, against storedHash: String, reservation: HashingReservation? = nil
    ) async throws -> PasswordVerification {
        let stored = try StoredPasswordHash(parsing: storedHash)
        guard try await matches(password, stored, reservation: reservation) else { return .invalid }
        return stored.needsRehash(under: policy) ? .validNeedsRehash : .valid
    }

    /// Spends the same work as `verify` at the current policy and always fails: call it when the account does not
    /// exist, so response time does not reveal which e-mail addresses are registered.
    /// - Throws: `HashingQueueFull` at once when the queue is full, as `verify` would.
    public func verifyDummy(_ password: String, reservation: HashingReservation? = nil) async throws {
        _ = try await matches(password, dummy, reservation: reservation)
    }

    private func matches(
        _ password: String, _ stored: StoredPasswordHash, reservation: HashingReservation?
    ) async throws -> Bool {
        let input = Array(PasswordPolicy.normalized(password).utf8)
        let derived = try await pool.run(in: reservation) {
            try Scrypt.deriveKey(
                password: input, salt: stored.salt, parameters: stored.parameters, length: stored.key.count)
        }
        return ConstantTime.equals(derived, stored.key)
    }
}
