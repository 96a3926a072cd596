import Foundation
import HTTP
import Testing

@testable import ServiceKit

@Suite struct OpenAPITests {
    @Test func documentAndRouterListTheSameRoutes() async throws {
        let document = OpenAPIDocument(
            title: "test",
            operations: [
                OpenAPIOperation(.get, "/v1/things/{id}", "A thing", tag: "things"),
                OpenAPIOperation(
                    .get, "/internal/v1/things", "Things for services", tag: "internal",
                    requiresServiceCredential: true),
            ])
        var router = Router()
        router.get("/v1/things/:id") { _, _ in .text("") }
        router.get("/internal/v1/things") { _, _ in .text("") }
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
        let internalGet = (paths?["/internal/v1/things"] as? [String: Any])?["get"] as? [String: Any]
        #expect((internalGet?["security"] as? [[String: [String]]])?.first?.keys.first == "service")
        let schemes = (json?["components"] as? [String: Any])?["securitySchemes"] as? [String: Any]
        #expect(schemes?["service"] != nil)
    }
}
