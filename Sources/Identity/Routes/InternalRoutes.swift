import Contracts
import Foundation
import HTTP
import ServiceKit

/// `/internal/v1/users*`: what other services may know of a user (`InternalUser`), by id or by e-mail address.
/// Behind the service credential; the gateway never routes `/internal`.
struct InternalRoutes: Sendable {
    let service: IdentityService

    func add(to router: inout Router, internalOnly: any Middleware) {
        let users = service.users
        router.group("/internal/v1/users", middleware: [internalOnly]) { group in
            group.get(":id") { _, context in
                guard let id = context.parameters["id"].flatMap(UUID.init(uuidString:)),
                    let user = try await users.findForServices(id: id)
                else { throw ServiceError.notFound }
                return try .json(user.internalUser)
            }
            group.get("") { request, _ in
                guard let email = request.queryParameter("email"), !email.isEmpty, email.utf8.count <= 254 else {
                    throw RequestError.validation([
                        FieldError(field: "email", message: "is required and at most 254 characters")
                    ])
                }
                guard let user = try await users.find(email: email) else { throw ServiceError.notFound }
                return try .json(user.internalUser)
            }
        }
    }
}
