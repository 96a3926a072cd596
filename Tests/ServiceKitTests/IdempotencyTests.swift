import HTTP
import Synchronization
import TestSupport
import Testing

@testable import ServiceKit

@Suite struct IdempotencyTests {
    func post(_ responder: RouterResponder, key: String, body: String) async -> Response {
        await responder.respond(
            to: Request(
                method: .post, target: "/v1/orders",
                headers: ["Idempotency-Key": key, "Content-Type": "application/json"],
                body: Array(body.utf8)))
    }

    @Test func replaysTheFirstResponseAndRefusesAnotherBody() async throws {
        try await TestSchema.withKitSchema { pool in
            let calls = Atomic<Int>(0)
            var router = Router()
            router.use(IdempotencyMiddleware(store: IdempotencyStore(pool: pool)))
            router.post("/v1/orders") { _, _ in
                let number = calls.add(1, ordering: .relaxed).newValue
                return Response(
                    status: .created, headers: ["Content-Type": "application/json"], body: .string("{\"n\":\(number)}"))
            }
            let responder = router.buildResponder()
            let first = await post(responder, key: "k-1", body: "{}")
            let again = await post(responder, key: "k-1", body: "{}")
            #expect(first.status == .created && again.status == .created)
            #expect(again.body.bytes == first.body.bytes)
            #expect(again.headers["idempotent-replayed"] == "true")
            #expect(calls.load(ordering: .relaxed) == 1)
            #expect(await post(responder, key: "k-1", body: "{\"x\":1}").status == .unprocessableContent)
            #expect(await post(responder, key: "k-2", body: "{}").status == .created)
            #expect(calls.load(ordering: .relaxed) == 2)
        }
    }

    @Test func aKeyStillRunningIs409() async throws {
        try await TestSchema.withKitSchema { pool in
            let store = IdempotencyStore(pool: pool)
            #expect(try await store.claim(scope: "s", key: "k", requestHash: [1]) == .claimed)
            #expect(try await store.claim(scope: "s", key: "k", requestHash: [1]) == .inFlight)
            try await store.release(scope: "s", key: "k")
            #expect(try await store.claim(scope: "s", key: "k", requestHash: [1]) == .claimed)
        }
    }
}
