import Crypto
import Foundation
import IO

/// Access tokens already verified, with their claims, until they expire.
///
/// Verifying an EdDSA signature costs about 130 µs; a client sends the same access token with every request
/// for up to 15 minutes, so a hit saves nearly all of an authenticated request's CPU. The key is the whole
/// token, so any change to it misses. A token stays accepted until its own `exp`, exactly as it would be
/// without the cache (access tokens are not revocable); entries never outlive it.
public final class VerifiedTokenCache: Sendable {
    private struct Entry {
        let claims: JWTClaims
        let expiresAt: Date
    }

    private let entries = Locked<[String: Entry]>([:])
    private let capacity: Int

    /// Creates an empty cache holding at most `capacity` tokens.
    public init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// The number of tokens held.
    public var count: Int { entries.withLock { $0.count } }

    /// The claims of `token` if it was verified before and has not expired at `now`.
    public func claims(for token: String, now: Date = Date()) -> JWTClaims? {
        entries.withLock { entries in
            guard let entry = entries[token] else { return nil }
            guard now < entry.expiresAt else {
                entries[token] = nil
                return nil
            }
            return entry.claims
        }
    }

    /// Remembers a verified token until its expiry; tokens without `exp` are not kept.
    public func insert(_ token: String, claims: JWTClaims, now: Date = Date()) {
        guard let expiresAt = claims.expiresAt, expiresAt > now else { return }
        entries.withLock { entries in
            if entries.count >= capacity {
                entries = entries.filter { now < $0.value.expiresAt }
                // Still full of live tokens: start over rather than let the map grow without bound.
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[token] = Entry(claims: claims, expiresAt: expiresAt)
        }
    }
}
