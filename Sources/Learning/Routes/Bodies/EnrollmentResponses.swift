import Foundation
import Time

/// An enrollment as answers show it.
struct EnrollmentResponse: Codable, Sendable {
    var id: String
    var userId: String
    var courseId: String
    /// `pending`, `active`, `completed`, `cancelled` or `refunded`.
    var status: String
    /// `free`, `purchase` or `admin`.
    var source: String
    var paymentId: String?
    /// Whether it gives access now (an active or completed enrollment before its end).
    var hasAccess: Bool
    var progressPercent: Int
    var timeSpentSeconds: Int
    var currentLessonId: String?
    var positionSeconds: Int?
    var enrolledAt: String
    var startedAt: String?
    var completedAt: String?
    var expiresAt: String?
    var lastAccessedAt: String?
    var updatedAt: String
    /// Percent of the points of the graded assessments (best attempt each); absent before a grade.
    var finalScore: Int?

    init(_ enrollment: Enrollment, now: Date = Date()) {
        id = enrollment.id.lowercased
        userId = enrollment.userId.lowercased
        courseId = enrollment.courseId.lowercased
        status = enrollment.status.rawValue
        source = enrollment.source.rawValue
        paymentId = enrollment.paymentId?.lowercased
        hasAccess = enrollment.hasAccess(at: now)
        progressPercent = enrollment.progressPercent
        timeSpentSeconds = enrollment.timeSpentSeconds
        currentLessonId = enrollment.currentLessonId?.lowercased
        positionSeconds = enrollment.positionSeconds
        enrolledAt = RFC3339.milliseconds(enrollment.enrolledAt)
        startedAt = RFC3339.milliseconds(enrollment.startedAt)
        completedAt = RFC3339.milliseconds(enrollment.completedAt)
        expiresAt = RFC3339.milliseconds(enrollment.expiresAt)
        lastAccessedAt = RFC3339.milliseconds(enrollment.lastAccessedAt)
        updatedAt = RFC3339.milliseconds(enrollment.updatedAt)
        finalScore = enrollment.finalScore
    }
}

/// `GET /internal/v1/enrollments`: a user's enrollments among the courses asked for.
struct InternalEnrollmentsResponse: Codable, Sendable {
    var items: [EnrollmentResponse]
}

/// `GET /v1/learn/{courseId}`: the course as the player shows it to the caller.
struct PlayerResponse: Codable, Sendable {
    var courseId: String
    var slug: String
    var title: String
    var instructor: PlayerInstructor
    /// `full` (enrolled with access, the instructor or an admin), `limited` (enrolled without access: pending,
    /// cancelled, refunded or ended) or `preview` (not enrolled): only `full` opens every lesson.
    var accessLevel: String
    var totalDurationSeconds: Int
    var lessonCount: Int
    /// The caller's enrollment, if they have one.
    var enrollment: EnrollmentResponse?
    var sections: [PlayerSection]
}

/// The instructor of a course in the player.
struct PlayerInstructor: Codable, Sendable {
    var id: String
    var name: String
}

/// A section in the player.
struct PlayerSection: Codable, Sendable {
    var id: String
    var title: String
    var lessons: [PlayerLesson]
}

/// A lesson in the player: its video only when the caller may open it.
struct PlayerLesson: Codable, Sendable {
    var id: String
    var title: String
    /// `video`, `text`, `quiz` or `assignment`.
    var type: String
    var durationSeconds: Int
    var isFreePreview: Bool
    /// Whether the caller may not open it.
    var isLocked: Bool
    /// The video, for a lesson the caller may open.
    var videoUrl: String?
    /// Whether the caller completed it.
    var isCompleted: Bool
}
