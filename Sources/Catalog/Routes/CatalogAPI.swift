import HTTP
import ServiceKit

/// The catalog service's OpenAPI operations, kept equal to the router's routes by a test.
public enum CatalogAPI {
    /// Every documented operation.
    public static let operations: [OpenAPIOperation] =
        [
            OpenAPIOperation(.post, "/internal/v1/events", "Receive an event (service credential)", tag: "internal")
        ] + CourseSearchAPI.operations

    /// The document served at `/openapi.json`.
    public static let document = OpenAPIDocument(title: "Campus catalog", operations: operations)
}
