import Contracts
import Foundation
import HTTP
import ServiceKit

/// `/v1/me*`: the caller's own account, profile, preferences, deletion and export.
struct MeRoutes: Sendable {
    let service: IdentityService

    struct ExportResponse: Encodable, Sendable {
        var exportedAt: String
        var account: AccountResponse
        var profile: ProfileResponse
        var preferences: PreferencesResponse
        var sessions: [UserStore.SessionRecord]
        var instructorApplication: [String: String]?
        /// What learning holds: enrollments, notes, reviews, helpful votes.
        var learning: LearningExport
    }

    func add(to router: inout Router, authenticated: any Middleware) {
        let users = service.users
        let hasher = service.passwords
        let learning = service.learning
        @Sendable func current(_ context: RequestContext) async throws -> (User, Profile) {
            let principal = try context.requirePrincipal()
            guard let user = try await users.find(id: principal.userID), user.isUsable,
                let profile = try await users.profile(userID: user.id)
            else { throw ServiceError.unauthorized }
            return (user, profile)
        }
        @Sendable func me(_ user: User, _ profile: Profile) throws -> Response {
            try .json(
                MeResponse(
                    account: AccountResponse(user), profile: ProfileResponse(profile),
                    preferences: PreferencesResponse(profile)))
        }
        router.group("/v1/me", middleware: [authenticated]) { group in
            group.get("") { _, context in
                let (user, profile) = try await current(context)
                return try me(user, profile)
            }
            group.patch("", maxBodyBytes: 8192) { request, context in
                let body = try request.decode(AccountPatchBody.self)
                let (user, profile) = try await current(context)
                guard
                    let updated = try await users.updateAccount(
                        id: user.id, firstName: body.firstName?.trimmingCharacters(in: .whitespaces),
                        lastName: body.lastName?.trimmingCharacters(in: .whitespaces), imageURL: body.image)
                else { throw ServiceError.unauthorized }
                return try me(updated, profile)
            }
            group.patch("profile", maxBodyBytes: 16384) { request, context in
                let body = try request.decode(ProfilePatchBody.self)
                let (user, profile) = try await current(context)
                let updated = body.applied(to: profile)
                try await users.save(updated, userID: user.id)
                return try me(user, updated)
            }
            group.patch("preferences", maxBodyBytes: 4096) { request, context in
                let body = try request.decode(PreferencesPatchBody.self)
                let (user, profile) = try await current(context)
                let updated = body.applied(to: profile)
                try await users.save(updated, userID: user.id)
                return try me(user, updated)
            }
            group.delete("", maxBodyBytes: 4096) { request, context in
                let body = try request.decode(DeleteAccountBody.self)
                let (user, _) = try await current(context)
                guard try await hasher.verify(body.password, against: user.passwordHash).isValid else {
                    throw IdentityError.wrongPassword
                }
                try await users.softDelete(id: user.id)
                return Response(status: .noContent)
            }
            group.get("export") { _, context in
                let (user, profile) = try await current(context)
                let application = try await users.application(userID: user.id)
                let learned = try await learning.export(of: user.id, requestId: context.requestId)
                let export = ExportResponse(
                    exportedAt: Timestamp.string(Date()), account: AccountResponse(user),
                    profile: ProfileResponse(profile), preferences: PreferencesResponse(profile),
                    sessions: try await users.sessions(userID: user.id),
                    instructorApplication: application.map { ["status": $0.status, "reason": $0.reason ?? ""] },
                    learning: learned)
                var response = try Response.json(export)
                response.headers.set("Content-Disposition", "attachment; filename=\"campus-account.json\"")
                return response
            }
        }
    }
}
