import Foundation
import HTTP
import ServiceKit

/// Who may do what with a course, for every route that asks: a learner (an enrollment giving access) or its
/// instructor (or an admin).
extension LearningService {
    /// The caller's enrollment giving access to the course of the path, the course, and the lesson `text` names in
    /// it; 403 without access, 404 for a course or lesson that is not there.
    func learner(_ context: RequestContext, lesson text: String?) async throws -> (Enrollment, CourseSnapshot, UUID) {
        let principal = try context.requirePrincipal()
        guard let id = UUID(uuidString: context.parameters["courseId"] ?? ""),
            let course = try await courses.course(id, requestId: context.requestId)
        else { throw ServiceError.notFound }
        guard let enrollment = try await enrollments.withAccess(user: principal.userID, course: id) else {
            throw LearningError.noAccess
        }
        guard let lessonID = text.flatMap(UUID.init(uuidString:)), course.lesson(lessonID) != nil else {
            throw ServiceError.notFound
        }
        return (enrollment, course, lessonID)
    }

    /// The course `text` names, when the caller is its instructor or an admin: 404 for no such course, 403
    /// `notCourseInstructor` for anyone else.
    func taughtCourse(_ context: RequestContext, _ text: String?) async throws -> CourseSnapshot {
        let principal = try context.requirePrincipal()
        guard let id = text.flatMap(UUID.init(uuidString:)),
            let course = try await courses.course(id, requestId: context.requestId), course.status != "deleted"
        else { throw ServiceError.notFound }
        guard principal.isAdmin || principal.userID == course.instructorId else {
            throw LearningError.notCourseInstructor
        }
        return course
    }
}
