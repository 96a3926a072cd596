import HTTP
import IO
import Logging
import Postgres

/// Runs a service's HTTP server with graceful shutdown: on SIGTERM or SIGINT it stops accepting, lets
/// in-flight requests finish, stops background jobs, then closes the database pool.
public struct ServiceServer: Sendable {
    let configuration: ServiceConfiguration
    let group: EventLoopGroup

    /// Creates a runner on `group`.
    public init(configuration: ServiceConfiguration, group: EventLoopGroup) {
        self.configuration = configuration
        self.group = group
    }

    /// Serves `responder` until a shutdown signal; `background` runs beside it and is cancelled at shutdown.
    public func run(
        responder: RouterResponder, pool: PostgresPool, logger: Logger,
        background: [@Sendable () async -> Void] = []
    ) async throws {
        let signals = ShutdownSignal()
        let server = Server(
            configuration: ServerConfiguration(host: configuration.host, port: configuration.port),
            responder: responder, eventLoopGroup: group)
        try server.start()
        logger.info("listening", ["host": configuration.host, "port": Int(server.port)])
        let jobs = background.map { job in Task { await job() } }
        let signal = await signals.wait()
        logger.info("shutting down", ["signal": Int(signal)])
        await server.shutdown()
        for job in jobs { job.cancel() }
        for job in jobs { await job.value }
        await pool.close()
        logger.info("stopped")
    }
}
