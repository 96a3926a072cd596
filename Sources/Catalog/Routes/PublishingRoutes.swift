import Contracts
import Foundation
import HTTP
import Postgres
import ServiceKit

/// `POST /v1/courses/{course}/submit|approve|reject|archive|restore`, decided by `PublishingStateMachine`, and
/// the admins' queue `GET /v1/admin/courses`.
struct PublishingRoutes: Sendable {
    let service: CatalogService

    func add(to router: inout Router, authenticated: any Middleware) {
        let presenter = CoursePresenter(service: service)
        let editor = service.editor
        let courses = service.courses
        let curriculum = service.curriculum
        let isReviewRequired = service.settings.isReviewRequired
        @Sendable func step(
            _ request: Request, _ context: RequestContext, version: Int? = nil,
            _ event: @escaping @Sendable (Course, PostgresConnection) async throws -> PublishingStateMachine.Event
        ) async throws -> Response {
            let principal = try context.requirePrincipal()
            let precondition = CourseEditor.Precondition.optional(try IfMatch.version(request, body: version))
            let (_, course) = try await editor.change(
                try CoursePresenter.reference(context), by: principal, precondition
            ) { connection, course in
                var machine = PublishingStateMachine(status: course.status)
                let action = try machine.handle(try await event(course, connection), by: CourseAccess.actor(principal))
                try await courses.apply(action, to: course.id, on: connection)
            }
            return try await presenter.response(course, for: principal)
        }
        @Sendable func readiness(_ course: Course, _ connection: PostgresConnection) async throws -> CourseReadiness {
            CourseReadiness(
                hasLesson: try await curriculum.hasLesson(course.id, on: connection),
                hasPrice: course.fields.price != nil, hasCategory: course.fields.categoryID != nil)
        }
        router.group("/v1/courses/:course", middleware: [authenticated]) { group in
            group.post("submit") { request, context in
                try await step(request, context) { course, connection in
                    .submit(try await readiness(course, connection), isReviewRequired: isReviewRequired)
                }
            }
            group.post("approve") { request, context in
                try await step(request, context) { course, connection in
                    .approve(try await readiness(course, connection))
                }
            }
            group.post("reject", maxBodyBytes: 8 << 10) { request, context in
                let body = try request.decode(RejectBody.self)
                return try await step(request, context, version: body.version) { _, _ in
                    .reject(note: Checks.trimmed(body.reason))
                }
            }
            group.post("archive") { request, context in
                try await step(request, context) { _, _ in .archive }
            }
            group.post("restore") { request, context in
                try await step(request, context) { _, _ in .restore }
            }
        }
        let adminOnly = RoleMiddleware(.admin)
        router.group("/v1/admin/courses", middleware: [authenticated, adminOnly]) { group in
            group.get("") { request, _ in
                let page = try PageRequest<TimeKey>(request)
                let text = request.queryParameter("status") ?? CourseStatus.underReview.rawValue
                guard let status = CourseStatus(rawValue: text) else {
                    throw RequestError.validation([
                        FieldError(field: "status", message: "must be draft, under-review, published or archived")
                    ])
                }
                let found = try await courses.queue(status: status, after: page.cursor?.key, limit: page.fetchLimit)
                return try .json(
                    CoursePage(fetched: found, limit: page.limit) { TimeKey($0.submittedAt ?? $0.createdAt, $0.id) })
            }
        }
    }
}
