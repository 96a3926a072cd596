import Contracts
import Foundation
import ServiceKit

/// Catalog's internal batch lookup (`POST /internal/v1/courses/batch`): the courses of a checkout as catalog has
/// them now, prices included. The only source of a price: nothing the client sends is.
struct CatalogPrices: Sendable {
    let client: InternalClient
    let catalogURL: String

    /// The courses of `ids` catalog knows, in any status (unknown ids are left out).
    func courses(_ ids: [UUID], requestId: String?) async throws -> [InternalCourse] {
        let base = catalogURL.hasSuffix("/") ? String(catalogURL.dropLast()) : catalogURL
        return try await client.post(
            base + "/internal/v1/courses/batch", json: InternalCourseBatchRequest(ids: ids.map(\.lowercased)),
            as: InternalCourseBatch.self, requestID: requestId
        ).items
    }
}

/// Learning's internal enrollment query (`GET /internal/v1/enrollments`): which of some courses a user has access
/// to already, so a checkout never sells a course twice.
struct LearningOwnership: Sendable {
    let client: InternalClient
    let learningURL: String

    private struct Answer: Decodable {
        struct Item: Decodable {
            var courseId: String
            var hasAccess: Bool
        }
        var items: [Item]
    }

    /// The courses among `courses` that `user` has an enrollment giving access to now.
    func owned(user: UUID, courses: [UUID], requestId: String?) async throws -> Set<UUID> {
        let list = courses.map(\.lowercased).joined(separator: ",")
        let answer = try await client.get(
            "/internal/v1/enrollments?userId=\(user.lowercased)&courseIds=\(list)", at: learningURL, as: Answer.self,
            requestID: requestId)
        return Set((answer?.items ?? []).filter(\.hasAccess).compactMap { UUID(uuidString: $0.courseId) })
    }
}
