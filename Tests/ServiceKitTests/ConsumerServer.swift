import Contracts
import Foundation
import HTTP
import IO
import Logging
import Postgres
import TestSupport

@testable import ServiceKit

/// A consumer service on 127.0.0.1: `POST /internal/v1/events` through an `EventConsumer` whose handlers work in
/// the consumer's own schema. Every test topic carries `{"n": …}`. `test.counted` and `test.other` add 1 to the
/// event's row of `effects`; `test.rejected` is refused as invalid (400); `test.failing` fails (500); other
/// topics are ignored. Every POST is counted per event id, whatever its outcome. It can be stopped abruptly and
/// started again on the same port.
final class ConsumerServer: Sendable {
    let pool: PostgresPool
    let handlerDelay: Duration
    private let posts = Locked<[UUID: Int]>([:])
    private let envelopes = Locked<[UUID: EventEnvelope]>([:])
    private let server = Locked<Server?>(nil)
    private let boundPort = Locked<UInt16>(0)
    let credential = ServiceCredential(
        service: "consumer", secret: Array(ServiceConfiguration.developmentServiceSecret.utf8))

    init(pool: PostgresPool, handlerDelay: Duration = .zero) {
        self.pool = pool
        self.handlerDelay = handlerDelay
    }

    /// The port it listens on (kept when stopped, so it can start again there).
    var port: UInt16 { boundPort.withLock { $0 } }

    /// POSTs received per event id.
    var postCounts: [UUID: Int] { posts.withLock { $0 } }

    /// The last envelope received per event id.
    var lastEnvelopes: [UUID: EventEnvelope] { envelopes.withLock { $0 } }

    /// Starts listening, on the previous port if there was one (else any free one).
    func start() throws {
        let server = Server(
            configuration: ServerConfiguration(host: "127.0.0.1", port: port, shutdownGracePeriod: .zero),
            responder: makeRouter().buildResponder(), eventLoopGroup: TestSchema.group)
        try server.start()
        boundPort.withLock { $0 = server.port }
        self.server.withLock { $0 = server }
    }

    /// Stops at once: connections with requests in flight are closed without an answer.
    func stop() async {
        let running = server.withLock { server in
            defer { server = nil }
            return server
        }
        await running?.shutdown()
    }

    /// Rows of `effects`: how many times each event's effect was applied.
    func effects() async throws -> [UUID: Int] {
        Dictionary(
            uniqueKeysWithValues: try await pool.query("SELECT event_id, applied FROM effects").decode((UUID, Int).self)
                .map { ($0.0, $0.1) })
    }

    struct HandlerFailure: Error {}

    /// A test topic named `name`: its events carry `{"n": …}`.
    static func topic(_ name: String) -> EventTopic<[String: Int]> { EventTopic(name) }

    private func makeRouter() -> Router {
        var router = Router(logger: Logger(service: "consumer", minimumLevel: .error, sink: { _ in }))
        let (posts, envelopes) = (posts, envelopes)
        router.use(
            ClosureMiddleware { request, context, next in
                if let event = EventEnvelope(json: Data(request.body)) {
                    posts.withLock { $0[event.id, default: 0] += 1 }
                    envelopes.withLock { $0[event.id] = event }
                }
                return try await next(request, context)
            })
        let delay = handlerDelay
        let count: EventConsumer.Handler<[String: Int]> = { _, event, connection in
            if delay > .zero { try await Task.sleep(for: delay) }
            try await connection.execute(
                """
                INSERT INTO effects (event_id, applied) VALUES (\(event.id), 1)
                ON CONFLICT (event_id) DO UPDATE SET applied = effects.applied + 1
                """)
        }
        var consumer = EventConsumer(pool: pool)
        consumer.on(Self.topic("test.counted"), count)
        consumer.on(Self.topic("test.other"), count)
        consumer.on(Self.topic("test.rejected")) { _, _, _ in
            throw RequestError.validation([FieldError(field: "payload", message: "is not acceptable")])
        }
        consumer.on(Self.topic("test.failing")) { _, _, _ in throw HandlerFailure() }
        consumer.add(to: &router, internalOnly: InternalOnlyMiddleware(credential: credential))
        return router
    }
}
