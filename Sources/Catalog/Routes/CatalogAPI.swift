import HTTP
import ServiceKit

/// The catalog service's OpenAPI operations, kept equal to the router's routes by a test.
public enum CatalogAPI {
    /// Every documented operation.
    public static let operations: [OpenAPIOperation] =
        categories + courses + curriculum + publishing + internalOnly + CourseSearchAPI.operations
        + OutboxAdminRoutes.operations(service: "catalog")

    static let categories: [OpenAPIOperation] = [
        OpenAPIOperation(
            .get, "/v1/categories", "Categories with their published course counts", tag: "categories",
            queryParameters: ["limit", "cursor"]),
        OpenAPIOperation(
            .get, "/v1/categories/{category}",
            "A category page (id or slug): its courses newest first, the most popular, the other categories",
            tag: "categories", queryParameters: ["limit", "cursor"]),
        OpenAPIOperation(
            .post, "/v1/categories", "Create a category (admin)", tag: "categories", requiresAuthentication: true,
            successStatus: 201),
        OpenAPIOperation(
            .patch, "/v1/categories/{category}", "Change a category (admin)", tag: "categories",
            requiresAuthentication: true),
        OpenAPIOperation(
            .delete, "/v1/categories/{category}", "Delete a category no course uses (admin)", tag: "categories",
            requiresAuthentication: true, successStatus: 204),
    ]

    static let courses: [OpenAPIOperation] = [
        OpenAPIOperation(
            .post, "/v1/courses", "Create a draft course (approved instructor or admin)", tag: "courses",
            requiresAuthentication: true, successStatus: 201),
        OpenAPIOperation(
            .get, "/v1/courses/{course}", "A course (id or slug) with its curriculum outline; ETag is its version",
            tag: "courses"),
        OpenAPIOperation(
            .patch, "/v1/courses/{course}", "Change a course (If-Match or version required)", tag: "courses",
            requiresAuthentication: true),
        OpenAPIOperation(
            .delete, "/v1/courses/{course}", "Delete a draft that was never published", tag: "courses",
            requiresAuthentication: true, successStatus: 204),
        OpenAPIOperation(
            .get, "/v1/courses/{course}/lessons/{lesson}", "A lesson: free previews, or any for the course's managers",
            tag: "courses"),
        OpenAPIOperation(
            .get, "/v1/instructor/courses", "The caller's courses in every status, with counts", tag: "instructor",
            requiresAuthentication: true, queryParameters: ["status", "limit", "cursor"]),
    ]

    static let curriculum: [OpenAPIOperation] = [
        OpenAPIOperation(
            .post, "/v1/courses/{course}/sections", "Add a section", tag: "curriculum", requiresAuthentication: true,
            successStatus: 201),
        OpenAPIOperation(
            .patch, "/v1/courses/{course}/sections/{section}", "Change a section", tag: "curriculum",
            requiresAuthentication: true),
        OpenAPIOperation(
            .delete, "/v1/courses/{course}/sections/{section}", "Delete a section and its lessons", tag: "curriculum",
            requiresAuthentication: true, successStatus: 204),
        OpenAPIOperation(
            .post, "/v1/courses/{course}/sections/{section}/lessons", "Add a lesson", tag: "curriculum",
            requiresAuthentication: true, successStatus: 201),
        OpenAPIOperation(
            .patch, "/v1/courses/{course}/lessons/{lesson}", "Change a lesson", tag: "curriculum",
            requiresAuthentication: true),
        OpenAPIOperation(
            .delete, "/v1/courses/{course}/lessons/{lesson}", "Delete a lesson", tag: "curriculum",
            requiresAuthentication: true, successStatus: 204),
        OpenAPIOperation(
            .post, "/v1/courses/{course}/lessons/{lesson}/materials", "Add a material to a lesson", tag: "curriculum",
            requiresAuthentication: true, successStatus: 201),
        OpenAPIOperation(
            .delete, "/v1/courses/{course}/materials/{material}", "Delete a material", tag: "curriculum",
            requiresAuthentication: true, successStatus: 204),
        OpenAPIOperation(
            .put, "/v1/courses/{course}/curriculum/order", "Reorder every section and lesson at once",
            tag: "curriculum", requiresAuthentication: true),
    ]

    static let publishing: [OpenAPIOperation] = [
        OpenAPIOperation(
            .post, "/v1/courses/{course}/submit", "Submit a draft for review (or publish it when none is required)",
            tag: "publishing", requiresAuthentication: true),
        OpenAPIOperation(
            .post, "/v1/courses/{course}/approve", "Publish a course under review (admin)", tag: "publishing",
            requiresAuthentication: true),
        OpenAPIOperation(
            .post, "/v1/courses/{course}/reject", "Send a course under review back to draft with a reason (admin)",
            tag: "publishing", requiresAuthentication: true),
        OpenAPIOperation(
            .post, "/v1/courses/{course}/archive", "Archive a course", tag: "publishing", requiresAuthentication: true),
        OpenAPIOperation(
            .post, "/v1/courses/{course}/restore", "Make an archived course a draft again", tag: "publishing",
            requiresAuthentication: true),
        OpenAPIOperation(
            .get, "/v1/admin/courses", "Courses by status for admins, oldest submission first", tag: "admin",
            requiresAuthentication: true, queryParameters: ["status", "limit", "cursor"]),
    ]

    static let internalOnly: [OpenAPIOperation] = [
        OpenAPIOperation(
            .get, "/internal/v1/courses/{course}",
            "A course in any status with lesson ids and videos (service credential)",
            tag: "internal"),
        OpenAPIOperation(
            .post, "/internal/v1/courses/batch", "Up to 100 courses by id (service credential)", tag: "internal"),
        OpenAPIOperation(.post, "/internal/v1/events", "Receive an event (service credential)", tag: "internal"),
    ]

    /// The document served at `/openapi.json`.
    public static let document = OpenAPIDocument(title: "Campus catalog", operations: operations)
}
