import Foundation
import HTTP
import Logging
import Postgres

/// The settings every service shares, read from `<SERVICE>_…` and `CAMPUS_…` variables.
///
/// | variable | default |
/// |---|---|
/// | `<SERVICE>_HOST` | `127.0.0.1` |
/// | `<SERVICE>_PORT` | the service's dev port |
/// | `<SERVICE>_DATABASE_URL` | the dev cluster of `make up` (`postgres://<service>:<service>-dev-password@127.0.0.1:55432/campus`) |
/// | `<SERVICE>_DATABASE_POOL_SIZE` | 10 |
/// | `<SERVICE>_LOG_LEVEL` | `info` |
/// | `CAMPUS_JWT_ISSUER` | `campus-identity` |
/// | `CAMPUS_JWT_AUDIENCE` | `campus` |
/// | `CAMPUS_SERVICE_SECRET` | a dev secret (≥ 32 characters); signs `/internal` calls between services |
/// | `<SERVICE>_EVENT_SUBSCRIBERS` | none; `name url topic,topic…` entries separated by `;` (`EventSubscription`) |
/// | `<SERVICE>_OUTBOX_…` | see `OutboxSettings` |
public struct ServiceConfiguration: Sendable {
    /// The service's name, which is also its schema and the prefix of its variables.
    public var service: String
    /// The listen address.
    public var host: String
    /// The listen port.
    public var port: UInt16
    /// The connection string of the service's database role.
    public var databaseURL: String
    /// The most pooled connections.
    public var poolSize: Int
    /// The lowest level logged.
    public var logLevel: Logger.Level
    /// The `iss` of access tokens.
    public var jwtIssuer: String
    /// The `aud` of access tokens.
    public var jwtAudience: String
    /// The secret shared by the services, which signs and checks their `/internal` calls.
    public var serviceSecret: [UInt8]
    /// The services this one's events go to.
    public var subscriptions: [EventSubscription]
    /// How the outbox dispatcher delivers them.
    public var outbox: OutboxSettings

    /// Creates a configuration directly (tests).
    public init(
        service: String, host: String = "127.0.0.1", port: UInt16 = 0, databaseURL: String, poolSize: Int = 10,
        logLevel: Logger.Level = .info, jwtIssuer: String = "campus-identity", jwtAudience: String = "campus",
        serviceSecret: [UInt8] = Array(ServiceConfiguration.developmentServiceSecret.utf8),
        subscriptions: [EventSubscription] = [], outbox: OutboxSettings = OutboxSettings()
    ) {
        self.service = service
        self.host = host
        self.port = port
        self.databaseURL = databaseURL
        self.poolSize = poolSize
        self.logLevel = logLevel
        self.jwtIssuer = jwtIssuer
        self.jwtAudience = jwtAudience
        self.serviceSecret = serviceSecret
        self.subscriptions = subscriptions
        self.outbox = outbox
    }

    /// The secret used when `CAMPUS_SERVICE_SECRET` is not set (development only).
    public static let developmentServiceSecret = "campus-dev-service-secret-not-for-production"

    /// Reads the shared settings of `service`; problems are collected in `reader`.
    public init(service: String, defaultPort: UInt16, reader: inout ConfigurationReader) {
        let prefix = service.uppercased() + "_"
        self.service = service
        host = reader.string(prefix + "HOST", default: "127.0.0.1")
        port = reader.port(prefix + "PORT", default: defaultPort, allowsZero: true)
        databaseURL = reader.string(
            prefix + "DATABASE_URL", default: "postgres://\(service):\(service)-dev-password@127.0.0.1:55432/campus")
        if let problem = PostgresConfiguration.validate(databaseURL) {
            reader.report(prefix + "DATABASE_URL", problem)
        }
        poolSize = reader.int(prefix + "DATABASE_POOL_SIZE", default: 10, range: 1...500)
        let level = reader.choice(prefix + "LOG_LEVEL", ["debug", "info", "warning", "error"], default: "info")
        logLevel = Logger.Level(name: level) ?? .info
        jwtIssuer = reader.string("CAMPUS_JWT_ISSUER", default: "campus-identity")
        jwtAudience = reader.string("CAMPUS_JWT_AUDIENCE", default: "campus")
        let secret = reader.string("CAMPUS_SERVICE_SECRET", default: Self.developmentServiceSecret)
        if secret.utf8.count < 32 { reader.report("CAMPUS_SERVICE_SECRET", "must be at least 32 characters") }
        serviceSecret = Array(secret.utf8)
        do {
            subscriptions = try EventSubscription.parseList(reader.optionalString(prefix + "EVENT_SUBSCRIBERS") ?? "")
        } catch {
            for problem in error.problems { reader.report(prefix + "EVENT_SUBSCRIBERS", problem) }
            subscriptions = []
        }
        outbox = OutboxSettings(service: service, reader: &reader)
    }

    /// The pool settings for this service's schema.
    public var postgresConfiguration: PostgresConfiguration {
        var configuration = PostgresConfiguration(databaseURL, applicationName: service)
        configuration.statementTimeout = .seconds(15)
        return configuration
    }

    /// This service's credential for `/internal` calls, made and checked with the shared secret.
    public var credential: ServiceCredential { ServiceCredential(service: service, secret: serviceSecret) }

    /// A logger for this service.
    public var logger: Logger { Logger(service: service, minimumLevel: logLevel) }
}
