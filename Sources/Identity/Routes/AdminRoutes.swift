import Contracts
import Foundation
import HTTP
import ServiceKit

/// `/v1/admin/users*`: list and search users, change role and status, decide instructor applications,
/// read the audit log. Admins only; every change is audited.
struct AdminRoutes: Sendable {
    let service: IdentityService

    func add(to router: inout Router, authenticated: any Middleware) {
        let store = service.admin
        let adminOnly = RoleMiddleware(.admin)
        @Sendable func target(_ context: RequestContext) throws -> UUID {
            guard let id = context.parameters["id"].flatMap(UUID.init(uuidString:)) else { throw ServiceError.notFound }
            return id
        }
        router.group("/v1/admin/users", middleware: [authenticated, adminOnly]) { admin in
            admin.get("") { request, _ in
                let page = try PageRequest<UUID>(request)
                var errors = FieldErrors()
                var filter = AdminStore.UserFilter()
                if let role = request.queryParameter("role") {
                    filter.role = Role(rawValue: role)
                    errors.check(filter.role != nil, "role", "must be admin, instructor or student")
                }
                if let status = request.queryParameter("status") {
                    filter.status = AccountStatus(rawValue: status)
                    errors.check(filter.status != nil, "status", "must be active, inactive or suspended")
                }
                if let approved = request.queryParameter("approved") {
                    filter.isApproved = approved == "true" ? true : approved == "false" ? false : nil
                    errors.check(filter.isApproved != nil, "approved", "must be true or false")
                }
                if let search = request.queryParameter("q"), !search.isEmpty {
                    errors.check(search.count <= 100, "q", "must be at most 100 characters")
                    filter.search = search
                }
                try errors.throwIfAny()
                let users = try await store.listUsers(filter, after: page.cursor?.key, limit: page.fetchLimit)
                return try .json(
                    Page(fetched: users.map(AccountResponse.init), limit: page.limit) { UUID(uuidString: $0.id)! })
            }
            admin.get("applications") { request, _ in
                let page = try PageRequest<UUID>(request)
                let status = request.queryParameter("status") ?? "pending"
                guard ["pending", "approved", "rejected"].contains(status) else {
                    throw RequestError.validation([
                        FieldError(field: "status", message: "must be pending, approved or rejected")
                    ])
                }
                let entries = try await store.applications(
                    status: status, after: page.cursor?.key, limit: page.fetchLimit)
                return try .json(Page(fetched: entries, limit: page.limit) { $0.id })
            }
            admin.get("audit") { request, _ in
                let page = try PageRequest<UUID>(request)
                let userText = request.queryParameter("userId")
                if let userText, case let errors = Checks.id(userText, "userId"), !errors.isEmpty {
                    throw RequestError.validation(errors)
                }
                let user = userText.flatMap(UUID.init(uuidString:))
                let entries = try await store.auditLog(target: user, before: page.cursor?.key, limit: page.fetchLimit)
                return try .json(Page(fetched: entries, limit: page.limit) { $0.id })
            }
            admin.patch(":id/role", maxBodyBytes: 4096) { request, context in
                let body = try request.decode(RoleBody.self)
                let actor = try context.requirePrincipal().userID
                let id = try target(context)
                guard id != actor else { throw IdentityError.cannotChangeOwnAccount }
                guard let user = try await store.setRole(Role(rawValue: body.role)!, of: id, by: actor) else {
                    throw ServiceError.notFound
                }
                return try .json(AccountResponse(user))
            }
            admin.patch(":id/status", maxBodyBytes: 4096) { request, context in
                let body = try request.decode(StatusBody.self)
                let actor = try context.requirePrincipal().userID
                let id = try target(context)
                guard id != actor else { throw IdentityError.cannotChangeOwnAccount }
                guard
                    let user = try await store.setStatus(
                        AccountStatus(rawValue: body.status)!, reason: body.reason, of: id, by: actor)
                else { throw ServiceError.notFound }
                return try .json(AccountResponse(user))
            }
            admin.post(":id/instructor-application", maxBodyBytes: 4096) { request, context in
                let body = try request.decode(DecisionBody.self)
                let actor = try context.requirePrincipal().userID
                guard
                    let user = try await store.decideApplication(
                        of: try target(context), approve: body.decision == "approve", reason: body.reason, by: actor)
                else { throw ServiceError.notFound }
                return try .json(AccountResponse(user))
            }
        }
    }
}
