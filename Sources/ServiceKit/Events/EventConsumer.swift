import Contracts
import Foundation
import HTTP
import Postgres

/// Receives events at `POST /internal/v1/events` and applies each at most once: the event id goes into the
/// `inbox` table in the same transaction as the handler's effect, so a redelivery (the producer retries until
/// it sees a 2xx) finds the id and changes nothing. Delivery is at-least-once, the effect exactly-once.
///
/// Handlers are registered per topic with `on(_:_:)` and receive the payload decoded as the topic's `Payload`.
///
/// Answers: 200 `{"status":"applied"}`, `{"status":"duplicate"}` or `{"status":"ignored"}` (no handler for
/// the topic); 400 for a malformed envelope; 5xx when the handler failed or the payload is not the topic's
/// (the producer retries).
public struct EventConsumer: Sendable {
    /// Applies one event of a topic whose events carry `Payload` on `connection`, inside the transaction that
    /// records it in the inbox: the decoded payload, the envelope it came in, and the connection.
    public typealias Handler<Payload> = @Sendable (Payload, EventEnvelope, PostgresConnection) async throws -> Void

    typealias Apply = @Sendable (EventEnvelope, PostgresConnection) async throws -> Void

    let pool: PostgresPool
    private(set) var handlers: [String: Apply] = [:]

    /// Creates a consumer without handlers; register one per topic it subscribes to with `on(_:_:)`.
    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Handles events of `topic` with `handler`, which receives their payload decoded as `Payload`. A topic has
    /// one handler.
    public mutating func on<Payload>(_ topic: EventTopic<Payload>, _ handler: @escaping Handler<Payload>) {
        precondition(handlers[topic.name] == nil, "\(topic.name) has a handler already")
        handlers[topic.name] = { event, connection in
            try await handler(try event.decode(Payload.self), event, connection)
        }
    }

    /// The outcome of receiving one event.
    public enum Outcome: String, Sendable {
        /// The effect was applied now.
        case applied
        /// The event was applied before; nothing changed.
        case duplicate
        /// No handler for the topic.
        case ignored
    }

    /// Applies `event` unless the inbox already has it.
    public func receive(_ event: EventEnvelope) async throws -> Outcome {
        guard let handler = handlers[event.topic] else { return .ignored }
        return try await pool.withTransaction { connection in
            let inserted = try await connection.query(
                """
                INSERT INTO inbox (event_id, source, topic) VALUES (\(event.id), \(event.source), \(event.topic))
                ON CONFLICT (event_id) DO NOTHING RETURNING event_id
                """)
            guard !inserted.isEmpty else { return .duplicate }
            try await handler(event, connection)
            return .applied
        }
    }

    /// The document's operation for the route `add(to:internalOnly:)` adds.
    public static let operations = [
        OpenAPIOperation(
            .post, "/internal/v1/events", "Receive an event, applied at most once (service credential)",
            tag: "internal", requiresServiceCredential: true, otherStatuses: [400])
    ]

    /// Adds `POST /internal/v1/events` behind `internalOnly` (the service-credential middleware).
    public func add(to router: inout Router, internalOnly: any Middleware) {
        let consumer = self
        router.group("/internal/v1/events", middleware: [internalOnly]) { events in
            events.post("") { request, _ in
                guard let event = EventEnvelope(json: Data(request.body)) else {
                    throw RequestError.validation([
                        FieldError(field: "body", message: "must be an event: id, topic, source, occurredAt, payload")
                    ])
                }
                let outcome = try await consumer.receive(event)
                return try .json(["status": outcome.rawValue])
            }
        }
    }
}
