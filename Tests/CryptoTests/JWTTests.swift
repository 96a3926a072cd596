import Crypto
import Foundation
import Testing

@Suite struct JWTTests {
    private let issuer = "https://campus.test/identity"
    private let audience = "campus"
    private let now = Date(timeIntervalSince1970: 1_750_000_000)
    private let key = try! Ed25519PrivateKey()
    private var signer: JWTSigner { JWTSigner(privateKey: key, keyID: "2025-06") }

    private func verifier(keys: [String: Ed25519PublicKey]? = nil, maximumTokenBytes: Int = 8192) -> JWTVerifier {
        let now = now
        return JWTVerifier(
            keys: JWTKeySet(keys ?? [signer.keyID: key.publicKey]), issuer: issuer, audience: audience,
            leeway: .seconds(30), maximumTokenBytes: maximumTokenBytes, now: { now })
    }

    private func claims(
        expiresIn: TimeInterval = 900, notBefore: Date? = nil, issuedAt: Date? = nil, issuer: String? = nil,
        audience: [String]? = nil
    ) -> JWTClaims {
        JWTClaims(
            issuer: issuer ?? self.issuer, subject: "0190f3f4-7a1b-7c2d-8e3f-123456789abc",
            audience: audience ?? [self.audience], expiresAt: now.addingTimeInterval(expiresIn), notBefore: notBefore,
            issuedAt: issuedAt ?? now, id: "token-1", role: "instructor", isApproved: true)
    }

    /// A token with the given header and payload JSON, signed (unless `signature` is given) by `signingKey`.
    private func handMadeToken(header: String, payload: String, signingKey: Ed25519PrivateKey? = nil) throws -> String {
        let input = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(payload.utf8))
        let signature = try (signingKey ?? key).signature(for: Array(input.utf8))
        return input + "." + Base64URL.encode(signature)
    }

    private func payloadJSON(_ claims: JWTClaims) throws -> String {
        String(decoding: try JSONEncoder().encode(claims), as: UTF8.self)
    }

    private func rejection(_ token: String, by verifier: JWTVerifier? = nil) async -> JWTError? {
        do {
            _ = try await (verifier ?? self.verifier()).verify(token)
            return nil
        } catch {
            return error
        }
    }

    @Test func signedTokenVerifiesAndReturnsItsClaims() async throws {
        let claims = claims()
        let token = try signer.sign(claims)
        #expect(try await verifier().verify(token) == claims)
    }

    @Test func headerNamesEdDSATypeAndKeyID() throws {
        let token = try signer.sign(claims())
        let header = try Base64URL.decode(String(token.split(separator: ".")[0]))
        #expect(String(decoding: header, as: UTF8.self) == #"{"alg":"EdDSA","kid":"2025-06","typ":"JWT"}"#)
    }

    @Test func payloadUsesRegisteredClaimNamesAndNumericDates() throws {
        let token = try signer.sign(claims())
        let payload = try Base64URL.decode(String(token.split(separator: ".")[1]))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any])
        #expect(object["exp"] as? Int == 1_750_000_900)
        #expect(object["iat"] as? Int == 1_750_000_000)
        #expect(object["aud"] as? String == audience)
        #expect(object["approved"] as? Bool == true)
        #expect(object["role"] as? String == "instructor")
        #expect(object["jti"] as? String == "token-1")
    }

    @Test func algNoneIsRejected() async throws {
        let payload = Base64URL.encode(Array(try payloadJSON(claims()).utf8))
        let header = Base64URL.encode(Array(#"{"alg":"none","kid":"2025-06","typ":"JWT"}"#.utf8))
        #expect(await rejection("\(header).\(payload).") == .unsupportedAlgorithm)
        #expect(await rejection("\(header).\(payload)") == .malformed)
    }

    @Test func hs256SignedWithThePublicKeyIsRejected() async throws {
        let header = Base64URL.encode(Array(#"{"alg":"HS256","kid":"2025-06","typ":"JWT"}"#.utf8))
        let input = header + "." + Base64URL.encode(Array(try payloadJSON(claims()).utf8))
        for secret in [key.publicKey.rawRepresentation, Array(try key.publicKey.pemRepresentation.utf8)] {
            let tag = HMACSHA256.authenticationCode(for: Array(input.utf8), key: secret)
            #expect(await rejection(input + "." + Base64URL.encode(tag)) == .unsupportedAlgorithm)
        }
    }

    @Test(arguments: ["RS256", "ES256", "eddsa", "EdDSA ", "Ed25519", ""])
    func everyOtherAlgorithmIsRejected(_ algorithm: String) async throws {
        let token = try handMadeToken(
            header: #"{"alg":"\#(algorithm)","kid":"2025-06"}"#, payload: try payloadJSON(claims()))
        #expect(await rejection(token) == .unsupportedAlgorithm)
    }

    @Test func unknownKeyIDIsRejected() async throws {
        let token = try JWTSigner(privateKey: key, keyID: "2024-01").sign(claims())
        #expect(await rejection(token) == .unknownKeyID)
    }

    @Test func missingKeyIDIsRejected() async throws {
        let token = try handMadeToken(header: #"{"alg":"EdDSA","typ":"JWT"}"#, payload: try payloadJSON(claims()))
        #expect(await rejection(token) == .missingKeyID)
    }

    @Test func signatureByAnotherKeyUnderAKnownKeyIDIsRejected() async throws {
        let token = try JWTSigner(privateKey: try Ed25519PrivateKey(), keyID: "2025-06").sign(claims())
        #expect(await rejection(token) == .invalidSignature)
    }

    @Test func embeddedKeyHeadersAreIgnored() async throws {
        let attacker = try Ed25519PrivateKey()
        let jwk = String(
            decoding: try JSONEncoder().encode(JSONWebKey(publicKey: attacker.publicKey, keyID: "x")),
            as: UTF8.self)
        let header = #"{"alg":"EdDSA","kid":"2025-06","jwk":\#(jwk),"jku":"https://evil.test/jwks.json"}"#
        let token = try handMadeToken(header: header, payload: try payloadJSON(claims()), signingKey: attacker)
        #expect(await rejection(token) == .invalidSignature)
    }

    @Test func expiredTokenIsRejectedAfterTheLeeway() async throws {
        #expect(await rejection(try signer.sign(claims(expiresIn: -31))) == .expired)
        #expect(await rejection(try signer.sign(claims(expiresIn: -29))) == nil)
    }

    @Test func tokenWithoutExpiryIsRejected() async throws {
        var claims = claims()
        claims.expiresAt = nil
        #expect(await rejection(try signer.sign(claims)) == .missingExpiration)
    }

    @Test func notYetValidTokenIsRejectedBeyondTheLeeway() async throws {
        #expect(await rejection(try signer.sign(claims(notBefore: now.addingTimeInterval(60)))) == .notYetValid)
        #expect(await rejection(try signer.sign(claims(notBefore: now.addingTimeInterval(20)))) == nil)
    }

    @Test func tokenIssuedInTheFutureIsRejected() async throws {
        #expect(await rejection(try signer.sign(claims(issuedAt: now.addingTimeInterval(120)))) == .issuedInFuture)
    }

    @Test func wrongAudienceIsRejected() async throws {
        #expect(await rejection(try signer.sign(claims(audience: ["billing-admin"]))) == .invalidAudience)
        #expect(await rejection(try signer.sign(claims(audience: []))) == .invalidAudience)
        #expect(await rejection(try signer.sign(claims(audience: ["other", audience]))) == nil)
    }

    @Test func wrongIssuerIsRejected() async throws {
        #expect(await rejection(try signer.sign(claims(issuer: "https://evil.test"))) == .invalidIssuer)
    }

    @Test func tamperedPayloadIsRejected() async throws {
        let token = try signer.sign(claims())
        let parts = token.split(separator: ".").map(String.init)
        var forged = claims()
        forged.role = "admin"
        let payload = Base64URL.encode(Array(try payloadJSON(forged).utf8))
        #expect(await rejection("\(parts[0]).\(payload).\(parts[2])") == .invalidSignature)
    }

    @Test func truncatedTokensAreRejected() async throws {
        let token = try signer.sign(claims())
        let lastDot = try #require(token.lastIndex(of: "."))
        #expect(await rejection(String(token[..<lastDot])) == .malformed)
        #expect(await rejection(String(token.dropLast(2))) == .invalidSignature)
        #expect(await rejection(String(token.dropLast(1))) == .malformed)
        #expect(await rejection("") == .malformed)
        #expect(await rejection("..") == .malformed)
    }

    @Test func hugeTokenIsRejectedBeforeParsing() async throws {
        var claims = claims()
        claims.subject = String(repeating: "a", count: 9000)
        #expect(await rejection(try signer.sign(claims)) == .tokenTooLarge)
        #expect(await rejection(String(repeating: "!", count: 8193)) == .tokenTooLarge)
    }

    @Test func criticalHeaderAndForeignTypeAreRejected() async throws {
        let payload = try payloadJSON(claims())
        let critical = try handMadeToken(header: #"{"alg":"EdDSA","kid":"2025-06","crit":["exp"]}"#, payload: payload)
        #expect(await rejection(critical) == .unsupportedCriticalHeader)
        let typed = try handMadeToken(header: #"{"alg":"EdDSA","kid":"2025-06","typ":"dpop+jwt"}"#, payload: payload)
        #expect(await rejection(typed) == .unsupportedType)
    }

    @Test func verifiesTheRFC8037ExampleSignature() throws {
        // RFC 8037 §A.4: JWS with {"alg":"EdDSA"} over "Example of Ed25519 signing" using the §A.1 key.
        let key = try Ed25519PrivateKey(
            rawRepresentation: Base64URL.decode("nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"))
        #expect(Base64URL.encode(key.publicKey.rawRepresentation) == "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo")
        let input = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc"
        let expected = "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"
        #expect(Base64URL.encode(try key.signature(for: Array(input.utf8))) == expected)
        #expect(key.publicKey.isValidSignature(try Base64URL.decode(expected), for: Array(input.utf8)))
    }

    @Test func errorsHaveDistinctStableCodes() {
        let errors: [JWTError] = [
            .tokenTooLarge, .malformed, .unsupportedAlgorithm, .unsupportedType, .unsupportedCriticalHeader,
            .missingKeyID, .unknownKeyID, .invalidSignature, .missingExpiration, .expired, .notYetValid,
            .issuedInFuture, .invalidIssuer, .invalidAudience,
        ]
        #expect(Set(errors.map(\.code)).count == errors.count)
        #expect(JWTError.expired.code == "token_expired")
    }
}
