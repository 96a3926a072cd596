import Contracts
import HTTP
import ServiceKit

extension LearningAPI {
    /// `days` of the statistics: 1 to 365.
    static let days: OpenAPIParameter = {
        var schema = JSONSchema.integer
        schema.minimum = InstructorRoutes.days.lowerBound
        schema.maximum = InstructorRoutes.days.upperBound
        return OpenAPIParameter("days", schema)
    }()

    static let instructor: [OpenAPIOperation] = [
        OpenAPIOperation(
            .get, "/v1/instructor/students",
            "A course's students, newest enrollment first, optionally of one status (its instructor or an admin)",
            tag: "instructor", response: Page<InstructorStudentResponse>.self, requiresAuthentication: true,
            queryParameters: [
                OpenAPIParameter.id("courseId").required, .oneOf("status", EnrollmentStatus.allCases.map(\.rawValue)),
                .limit(), .cursor,
            ], otherStatuses: [404]),
        OpenAPIOperation(
            .get, "/v1/instructor/courses/{courseId}/stats",
            "A course's enrollments per day of the last `days` (30), by status, progress and ratings (its instructor or an admin)",
            tag: "instructor", response: InstructorCourseStatsResponse.self, requiresAuthentication: true,
            queryParameters: [days], pathParameters: OpenAPIParameter.pathIDs("courseId")),
    ]

    static let privacy: [OpenAPIOperation] = [
        OpenAPIOperation(
            .get, "/internal/v1/users/{id}/export",
            "Everything learning holds on a user, for their data export (service credential)", tag: "internal",
            response: LearningExport.self, requiresServiceCredential: true,
            pathParameters: OpenAPIParameter.pathIDs("id"))
    ]
}
