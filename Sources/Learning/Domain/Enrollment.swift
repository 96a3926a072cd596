import Foundation

/// Where an enrollment stands. Stored, derived from its grants (`EnrollmentGrants.state`), never set directly.
enum EnrollmentStatus: String, Sendable, Codable, CaseIterable {
    /// A payment for it is under way: no access yet.
    case pending
    /// Access.
    case active
    /// Access, and every lesson is done.
    case completed
    /// Nothing gives access any more (a failed or cancelled payment, an admin's cancel).
    case cancelled
    /// The purchase that gave access was refunded.
    case refunded

    /// Whether this status gives access (until `expiresAt`, if set).
    var givesAccess: Bool { self == .active || self == .completed }
}

/// What gave an enrollment its access.
enum EnrollmentSource: String, Sendable, Codable, CaseIterable {
    /// A free course.
    case free
    /// A payment.
    case purchase
    /// An administrator.
    case admin
}

/// A user's enrollment in a course, with their progress.
struct Enrollment: Sendable, Equatable {
    var id: UUID
    var userId: UUID
    var courseId: UUID
    var status: EnrollmentStatus
    var source: EnrollmentSource
    var paymentId: UUID?
    var enrolledAt: Date
    var startedAt: Date?
    var completedAt: Date?
    var expiresAt: Date?
    var lastAccessedAt: Date?
    var progressPercent: Int
    var timeSpentSeconds: Int
    var currentLessonId: UUID?
    var positionSeconds: Int?
    var updatedAt: Date
    /// Percent of the points of its graded assessments (the best attempt at each); `nil` before a grade.
    var finalScore: Int? = nil

    /// Whether the enrollment gives access at `now`.
    func hasAccess(at now: Date = Date()) -> Bool {
        status.givesAccess && (expiresAt.map { $0 > now } ?? true)
    }
}
