import Foundation
import Testing

@testable import Catalog

@Suite("Catalog OpenAPI document")
struct CatalogAPITests {
    @Test func openAPIDocumentListsExactlyTheRouterRoutes() async throws {
        try await CatalogHarness.with { h in
            await h.checkDocument()
        }
    }

    @Test func everyBodyHasAnExampleThatDecodesAsTheHandlerDecodesIt() {
        let document = CatalogAPI.document(currencies: CatalogSettings().currencies)
        let withBodies = document.operations.filter { $0.requestBody != nil }
        #expect(withBodies.count >= 12)
        for operation in withBodies {
            #expect(
                operation.exampleProblems().isEmpty,
                "\(operation.method) \(operation.path): \(operation.exampleProblems())")
        }
    }

    @Test func theDocumentIsValidJSONWithABodyAResponseAndStatusesForACourseChange() throws {
        let data = CatalogAPI.document(currencies: ["USD", "EUR"]).jsonData()
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let patch = try #require(paths["/v1/courses/{course}"]?["patch"] as? [String: Any])
        let responses = try #require(patch["responses"] as? [String: Any])
        #expect(Set(responses.keys).isSuperset(of: ["200", "400", "401", "403", "404", "409", "412", "422", "428"]))
        let body = try #require(
            ((patch["requestBody"] as? [String: Any])?["content"] as? [String: Any])?["application/json"]
                as? [String: Any])
        let schema = try #require(body["schema"] as? [String: Any])
        #expect(schema["additionalProperties"] as? Bool == false)
        let title = try #require((schema["properties"] as? [String: Any])?["title"] as? [String: Any])
        #expect(title["maxLength"] as? Int == 200)
        let currency = try #require((schema["properties"] as? [String: Any])?["currency"] as? [String: Any])
        #expect(currency["pattern"] as? String == "^([Uu][Ss][Dd]|[Ee][Uu][Rr])$")
        #expect(body["example"] != nil)
        let post = try #require(paths["/v1/courses"]?["post"] as? [String: Any])
        let postSchema = try #require(
            (((post["requestBody"] as? [String: Any])?["content"] as? [String: Any])?["application/json"]
                as? [String: Any])?["schema"] as? [String: Any])
        #expect(postSchema["required"] as? [String] == ["title"])
        #expect((postSchema["properties"] as? [String: Any])?["version"] == nil)
    }
}
