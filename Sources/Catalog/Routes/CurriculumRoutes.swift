import Foundation
import HTTP
import Postgres
import ServiceKit

/// `/v1/courses/{course}/sections|lessons|materials|curriculum/order`: the curriculum, changed by the course's
/// owner or an admin. Every change bumps the course's version (returned as `ETag`) and may name the version it
/// was made against (`If-Match` or `version`: 412 when stale).
struct CurriculumRoutes: Sendable {
    let service: CatalogService

    func add(to router: inout Router, authenticated: any Middleware) {
        let presenter = CoursePresenter(service: service)
        let editor = service.editor
        let store = service.curriculum
        @Sendable func change<T: Sendable>(
            _ request: Request, _ context: RequestContext, version: Int? = nil,
            _ body: (PostgresConnection, Course) async throws -> T
        ) async throws -> (T, Course) {
            let precondition = CourseEditor.Precondition.optional(try IfMatch.version(request, body: version))
            return try await editor.change(
                try CoursePresenter.reference(context), by: try context.requirePrincipal(), precondition, body)
        }
        router.group("/v1/courses/:course", middleware: [authenticated]) { group in
            group.post("sections", maxBodyBytes: 16 << 10) { request, context in
                let body = try request.decode(SectionBody.self, for: .creation)
                guard let title = body.title else { throw RequestError.validation([]) }
                let (section, course) = try await change(request, context, version: body.version) {
                    connection, course in
                    try await store.addSection(
                        to: course.id, title: Checks.trimmed(title),
                        description: Checks.trimmed(body.description ?? ""), on: connection)
                }
                return try presenter.response(
                    SectionResponse(section, isManager: true), course: course, status: .created)
            }
            group.patch("sections/:section", maxBodyBytes: 16 << 10) { request, context in
                let body = try request.decode(SectionBody.self)
                let id = try CoursePresenter.id(context, "section")
                let (section, course) = try await change(request, context, version: body.version) {
                    connection, course in
                    guard
                        let section = try await store.updateSection(
                            id, of: course.id, title: body.title.map(Checks.trimmed),
                            description: body.description.map(Checks.trimmed), on: connection)
                    else { throw ServiceError.notFound }
                    return section
                }
                return try presenter.response(SectionResponse(section, isManager: true), course: course)
            }
            group.delete("sections/:section") { request, context in
                let id = try CoursePresenter.id(context, "section")
                let (_, course) = try await change(request, context) { connection, course in
                    guard try await store.deleteSection(id, of: course.id, on: connection) else {
                        throw ServiceError.notFound
                    }
                }
                return presenter.noContent(course)
            }
            group.post("sections/:section/lessons", maxBodyBytes: 512 << 10) { request, context in
                let body = try request.decode(LessonBody.self, for: .creation)
                let fields = body.applied(to: LessonFields(title: "", type: .video))
                let sectionID = try CoursePresenter.id(context, "section")
                let (lesson, course) = try await change(request, context, version: body.version) { connection, course in
                    guard
                        let lesson = try await store.addLesson(fields, to: sectionID, of: course.id, on: connection)
                    else { throw ServiceError.notFound }
                    return lesson
                }
                return try presenter.response(LessonResponse(lesson, isManager: true), course: course, status: .created)
            }
            group.patch("lessons/:lesson", maxBodyBytes: 512 << 10) { request, context in
                let body = try request.decode(LessonBody.self)
                let id = try CoursePresenter.id(context, "lesson")
                let (lesson, course) = try await change(request, context, version: body.version) { connection, course in
                    guard let current = try await store.lockLesson(id, of: course.id, on: connection),
                        let lesson = try await store.updateLesson(
                            id, of: course.id, to: body.applied(to: LessonFields(current)), on: connection)
                    else { throw ServiceError.notFound }
                    return lesson
                }
                let shown = try await store.lesson(id, of: course.id) ?? lesson
                return try presenter.response(LessonResponse(shown, isManager: true), course: course)
            }
            group.delete("lessons/:lesson") { request, context in
                let id = try CoursePresenter.id(context, "lesson")
                let (_, course) = try await change(request, context) { connection, course in
                    guard try await store.deleteLesson(id, of: course.id, on: connection) else {
                        throw ServiceError.notFound
                    }
                }
                return presenter.noContent(course)
            }
            group.post("lessons/:lesson/materials", maxBodyBytes: 8 << 10) { request, context in
                let body = try request.decode(MaterialBody.self)
                let lessonID = try CoursePresenter.id(context, "lesson")
                let (material, course) = try await change(request, context, version: body.version) {
                    connection, course in
                    guard
                        let material = try await store.addMaterial(
                            to: lessonID, of: course.id, title: Checks.trimmed(body.title), url: body.url,
                            kind: body.kind.flatMap(MaterialKind.init(rawValue:)) ?? .link, on: connection)
                    else { throw ServiceError.notFound }
                    return material
                }
                return try presenter.response(MaterialResponse(material), course: course, status: .created)
            }
            group.delete("materials/:material") { request, context in
                let id = try CoursePresenter.id(context, "material")
                let (_, course) = try await change(request, context) { connection, course in
                    guard try await store.deleteMaterial(id, of: course.id, on: connection) else {
                        throw ServiceError.notFound
                    }
                }
                return presenter.noContent(course)
            }
            group.put("curriculum/order", maxBodyBytes: 1 << 20) { request, context in
                let body = try request.decode(CurriculumOrderBody.self)
                let (_, course) = try await change(request, context, version: body.version) { connection, course in
                    try await store.reorder(course.id, to: body.order, on: connection)
                }
                return try await presenter.response(course, for: try context.requirePrincipal())
            }
        }
    }
}
