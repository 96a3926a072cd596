import Contracts
import Foundation
import HTTP
import ServiceKit

/// `GET /v1/instructor/courses`: the caller's own courses in every status (or `?status=`), newest first, with
/// how many they have in each status.
struct InstructorCourseRoutes: Sendable {
    let service: CatalogService

    func add(to router: inout Router, authenticated: any Middleware) {
        let courses = service.courses
        router.group("/v1/instructor/courses", middleware: [authenticated]) { group in
            group.get("") { request, context in
                let principal = try context.requireRole(.instructor, .admin)
                let page = try PageRequest<UUID>(request)
                var status: CourseStatus?
                if let text = request.queryParameter("status") {
                    status = CourseStatus(rawValue: text)
                    if status == nil {
                        throw RequestError.validation([
                            FieldError(field: "status", message: "must be draft, under-review, published or archived")
                        ])
                    }
                }
                let found = try await courses.owned(
                    by: principal.userID, status: status, before: page.cursor?.key, limit: page.fetchLimit)
                let coursePage = CoursePage(fetched: found, limit: page.limit) { $0.id }
                return try .json(
                    InstructorCoursesResponse(
                        items: coursePage.items, nextCursor: coursePage.nextCursor,
                        counts: StatusCounts(try await courses.statusCounts(of: principal.userID))))
            }
        }
    }
}
