import Foundation
import HTTP
import ServiceKit

/// `GET /v1/courses` (search), `GET /v1/courses/suggest` (autocomplete) and `GET /v1/courses/popular`: public,
/// over published, public courses only.
struct CourseSearchRoutes: Sendable {
    let store: CourseSearchStore
    /// Recent answers of these routes; its `invalidation` must run for every request of the router.
    let cache: SearchResponseCache

    /// Creates the routes over the service' pool, with their own caches.
    init(service: CatalogService) {
        let settings = service.settings
        store = CourseSearchStore(
            pool: service.pool, facetCache: SearchFacetCache(lifetime: .seconds(settings.searchFacetSeconds)))
        cache = SearchResponseCache(lifetime: .seconds(settings.searchCacheSeconds))
    }

    func add(to router: inout Router) {
        let store = self.store
        let cache = self.cache
        router.get("/v1/courses") { request, _ in
            try await cache.response(to: request) {
                try await store.search(try CourseSearchRequest(request)).response
            }
        }
        router.get("/v1/courses/suggest") { request, _ in
            try await cache.response(to: request) { try await Self.suggestions(request, store: store) }
        }
        router.get("/v1/courses/popular") { request, _ in
            try await cache.response(to: request) { try await Self.popular(request, store: store) }
        }
    }

    private static func suggestions(_ request: Request, store: CourseSearchStore) async throws -> Response {
        var errors = FieldErrors()
        request.checkQueryNames(["q"], errors: &errors)
        let text = Self.normalized(request.queryParameter("q") ?? "")
        errors.check(!text.isEmpty, "q", "is required")
        errors.check(text.count <= SearchText.maximumLength, "q", "must be at most 100 characters")
        try errors.throwIfAny()
        var json = SearchJSONWriter()
        json.beginObject()
        json.beginArray("items")
        for suggestion in try await store.suggest(text) { suggestion.write(to: &json) }
        json.endArray()
        json.endObject()
        return json.response
    }

    private static func popular(_ request: Request, store: CourseSearchStore) async throws -> Response {
        var errors = FieldErrors()
        request.checkQueryNames(["category", "limit"], errors: &errors)
        let category = request.queryParameter("category").flatMap {
            CourseSearchFilters.category($0, field: "category", errors: &errors)
        }
        var limit = 12
        if let text = request.queryParameter("limit") {
            if let value = Int(text), (1...50).contains(value) {
                limit = value
            } else {
                errors.add("limit", "must be an integer from 1 to 50")
            }
        }
        try errors.throwIfAny()
        let items = try await store.popular(category: category, limit: limit)
        var json = SearchJSONWriter(capacity: 1024 + items.count * 1024)
        json.beginObject()
        json.beginArray("items")
        for item in items { item.write(to: &json) }
        json.endArray()
        json.endObject()
        return json.response
    }

    /// Lower-cased, trimmed, with runs of white space as one space.
    static func normalized(_ text: String) -> String {
        text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
