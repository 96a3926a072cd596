import IO
import Synchronization

/// What every loop of a server shares: settings and the open-connection count.
final class ServerShared: Sendable {
    let configuration: ServerConfiguration
    let limits: ConnectionStateMachine.Limits
    let sweepInterval: Duration
    let openConnections = Atomic<Int>(0)

    init(configuration: ServerConfiguration) {
        self.configuration = configuration
        limits = ConnectionStateMachine.Limits(
            headTimeout: configuration.headTimeout.nanoseconds,
            bodyTimeout: configuration.bodyTimeout.nanoseconds,
            idleTimeout: configuration.idleTimeout.nanoseconds,
            writeTimeout: configuration.writeTimeout.nanoseconds,
            minimumBodyBytesPerSecond: configuration.minimumBodyBytesPerSecond,
            maxRequestsPerConnection: configuration.maxRequestsPerConnection)
        // Deadlines are checked by a sweep; a quarter of the shortest timeout keeps them reasonably exact.
        let shortest = [
            configuration.headTimeout, configuration.bodyTimeout, configuration.idleTimeout, configuration.writeTimeout,
        ].min()!
        sweepInterval = max(.milliseconds(5), min(.milliseconds(250), shortest / 4))
    }
}
