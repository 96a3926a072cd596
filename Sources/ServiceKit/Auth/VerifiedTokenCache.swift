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

    private struct State {
        var entries: [String: Entry] = [:]
        /// Inserts into a full cache since expired tokens were last swept out.
        var insertsSinceSweep = 0
    }

    private let state = Locked(State())
    private let capacity: Int

    /// Creates an empty cache holding at most `capacity` tokens.
    public init(capacity: Int = 20_000) {
        self.capacity = capacity
    }

    /// The number of tokens held.
    public var count: Int { state.withLock { $0.entries.count } }

    /// The claims of `token` if it was verified before and has not expired at `now`.
    public func claims(for token: String, now: Date = Date()) -> JWTClaims? {
        state.withLock { state in
            guard let entry = state.entries[token] else { return nil }
            guard now < entry.expiresAt else {
                state.entries[token] = nil
                return nil
            }
            return entry.claims
        }
    }

    /// Remembers a verified token until its expiry; tokens without `exp` are not kept. A full cache first sweeps
    /// out expired tokens (once every eighth of its capacity in inserts, so a cache full of live tokens does not
    /// scan itself on every insert), then makes room by dropping one token at random: the others stay, so more
    /// clients than it holds cost a verification now and then, not one on every request.
    public func insert(_ token: String, claims: JWTClaims, now: Date = Date()) {
        guard let expiresAt = claims.expiresAt, expiresAt > now else { return }
        state.withLock { state in
            if state.entries[token] == nil, state.entries.count >= capacity {
                state.insertsSinceSweep += 1
                if state.insertsSinceSweep >= max(capacity / 8, 1) {
                    state.entries = state.entries.filter { now < $0.value.expiresAt }
                    state.insertsSinceSweep = 0
                }
                if state.entries.count >= capacity {
                    let offset = Int.random(in: 0..<min(state.entries.count, 64))
                    state.entries.remove(at: state.entries.index(state.entries.startIndex, offsetBy: offset))
                }
            }
            state.entries[token] = Entry(claims: claims, expiresAt: expiresAt)
        }
    }
}
