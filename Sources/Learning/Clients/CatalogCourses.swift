import Contracts
import Foundation
import ServiceKit

/// Catalog's internal course lookup (`GET /internal/v1/courses/{id}`): the one place learning calls catalog,
/// and only on a miss of its own copy (`course_snapshots`), never on the player's path.
struct CatalogCourses: Sendable {
    let client: InternalClient
    let catalogURL: String

    /// The course with `id` in any status, or `nil` when catalog has none; `InternalCallError` when catalog cannot
    /// answer.
    func course(_ id: UUID, requestId: String? = nil) async throws -> InternalCourse? {
        try await course(reference: id.lowercased, requestId: requestId)
    }

    /// The course with this id or slug (`learning seed` knows the demo courses by slug).
    func course(reference: String, requestId: String? = nil) async throws -> InternalCourse? {
        try await client.get(
            "/internal/v1/courses/" + reference, at: catalogURL, as: InternalCourse.self, requestID: requestId)
    }
}
