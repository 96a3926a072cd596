import Contracts
import Foundation
import Postgres
import ServiceKit
import Time

/// Records changes of courses: keeps the lesson count and total duration true, moves the version on (through the
/// stores), and appends `course.changed` with the course's absolute state, all in the caller's transaction.
struct CourseChanges: Sendable {
    let outbox: Outbox

    /// Recounts the course's lessons and their duration, bumps its version, and announces its new state.
    @discardableResult
    func record(_ courseID: UUID, on connection: PostgresConnection) async throws -> Course {
        let course = try await CourseStore.recount(courseID, on: connection)
        try await emit(course, on: connection)
        return course
    }

    /// Appends `course.changed` with `course`'s state (as stored on `connection`) and its lesson ids.
    func emit(_ course: Course, on connection: PostgresConnection) async throws {
        let lessonIDs = try await CurriculumStore.lessonIDs(of: course.id, on: connection)
        try await outbox.append(.courseChanged, Self.payload(course, lessonIDs: lessonIDs), on: connection)
    }

    /// Appends the last `course.changed` of a deleted draft: status `deleted`, a version past the last one.
    func emitDeleted(_ course: Course, on connection: PostgresConnection) async throws {
        var payload = Self.payload(course, lessonIDs: [])
        payload.status = "deleted"
        payload.version = course.version + 1
        payload.lessonCount = 0
        payload.totalDurationSeconds = 0
        payload.updatedAt = RFC3339.milliseconds(Date())
        try await outbox.append(.courseChanged, payload, on: connection)
    }

    /// The `course.changed` payload of `course` with these lesson ids.
    static func payload(_ course: Course, lessonIDs: [UUID]) -> CourseChanged {
        CourseChanged(
            id: course.id.lowercased, slug: course.slug, title: course.fields.title, status: course.status.rawValue,
            isPublic: course.fields.isPublic, instructorId: course.instructorID.lowercased,
            instructorName: course.instructorName, categoryId: course.fields.categoryID?.lowercased,
            price: course.fields.price, currency: course.fields.currency, lessonIds: lessonIDs.map(\.lowercased),
            lessonCount: course.lessonCount, totalDurationSeconds: course.totalDurationSeconds,
            version: course.version, updatedAt: RFC3339.milliseconds(course.updatedAt))
    }
}
