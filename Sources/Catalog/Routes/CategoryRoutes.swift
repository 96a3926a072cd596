import Contracts
import Foundation
import HTTP
import ServiceKit

/// `/v1/categories*`: the public list and category pages, and admins' changes.
struct CategoryRoutes: Sendable {
    let service: CatalogService

    /// How many of a category's most popular courses its page shows.
    static let popularCount = 5

    func add(to router: inout Router, authenticated: any Middleware) {
        let categories = service.categories
        let courses = service.courses
        @Sendable func reference(_ context: RequestContext) throws -> CourseReference {
            guard let reference = CourseReference(context.parameters["category"]) else { throw ServiceError.notFound }
            return reference
        }
        router.group("/v1/categories") { group in
            group.get("") { request, _ in
                let page = try PageRequest<String>(request, defaultLimit: 100)
                let found = try await categories.list(after: page.cursor?.key, limit: page.fetchLimit)
                return try .json(
                    Page(fetched: found.map(CategoryResponse.init), limit: page.limit) { $0.slug })
            }
            group.get(":category") { request, context in
                guard let category = try await categories.find(try reference(context)) else {
                    throw ServiceError.notFound
                }
                let page = try PageRequest<TimeKey>(request)
                let found = try await courses.published(
                    inCategory: category.id, after: page.cursor?.key, limit: page.fetchLimit)
                let popular = try await courses.popular(inCategory: category.id, limit: Self.popularCount)
                let others = try await categories.list(after: nil, limit: 100, excluding: category.id)
                return try .json(
                    CategoryPageResponse(
                        category: CategoryResponse(category),
                        courses: CoursePage(fetched: found, limit: page.limit) {
                            TimeKey($0.publishedAt ?? $0.createdAt, $0.id)
                        },
                        popular: popular.map(CourseSummaryResponse.init),
                        otherCategories: others.map(CategoryResponse.init)))
            }
        }
        let adminOnly = RoleMiddleware(.admin)
        router.group("/v1/categories", middleware: [authenticated, adminOnly]) { group in
            group.post("", maxBodyBytes: 8 << 10) { request, _ in
                let body = try request.decode(CategoryCreateBody.self)
                let category = try await categories.create(
                    name: Checks.trimmed(body.name),
                    slug: body.slug ?? Slug.make(from: body.name, fallback: "category", maximum: 120),
                    description: Checks.trimmed(body.description ?? ""))
                var response = try Response.json(CategoryResponse(category), status: .created)
                response.headers.set("Location", "/v1/categories/" + category.id.lowercased)
                return response
            }
            group.patch(":category", maxBodyBytes: 8 << 10) { request, context in
                let body = try request.decode(CategoryPatchBody.self)
                guard
                    let category = try await categories.update(
                        try reference(context), name: body.name.map(Checks.trimmed), slug: body.slug,
                        description: body.description.map(Checks.trimmed))
                else { throw ServiceError.notFound }
                return try .json(CategoryResponse(category))
            }
            group.delete(":category") { _, context in
                guard try await categories.delete(try reference(context)) else { throw ServiceError.notFound }
                return Response(status: .noContent)
            }
        }
    }
}
