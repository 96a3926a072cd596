import Crypto
import Foundation
import Synchronization
import Testing

@Suite struct RefreshingJWTKeySetTests {
    /// A JWKS source whose document can be swapped and whose fetches are counted.
    private final class FakeSource: Sendable {
        let document = Mutex(Data())
        let fetches = Atomic(0)
        let fails = Atomic(false)

        func publish(_ signers: [JWTSigner]) {
            document.withLock { $0 = JSONWebKeySet(keys: signers.map(\.jsonWebKey)).jsonData() }
        }

        var closure: @Sendable () async throws -> Data {
            { [self] in
                fetches.add(1, ordering: .relaxed)
                if fails.load(ordering: .relaxed) { throw CryptoError.invalidEncoding }
                return document.withLock { $0 }
            }
        }
    }

    /// A monotonic clock the test moves by hand.
    private final class ManualClock: Sendable {
        private let start = ContinuousClock.now
        private let offset = Mutex(Duration.zero)

        func advance(by duration: Duration) { offset.withLock { $0 += duration } }
        var now: @Sendable () -> ContinuousClock.Instant { { [self] in start + offset.withLock { $0 } } }
    }

    private let claims = JWTClaims(issuer: "i", audience: ["a"], expiresAt: Date().addingTimeInterval(600))

    @Test func unknownKeyIDTriggersARefreshThatFindsTheRotatedKey() async throws {
        let source = FakeSource()
        let old = JWTSigner(privateKey: try Ed25519PrivateKey(), keyID: "old")
        source.publish([old])
        let clock = ManualClock()
        let keys = RefreshingJWTKeySet(now: clock.now, source: source.closure)
        let verifier = JWTVerifier(keys: keys, issuer: "i", audience: "a")

        _ = try await verifier.verify(try old.sign(claims))
        #expect(source.fetches.load(ordering: .relaxed) == 1)

        let new = JWTSigner(privateKey: try Ed25519PrivateKey(), keyID: "new")
        source.publish([new, old])
        clock.advance(by: .seconds(31))
        _ = try await verifier.verify(try new.sign(claims))
        _ = try await verifier.verify(try old.sign(claims))
        #expect(source.fetches.load(ordering: .relaxed) == 2)
        #expect(await keys.keyIDs == ["new", "old"])
    }

    @Test func refreshesAreRateLimited() async throws {
        let source = FakeSource()
        let signer = JWTSigner(privateKey: try Ed25519PrivateKey(), keyID: "k")
        source.publish([signer])
        let clock = ManualClock()
        let keys = RefreshingJWTKeySet(now: clock.now, source: source.closure)
        let verifier = JWTVerifier(keys: keys, issuer: "i", audience: "a")
        let stranger = JWTSigner(privateKey: try Ed25519PrivateKey(), keyID: "unknown")

        for _ in 0..<20 {
            await #expect(throws: JWTError.unknownKeyID) { try await verifier.verify(try stranger.sign(claims)) }
        }
        #expect(source.fetches.load(ordering: .relaxed) == 1)
        clock.advance(by: .seconds(29))
        await #expect(throws: JWTError.unknownKeyID) { try await verifier.verify(try stranger.sign(claims)) }
        #expect(source.fetches.load(ordering: .relaxed) == 1)
        clock.advance(by: .seconds(2))
        await #expect(throws: JWTError.unknownKeyID) { try await verifier.verify(try stranger.sign(claims)) }
        #expect(source.fetches.load(ordering: .relaxed) == 2)
    }

    @Test func concurrentLookupsShareOneRefresh() async throws {
        let source = FakeSource()
        let signer = JWTSigner(privateKey: try Ed25519PrivateKey(), keyID: "k")
        source.publish([signer])
        let keys = RefreshingJWTKeySet(source: source.closure)
        let verifier = JWTVerifier(keys: keys, issuer: "i", audience: "a")
        let token = try signer.sign(claims)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<50 { group.addTask { _ = try await verifier.verify(token) } }
            try await group.waitForAll()
        }
        #expect(source.fetches.load(ordering: .relaxed) == 1)
    }

    @Test func failedRefreshKeepsThePreviousKeys() async throws {
        let source = FakeSource()
        let signer = JWTSigner(privateKey: try Ed25519PrivateKey(), keyID: "k")
        source.publish([signer])
        let clock = ManualClock()
        let keys = RefreshingJWTKeySet(now: clock.now, source: source.closure)
        try await keys.refresh()
        source.fails.store(true, ordering: .relaxed)
        clock.advance(by: .seconds(60))
        #expect(await keys.publicKey(forKeyID: "other") == nil)
        #expect(await keys.lastRefreshError != nil)
        #expect(await keys.publicKey(forKeyID: "k") == signer.publicKey)
        #expect(source.fetches.load(ordering: .relaxed) == 2)
    }
}
