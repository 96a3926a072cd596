import Foundation
import HTTP
import ServiceKit

/// Builds the answer about one course: the course with its outline (materials too for its managers), its
/// category, and `ETag: "<version>"`.
struct CoursePresenter: Sendable {
    let service: CatalogService

    func response(_ course: Course, for principal: Principal?, status: HTTPStatus = .ok) async throws -> Response {
        let isManager = CourseAccess.canManage(course, principal)
        let outline = try await service.curriculum.outline(of: course.id, materials: isManager)
        var category: Category?
        if let categoryID = course.fields.categoryID {
            category = try await service.categories.find(.id(categoryID))
        }
        var response = try Response.json(
            CourseResponse(course, curriculum: outline, category: category, isManager: isManager), status: status)
        response.headers.set("ETag", IfMatch.etag(course.version))
        if status == .created { response.headers.set("Location", "/v1/courses/" + course.id.lowercased) }
        return response
    }

    /// `value` as JSON with the course's `ETag` (after a change of its curriculum).
    func response(_ value: some Encodable, course: Course, status: HTTPStatus = .ok) throws -> Response {
        var response = try Response.json(value, status: status)
        response.headers.set("ETag", IfMatch.etag(course.version))
        return response
    }

    /// 204 with the course's new `ETag`.
    func noContent(_ course: Course) -> Response {
        Response(status: .noContent, headers: ["ETag": IfMatch.etag(course.version)])
    }

    /// The course a path names (`:course`), or 404 when it cannot name one.
    static func reference(_ context: RequestContext) throws -> CourseReference {
        guard let reference = CourseReference(context.parameters["course"]) else { throw ServiceError.notFound }
        return reference
    }

    /// The id a path parameter holds, or 404.
    static func id(_ context: RequestContext, _ name: String) throws -> UUID {
        guard let id = context.parameters[name].flatMap(UUID.init(uuidString:)) else { throw ServiceError.notFound }
        return id
    }
}
