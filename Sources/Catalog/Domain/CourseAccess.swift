import ServiceKit

/// Who may see and change a course. The public sees published, public courses; their owner and admins see
/// every status. A course the caller may not see does not exist for them (404, never 403, so a draft's
/// existence is not revealed); a course they see but do not own is read-only (403 on writes).
enum CourseAccess {
    /// Whether `principal` owns the course or is an admin.
    static func canManage(_ course: Course, _ principal: Principal?) -> Bool {
        guard let principal else { return false }
        return principal.isAdmin || principal.userID == course.instructorID
    }

    /// Whether `principal` (or the public, when `nil`) may see the course.
    static func isVisible(_ course: Course, to principal: Principal?) -> Bool {
        course.isListed || canManage(course, principal)
    }

    /// The course if `principal` may change it: 404 when it is missing or hidden from them, 403 when it is only
    /// visible.
    static func requireManage(_ course: Course?, _ principal: Principal) throws -> Course {
        guard let course, isVisible(course, to: principal) else { throw ServiceError.notFound }
        guard canManage(course, principal) else { throw ServiceError.forbidden }
        return course
    }

    /// The course if `principal` may see it, else 404.
    static func requireVisible(_ course: Course?, _ principal: Principal?) throws -> Course {
        guard let course, isVisible(course, to: principal) else { throw ServiceError.notFound }
        return course
    }

    /// The publishing actor `principal` is for the course (which they may manage).
    static func actor(_ principal: Principal) -> PublishingStateMachine.Actor {
        principal.isAdmin ? .admin : .owner
    }
}
