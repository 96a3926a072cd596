import Crypto
import HTTP
import Logging
import Postgres
import ServiceKit

/// The identity service: what the kit opened (`context`), its keys and its password hasher, and the stores and
/// flows its routes use, built on them.
public struct IdentityService: Sendable {
    /// What the kit opened: configuration, settings, pool, client, metrics, logger, ids.
    public let context: ServiceContext<IdentitySettings>
    /// Signing and published keys.
    public var keys: SigningKeys
    /// Password hashing.
    public var hasher: PasswordHasher

    /// Assembles the service.
    public init(context: ServiceContext<IdentitySettings>, keys: SigningKeys, hasher: PasswordHasher) {
        self.context = context
        self.keys = keys
        self.hasher = hasher
    }

    var users: UserStore { UserStore(pool: pool, ids: ids) }
    var tokens: TokenStore { TokenStore(pool: pool, ids: ids) }
    var mail: MailOutboxStore { MailOutboxStore(pool: pool, ids: ids) }
    var admin: AdminStore { AdminStore(pool: pool, ids: ids) }
    var digest: SecretDigest { SecretDigest(pepper: settings.tokenPepper) }
    var learning: LearningExports { LearningExports(client: internalClient, learningURL: settings.learningURL) }
    var limiter: RateLimiter { RateLimiter(pool: pool) }
    var passwords: Passwords { Passwords(hasher: hasher, metrics: metrics) }
    var issuer: TokenIssuer {
        TokenIssuer(
            keys: keys, issuer: configuration.jwtIssuer, audience: configuration.jwtAudience,
            lifetime: settings.accessTokenLifetime)
    }
    /// Checks access tokens with the service's own keys, the retired ones included.
    public var verifier: JWTVerifier {
        JWTVerifier(
            keys: keys.verificationKeys, issuer: configuration.jwtIssuer, audience: configuration.jwtAudience)
    }
    var authenticator: Authenticator {
        Authenticator(
            settings: settings, pool: pool, users: users, tokens: tokens, mail: mail, limiter: limiter,
            passwords: passwords, digest: digest, issuer: issuer)
    }
}
