import Foundation
import Time

/// A student of a course as its instructor sees them: who, where their enrollment stands and how far they got.
struct InstructorStudentResponse: Codable, Sendable {
    var enrollmentId: String
    var userId: String
    /// `pending`, `active`, `completed`, `cancelled` or `refunded`.
    var status: String
    var progressPercent: Int
    var enrolledAt: String
    var startedAt: String?
    var lastAccessedAt: String?
    var completedAt: String?

    init(_ enrollment: Enrollment) {
        enrollmentId = enrollment.id.lowercased
        userId = enrollment.userId.lowercased
        status = enrollment.status.rawValue
        progressPercent = enrollment.progressPercent
        enrolledAt = RFC3339.milliseconds(enrollment.enrolledAt)
        startedAt = RFC3339.milliseconds(enrollment.startedAt)
        lastAccessedAt = RFC3339.milliseconds(enrollment.lastAccessedAt)
        completedAt = RFC3339.milliseconds(enrollment.completedAt)
    }
}

/// `GET /v1/instructor/courses/{courseId}/stats`: a course's enrollments by day and status, its learners' progress
/// and its ratings. Enrollments of erased accounts count, as they were when erased.
struct InstructorCourseStatsResponse: Codable, Sendable {
    var courseId: String
    /// How many days `enrollmentsPerDay` covers, today (UTC) included.
    var days: Int
    /// Every day of the period, oldest first, with the enrollments made that day (0 for none).
    var enrollmentsPerDay: [InstructorDayCount]
    /// Every enrollment the course has had, in any status.
    var totalEnrollments: Int
    /// Enrollments in each status.
    var statusCounts: InstructorStatusCounts
    /// How many of the enrollments belonged to accounts erased since (counted, no longer listed).
    var erasedEnrollments: Int
    /// The share of the enrollments giving access (active or completed) that are completed, 0 to 1.
    var completionRate: Double
    /// The mean progress of the enrollments giving access, in percent.
    var averageProgress: Double
    /// The ratings of the course's published reviews.
    var rating: ReviewSummaryResponse

    init(course: UUID, days: Int, activity: CourseActivity, rating: ReviewSummary) {
        courseId = course.lowercased
        self.days = days
        enrollmentsPerDay = activity.days.map { InstructorDayCount(date: $0.date, count: $0.count) }
        totalEnrollments = activity.total
        statusCounts = InstructorStatusCounts(
            pending: activity.count(.pending), active: activity.count(.active),
            completed: activity.count(.completed), cancelled: activity.count(.cancelled),
            refunded: activity.count(.refunded))
        erasedEnrollments = activity.erasedCount
        completionRate = activity.completionRate
        averageProgress = activity.averageProgress
        self.rating = ReviewSummaryResponse(rating)
    }
}

/// The enrollments of one UTC day.
struct InstructorDayCount: Codable, Sendable {
    /// `YYYY-MM-DD`, UTC.
    var date: String
    var count: Int
}

/// How many enrollments are in each status.
struct InstructorStatusCounts: Codable, Sendable {
    var pending: Int
    var active: Int
    var completed: Int
    var cancelled: Int
    var refunded: Int
}
