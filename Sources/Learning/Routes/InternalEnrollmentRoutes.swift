import Foundation
import HTTP
import ServiceKit

/// `/internal/v1/enrollments` (service credential): a user's enrollments among some courses, for billing's
/// "already owns this course".
struct InternalEnrollmentRoutes: Sendable {
    let service: LearningService

    /// The most courses one question may name.
    static let maximumCourses = 100

    func add(to router: inout Router, internalOnly: any Middleware) {
        let enrollments = service.enrollments
        router.group("/internal/v1/enrollments", middleware: [internalOnly]) { group in
            group.get("") { request, _ in
                var errors = FieldErrors()
                request.checkQueryNames(["userId", "courseIds"], errors: &errors)
                let user = request.queryParameter("userId").flatMap(UUID.init(uuidString:))
                if user == nil { errors.add("userId", "must be an id") }
                let texts = (request.queryParameter("courseIds") ?? "").split(separator: ",").map(String.init)
                let courses = texts.compactMap(UUID.init(uuidString:))
                if texts.isEmpty || courses.count != texts.count || courses.count > Self.maximumCourses {
                    errors.add("courseIds", "must be 1 to \(Self.maximumCourses) comma-separated ids")
                }
                try errors.throwIfAny()
                let found = try await enrollments.owned(user: user!, courses: courses)
                return try .json(InternalEnrollmentsResponse(items: found.map { EnrollmentResponse($0) }))
            }
        }
    }
}
