import Foundation
import Testing

@testable import Catalog

@Suite("Catalog OpenAPI document")
struct CatalogAPITests {
    @Test func openAPIDocumentListsExactlyTheRouterRoutes() async throws {
        try await CatalogHarness.with { h in
            let routes = Set(makeRouter(h.dependencies).routeDescriptions)
            #expect(routes == CatalogAPI.document(currencies: ["USD"]).routes)
            #expect(await h.send(.get, "/openapi.json").status == 200)
            #expect(await h.send(.get, "/readyz").status == 200)
        }
    }
}
