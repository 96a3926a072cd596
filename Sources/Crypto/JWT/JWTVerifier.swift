import Foundation

/// Verifies EdDSA access tokens and returns their claims, or throws a `JWTError` naming the first failed check.
///
/// Checks, in order: size (before any parsing), shape, `alg` exactly `EdDSA`, `typ`, `crit`, `kid` known to the key
/// provider, the Ed25519 signature, then `exp` (required), `nbf` and `iat` with `leeway`, `iss` and `aud`.
/// Header members that point at other keys (`jku`, `x5u`, `jwk`, `x5c`) are ignored.
public struct JWTVerifier: Sendable {
    /// The default upper bound on a token's length in bytes.
    public static let defaultMaximumTokenBytes = 8 * 1024

    private let keys: any JWTKeyProvider
    private let issuer: String
    private let audience: String
    private let leeway: TimeInterval
    private let maximumTokenBytes: Int
    private let now: @Sendable () -> Date

    /// Creates a verifier.
    /// - Parameters:
    ///   - keys: where public keys are looked up by `kid`.
    ///   - issuer: the exact `iss` required.
    ///   - audience: the value `aud` must contain.
    ///   - leeway: clock skew tolerated on `exp`, `nbf` and `iat`.
    ///   - maximumTokenBytes: longer tokens are rejected before parsing.
    ///   - now: the clock, replaceable in tests.
    public init(
        keys: any JWTKeyProvider,
        issuer: String,
        audience: String,
        leeway: Duration = .seconds(30),
        maximumTokenBytes: Int = JWTVerifier.defaultMaximumTokenBytes,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.keys = keys
        self.issuer = issuer
        self.audience = audience
        let components = leeway.components
        self.leeway = TimeInterval(components.seconds) + TimeInterval(components.attoseconds) * 1e-18
        self.maximumTokenBytes = maximumTokenBytes
        self.now = now
    }

    /// Verifies `token` and returns its claims.
    /// - Throws: `JWTError` with the reason for rejection.
    public func verify(_ token: some StringProtocol) async throws(JWTError) -> JWTClaims {
        let bytes = Array(token.utf8)
        guard bytes.count <= maximumTokenBytes else { throw .tokenTooLarge }
        let segments = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard segments.count == 3 else { throw .malformed }

        let header: JWTHeader = try decodeJSON(segments[0])
        guard header.alg == JWTHeader.algorithm else { throw .unsupportedAlgorithm }
        if let type = header.typ, type.uppercased() != "JWT" { throw .unsupportedType }
        guard header.crit == nil else { throw .unsupportedCriticalHeader }
        guard let keyID = header.kid, !keyID.isEmpty else { throw .missingKeyID }
        guard let key = await keys.publicKey(forKeyID: keyID) else { throw .unknownKeyID }

        guard let signature = try? Base64URL.decode(utf8: segments[2]) else { throw .malformed }
        let signingInput = bytes[..<(segments[1].endIndex)]
        guard signature.count == 64, key.isValidSignature(signature, for: Array(signingInput)) else {
            throw .invalidSignature
        }

        let claims: JWTClaims = try decodeJSON(segments[1])
        try check(claims)
        return claims
    }

    private func check(_ claims: JWTClaims) throws(JWTError) {
        let now = now()
        guard let expiresAt = claims.expiresAt else { throw .missingExpiration }
        guard now < expiresAt.addingTimeInterval(leeway) else { throw .expired }
        if let notBefore = claims.notBefore, now.addingTimeInterval(leeway) < notBefore { throw .notYetValid }
        if let issuedAt = claims.issuedAt, now.addingTimeInterval(leeway) < issuedAt { throw .issuedInFuture }
        guard claims.issuer == issuer else { throw .invalidIssuer }
        guard let audiences = claims.audience, audiences.contains(audience) else { throw .invalidAudience }
    }

    private func decodeJSON<Value: Decodable>(_ segment: ArraySlice<UInt8>) throws(JWTError) -> Value {
        do {
            let json = try Base64URL.decode(utf8: segment)
            return try JSONDecoder().decode(Value.self, from: Data(json))
        } catch {
            throw .malformed
        }
    }
}
