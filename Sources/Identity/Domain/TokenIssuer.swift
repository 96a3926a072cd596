import Crypto
import Foundation

/// Issues access tokens: EdDSA JWTs carrying `sub`, `role`, `approved`, `iss`, `aud`, `iat`, `exp`, `jti`.
public struct TokenIssuer: Sendable {
    let keys: SigningKeys
    let issuer: String
    let audience: String
    let lifetime: Duration

    /// Creates an issuer.
    public init(keys: SigningKeys, issuer: String, audience: String, lifetime: Duration) {
        self.keys = keys
        self.issuer = issuer
        self.audience = audience
        self.lifetime = lifetime
    }

    /// Lifetime in whole seconds, for `expiresIn`.
    public var lifetimeSeconds: Int { Int(lifetime.components.seconds) }

    /// A signed access token for `user`.
    public func accessToken(for user: User) throws -> String {
        let now = Date()
        return try keys.signer.sign(
            JWTClaims(
                issuer: issuer, subject: user.id.lowercased, audience: [audience],
                expiresAt: now + TimeInterval(lifetimeSeconds), issuedAt: now, id: UUID().lowercased,
                role: user.role.rawValue, isApproved: user.isInstructorApproved))
    }
}
