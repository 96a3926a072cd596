import Crypto
import HTTP
import IO
import Logging
import Postgres

/// What the kit opens for a service before the service builds itself on it: the configuration and settings,
/// event loops, the pool and migrator of the service's schema, an HTTP client, metrics, a logger and ids.
/// `ServiceLauncher` makes one from the environment; a test makes one on its own schema.
public struct ServiceContext<Settings: Sendable>: Sendable {
    /// The shared settings.
    public var configuration: ServiceConfiguration
    /// The service's own settings.
    public var settings: Settings
    /// The event loops of the server, the pool and the client.
    public var group: EventLoopGroup
    /// The pool of the service's schema.
    public var pool: PostgresPool
    /// The migrations of the service's schema.
    public var migrator: Migrator
    /// Calls other services and delivers events.
    public var client: HTTPClient
    /// The metrics registry.
    public var metrics: PrometheusMetrics
    /// The logger.
    public var logger: Logger
    /// The id generator.
    public var ids: UUIDv7Generator

    /// Assembles a context.
    public init(
        configuration: ServiceConfiguration, settings: Settings, group: EventLoopGroup, pool: PostgresPool,
        migrator: Migrator, client: HTTPClient, metrics: PrometheusMetrics = PrometheusMetrics(), logger: Logger,
        ids: UUIDv7Generator = UUIDv7Generator()
    ) {
        self.configuration = configuration
        self.settings = settings
        self.group = group
        self.pool = pool
        self.migrator = migrator
        self.client = client
        self.metrics = metrics
        self.logger = logger
        self.ids = ids
    }
}

extension ServiceContext {
    /// A verifier of access tokens signed with the issuer's published keys at `jwksURL` (fetched with the
    /// context's client, cached, fetched again for an unknown key id), for this deployment's issuer and audience.
    public func remoteVerifier(jwksURL: String) -> JWTVerifier {
        JWTVerifier(
            keys: RemoteKeySet.make(url: jwksURL, client: client), issuer: configuration.jwtIssuer,
            audience: configuration.jwtAudience)
    }
}
