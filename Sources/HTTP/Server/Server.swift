import IO
import Synchronization

/// An HTTP/1.1 server on the IO module's event loops.
///
/// Each loop has its own listening socket on the shared port (`SO_REUSEPORT`) and parses, frames and
/// writes on its thread; handlers run as Swift tasks.
///
/// ```swift
/// let server = Server(configuration: .init(port: 8080), responder: router)
/// try server.start()
/// await ShutdownSignal.wait()
/// await server.shutdown()
/// ```
public final class Server: Sendable {
    private enum Phase {
        case idle, running, stopping, stopped
    }

    private let configuration: ServerConfiguration
    private let responder: any Responder
    private let group: EventLoopGroup?
    private let ownedGroup: Mutex<EventLoopGroup?>
    private let shared: ServerShared
    private let phase = Mutex(Phase.idle)
    private let loops = Mutex<[ServerLoop]>([])
    private let boundPort = Atomic<UInt16>(0)

    /// Creates a server answering with `responder`.
    ///
    /// - Parameter eventLoopGroup: loops to run on (shared with other clients of the IO module); when
    ///   `nil` the server starts `loopCount` loops of its own and stops them on shutdown.
    public init(
        configuration: ServerConfiguration = ServerConfiguration(), responder: some Responder,
        eventLoopGroup: EventLoopGroup? = nil, loopCount: Int = EventLoopGroup.coreCount
    ) {
        self.configuration = configuration
        self.responder = responder
        self.shared = ServerShared(configuration: configuration)
        if let eventLoopGroup {
            group = eventLoopGroup
            ownedGroup = Mutex(nil)
        } else {
            group = nil
            ownedGroup = Mutex(try? EventLoopGroup(loopCount: loopCount))
        }
    }

    /// The port the server listens on (useful with port 0); 0 before `start()`.
    public var port: UInt16 { boundPort.load(ordering: .acquiring) }

    /// The number of open connections.
    public var connectionCount: Int { shared.openConnections.load(ordering: .relaxed) }

    /// Binds the port and starts accepting connections; fails if the port is taken.
    public func start() throws {
        System.ignoreSIGPIPE()
        guard let group = group ?? ownedGroup.withLock({ $0 }) else {
            throw IOError(call: "epoll_create1", errno: 24)
        }
        try phase.withLock { phase in
            guard phase == .idle else { throw ServerError.alreadyStarted }
            phase = .running
        }
        guard let address = SocketAddress(ipAddress: configuration.host, port: configuration.port) else {
            throw ServerError.invalidHost
        }
        // One listening socket, accepted on the first loop and handed out round-robin. (One socket per loop
        // with SO_REUSEPORT would skip the hand-off, but would also let a second process bind the same port
        // silently and take half the traffic.)
        let listener: Int32
        do {
            listener = try System.listen(on: address, backlog: configuration.backlog)
            boundPort.store(try System.localAddress(listener).port, ordering: .releasing)
        } catch {
            phase.withLock { $0 = .idle }
            throw error
        }
        let serverLoops = group.loops.map { ServerLoop(loop: $0, responder: responder, shared: shared) }
        for serverLoop in serverLoops {
            serverLoop.peers = serverLoops
            serverLoop.loop.execute { serverLoop.start(listener: serverLoop === serverLoops[0] ? listener : nil) }
        }
        loops.withLock { $0 = serverLoops }
    }

    /// Stops gracefully: no new connections, idle ones close, in-flight requests finish within the
    /// configured grace period; then everything still open is closed.
    public func shutdown() async {
        let (proceed, neverStarted) = phase.withLock { phase in
            switch phase {
            case .running:
                phase = .stopping
                return (true, false)
            case .idle:
                phase = .stopped
                return (false, true)
            case .stopping, .stopped:
                return (false, false)
            }
        }
        if neverStarted {
            ownedGroup.withLock { $0 }?.shutdown()
            return
        }
        guard proceed else {
            while phase.withLock({ $0 }) == .stopping { try? await Task.sleep(for: .milliseconds(10)) }
            return
        }
        let serverLoops = loops.withLock { $0 }
        for serverLoop in serverLoops { serverLoop.loop.execute { serverLoop.drain() } }
        let deadline = ContinuousClock.now + configuration.shutdownGracePeriod
        while shared.openConnections.load(ordering: .relaxed) > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        for serverLoop in serverLoops {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                serverLoop.loop.execute {
                    serverLoop.closeAll()
                    continuation.resume()
                }
            }
        }
        if let owned = ownedGroup.withLock({ $0 }) { owned.shutdown() }
        loops.withLock { $0 = [] }
        phase.withLock { $0 = .stopped }
    }

    /// Starts, serves until SIGTERM or SIGINT, then shuts down gracefully.
    public func run() async throws {
        let signals = ShutdownSignal()
        try start()
        await signals.wait()
        await shutdown()
    }
}

/// Why a server could not start.
public struct ServerError: Error, CustomStringConvertible, Sendable, Equatable {
    private enum Kind: Sendable, Equatable {
        case alreadyStarted, invalidHost
    }
    private let kind: Kind

    /// `start()` was called twice.
    public static let alreadyStarted = ServerError(kind: .alreadyStarted)
    /// The configured host is not a numeric IP address.
    public static let invalidHost = ServerError(kind: .invalidHost)

    /// A short explanation.
    public var description: String {
        switch kind {
        case .alreadyStarted: "the server has already been started"
        case .invalidHost: "the host must be a numeric IPv4 or IPv6 address"
        }
    }
}
