import Foundation
import HTTP
import ServiceKit

/// `/internal/v1/users/{id}/export` (service credential): everything learning holds on a user, for identity's
/// data export.
struct InternalPrivacyRoutes: Sendable {
    let service: LearningService

    func add(to router: inout Router, internalOnly: any Middleware) {
        let privacy = service.privacy
        router.group("/internal/v1/users", middleware: [internalOnly]) { group in
            group.get(":id/export") { _, context in
                guard let user = UUID(uuidString: context.parameters["id"] ?? "") else { throw ServiceError.notFound }
                return try .json(try await privacy.export(user: user))
            }
        }
    }
}
