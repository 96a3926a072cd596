import Crypto
import HTTP
import Logging
import Postgres

/// A Campus service as the kit runs it: what it is called, how it reads its settings, and — once built on the
/// pool, client and metrics the kit opened (`ServiceContext`) — its routes, its OpenAPI document, the events it
/// consumes, its background jobs and its demo data.
///
/// A service writes only what is its own; the kit does the rest the same way for every service:
/// - the command line (`serve`, `migrate up|down|status`, `seed`, `config check`, `--help` and the
///   service's `commands`) and the configuration (every bad variable named, status 78) — `main`;
/// - the router: the standard middleware first, the service's routes, then the event inbox, the outbox
///   administration, health, metrics and the document — `makeRouter()`;
/// - serving: the pool's gauges, the outbox dispatcher and the retention of the kit's tables beside the
///   service's own jobs, and an orderly shutdown (stop accepting, finish requests, stop jobs, close the pool).
public protocol Service: Sendable {
    /// The service's own settings, read from its variables.
    associatedtype Settings: Sendable

    /// The service's name: its program, its schema and the prefix of its variables (`identity`).
    static var name: String { get }
    /// The port it listens on unless `<NAME>_PORT` says otherwise.
    static var defaultPort: UInt16 { get }
    /// One line for the help text.
    static var summary: String { get }
    /// The help text's lines on the environment.
    static var environmentHelp: [String] { get }
    /// The service's own commands beside the kit's.
    static var commands: [ServiceCustomCommand<Self>] { get }
    /// Reads the service's settings; problems go into `reader`, which names them all at once.
    static func readSettings(_ reader: inout ConfigurationReader) -> Settings
    /// Where the service's migrations are, given its settings.
    static func migrationsDirectory(_ settings: Settings) -> String
    /// Builds the service on what the kit opened; called for every command that uses the database.
    static func make(_ context: ServiceContext<Settings>) async throws -> Self

    /// What the kit opened for the service.
    var context: ServiceContext<Settings> { get }
    /// Checks access tokens: the service's own keys (identity) or the issuer's published ones.
    var verifier: JWTVerifier { get }
    /// The service's OpenAPI document, served at `/openapi.json` and held against its routes by the tests.
    var document: OpenAPIDocument { get }
    /// The events the service consumes at `POST /internal/v1/events`, if any.
    var events: EventConsumer? { get }
    /// Adds the service's own routes; `guards` has the authentication and service-credential middleware.
    func addRoutes(to router: inout Router, guards: ServiceGuards)
    /// The service's own background jobs, run beside the kit's while it serves.
    var backgroundJobs: [BackgroundJob] { get }
    /// Runs before the server starts to listen (e.g. measure what needs measuring, add gauges).
    func prepareToServe() async throws
    /// Loads demo data (safe to run again); returns one line per thing created.
    func seed(environment: [String: String]) async throws -> [String]
}

/// Work a service runs while it serves, until it is cancelled at shutdown.
public typealias BackgroundJob = @Sendable () async -> Void

extension Service {
    public static var commands: [ServiceCustomCommand<Self>] { [] }
    public var events: EventConsumer? { nil }
    public var backgroundJobs: [BackgroundJob] { [] }
    public func prepareToServe() async throws {}
    public func seed(environment: [String: String]) async throws -> [String] { [] }

    /// The shared settings.
    public var configuration: ServiceConfiguration { context.configuration }
    /// The service's own settings.
    public var settings: Settings { context.settings }
    /// The pool of the service's schema.
    public var pool: PostgresPool { context.pool }
    /// The migrations of the service's schema (`/readyz` compares them with the database).
    public var migrator: Migrator { context.migrator }
    /// Calls other services and delivers events.
    public var client: HTTPClient { context.client }
    /// Calls other services' `/internal` routes with the service credential.
    public var internalClient: InternalClient { InternalClient(client: client, credential: configuration.credential) }
    /// The metrics registry.
    public var metrics: PrometheusMetrics { context.metrics }
    /// The logger.
    public var logger: Logger { context.logger }
    /// The id generator.
    public var ids: UUIDv7Generator { context.ids }
    /// Writes events in the caller's transaction.
    public var outbox: Outbox { Outbox(ids: ids) }

    /// The service's router, the same in `serve` and in the tests: the standard middleware first (logging,
    /// metrics, database errors, URL text), the service's routes, then the event inbox (if it consumes
    /// events), outbox administration, health, metrics and the OpenAPI document.
    public func makeRouter() -> Router {
        var router = Router(logger: logger)
        StandardMiddleware.add(to: &router, metrics: metrics)
        let guards = ServiceGuards(verifier: verifier, credential: configuration.credential)
        addRoutes(to: &router, guards: guards)
        events?.add(to: &router, internalOnly: guards.internalOnly)
        OutboxAdminRoutes(pool: pool, service: Self.name).add(to: &router, authenticated: guards.authenticated)
        HealthRoutes(pool: pool, migrator: migrator).add(to: &router)
        metrics.addRoute(to: &router)
        document.addRoute(to: &router)
        return router
    }
}
