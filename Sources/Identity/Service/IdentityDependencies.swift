import Crypto
import HTTP
import Logging
import Postgres
import ServiceKit

/// Everything the identity routes need, built once by `main` (or a test) and passed in.
public struct IdentityDependencies: Sendable {
    /// The shared settings.
    public var configuration: ServiceConfiguration
    /// The service's own settings.
    public var settings: IdentitySettings
    /// The database pool (schema `identity`).
    public var pool: PostgresPool
    /// Knows the migrations, for `/readyz`.
    public var migrator: Migrator
    /// Signing and published keys.
    public var keys: SigningKeys
    /// Password hashing.
    public var hasher: PasswordHasher
    /// Metrics registry.
    public var metrics: PrometheusMetrics
    /// The logger.
    public var logger: Logger
    /// Id generator.
    public var ids: UUIDv7Generator

    /// Assembles the dependencies.
    public init(
        configuration: ServiceConfiguration, settings: IdentitySettings, pool: PostgresPool, migrator: Migrator,
        keys: SigningKeys, hasher: PasswordHasher, metrics: PrometheusMetrics = PrometheusMetrics(),
        logger: Logger, ids: UUIDv7Generator = UUIDv7Generator()
    ) {
        self.configuration = configuration
        self.settings = settings
        self.pool = pool
        self.migrator = migrator
        self.keys = keys
        self.hasher = hasher
        self.metrics = metrics
        self.logger = logger
        self.ids = ids
    }

    var users: UserStore { UserStore(pool: pool, ids: ids) }
    var tokens: TokenStore { TokenStore(pool: pool, ids: ids) }
    var mail: MailOutboxStore { MailOutboxStore(pool: pool, ids: ids) }
    var admin: AdminStore { AdminStore(pool: pool, ids: ids) }
    var digest: SecretDigest { SecretDigest(pepper: settings.tokenPepper) }
    var limiter: RateLimiter { RateLimiter(pool: pool) }
    var passwords: Passwords { Passwords(hasher: hasher, metrics: metrics) }
    var issuer: TokenIssuer {
        TokenIssuer(
            keys: keys, issuer: configuration.jwtIssuer, audience: configuration.jwtAudience,
            lifetime: settings.accessTokenLifetime)
    }
    var verifier: JWTVerifier {
        JWTVerifier(
            keys: keys.verificationKeys, issuer: configuration.jwtIssuer, audience: configuration.jwtAudience)
    }
    var authenticator: Authenticator { Authenticator(dependencies: self) }
}
