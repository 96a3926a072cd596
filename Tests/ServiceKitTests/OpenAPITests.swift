import Foundation
import HTTP
import Testing

@testable import ServiceKit

@Suite struct OpenAPITests {
    @Test func documentAndRouterListTheSameRoutes() async throws {
        let document = OpenAPIDocument(
            title: "test", operations: [OpenAPIOperation(.get, "/v1/things/{id}", "A thing", tag: "things")])
        var router = Router()
        router.get("/v1/things/:id") { _, _ in .text("") }
        router.get("/healthz") { _, _ in .text("") }
        router.get("/readyz") { _, _ in .text("") }
        router.get("/metrics") { _, _ in .text("") }
        document.addRoute(to: &router)
        #expect(Set(router.routeDescriptions) == document.routes)
        let response = await router.buildResponder().respond(to: Request(method: .get, target: "/openapi.json"))
        let json = try JSONSerialization.jsonObject(with: Data(response.body.bytes ?? [])) as? [String: Any]
        #expect(json?["openapi"] as? String == "3.1.0")
        let paths = json?["paths"] as? [String: Any]
        #expect(paths?["/v1/things/{id}"] != nil)
    }
}
