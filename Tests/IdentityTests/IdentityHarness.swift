import Crypto
import Foundation
import HTTP
import IO
import Logging
import Postgres
import ServiceKit
import TestSupport
import Testing

@testable import Identity

/// Identity's router over a fresh, migrated schema (the kit's `ServiceHarness`), and the account flows its
/// tests start from.
typealias IdentityHarness = ServiceHarness<IdentityService>

extension ServiceHarness where S == IdentityService {
    static var group: EventLoopGroup { TestSchema.group }
    static var root: URL { TestSchema.repositoryRoot }

    /// Runs `body` with a harness on its own schema, dropped afterwards.
    static func with<T>(
        settings adjust: (inout IdentitySettings) -> Void = { _ in }, _ body: (IdentityHarness) async throws -> T
    ) async throws -> T {
        var settings = IdentitySettings()
        settings.scrypt = .insecureFastForTesting
        settings.scryptThreads = 2
        // Throttling is off unless a test turns it on: every request here comes from the same address.
        settings.loginsPerClient = 100_000
        settings.loginsPerAccount = 100_000
        // No learning unless a test fakes one: its part of the data export fails, as when learning is down.
        settings.learningURL = "http://127.0.0.1:9"
        settings.mailDirectory =
            FileManager.default.temporaryDirectory.appendingPathComponent(
                "identity-mail-" + UUID().uuidString
            ).path
        adjust(&settings)
        return try await with(settings: settings, keyID: SigningKeys.keyID(for:)) { parts in
            let settings = parts.context.settings
            return IdentityService(
                context: parts.context, keys: SigningKeys(current: parts.signingKey),
                hasher: PasswordHasher(
                    policy: settings.scrypt, maxConcurrentHashes: settings.scryptThreads,
                    maxQueuedWork: settings.scryptMaxQueue, expectedCost: settings.scryptCost))
        } _: {
            try await body($0)
        }
    }

    /// The code in the newest queued sign-up mail to `email`.
    func latestCode(for email: String) async throws -> String? {
        let rows = try await pool.query(
            """
            SELECT body FROM mail_outbox WHERE recipient = \(email) AND subject = 'Your Campus sign-up code'
            ORDER BY id DESC LIMIT 1
            """)
        guard let body = try rows.first?.decode(String.self, at: 0),
            let range = body.range(of: "code is ")
        else { return nil }
        return String(body[range.upperBound...].prefix(6))
    }

    static var password: String { "correct horse battery staple" }

    /// Requests a code and signs up; returns the new user's id.
    @discardableResult
    func signUp(_ email: String, type: String = "student") async throws -> String {
        _ = await send(.post, "/v1/auth/otp", json: ["email": email])
        let code = try await latestCode(for: email) ?? ""
        let reply = await send(
            .post, "/v1/auth/signup",
            json: [
                "firstName": "Grace", "lastName": "Hopper", "email": email, "password": Self.password,
                "confirmPassword": Self.password, "otp": code, "accountType": type,
            ])
        return reply["id"] as? String ?? ""
    }

    /// Logs in, from `client` as the gateway reports it (none: a direct request); returns the tokens.
    func logIn(_ email: String, password: String = IdentityHarness.password, from client: String? = nil) async -> (
        access: String, refresh: String, reply: Reply
    ) {
        let reply = await send(
            .post, "/v1/auth/login", json: ["email": email, "password": password],
            headers: client.map { ["X-Real-IP": $0] } ?? [:])
        return (reply["accessToken"] as? String ?? "", reply["refreshToken"] as? String ?? "", reply)
    }

    /// Makes an administrator directly, as `identity create-admin` does, and logs in.
    func adminToken() async throws -> String {
        _ = try await AccountCommands(service: service).createAdmin(
            email: "root@example.com", password: Self.password, firstName: "Root", lastName: "Admin")
        return await logIn("root@example.com").access
    }
}
