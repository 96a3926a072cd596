import Foundation

/// Verification keys loaded from a JWKS source and reloaded when a token names an unknown `kid`.
///
/// A token signed with a freshly rotated key therefore verifies without a restart. Reloads are rate-limited (by
/// default at most one per 30 seconds, failures included), so a stream of tokens with made-up `kid`s cannot turn
/// into a stream of requests to the source; concurrent lookups share one reload. A failed or empty reload keeps
/// the previous keys.
public actor RefreshingJWTKeySet: JWTKeyProvider {
    /// Fetches the JWKS document (for example `GET /.well-known/jwks.json` on the identity service).
    public typealias Source = @Sendable () async throws -> Data

    private let source: Source
    private let minimumRefreshInterval: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    private var keys: [String: Ed25519PublicKey]
    private var lastAttempt: ContinuousClock.Instant?
    private var inFlight: Task<Void, Never>?

    /// The error of the most recent failed reload, for logs; `nil` after a successful one.
    public private(set) var lastRefreshError: (any Error)?

    /// Creates a key set that reloads from `source`.
    /// - Parameters:
    ///   - initialKeys: keys known before the first reload (empty: the first lookup reloads).
    ///   - minimumRefreshInterval: the shortest time between two reloads triggered by unknown `kid`s.
    ///   - now: the monotonic clock, replaceable in tests.
    ///   - source: returns the JWKS bytes.
    public init(
        initialKeys: [String: Ed25519PublicKey] = [:],
        minimumRefreshInterval: Duration = .seconds(30),
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now },
        source: @escaping Source
    ) {
        self.keys = initialKeys
        self.minimumRefreshInterval = minimumRefreshInterval
        self.now = now
        self.source = source
    }

    /// The ids of the keys currently held.
    public var keyIDs: [String] { keys.keys.sorted() }

    /// The key with id `keyID`, reloading the set first if it is unknown and the rate limit allows.
    public func publicKey(forKeyID keyID: String) async -> Ed25519PublicKey? {
        if let key = keys[keyID] { return key }
        if let inFlight {
            await inFlight.value
            return keys[keyID]
        }
        if let lastAttempt, now() < lastAttempt.advanced(by: minimumRefreshInterval) { return nil }
        lastAttempt = now()
        let task = Task { await self.reloadRecordingFailure() }
        inFlight = task
        await task.value
        inFlight = nil
        return keys[keyID]
    }

    /// Reloads now, ignoring the rate limit (for start-up), and throws if the source or its document fails.
    public func refresh() async throws {
        lastAttempt = now()
        try await reload()
    }

    private func reloadRecordingFailure() async {
        do {
            try await reload()
        } catch {
            lastRefreshError = error
        }
    }

    private func reload() async throws {
        let document = try await source()
        let loaded = try JSONWebKeySet(parsing: document).ed25519Keys()
        guard !loaded.isEmpty else { throw CryptoError.invalidKey }
        keys = loaded
        lastRefreshError = nil
    }
}
