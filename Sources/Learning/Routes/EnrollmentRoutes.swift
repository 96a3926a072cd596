import Contracts
import Foundation
import HTTP
import ServiceKit
import Time

/// `/v1/enrollments*` (a student's own) and `/v1/admin/enrollments*` (admins enroll, cancel and restore).
struct EnrollmentRoutes: Sendable {
    let service: LearningService

    func add(to router: inout Router, authenticated: any Middleware) {
        let enrollments = service.enrollments
        let courses = service.courses
        let idempotent = IdempotencyMiddleware(store: IdempotencyStore(pool: service.pool))
        router.group("/v1/enrollments", middleware: [authenticated, idempotent]) { group in
            group.post("", maxBodyBytes: 4 << 10) { request, context in
                let principal = try context.requirePrincipal()
                let body = try request.decode(EnrollBody.self, for: .creation)
                let courseID = UUID(uuidString: body.courseId)!
                guard let course = try await courses.course(courseID, requestId: context.requestId) else {
                    throw LearningError.unknownCourse
                }
                if let existing = try await enrollments.find(user: principal.userID, course: courseID),
                    existing.hasAccess()
                {
                    return try .json(EnrollmentResponse(existing))
                }
                guard course.isOpen else { throw LearningError.courseNotOpen }
                guard course.isFree else { throw LearningError.paymentRequired }
                let (enrollment, created) = try await enrollments.change(
                    user: principal.userID, course: courseID, .set(.free, .active, expiresAt: nil))
                var response = try Response.json(EnrollmentResponse(enrollment), status: created ? .created : .ok)
                if created {
                    response.headers.set("Location", "/v1/enrollments/" + enrollment.id.lowercased)
                }
                return response
            }
            group.get("") { request, context in
                let principal = try context.requirePrincipal()
                var errors = FieldErrors()
                request.checkQueryNames(["limit", "cursor", "status"], errors: &errors)
                let page = PageRequest<UUID>(request, errors: &errors)
                var status: EnrollmentStatus?
                if let text = request.queryParameter("status") {
                    status = EnrollmentStatus(rawValue: text)
                    if status == nil {
                        errors.add(
                            "status",
                            "must be one of \(EnrollmentStatus.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                }
                try errors.throwIfAny()
                let found = try await enrollments.list(
                    user: principal.userID, status: status, after: page.cursor?.key, limit: page.fetchLimit)
                return try .json(
                    Page(fetched: found.map { EnrollmentResponse($0) }, limit: page.limit) { UUID(uuidString: $0.id)! })
            }
            group.get(":id") { _, context in
                let principal = try context.requirePrincipal()
                guard let id = UUID(uuidString: context.parameters["id"] ?? ""),
                    let enrollment = try await enrollments.find(id),
                    enrollment.userId == principal.userID || principal.isAdmin
                else { throw ServiceError.notFound }
                return try .json(EnrollmentResponse(enrollment))
            }
        }
        let adminOnly = RoleMiddleware(.admin)
        router.group("/v1/admin/enrollments", middleware: [authenticated, adminOnly, idempotent]) { group in
            group.post("", maxBodyBytes: 4 << 10) { request, context in
                let body = try request.decode(AdminEnrollBody.self, for: .creation)
                let courseID = UUID(uuidString: body.courseId)!
                guard try await courses.course(courseID, requestId: context.requestId) != nil else {
                    throw LearningError.unknownCourse
                }
                let (enrollment, created) = try await enrollments.change(
                    user: UUID(uuidString: body.userId)!, course: courseID,
                    .set(.admin, .active, expiresAt: body.expiresAt.flatMap(RFC3339.date)))
                return try .json(EnrollmentResponse(enrollment), status: created ? .created : .ok)
            }
            group.post(":id/cancel") { _, context in
                let enrollment = try await Self.enrollment(context, enrollments)
                let (changed, _) = try await enrollments.change(
                    user: enrollment.userId, course: enrollment.courseId, .cancelAll)
                return try .json(EnrollmentResponse(changed))
            }
            group.post(":id/restore") { _, context in
                let enrollment = try await Self.enrollment(context, enrollments)
                let (changed, _) = try await enrollments.change(
                    user: enrollment.userId, course: enrollment.courseId, .set(.admin, .active, expiresAt: nil))
                return try .json(EnrollmentResponse(changed))
            }
        }
    }

    /// The enrollment the path names; 404 when there is none.
    static func enrollment(_ context: RequestContext, _ store: EnrollmentStore) async throws -> Enrollment {
        guard let id = UUID(uuidString: context.parameters["id"] ?? ""), let enrollment = try await store.find(id)
        else {
            throw ServiceError.notFound
        }
        return enrollment
    }
}
