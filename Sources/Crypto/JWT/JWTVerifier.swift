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
        let claims = try await JWSVerifier(keys: keys, type: "JWT", maximumBytes: maximumTokenBytes)
            .verify(token, as: JWTClaims.self)
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
}
