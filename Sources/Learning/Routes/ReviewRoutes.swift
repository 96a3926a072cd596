import Contracts
import Foundation
import HTTP
import ServiceKit

/// `/v1/reviews*`: students' reviews of the courses they have access to, listed publicly with their ratings,
/// voted helpful by others; `/v1/admin/reviews*`: admins hide and restore them.
struct ReviewRoutes: Sendable {
    let service: LearningService

    func add(to router: inout Router, authenticated: any Middleware, optionallyAuthenticated: any Middleware) {
        let reviews = service.reviews
        let enrollments = service.enrollments
        @Sendable func review(_ context: RequestContext) throws -> UUID {
            guard let id = UUID(uuidString: context.parameters["id"] ?? "") else { throw ServiceError.notFound }
            return id
        }
        /// Records or withdraws the caller's helpful vote on the review of the path.
        @Sendable func vote(_ context: RequestContext, isHelpful: Bool) async throws -> Response {
            let principal = try context.requirePrincipal()
            guard let voted = try await reviews.vote(try review(context), voter: principal.userID, isHelpful: isHelpful)
            else { throw ServiceError.notFound }
            return try .json(ReviewResponse(voted))
        }
        router.group("/v1/reviews", middleware: [optionallyAuthenticated]) { group in
            group.get("") { request, _ in
                let (course, sort, page) = try Self.listRequest(request)
                let found = try await reviews.list(
                    course: course, sort: sort, after: page.cursor?.key, limit: page.fetchLimit)
                let positions = Dictionary(
                    uniqueKeysWithValues: found.map { ($0.id.lowercased, ReviewStore.Position($0, sort: sort)) })
                let items = Page(fetched: found.map(ReviewResponse.init), limit: page.limit) { positions[$0.id]! }
                let summary = try await reviews.summary(course: course)
                return try .json(
                    ReviewPageResponse(
                        items: items.items, nextCursor: items.nextCursor, summary: ReviewSummaryResponse(summary)))
            }
        }
        router.group("/v1/reviews", middleware: [authenticated]) { group in
            group.post("", maxBodyBytes: 16 << 10) { request, context in
                let principal = try context.requirePrincipal()
                let body = try request.decode(ReviewBody.self, for: .creation)
                guard
                    let enrollment = try await enrollments.withAccess(
                        user: principal.userID, course: UUID(uuidString: body.courseId)!)
                else { throw LearningError.notEnrolled }
                guard
                    let created = try await reviews.create(
                        enrollment: enrollment, rating: body.rating, comment: Checks.trimmed(body.comment ?? ""))
                else { throw LearningError.reviewExists }
                return try .json(ReviewResponse(created), status: .created)
            }
            group.patch(":id", maxBodyBytes: 16 << 10) { request, context in
                let principal = try context.requirePrincipal()
                let body = try request.decode(ReviewPatchBody.self)
                guard
                    let changed = try await reviews.update(
                        try review(context), author: principal.userID, rating: body.rating,
                        comment: body.comment.map(Checks.trimmed))
                else { throw ServiceError.notFound }
                return try .json(ReviewResponse(changed))
            }
            group.delete(":id") { _, context in
                let principal = try context.requirePrincipal()
                guard try await reviews.delete(try review(context), author: principal.userID) else {
                    throw ServiceError.notFound
                }
                return Response(status: .noContent)
            }
            group.post(":id/helpful") { _, context in try await vote(context, isHelpful: true) }
            group.delete(":id/helpful") { _, context in try await vote(context, isHelpful: false) }
        }
        let adminOnly = RoleMiddleware(.admin)
        router.group("/v1/admin/reviews", middleware: [authenticated, adminOnly]) { group in
            group.post(":id/hide", maxBodyBytes: 4 << 10) { request, context in
                let body = try request.decode(HideReviewBody.self)
                guard
                    let hidden = try await reviews.moderate(
                        try review(context), status: .hidden, reason: Checks.trimmed(body.reason))
                else { throw ServiceError.notFound }
                return try .json(ReviewResponse(hidden))
            }
            group.post(":id/restore") { _, context in
                guard let restored = try await reviews.moderate(try review(context), status: .published, reason: nil)
                else { throw ServiceError.notFound }
                return try .json(ReviewResponse(restored))
            }
        }
    }

    /// The course, order and page `GET /v1/reviews` asks for; every problem with them is one 400. A cursor is
    /// valid only for the course and order it came from.
    static func listRequest(_ request: Request) throws -> (UUID, ReviewStore.Sort, PageRequest<ReviewStore.Position>) {
        var errors = FieldErrors()
        request.checkQueryNames(["courseId", "sort", "limit", "cursor"], errors: &errors)
        let page = PageRequest<ReviewStore.Position>(request, errors: &errors)
        let text = request.queryParameter("courseId")
        let course = text.flatMap { Checks.id($0, "courseId").isEmpty ? UUID(uuidString: $0) : nil }
        if text == nil {
            errors.add("courseId", "is required")
        } else if course == nil {
            errors.add("courseId", "must be an id")
        }
        let sortNames = ReviewStore.Sort.allCases.map(\.rawValue)
        let sort = ReviewStore.Sort(rawValue: request.queryParameter("sort") ?? "newest")
        if sort == nil { errors.add("sort", "must be \(sortNames.joined(separator: ", "))") }
        if let key = page.cursor?.key, let course, let sort, key.course != course || key.sort != sort {
            errors.add("cursor", "belongs to another course or order")
        }
        try errors.throwIfAny()
        return (course!, sort!, page)
    }
}
