import Contracts
import Foundation
import HTTP
import Postgres

/// `/v1/admin/<service>/events*`: what the outbox dispatcher is doing, for admins. Lists deliveries by status
/// and topic, and replays an event (after a subscriber's bug is fixed, a dead-lettered delivery is sent again).
public struct OutboxAdminRoutes: Sendable {
    let store: OutboxDeliveryStore
    let service: String

    /// Creates the routes for `service` (the path segment after `/v1/admin/`) over `pool`'s outbox.
    public init(pool: PostgresPool, service: String) {
        self.store = OutboxDeliveryStore(pool: pool)
        self.service = service
    }

    /// The documented operations, for the service's `OpenAPIDocument`.
    public static func operations(service: String) -> [OpenAPIOperation] {
        [
            OpenAPIOperation(
                .get, "/v1/admin/\(service)/events", "Event deliveries, newest event first", tag: "admin",
                response: Page<OutboxDelivery>.self,
                requiresAuthentication: true,
                queryParameters: [
                    .oneOf("status", OutboxDelivery.Status.allCases.map(\.rawValue)), .text("topic", maximum: 100),
                    .limit(), .cursor,
                ]),
            OpenAPIOperation(
                .post, "/v1/admin/\(service)/events/{eventId}/replay",
                "Send an event again (to one subscriber with ?subscriber=)", tag: "admin",
                response: ReplayResponse.self,
                requiresAuthentication: true, queryParameters: [.text("subscriber", maximum: 63)],
                pathParameters: [OpenAPIParameter("eventId", OpenAPIParameter.id("eventId").schema, in: "path")]),
        ]
    }

    /// The answer to a replay.
    struct ReplayResponse: Codable {
        var eventId: String
        var replayed: Int
    }

    /// Adds the routes behind `authenticated`; the caller must be an admin (403 otherwise).
    public func add(to router: inout Router, authenticated: any Middleware) {
        let store = store
        let adminOnly = RoleMiddleware(.admin)
        router.group("/v1/admin/\(service)/events", middleware: [authenticated, adminOnly]) { events in
            events.get("") { request, _ in
                let page = try PageRequest<OutboxDeliveryStore.DeliveryKey>(request)
                var errors = FieldErrors()
                var status: OutboxDelivery.Status?
                if let text = request.queryParameter("status") {
                    status = OutboxDelivery.Status(rawValue: text)
                    errors.check(status != nil, "status", "must be pending, delivered or dead")
                }
                let topic = request.queryParameter("topic").flatMap { $0.isEmpty ? nil : $0 }
                errors.check((topic?.unicodeScalars.count ?? 0) <= 100, "topic", "must be at most 100 characters")
                try errors.throwIfAny()
                let deliveries = try await store.list(
                    status: status, topic: topic, after: page.cursor?.key, limit: page.fetchLimit)
                return try .json(
                    Page(fetched: deliveries, limit: page.limit) { delivery in
                        OutboxDeliveryStore.DeliveryKey(
                            eventId: UUID(uuidString: delivery.eventId) ?? UUID(), subscriber: delivery.subscriber)
                    })
            }
            events.post(":eventId/replay") { request, context in
                guard let eventID = context.parameters["eventId"].flatMap(UUID.init(uuidString:)) else {
                    throw ServiceError.notFound
                }
                let subscriber = request.queryParameter("subscriber").flatMap { $0.isEmpty ? nil : $0 }
                if let subscriber, subscriber.unicodeScalars.count > 63 {
                    throw RequestError.validation([
                        FieldError(field: "subscriber", message: "must be at most 63 characters")
                    ])
                }
                let count = try await store.replay(eventID: eventID, subscriber: subscriber)
                guard count > 0 else { throw ServiceError.notFound }
                context.logger.info(
                    "event replayed",
                    [
                        "eventId": eventID.lowercased, "subscriber": subscriber ?? "*",
                        "deliveries": count,
                        "by": (try? context.requirePrincipal().userID.lowercased) ?? "",
                    ])
                return try .json(ReplayResponse(eventId: eventID.lowercased, replayed: count))
            }
        }
    }
}
