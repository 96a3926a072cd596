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

    /// Appends `course.changed` with `course`'s state (as stored on `connection`) and its outline, so a consumer
    /// (learning's player) needs nothing else from catalog.
    func emit(_ course: Course, on connection: PostgresConnection) async throws {
        let outline = try await CurriculumStore.outlines(of: [course.id], materials: false, on: connection)[course.id]
        try await outbox.append(.courseChanged, Self.payload(course, outline: outline ?? []), on: connection)
    }

    /// Appends the last `course.changed` of a deleted draft: status `deleted`, a version past the last one.
    func emitDeleted(_ course: Course, on connection: PostgresConnection) async throws {
        var payload = Self.payload(course, outline: [])
        payload.status = "deleted"
        payload.version = course.version + 1
        payload.lessonCount = 0
        payload.totalDurationSeconds = 0
        payload.updatedAt = RFC3339.milliseconds(Date())
        try await outbox.append(.courseChanged, payload, on: connection)
    }

    /// The `course.changed` payload of `course` with this outline.
    static func payload(_ course: Course, outline: [Section]) -> CourseChanged {
        let sections = Self.sections(outline)
        return CourseChanged(
            id: course.id.lowercased, slug: course.slug, title: course.fields.title, status: course.status.rawValue,
            isPublic: course.fields.isPublic, instructorId: course.instructorID.lowercased,
            instructorName: course.instructorName, categoryId: course.fields.categoryID?.lowercased,
            price: course.fields.price, currency: course.fields.currency,
            lessonIds: sections.flatMap { $0.lessons.map(\.id) },
            lessonCount: course.lessonCount, totalDurationSeconds: course.totalDurationSeconds,
            version: course.version, updatedAt: RFC3339.milliseconds(course.updatedAt), sections: sections)
    }

    /// An outline as other services read it: sections in order, each with its lessons and their videos.
    static func sections(_ outline: [Section]) -> [InternalSection] {
        outline.map { section in
            InternalSection(
                id: section.id.lowercased, title: section.title,
                lessons: section.lessons.map { lesson in
                    InternalLesson(
                        id: lesson.id.lowercased, title: lesson.title, type: lesson.type.rawValue,
                        durationSeconds: lesson.durationSeconds, videoUrl: lesson.videoURL,
                        isFreePreview: lesson.isFreePreview)
                })
        }
    }
}
