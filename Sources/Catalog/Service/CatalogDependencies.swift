import Crypto
import HTTP
import Logging
import Postgres
import ServiceKit

/// Everything the catalog routes need, built once by `main` (or a test) and passed in.
public struct CatalogDependencies: Sendable {
    /// The shared settings.
    public var configuration: ServiceConfiguration
    /// The service's own settings.
    public var settings: CatalogSettings
    /// The database pool (schema `catalog`).
    public var pool: PostgresPool
    /// Knows the migrations, for `/readyz`.
    public var migrator: Migrator
    /// Checks access tokens (identity's keys, from its JWKS).
    public var verifier: JWTVerifier
    /// Calls other services (identity's internal user lookup, event delivery).
    public var client: HTTPClient
    /// Metrics registry.
    public var metrics: PrometheusMetrics
    /// The logger.
    public var logger: Logger
    /// Id generator.
    public var ids: UUIDv7Generator

    /// Assembles the dependencies.
    public init(
        configuration: ServiceConfiguration, settings: CatalogSettings, pool: PostgresPool, migrator: Migrator,
        verifier: JWTVerifier, client: HTTPClient, metrics: PrometheusMetrics = PrometheusMetrics(), logger: Logger,
        ids: UUIDv7Generator = UUIDv7Generator()
    ) {
        self.configuration = configuration
        self.settings = settings
        self.pool = pool
        self.migrator = migrator
        self.verifier = verifier
        self.client = client
        self.metrics = metrics
        self.logger = logger
        self.ids = ids
    }

    var outbox: Outbox { Outbox(ids: ids) }
}
