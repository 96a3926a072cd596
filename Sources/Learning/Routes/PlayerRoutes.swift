import Contracts
import Foundation
import HTTP
import ServiceKit

/// `/v1/learn/{courseId}*`: the player (the curriculum with the videos the caller may open), lesson completions
/// and the resume point. Served from learning's own copy of the course; catalog is only asked on a miss.
struct PlayerRoutes: Sendable {
    let service: LearningService

    func add(to router: inout Router, authenticated: any Middleware, optionallyAuthenticated: any Middleware) {
        let progress = service.progress
        let courses = service.courses
        let reader = service.player
        let maximumCredit = service.settings.heartbeatMaximumCredit
        let issuer = service.issuer
        let service = service

        /// The course of the path, the caller's enrollment in it and the lessons it completed (one round trip;
        /// catalog is asked only for a course learning has no copy of), and what the caller may open. A course
        /// not open for enrollment is only there for those with full access.
        @Sendable func player(_ context: RequestContext) async throws -> (
            CourseSnapshot, Enrollment?, Set<UUID>, AccessLevel
        ) {
            guard let id = UUID(text: context.parameters["courseId"] ?? "") else { throw ServiceError.notFound }
            let principal = context.principal(as: Principal.self)
            var found = try await reader.read(course: id, user: principal?.userID)
            if found == nil, try await courses.course(id, requestId: context.requestId) != nil {
                found = try await reader.read(course: id, user: principal?.userID)
            }
            guard let (course, enrollment, completed) = found, course.status != "deleted" else {
                throw ServiceError.notFound
            }
            let level = AccessLevel.of(principal, course: course, enrollment: enrollment)
            guard course.isOpen || level == .full else { throw ServiceError.notFound }
            return (course, enrollment, completed, level)
        }

        /// Marks the lesson of the path done or not for the caller, in one round trip (and one more, to catalog, for
        /// a course learning has no copy of); the certificate is issued right after a completion.
        @Sendable func mark(_ context: RequestContext, done: Bool) async throws -> Response {
            let principal = try context.requirePrincipal()
            guard let course = UUID(text: context.parameters["courseId"] ?? ""),
                let lesson = UUID(text: context.parameters["lessonId"] ?? "")
            else { throw ServiceError.notFound }
            var outcome = try await progress.mark(lesson, done: done, user: principal.userID, course: course)
            if case .noCourse = outcome, try await courses.course(course, requestId: context.requestId) != nil {
                outcome = try await progress.mark(lesson, done: done, user: principal.userID, course: course)
            }
            switch outcome {
            case .marked(let recounted):
                if recounted.completedNow { await issuer.issueSoon(recounted.enrollment.id) }
                return try .json(EnrollmentResponse(recounted.enrollment))
            case .noAccess: throw LearningError.noAccess
            case .noCourse, .noLesson: throw ServiceError.notFound
            }
        }

        router.group("/v1/learn", middleware: [optionallyAuthenticated]) { group in
            group.get(":courseId") { _, context in
                let (course, enrollment, done, level) = try await player(context)
                return try .json(Self.response(course, enrollment: enrollment, level: level, completed: done))
            }
            group.get(":courseId/lessons/:lessonId") { _, context in
                let (course, _, done, level) = try await player(context)
                guard let id = UUID(text: context.parameters["lessonId"] ?? ""), let lesson = course.lesson(id)
                else { throw ServiceError.notFound }
                guard level == .full || lesson.isFreePreview else { throw LearningError.lessonLocked }
                return try .json(Self.lesson(lesson, open: true, completed: done.contains(id)))
            }
        }
        router.group("/v1/learn", middleware: [authenticated]) { group in
            group.post(":courseId/lessons/:lessonId/complete") { _, context in try await mark(context, done: true) }
            group.delete(":courseId/lessons/:lessonId/complete") { _, context in
                try await mark(context, done: false)
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
                        let done = !completed.isEmpty && (UUID(text: lesson.id).map(completed.contains) ?? false)
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
