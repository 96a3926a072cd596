import Foundation

/// A student's review of a course they are enrolled in: one per student and course.
struct Review: Sendable, Equatable {
    /// Whether a review is listed and counted, or hidden by an admin.
    enum Status: String, Sendable, Codable, CaseIterable {
        /// Listed, and counted in the course's rating.
        case published
        /// Hidden by an admin (with a reason): neither listed nor counted.
        case hidden
    }

    var id: UUID
    var userId: UUID
    var courseId: UUID
    var rating: Int
    var comment: String
    var helpfulCount: Int
    var status: Status
    var hiddenReason: String?
    var createdAt: Date
    var updatedAt: Date

    /// Whether it counts in the course's rating.
    var isPublished: Bool { status == .published }
}
