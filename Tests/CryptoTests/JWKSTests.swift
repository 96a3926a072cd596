import Crypto
import Foundation
import Synchronization
import Testing

@Suite struct JWKSTests {
    @Test func rendersRFC8037OKPKeys() throws {
        let key = try Ed25519PublicKey(
            rawRepresentation: Base64URL.decode("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"))
        let set = JSONWebKeySet(keys: [JSONWebKey(publicKey: key, keyID: "k1")])
        let json = String(decoding: set.jsonData(), as: UTF8.self)
        #expect(
            json == #"{"keys":[{"alg":"EdDSA","crv":"Ed25519","kid":"k1","kty":"OKP","use":"sig","#
                + #""x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]}"#)
    }

    @Test func parsesUsableKeysAndSkipsForeignOnes() throws {
        let current = try Ed25519PrivateKey().publicKey
        let x = Base64URL.encode(current.rawRepresentation)
        let json = """
            {"keys":[
              {"kty":"RSA","kid":"rsa","n":"AQAB","e":"AQAB"},
              {"kty":"OKP","crv":"X25519","kid":"ecdh","x":"\(x)"},
              {"kty":"OKP","crv":"Ed25519","kid":"enc","use":"enc","x":"\(x)"},
              {"kty":"OKP","crv":"Ed25519","kid":"short","x":"AAAA"},
              {"crv":"Ed25519","kid":"no-type"},
              {"kty":"OKP","crv":"Ed25519","x":"\(x)"},
              {"kty":"OKP","crv":"Ed25519","kid":"current","x":"\(x)"}
            ]}
            """
        let set = try JSONWebKeySet(parsing: Data(json.utf8))
        #expect(set.keys.count == 6)
        #expect(set.ed25519Keys() == ["current": current])
    }

    @Test func rejectsDocumentsThatAreNotKeySets() {
        for json in ["", "[]", #"{"keys":{}}"#, #"{"key":[]}"#] {
            #expect(throws: CryptoError.invalidEncoding) { try JSONWebKeySet(parsing: Data(json.utf8)) }
        }
    }

    @Test func renderedSetParsesBackToTheSameKeys() throws {
        let first = try Ed25519PrivateKey().publicKey
        let second = try Ed25519PrivateKey().publicKey
        let set = JSONWebKeySet(keys: [
            JSONWebKey(publicKey: first, keyID: "a"), JSONWebKey(publicKey: second, keyID: "b"),
        ])
        #expect(try JSONWebKeySet(parsing: set.jsonData()).ed25519Keys() == ["a": first, "b": second])
    }

    @Test func verifierAcceptsTokensFromCurrentAndPreviousKeys() async throws {
        let previous = JWTSigner(privateKey: try Ed25519PrivateKey(), keyID: "previous")
        let current = JWTSigner(privateKey: try Ed25519PrivateKey(), keyID: "current")
        let set = JWTKeySet(JSONWebKeySet(keys: [current.jsonWebKey, previous.jsonWebKey]))
        let verifier = JWTVerifier(keys: set, issuer: "i", audience: "a")
        let claims = JWTClaims(issuer: "i", audience: ["a"], expiresAt: Date().addingTimeInterval(60))
        _ = try await verifier.verify(try previous.sign(claims))
        _ = try await verifier.verify(try current.sign(claims))
    }
}

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
