import Foundation
import HTTP
import ServiceKit

/// `/v1/instructor/students` and `/v1/instructor/courses/{courseId}/stats`: a course's students and statistics, for
/// its instructor (`course_snapshots.instructor_id`) and admins only; anyone else is 403, an unknown course 404.
struct InstructorRoutes: Sendable {
    let service: LearningService

    /// The days the statistics cover unless `days` says otherwise, and the most it may say.
    static let defaultDays = 30
    static let days = 1...365

    func add(to router: inout Router, authenticated: any Middleware) {
        let instructors = service.instructors
        let courses = service.courses
        let reviews = service.reviews
        /// The course `id` when the caller is its instructor or an admin.
        @Sendable func authorize(_ id: UUID, _ context: RequestContext) async throws {
            let principal = try context.requirePrincipal()
            guard let course = try await courses.course(id, requestId: context.requestId) else {
                throw ServiceError.notFound
            }
            guard principal.isAdmin || principal.userID == course.instructorId else { throw ServiceError.forbidden }
        }
        router.group("/v1/instructor", middleware: [authenticated]) { group in
            group.get("students") { request, context in
                let (course, status, page) = try Self.studentsRequest(request)
                try await authorize(course, context)
                let found = try await instructors.students(
                    course: course, status: status, after: page.cursor?.key, limit: page.fetchLimit)
                return try .json(
                    Page(fetched: found.map(InstructorStudentResponse.init), limit: page.limit) {
                        UUID(uuidString: $0.enrollmentId)!
                    })
            }
            group.get("courses/:courseId/stats") { request, context in
                var errors = FieldErrors()
                request.checkQueryNames(["days"], errors: &errors)
                var days = Self.defaultDays
                if let text = request.queryParameter("days") {
                    if let value = Int(text), Self.days.contains(value) {
                        days = value
                    } else {
                        errors.add("days", "must be an integer from \(Self.days.lowerBound) to \(Self.days.upperBound)")
                    }
                }
                try errors.throwIfAny()
                guard let course = UUID(uuidString: context.parameters["courseId"] ?? "") else {
                    throw ServiceError.notFound
                }
                try await authorize(course, context)
                let activity = try await instructors.activity(course: course, days: days)
                let rating = try await reviews.summary(course: course)
                return try .json(
                    InstructorCourseStatsResponse(course: course, days: days, activity: activity, rating: rating))
            }
        }
    }

    /// The course, status filter and page `GET /v1/instructor/students` asks for; every problem with them is one
    /// 400.
    static func studentsRequest(_ request: Request) throws -> (UUID, EnrollmentStatus?, PageRequest<UUID>) {
        var errors = FieldErrors()
        request.checkQueryNames(["courseId", "status", "limit", "cursor"], errors: &errors)
        let page = PageRequest<UUID>(request, errors: &errors)
        let text = request.queryParameter("courseId")
        let course = text.flatMap { Checks.id($0, "courseId").isEmpty ? UUID(uuidString: $0) : nil }
        if text == nil {
            errors.add("courseId", "is required")
        } else if course == nil {
            errors.add("courseId", "must be an id")
        }
        var status: EnrollmentStatus?
        if let text = request.queryParameter("status") {
            status = EnrollmentStatus(rawValue: text)
            if status == nil {
                errors.add(
                    "status", "must be one of \(EnrollmentStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        try errors.throwIfAny()
        return (course!, status, page)
    }
}
