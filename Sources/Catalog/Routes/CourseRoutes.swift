import Contracts
import Foundation
import HTTP
import ServiceKit

/// `/v1/courses/{course}`: create a draft, read a course (by id or slug) with its outline, change it with
/// optimistic concurrency, delete a draft, and read one lesson.
struct CourseRoutes: Sendable {
    let service: CatalogService

    func add(to router: inout Router, authenticated: any Middleware, optionallyAuthenticated: any Middleware) {
        let presenter = CoursePresenter(service: service)
        let courses = service.courses
        let editor = service.editor
        let currencies = service.settings.currencies
        let instructors = service.instructors
        router.group("/v1/courses", middleware: [authenticated]) { group in
            group.post("", maxBodyBytes: 64 << 10) { request, context in
                let principal = try context.requirePrincipal()
                guard principal.isAdmin || (principal.role == .instructor && principal.isApproved) else {
                    throw ServiceError.forbidden
                }
                let body = try CourseBody.$rules.withValue(.init(currencies: currencies)) {
                    try request.decode(CourseBody.self, for: .creation)
                }
                let name = try await instructors.displayName(of: principal.userID, requestId: context.requestId)
                let fields = body.applied(to: CourseFields(title: "", currency: currencies.first ?? "USD"))
                let course = try await courses.create(
                    fields, slug: body.slug, instructorID: principal.userID, instructorName: name)
                return try await presenter.response(course, for: principal, status: .created)
            }
            group.patch(":course", maxBodyBytes: 64 << 10) { request, context in
                let principal = try context.requirePrincipal()
                let reference = try CoursePresenter.reference(context)
                let body = try CourseBody.$rules.withValue(.init(currencies: currencies)) {
                    try request.decode(CourseBody.self)
                }
                let version = try IfMatch.version(request, body: body.version)
                let (_, course) = try await editor.change(reference, by: principal, .required(version)) {
                    connection, course in
                    let slug = body.slug == course.slug ? nil : body.slug
                    try await courses.update(course.id, to: body.applied(to: course.fields), slug: slug, on: connection)
                }
                return try await presenter.response(course, for: principal)
            }
            group.delete(":course") { request, context in
                let principal = try context.requirePrincipal()
                let version = try IfMatch.version(request, body: nil)
                try await editor.delete(try CoursePresenter.reference(context), by: principal, .optional(version))
                return Response(status: .noContent)
            }
        }
        router.group("/v1/courses", middleware: [optionallyAuthenticated]) { group in
            group.get(":course") { _, context in
                let principal = context.principal(as: Principal.self)
                let course = try CourseAccess.requireVisible(
                    try await courses.find(try CoursePresenter.reference(context)), principal)
                return try await presenter.response(course, for: principal)
            }
            group.get(":course/lessons/:lesson") { _, context in
                let principal = context.principal(as: Principal.self)
                let course = try CourseAccess.requireVisible(
                    try await courses.find(try CoursePresenter.reference(context)), principal)
                let isManager = CourseAccess.canManage(course, principal)
                guard
                    let lesson = try await service.curriculum.lesson(
                        try CoursePresenter.id(context, "lesson"), of: course.id)
                else { throw ServiceError.notFound }
                // Other lessons are for enrolled students, whom learning serves.
                guard isManager || lesson.isFreePreview else { throw ServiceError.forbidden }
                return try presenter.response(LessonResponse(lesson, isManager: isManager), course: course)
            }
        }
    }
}
