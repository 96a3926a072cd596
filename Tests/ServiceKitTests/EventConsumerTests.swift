import Contracts
import Foundation
import HTTP
import Logging
import IO
import Postgres
import Testing
import TestSupport

@testable import ServiceKit

@Suite struct EventConsumerTests {
    struct Greeting: Codable, Sendable, Equatable {
        var name: String
        var times: Int
    }

    static let greeted = EventTopic<Greeting>("test.greeted")

    /// A consumer of `test.greeted` that keeps what its handler received, answering through a router as a
    /// service does.
    struct Consumer {
        let responder: RouterResponder
        let received: Locked<[Greeting]>
        let credential = ServiceCredential(
            service: "producer", secret: Array(ServiceConfiguration.developmentServiceSecret.utf8))

        init(pool: PostgresPool) {
            let received = Locked<[Greeting]>([])
            var consumer = EventConsumer(pool: pool)
            consumer.on(EventConsumerTests.greeted) { greeting, _, _ in received.withLock { $0.append(greeting) } }
            var router = Router(logger: Logger(service: "consumer", minimumLevel: .error, sink: { _ in }))
            consumer.add(to: &router, internalOnly: InternalOnlyMiddleware(credential: credential))
            self.responder = router.buildResponder()
            self.received = received
        }

        /// POSTs an event named `topic` carrying `payload` (JSON text); returns the status and the answer's
        /// `status` member.
        func deliver(_ topic: String, _ payload: String, id: UUID = UUID()) async -> (Int, String?) {
            let envelope = EventEnvelope(
                id: id, topic: topic, source: "producer", occurredAt: "2026-11-21T00:00:00Z",
                payload: Data(payload.utf8))
            let response = await responder.respond(
                to: Request(
                    method: .post, target: "/internal/v1/events",
                    headers: ["Content-Type": "application/json", "Authorization": credential.authorization()],
                    body: Array(envelope.jsonData())))
            let json = (try? JSONSerialization.jsonObject(with: Data(response.body.bytes ?? []))) as? [String: Any]
            return (response.status.code, json?["status"] as? String)
        }
    }

    func inboxCount(_ pool: PostgresPool) async throws -> Int {
        try await pool.query("SELECT count(*)::int8 FROM inbox")[0].decode(Int.self, at: 0)
    }

    @Test func aHandlerReceivesThePayloadDecodedAsItsTopicsType() async throws {
        let settings = PoolConfiguration(minConnections: 0, maxConnections: 2, acquireTimeout: .seconds(30))
        try await TestSchema.with(pool: settings) { pool, schema in
            try await TestSchema.applyKitMigrations(pool, schema: schema)
            let consumer = Consumer(pool: pool)
            let id = UUID()
            #expect(await consumer.deliver("test.greeted", #"{"name":"Ada","times":2}"#, id: id) == (200, "applied"))
            #expect(await consumer.deliver("test.greeted", #"{"name":"Ada","times":2}"#, id: id) == (200, "duplicate"))
            #expect(consumer.received.withLock { $0 } == [Greeting(name: "Ada", times: 2)])
            #expect(try await inboxCount(pool) == 1)
        }
    }

    @Test func aPayloadThatIsNotTheTopicsTypeFailsAndRecordsNothing() async throws {
        let settings = PoolConfiguration(minConnections: 0, maxConnections: 2, acquireTimeout: .seconds(30))
        try await TestSchema.with(pool: settings) { pool, schema in
            try await TestSchema.applyKitMigrations(pool, schema: schema)
            let consumer = Consumer(pool: pool)
            let id = UUID()
            // Not applied, so the producer keeps it and retries (a 5xx), as for any handler that fails.
            #expect(await consumer.deliver("test.greeted", #"{"name":"Ada","times":"twice"}"#, id: id).0 == 500)
            #expect(await consumer.deliver("test.greeted", #"{"courseId":"x"}"#).0 == 500)
            #expect(consumer.received.withLock { $0 }.isEmpty)
            #expect(try await inboxCount(pool) == 0)
            #expect(await consumer.deliver("test.greeted", #"{"name":"Ada","times":2}"#, id: id) == (200, "applied"))
        }
    }

    @Test func aTopicWithoutAHandlerIsIgnoredWhateverItsPayload() async throws {
        let settings = PoolConfiguration(minConnections: 0, maxConnections: 2, acquireTimeout: .seconds(30))
        try await TestSchema.with(pool: settings) { pool, schema in
            try await TestSchema.applyKitMigrations(pool, schema: schema)
            let consumer = Consumer(pool: pool)
            #expect(await consumer.deliver("test.unheard", #"{"anything":[1,2]}"#) == (200, "ignored"))
            #expect(try await inboxCount(pool) == 0)
        }
    }
}
