import Contracts
import Foundation
import HTTP
import ServiceKit

/// `/v1/learn/{courseId}/notes*`: a student's private notes on the course's lessons. Writing one needs an
/// enrollment giving access; reading, changing and deleting only ever reach the caller's own.
struct NoteRoutes: Sendable {
    let service: LearningService

    func add(to router: inout Router, authenticated: any Middleware) {
        let notes = service.notes
        let enrollments = service.enrollments
        let courses = service.courses
        let maximum = service.settings.notesPerCourse
        @Sendable func course(_ context: RequestContext) throws -> UUID {
            guard let id = UUID(uuidString: context.parameters["courseId"] ?? "") else { throw ServiceError.notFound }
            return id
        }
        @Sendable func note(_ context: RequestContext) throws -> UUID {
            guard let id = UUID(uuidString: context.parameters["noteId"] ?? "") else { throw ServiceError.notFound }
            return id
        }
        router.group("/v1/learn/:courseId/notes", middleware: [authenticated]) { group in
            group.get("") { request, context in
                let principal = try context.requirePrincipal()
                var errors = FieldErrors()
                request.checkQueryNames(["limit", "cursor"], errors: &errors)
                let page = PageRequest<NoteStore.Position>(request, errors: &errors)
                try errors.throwIfAny()
                let found = try await notes.list(
                    author: principal.userID, course: try course(context), after: page.cursor?.key,
                    limit: page.fetchLimit)
                let positions = Dictionary(uniqueKeysWithValues: found.map { ($0.0.id.lowercased, $0.1) })
                return try .json(
                    Page(fetched: found.map { NoteResponse($0.0) }, limit: page.limit) { positions[$0.id]! })
            }
            group.post("", maxBodyBytes: 16 << 10) { request, context in
                let principal = try context.requirePrincipal()
                let body = try request.decode(NoteBody.self, for: .creation)
                let courseID = try course(context)
                guard let snapshot = try await courses.course(courseID, requestId: context.requestId) else {
                    throw ServiceError.notFound
                }
                guard let enrollment = try await enrollments.withAccess(user: principal.userID, course: courseID)
                else { throw LearningError.noAccess }
                let lesson = UUID(uuidString: body.lessonId)!
                guard snapshot.lesson(lesson) != nil else {
                    throw RequestError.validation([
                        FieldError(field: "lessonId", message: "is not a lesson of this course")
                    ])
                }
                guard
                    let note = try await notes.create(
                        enrollment: enrollment, lesson: lesson, seconds: body.seconds,
                        body: Checks.trimmed(body.body), maximum: maximum)
                else { throw LearningError.tooManyNotes(maximum) }
                return try .json(NoteResponse(note), status: .created)
            }
            group.patch(":noteId", maxBodyBytes: 16 << 10) { request, context in
                let principal = try context.requirePrincipal()
                let body = try request.decode(NotePatchBody.self)
                guard
                    let changed = try await notes.update(
                        try note(context), author: principal.userID, seconds: body.seconds,
                        body: body.body.map(Checks.trimmed)), changed.courseId == (try course(context))
                else { throw ServiceError.notFound }
                return try .json(NoteResponse(changed))
            }
            group.delete(":noteId") { _, context in
                let principal = try context.requirePrincipal()
                _ = try course(context)
                guard try await notes.delete(try note(context), author: principal.userID) else {
                    throw ServiceError.notFound
                }
                return Response(status: .noContent)
            }
        }
    }
}
