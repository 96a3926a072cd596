import HTTP
import ServiceKit

/// `/v1/auth/*`: codes, sign-up, login, refresh, logout, passwords.
struct AuthRoutes: Sendable {
    let service: IdentityService

    func add(to router: inout Router, authenticated: any Middleware) {
        let authenticator = service.authenticator
        let lifetime = service.issuer.lifetimeSeconds
        @Sendable func session(_ session: Authenticator.Session) throws -> Response {
            try .json(
                SessionResponse(
                    accessToken: session.accessToken, refreshToken: session.refreshToken, expiresIn: lifetime,
                    user: AccountResponse(session.user)))
        }
        router.group("/v1/auth") { auth in
            auth.post("otp", maxBodyBytes: 4096) { request, _ in
                let body = try request.decode(CodeRequestBody.self)
                try await authenticator.requestCode(email: body.email, client: ClientAddress.of(request))
                return try .json(
                    MessageResponse(message: "if this address can receive mail, a message is on its way"),
                    status: .accepted)
            }
            auth.post("signup", maxBodyBytes: 8192) { request, _ in
                let body = try request.decode(SignUpBody.self)
                let user = try await authenticator.signUp(
                    email: body.email, password: body.password,
                    firstName: body.firstName.trimmingCharacters(in: .whitespaces),
                    lastName: body.lastName.trimmingCharacters(in: .whitespaces), code: body.otp,
                    type: AccountType(matching: body.accountType)!)
                return try .json(AccountResponse(user), status: .created)
            }
            auth.post("login", maxBodyBytes: 4096) { request, _ in
                let body = try request.decode(LogInBody.self)
                return try session(
                    try await authenticator.logIn(
                        email: body.email, password: body.password, client: ClientAddress.of(request)))
            }
            auth.post("refresh", maxBodyBytes: 4096) { request, _ in
                let body = try request.decode(RefreshBody.self)
                return try session(try await authenticator.refresh(token: body.refreshToken))
            }
            auth.post("logout", maxBodyBytes: 4096) { request, _ in
                let body = try request.decode(RefreshBody.self)
                try await authenticator.logOut(token: body.refreshToken)
                return Response(status: .noContent)
            }
            auth.post("password/forgot", maxBodyBytes: 4096) { request, _ in
                let body = try request.decode(ForgotPasswordBody.self)
                try await authenticator.forgotPassword(email: body.email, client: ClientAddress.of(request))
                return try .json(
                    MessageResponse(message: "if an account uses this address, a reset link is on its way"),
                    status: .accepted)
            }
            auth.post("password/reset", maxBodyBytes: 4096) { request, _ in
                let body = try request.decode(ResetPasswordBody.self)
                try await authenticator.resetPassword(token: body.token, newPassword: body.password)
                return Response(status: .noContent)
            }
            auth.group("", middleware: [authenticated]) { signedIn in
                signedIn.post("logout-all") { _, context in
                    try await service.tokens.revokeAll(userID: try context.requirePrincipal().userID)
                    return Response(status: .noContent)
                }
                signedIn.post("password/change", maxBodyBytes: 4096) { request, context in
                    let principal = try context.requirePrincipal()
                    let body = try request.decode(ChangePasswordBody.self)
                    return try session(
                        try await authenticator.changePassword(
                            userID: principal.userID, current: body.currentPassword, new: body.newPassword))
                }
            }
        }
        router.get("/.well-known/jwks.json") { [keys = service.keys] _, _ in
            Response(
                status: .ok,
                headers: ["Content-Type": "application/jwk-set+json", "Cache-Control": "public, max-age=300"],
                body: .bytes(Array(keys.keySet.jsonData())))
        }
    }
}
