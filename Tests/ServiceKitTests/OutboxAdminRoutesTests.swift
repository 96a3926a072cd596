import Crypto
import Foundation
import HTTP
import Logging
import Testing

@testable import ServiceKit

@Suite(.serialized) struct OutboxAdminRoutesTests {
    let signer = JWTSigner(privateKey: try! Ed25519PrivateKey(), keyID: "k1")

    func token(role: String) throws -> String {
        try signer.sign(
            JWTClaims(
                issuer: "iss", subject: UUID().uuidString, audience: ["aud"], expiresAt: Date() + 60,
                issuedAt: Date(), role: role, isApproved: false))
    }

    func responder(_ h: EventsHarness) -> RouterResponder {
        var router = Router(logger: Logger(service: "producer", minimumLevel: .error, sink: { _ in }))
        let verifier = JWTVerifier(keys: JWTKeySet(["k1": signer.publicKey]), issuer: "iss", audience: "aud")
        OutboxAdminRoutes(pool: h.pool, service: "producer").add(
            to: &router, authenticated: AuthenticationMiddleware(verifier: verifier))
        return router.buildResponder()
    }

    func send(_ responder: RouterResponder, _ method: HTTPMethod, _ path: String, token: String?) async -> (
        status: Int, json: [String: Any]
    ) {
        var headers: HTTPHeaders = [:]
        if let token { headers.set("Authorization", "Bearer " + token) }
        let response = await responder.respond(to: Request(method: method, target: path, headers: headers))
        let json = (try? JSONSerialization.jsonObject(with: Data(response.body.bytes ?? []))) as? [String: Any]
        return (response.status.code, json ?? [:])
    }

    @Test func adminsListDeliveriesByStatusAndTopicPageByPage() async throws {
        try await EventsHarness.with { h in
            let delivered = try await h.append("test.counted", count: 3)
            let rejected = try await h.append("test.rejected")[0]
            try await h.dispatcher().runOnce()
            let pending = try await h.append("test.other")[0]
            #expect(
                try await OutboxDeliveryStore(pool: h.pool).publish(limit: 10, subscriptions: [h.subscription]) == 1)
            let routes = responder(h)
            let admin = try token(role: "admin")
            #expect(await send(routes, .get, "/v1/admin/producer/events", token: nil).status == 401)
            #expect(
                await send(routes, .get, "/v1/admin/producer/events", token: try token(role: "instructor")).status
                    == 403)
            let dead = await send(routes, .get, "/v1/admin/producer/events?status=dead", token: admin)
            let deadItems = dead.json["items"] as? [[String: Any]] ?? []
            #expect(deadItems.map { $0["eventId"] as? String } == [rejected.uuidString.lowercased()])
            #expect(deadItems.first?["subscriber"] as? String == "consumer")
            #expect(deadItems.first?["topic"] as? String == "test.rejected")
            #expect(deadItems.first?["attempts"] as? Int == 1 && deadItems.first?["deadAt"] is String)
            #expect((deadItems.first?["lastError"] as? String)?.hasPrefix("HTTP 400") == true)
            #expect(deadItems.first?["createdAt"] is String && deadItems.first?["nextAttemptAt"] is NSNull)
            #expect(deadItems.first?["deliveredAt"] is NSNull)
            let pendingPage = await send(routes, .get, "/v1/admin/producer/events?status=pending", token: admin)
            let pendingItem = (pendingPage.json["items"] as? [[String: Any]])?.first
            #expect(pendingItem?["nextAttemptAt"] is String && pendingItem?["status"] as? String == "pending")
            #expect(pendingItem?["attempts"] as? Int == 0 && pendingItem?["lastError"] is NSNull)
            #expect(
                (pendingPage.json["items"] as? [[String: Any]])?.map { $0["eventId"] as? String } == [
                    pending.uuidString.lowercased()
                ])
            let firstPage = await send(
                routes, .get, "/v1/admin/producer/events?status=delivered&topic=test.counted&limit=2", token: admin)
            let cursor = try #require(firstPage.json["nextCursor"] as? String)
            let secondPage = await send(
                routes, .get, "/v1/admin/producer/events?status=delivered&topic=test.counted&limit=2&cursor=\(cursor)",
                token: admin)
            let pages =
                ((firstPage.json["items"] as? [[String: Any]]) ?? [])
                + ((secondPage.json["items"] as? [[String: Any]]) ?? [])
            let newestFirst = delivered.map { $0.uuidString.lowercased() }.sorted(by: >)
            #expect(pages.compactMap { $0["eventId"] as? String } == newestFirst)
            #expect(secondPage.json["nextCursor"] is NSNull)
            #expect(await send(routes, .get, "/v1/admin/producer/events?status=lost", token: admin).status == 400)
            #expect(await send(routes, .get, "/v1/admin/producer/events?cursor=nonsense", token: admin).status == 400)
        }
    }

    @Test func adminsReplayAnEventToOneOrEverySubscriber() async throws {
        try await EventsHarness.with { h in
            let id = try await h.append("test.rejected")[0]
            try await h.dispatcher().runOnce()
            let routes = responder(h)
            let admin = try token(role: "admin")
            let path = "/v1/admin/producer/events/\(id.uuidString.lowercased())/replay"
            #expect(await send(routes, .post, path, token: try token(role: "student")).status == 403)
            #expect(await send(routes, .post, path + "?subscriber=nobody", token: admin).status == 404)
            #expect(await send(routes, .post, "/v1/admin/producer/events/\(UUID())/replay", token: admin).status == 404)
            #expect(await send(routes, .post, "/v1/admin/producer/events/not-an-id/replay", token: admin).status == 404)
            #expect(try await h.delivery(id)?.deadAt != nil)
            let replayed = await send(routes, .post, path + "?subscriber=consumer", token: admin)
            #expect(replayed.status == 200 && replayed.json["replayed"] as? Int == 1)
            let delivery = try #require(try await h.delivery(id))
            #expect(delivery.deadAt == nil && delivery.attempts == 0 && delivery.nextAttemptAt <= Date())
        }
    }

    @Test func theOperationsDocumentTheRoutes() async throws {
        try await EventsHarness.with { h in
            var router = Router()
            let verifier = JWTVerifier(keys: JWTKeySet(["k1": signer.publicKey]), issuer: "iss", audience: "aud")
            OutboxAdminRoutes(pool: h.pool, service: "producer").add(
                to: &router, authenticated: AuthenticationMiddleware(verifier: verifier))
            let document = OpenAPIDocument(title: "t", operations: OutboxAdminRoutes.operations(service: "producer"))
            #expect(
                Set(router.routeDescriptions)
                    == Set(document.routes.filter { $0.path.hasPrefix("/v1/admin") }))
        }
    }
}
