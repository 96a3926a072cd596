import Contracts
import HTTP
import ServiceKit

/// The catalog service's OpenAPI operations, kept equal to the router's routes by a test.
public enum CatalogAPI {
    /// Every documented operation; the course body's currencies are the ones the service accepts.
    public static func operations(currencies: [String]) -> [OpenAPIOperation] {
        categories + courses(currencies: currencies) + curriculum + publishing + internalOnly
            + CourseSearchAPI.operations + OutboxAdminRoutes.operations(service: "catalog") + EventConsumer.operations
    }

    /// A course or category in a path: an id or a slug.
    static let reference = OpenAPIParameter(
        "",
        CourseSearchAPI.pattern(
            "^([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}|[a-z0-9]+(-[a-z0-9]+)*)$",
            maximum: 220), in: "path")

    /// The path parameters of course routes: `{course}` an id or slug, the others ids.
    static func path(_ ids: String...) -> [OpenAPIParameter] {
        var course = reference
        course.name = "course"
        var category = reference
        category.name = "category"
        return [course, category]
            + ids.map { name in
                var id = OpenAPIParameter.id(name)
                id.location = "path"
                return id
            }
    }

    static let categories: [OpenAPIOperation] = [
        OpenAPIOperation(
            .get, "/v1/categories", "Categories with their published course counts", tag: "categories",
            response: Page<CategoryResponse>.self,
            queryParameters: [.limit(), .cursor]),
        OpenAPIOperation(
            .get, "/v1/categories/{category}",
            "A category page (id or slug): its courses newest first, the most popular, the other categories",
            tag: "categories", response: CategoryPageResponse.self, queryParameters: [.limit(), .cursor],
            pathParameters: path()),
        OpenAPIOperation(
            .post, "/v1/categories", "Create a category (admin)", tag: "categories", response: CategoryResponse.self,
            requiresAuthentication: true,
            successStatus: 201, body: CategoryCreateBody.self, otherStatuses: [409]),
        OpenAPIOperation(
            .patch, "/v1/categories/{category}", "Change a category (admin)", tag: "categories",
            response: CategoryResponse.self,
            requiresAuthentication: true, pathParameters: path(), body: CategoryPatchBody.self, otherStatuses: [409]),
        OpenAPIOperation(
            .delete, "/v1/categories/{category}", "Delete a category no course uses (admin)", tag: "categories",
            requiresAuthentication: true, successStatus: 204, pathParameters: path(), otherStatuses: [409]),
    ]

    static func courses(currencies: [String]) -> [OpenAPIOperation] {
        let rules: OpenAPIOperation.BodyRules = { probe in
            CourseBody.$rules.withValue(.init(currencies: currencies)) { probe() }
        }
        return [
            OpenAPIOperation(
                .post, "/v1/courses", "Create a draft course (approved instructor or admin)", tag: "courses",
                response: CourseResponse.self,
                requiresAuthentication: true, successStatus: 201, body: CourseBody.self, purpose: .creation,
                bodyRules: rules, otherStatuses: [409, 422, 503]),
            OpenAPIOperation(
                .get, "/v1/courses/{course}",
                "A course (id or slug) with its curriculum outline; ETag is its version", tag: "courses",
                response: CourseResponse.self, pathParameters: path(), otherStatuses: [401]),
            OpenAPIOperation(
                .patch, "/v1/courses/{course}", "Change a course (If-Match or version required)", tag: "courses",
                response: CourseResponse.self,
                requiresAuthentication: true, queryParameters: [.ifMatch], pathParameters: path(),
                body: CourseBody.self, bodyRules: rules, otherStatuses: [409, 412, 422, 428]),
            OpenAPIOperation(
                .delete, "/v1/courses/{course}", "Delete a draft that was never published", tag: "courses",
                requiresAuthentication: true, successStatus: 204, queryParameters: [.ifMatch], pathParameters: path(),
                otherStatuses: [409, 412, 428]),
            OpenAPIOperation(
                .get, "/v1/courses/{course}/lessons/{lesson}",
                "A lesson: free previews, or any for the course's managers", tag: "courses",
                response: LessonResponse.self,
                pathParameters: path("lesson"), otherStatuses: [401, 403]),
            OpenAPIOperation(
                .get, "/v1/instructor/courses", "The caller's courses in every status, with counts", tag: "instructor",
                response: InstructorCoursesResponse.self,
                requiresAuthentication: true,
                queryParameters: [.oneOf("status", CourseStatus.allCases.map(\.rawValue)), .limit(), .cursor]),
        ]
    }

    /// What every change to a course's curriculum may answer besides success.
    static let curriculumStatuses = [409, 412]

    static let curriculum: [OpenAPIOperation] = [
        OpenAPIOperation(
            .post, "/v1/courses/{course}/sections", "Add a section", tag: "curriculum", response: SectionResponse.self,
            requiresAuthentication: true,
            successStatus: 201, queryParameters: [.ifMatch], pathParameters: path(), body: SectionBody.self,
            purpose: .creation, otherStatuses: curriculumStatuses),
        OpenAPIOperation(
            .patch, "/v1/courses/{course}/sections/{section}", "Change a section", tag: "curriculum",
            response: SectionResponse.self,
            requiresAuthentication: true, queryParameters: [.ifMatch], pathParameters: path("section"),
            body: SectionBody.self, otherStatuses: curriculumStatuses),
        OpenAPIOperation(
            .delete, "/v1/courses/{course}/sections/{section}", "Delete a section and its lessons", tag: "curriculum",
            requiresAuthentication: true, successStatus: 204, queryParameters: [.ifMatch],
            pathParameters: path("section"), otherStatuses: curriculumStatuses),
        OpenAPIOperation(
            .post, "/v1/courses/{course}/sections/{section}/lessons", "Add a lesson", tag: "curriculum",
            response: LessonResponse.self,
            requiresAuthentication: true, successStatus: 201, queryParameters: [.ifMatch],
            pathParameters: path("section"), body: LessonBody.self, purpose: .creation,
            otherStatuses: curriculumStatuses),
        OpenAPIOperation(
            .patch, "/v1/courses/{course}/lessons/{lesson}", "Change a lesson", tag: "curriculum",
            response: LessonResponse.self,
            requiresAuthentication: true, queryParameters: [.ifMatch], pathParameters: path("lesson"),
            body: LessonBody.self, otherStatuses: curriculumStatuses),
        OpenAPIOperation(
            .delete, "/v1/courses/{course}/lessons/{lesson}", "Delete a lesson", tag: "curriculum",
            requiresAuthentication: true, successStatus: 204, queryParameters: [.ifMatch],
            pathParameters: path("lesson"), otherStatuses: curriculumStatuses),
        OpenAPIOperation(
            .post, "/v1/courses/{course}/lessons/{lesson}/materials", "Add a material to a lesson", tag: "curriculum",
            response: MaterialResponse.self,
            requiresAuthentication: true, successStatus: 201, queryParameters: [.ifMatch],
            pathParameters: path("lesson"), body: MaterialBody.self, otherStatuses: curriculumStatuses),
        OpenAPIOperation(
            .delete, "/v1/courses/{course}/materials/{material}", "Delete a material", tag: "curriculum",
            requiresAuthentication: true, successStatus: 204, queryParameters: [.ifMatch],
            pathParameters: path("material"), otherStatuses: curriculumStatuses),
        OpenAPIOperation(
            .put, "/v1/courses/{course}/curriculum/order", "Reorder every section and lesson at once",
            tag: "curriculum", response: CourseResponse.self, requiresAuthentication: true, queryParameters: [.ifMatch],
            pathParameters: path(),
            body: CurriculumOrderBody.self, otherStatuses: curriculumStatuses + [422]),
    ]

    /// What a publishing step may answer besides success: not allowed from this status, stale, incomplete.
    static let publishingStatuses = [409, 412, 422]

    static let publishing: [OpenAPIOperation] = [
        OpenAPIOperation(
            .post, "/v1/courses/{course}/submit", "Submit a draft for review (or publish it when none is required)",
            tag: "publishing", response: CourseResponse.self, requiresAuthentication: true, queryParameters: [.ifMatch],
            pathParameters: path(),
            otherStatuses: publishingStatuses),
        OpenAPIOperation(
            .post, "/v1/courses/{course}/approve", "Publish a course under review (admin)", tag: "publishing",
            response: CourseResponse.self,
            requiresAuthentication: true, queryParameters: [.ifMatch], pathParameters: path(),
            otherStatuses: publishingStatuses),
        OpenAPIOperation(
            .post, "/v1/courses/{course}/reject", "Send a course under review back to draft with a reason (admin)",
            tag: "publishing", response: CourseResponse.self, requiresAuthentication: true, queryParameters: [.ifMatch],
            pathParameters: path(),
            body: RejectBody.self, otherStatuses: publishingStatuses),
        OpenAPIOperation(
            .post, "/v1/courses/{course}/archive", "Archive a course", tag: "publishing", response: CourseResponse.self,
            requiresAuthentication: true,
            queryParameters: [.ifMatch], pathParameters: path(), otherStatuses: publishingStatuses),
        OpenAPIOperation(
            .post, "/v1/courses/{course}/restore", "Make an archived course a draft again", tag: "publishing",
            response: CourseResponse.self,
            requiresAuthentication: true, queryParameters: [.ifMatch], pathParameters: path(),
            otherStatuses: publishingStatuses),
        OpenAPIOperation(
            .get, "/v1/admin/courses", "Courses by status for admins, oldest submission first", tag: "admin",
            response: CoursePage.self,
            requiresAuthentication: true,
            queryParameters: [.oneOf("status", CourseStatus.allCases.map(\.rawValue)), .limit(), .cursor]),
    ]

    static let internalOnly: [OpenAPIOperation] = [
        OpenAPIOperation(
            .get, "/internal/v1/courses/{course}",
            "A course in any status with lesson ids and videos (service credential)", tag: "internal",
            response: InternalCourse.self,
            requiresServiceCredential: true, pathParameters: path()),
        OpenAPIOperation(
            .post, "/internal/v1/courses/batch", "Up to 100 courses by id (service credential)", tag: "internal",
            response: InternalCourseBatch.self,
            requiresServiceCredential: true, body: InternalCourseRoutes.BatchBody.self),
    ]

    /// The document served at `/openapi.json`.
    public static func document(currencies: [String]) -> OpenAPIDocument {
        OpenAPIDocument(title: "Campus catalog", operations: operations(currencies: currencies))
    }
}
