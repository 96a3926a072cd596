import Contracts
import HTTP
import ServiceKit

/// The identity service's OpenAPI operations, kept equal to the router's routes by a test.
public enum IdentityAPI {
    /// Every documented operation.
    public static let operations: [OpenAPIOperation] = own + OutboxAdminRoutes.operations(service: "identity")

    /// A user id in a path.
    static let userID: [OpenAPIParameter] = {
        var id = OpenAPIParameter.id("id")
        id.location = "path"
        return [id]
    }()

    /// The operations of identity's own routes.
    static let own: [OpenAPIOperation] = [
        OpenAPIOperation(
            .post, "/v1/auth/otp", "Send a sign-up code by e-mail", tag: "auth", response: MessageResponse.self,
            successStatus: 202,
            body: CodeRequestBody.self),
        OpenAPIOperation(
            .post, "/v1/auth/signup", "Create an account with a sign-up code", tag: "auth",
            response: AccountResponse.self, successStatus: 201,
            body: SignUpBody.self, otherStatuses: [409]),
        OpenAPIOperation(
            .post, "/v1/auth/login", "Log in: access and refresh tokens", tag: "auth", response: SessionResponse.self,
            body: LogInBody.self,
            otherStatuses: [401, 403]),
        OpenAPIOperation(
            .post, "/v1/auth/refresh", "Rotate a refresh token", tag: "auth", response: SessionResponse.self,
            body: RefreshBody.self,
            otherStatuses: [401, 403]),
        OpenAPIOperation(
            .post, "/v1/auth/logout", "End the login of a refresh token", tag: "auth", successStatus: 204,
            body: RefreshBody.self),
        OpenAPIOperation(
            .post, "/v1/auth/logout-all", "End every login", tag: "auth", requiresAuthentication: true,
            successStatus: 204),
        OpenAPIOperation(
            .post, "/v1/auth/password/forgot", "E-mail a reset link", tag: "auth", response: MessageResponse.self,
            successStatus: 202,
            body: ForgotPasswordBody.self),
        OpenAPIOperation(
            .post, "/v1/auth/password/reset", "Set a password with a reset link", tag: "auth", successStatus: 204,
            body: ResetPasswordBody.self),
        OpenAPIOperation(
            .post, "/v1/auth/password/change", "Change the password", tag: "auth", response: SessionResponse.self,
            requiresAuthentication: true,
            body: ChangePasswordBody.self),
        OpenAPIOperation(
            .get, "/.well-known/jwks.json", "Public keys of access tokens", tag: "auth",
            successContentType: "application/jwk-set+json"),
        OpenAPIOperation(
            .get, "/v1/me", "The caller's account, profile and preferences", tag: "me", response: MeResponse.self,
            requiresAuthentication: true),
        OpenAPIOperation(
            .patch, "/v1/me", "Change names or avatar", tag: "me", response: MeResponse.self,
            requiresAuthentication: true,
            body: AccountPatchBody.self),
        OpenAPIOperation(
            .patch, "/v1/me/profile", "Change the profile", tag: "me", response: MeResponse.self,
            requiresAuthentication: true,
            body: ProfilePatchBody.self),
        OpenAPIOperation(
            .patch, "/v1/me/preferences", "Change preferences", tag: "me", response: MeResponse.self,
            requiresAuthentication: true,
            body: PreferencesPatchBody.self),
        OpenAPIOperation(
            .delete, "/v1/me", "Delete the account (password required)", tag: "me", requiresAuthentication: true,
            successStatus: 204, body: DeleteAccountBody.self),
        OpenAPIOperation(
            .get, "/v1/me/export",
            "Every datum of the caller: identity's, and learning's under `learning` (503 learningUnavailable when learning cannot answer)",
            tag: "me", requiresAuthentication: true),
        OpenAPIOperation(
            .get, "/v1/users/{id}", "A public profile", tag: "users", response: PublicProfileResponse.self,
            pathParameters: userID),
        OpenAPIOperation(
            .get, "/v1/users/{id}/avatar.svg", "A default avatar", tag: "users", successContentType: "image/svg+xml",
            pathParameters: userID),
        OpenAPIOperation(
            .get, "/v1/admin/users", "List and search users", tag: "admin", response: Page<AccountResponse>.self,
            requiresAuthentication: true,
            queryParameters: [
                .oneOf("role", Role.allCases.map(\.rawValue)), .oneOf("status", AccountStatus.allCases.map(\.rawValue)),
                .oneOf("approved", ["true", "false"]), search, .limit(), .cursor,
            ]),
        OpenAPIOperation(
            .get, "/v1/admin/users/applications", "Instructor applications", tag: "admin",
            response: Page<AdminStore.ApplicationEntry>.self,
            requiresAuthentication: true,
            queryParameters: [.oneOf("status", ["pending", "approved", "rejected"]), .limit(), .cursor]),
        OpenAPIOperation(
            .get, "/v1/admin/users/audit", "The audit log, newest first", tag: "admin",
            response: Page<AdminStore.AuditEntry>.self, requiresAuthentication: true,
            queryParameters: [.id("userId"), .limit(), .cursor]),
        OpenAPIOperation(
            .patch, "/v1/admin/users/{id}/role", "Change a role", tag: "admin", response: AccountResponse.self,
            requiresAuthentication: true,
            pathParameters: userID, body: RoleBody.self, otherStatuses: [409]),
        OpenAPIOperation(
            .patch, "/v1/admin/users/{id}/status", "Change a status (suspension ends sessions)", tag: "admin",
            response: AccountResponse.self,
            requiresAuthentication: true, pathParameters: userID, body: StatusBody.self, otherStatuses: [409]),
        OpenAPIOperation(
            .post, "/v1/admin/users/{id}/instructor-application", "Approve or reject an instructor", tag: "admin",
            response: AccountResponse.self,
            requiresAuthentication: true, pathParameters: userID, body: DecisionBody.self, otherStatuses: [409]),
        OpenAPIOperation(
            .get, "/internal/v1/users/{id}", "A user as other services may know them", tag: "internal",
            response: InternalUser.self,
            requiresServiceCredential: true, pathParameters: userID),
        OpenAPIOperation(
            .get, "/internal/v1/users", "A user by e-mail address", tag: "internal", response: InternalUser.self,
            requiresServiceCredential: true,
            queryParameters: [email], otherStatuses: [404]),
    ]

    /// `q` of the user search: at most 100 characters.
    static let search: OpenAPIParameter = {
        var schema = JSONSchema.string
        schema.maxLength = 100
        schema.pattern = TextRules.linePattern
        return OpenAPIParameter("q", schema)
    }()

    /// An e-mail address.
    static let email: OpenAPIParameter = {
        var schema = JSONSchema.string(format: "email")
        schema.maxLength = 254
        return OpenAPIParameter("email", schema)
    }()

    /// The document served at `/openapi.json`.
    public static let document = OpenAPIDocument(title: "Campus identity", operations: operations)
}
