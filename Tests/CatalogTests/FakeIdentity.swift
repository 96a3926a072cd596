import Contracts
import Foundation
import HTTP
import Logging
import ServiceKit
import TestSupport

/// Identity's internal user lookups (`GET /internal/v1/users/{id}` and `?email=`), answered from a fixed list by
/// the kit's `FakeService`, behind the same service-credential check identity uses.
enum FakeIdentity {
    /// Runs `body` with identity answering for `users` (with their e-mail addresses); stops it afterwards.
    static func with<T>(users: [(email: String, user: InternalUser)], _ body: (FakeService) async throws -> T)
        async throws -> T
    {
        try await FakeService.with("identity") { router, internalOnly in
            router.group("/internal/v1/users", middleware: [internalOnly]) { group in
                group.get(":id") { _, context in
                    guard let entry = users.first(where: { $0.user.id == context.parameters["id"] }) else {
                        throw ServiceError.notFound
                    }
                    return try .json(entry.user)
                }
                group.get("") { request, _ in
                    guard let email = request.queryParameter("email"),
                        let entry = users.first(where: { $0.email == email })
                    else { throw ServiceError.notFound }
                    return try .json(entry.user)
                }
            }
        } _: {
            try await body($0)
        }
    }

    /// A user as identity answers for them.
    static func user(
        _ id: UUID = UUID(), first: String, last: String, role: String = "instructor", deleted: Bool = false
    )
        -> InternalUser
    {
        InternalUser(
            id: id.uuidString.lowercased(),
            state: UserChanged(
                id: id.uuidString.lowercased(), firstName: first, lastName: last, imageURL: nil, role: role,
                status: "active", isInstructorApproved: true, updatedAt: "2026-11-21T10:00:00.000000Z"),
            isDeleted: deleted)
    }
}
