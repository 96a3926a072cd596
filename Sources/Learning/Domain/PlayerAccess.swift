import Foundation
import ServiceKit

/// How much of a course the player opens to a caller.
enum AccessLevel: String, Sendable, CaseIterable {
    /// Every lesson: an enrollment giving access, the course's instructor, or an admin.
    case full
    /// An enrollment that gives no access (pending, cancelled, refunded, ended): free previews only.
    case limited
    /// No enrollment: free previews only.
    case preview

    /// The level of `principal` (anonymous: `nil`) on `course`, given their enrollment in it.
    static func of(_ principal: Principal?, course: CourseSnapshot, enrollment: Enrollment?, now: Date = Date())
        -> AccessLevel
    {
        if let principal, principal.isAdmin || principal.userID == course.instructorId { return .full }
        guard let enrollment else { return .preview }
        return enrollment.hasAccess(at: now) ? .full : .limited
    }
}
