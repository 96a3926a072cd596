import Foundation
import HTTP
import ServiceKit

/// `/v1/users/{id}`: public profiles (for instructor pages) and default avatars.
struct UserRoutes: Sendable {
    let service: IdentityService

    func add(to router: inout Router) {
        let users = service.users
        router.get("/v1/users/:id") { _, context in
            guard let id = context.parameters["id"].flatMap(UUID.init(uuidString:)),
                let user = try await users.find(id: id),
                user.isUsable
            else { throw ServiceError.notFound }
            let profile = try await users.profile(userID: id)
            return try .json(
                PublicProfileResponse(
                    id: id.lowercased, firstName: user.firstName, lastName: user.lastName,
                    image: user.imageURL, role: user.role.rawValue, about: profile?.about))
        }
        router.get("/v1/users/:id/avatar.svg") { _, context in
            guard let id = context.parameters["id"].flatMap(UUID.init(uuidString:)),
                let user = try await users.find(id: id),
                user.deletedAt == nil
            else { throw ServiceError.notFound }
            return Response(
                status: .ok,
                headers: [
                    "Content-Type": "image/svg+xml", "Cache-Control": "public, max-age=3600",
                    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
                ],
                body: .string(Avatar.svg(id: id, firstName: user.firstName, lastName: user.lastName)))
        }
    }
}
