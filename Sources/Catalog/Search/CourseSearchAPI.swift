import ServiceKit

/// The OpenAPI operations of course search (part of `CatalogAPI.operations`).
enum CourseSearchAPI {
    static let operations: [OpenAPIOperation] = [
        OpenAPIOperation(
            .get, "/v1/courses", "Search published courses: full text, filters, sorts, facets on the first page",
            tag: "courses", queryParameters: CourseSearchRequest.parameters),
        OpenAPIOperation(
            .get, "/v1/courses/suggest", "Up to eight course titles for what is being typed", tag: "courses",
            queryParameters: ["q"]),
        OpenAPIOperation(
            .get, "/v1/courses/popular", "The most enrolled courses, optionally of a category", tag: "courses",
            queryParameters: ["category", "limit"]),
    ]
}
