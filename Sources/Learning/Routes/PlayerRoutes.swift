import Contracts
import Foundation
import HTTP
import ServiceKit

/// `/v1/learn/{courseId}*`: the player (the curriculum with the videos the caller may open), lesson completions
/// and the resume point. Served from learning's own copy of the course; catalog is only asked on a miss.
struct PlayerRoutes: Sendable {
    let service: LearningService

    func add(to router: inout Router, authenticated: any Middleware, optionallyAuthenticated: any Middleware) {
        let enrollments = service.enrollments
        let progress = service.progress
        let courses = service.courses
        let maximumCredit = service.settings.heartbeatMaximumCredit
        let issuer = service.issuer
        let service = service

        /// The course of the path, the caller and their enrollment in it, and what the caller may open. A course
        /// not open for enrollment is only there for those with full access.
        @Sendable func player(_ context: RequestContext) async throws -> (
            CourseSnapshot, Principal?, Enrollment?, AccessLevel
        ) {
            guard let id = UUID(uuidString: context.parameters["courseId"] ?? ""),
                let course = try await courses.course(id, requestId: context.requestId), course.status != "deleted"
            else { throw ServiceError.notFound }
            let principal = context.principal(as: Principal.self)
            var enrollment: Enrollment?
            if let principal { enrollment = try await enrollments.find(user: principal.userID, course: id) }
            let level = AccessLevel.of(principal, course: course, enrollment: enrollment)
            guard course.isOpen || level == .full else { throw ServiceError.notFound }
            return (course, principal, enrollment, level)
        }

        router.group("/v1/learn", middleware: [optionallyAuthenticated]) { group in
            group.get(":courseId") { _, context in
                let (course, _, enrollment, level) = try await player(context)
                let done = try await enrollment.asyncMap { try await progress.completed($0.id) } ?? []
                return try .json(Self.response(course, enrollment: enrollment, level: level, completed: done))
            }
            group.get(":courseId/lessons/:lessonId") { _, context in
                let (course, _, enrollment, level) = try await player(context)
                guard let id = UUID(uuidString: context.parameters["lessonId"] ?? ""), let lesson = course.lesson(id)
                else { throw ServiceError.notFound }
                guard level == .full || lesson.isFreePreview else { throw LearningError.lessonLocked }
                let done = try await enrollment.asyncMap { try await progress.completed($0.id) } ?? []
                return try .json(Self.lesson(lesson, open: true, completed: done.contains(id)))
            }
        }
        router.group("/v1/learn", middleware: [authenticated]) { group in
            group.post(":courseId/lessons/:lessonId/complete") { _, context in
                let (enrollment, _, lesson) = try await service.learner(context, lesson: context.parameters["lessonId"])
                let recounted = try await progress.complete(lesson, of: enrollment.id)
                if recounted.completedNow { await issuer.issueSoon(enrollment.id) }
                return try .json(EnrollmentResponse(recounted.enrollment))
            }
            group.delete(":courseId/lessons/:lessonId/complete") { _, context in
                let (enrollment, _, lesson) = try await service.learner(context, lesson: context.parameters["lessonId"])
                return try .json(EnrollmentResponse(try await progress.undo(lesson, of: enrollment.id).enrollment))
            }
            group.put(":courseId/position", maxBodyBytes: 4 << 10) { request, context in
                let body = try request.decode(PositionBody.self)
                let (enrollment, _, lesson) = try await service.learner(context, lesson: body.lessonId)
                return try .json(
                    EnrollmentResponse(
                        try await progress.position(
                            enrollment.id, lesson: lesson, seconds: body.seconds, maximumCredit: maximumCredit)))
            }
        }
    }

    /// The player's answer: every lesson, with its video when `level` opens it (or it is a free preview).
    static func response(_ course: CourseSnapshot, enrollment: Enrollment?, level: AccessLevel, completed: Set<UUID>)
        -> PlayerResponse
    {
        PlayerResponse(
            courseId: course.courseId.lowercased, slug: course.slug, title: course.title,
            instructor: PlayerInstructor(id: course.instructorId.lowercased, name: course.instructorName),
            accessLevel: level.rawValue, totalDurationSeconds: course.totalDurationSeconds,
            lessonCount: course.lessonIds.count, enrollment: enrollment.map { EnrollmentResponse($0) },
            sections: course.outline.map { section in
                PlayerSection(
                    id: section.id, title: section.title,
                    lessons: section.lessons.map { lesson in
                        let done = UUID(uuidString: lesson.id).map(completed.contains) ?? false
                        return Self.lesson(lesson, open: level == .full || lesson.isFreePreview, completed: done)
                    })
            })
    }

    static func lesson(_ lesson: InternalLesson, open: Bool, completed: Bool) -> PlayerLesson {
        PlayerLesson(
            id: lesson.id, title: lesson.title, type: lesson.type, durationSeconds: lesson.durationSeconds,
            isFreePreview: lesson.isFreePreview, isLocked: !open, videoUrl: open ? lesson.videoUrl : nil,
            isCompleted: completed)
    }
}

extension Optional {
    /// `map` for an asynchronous, throwing transform.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        switch self {
        case .some(let value): try await transform(value)
        case .none: nil
        }
    }
}
