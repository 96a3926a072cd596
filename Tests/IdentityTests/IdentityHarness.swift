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

/// A router over a fresh, migrated schema, and helpers that send requests to it in-process.
struct IdentityHarness {
    static var group: EventLoopGroup { TestSchema.group }
    static var url: String { TestSchema.databaseURL }
    static var root: URL { TestSchema.repositoryRoot }

    let dependencies: IdentityDependencies
    let responder: RouterResponder
    var pool: PostgresPool { dependencies.pool }

    /// Runs `body` with a harness on its own schema, dropped afterwards.
    static func with<T>(
        settings adjust: (inout IdentitySettings) -> Void = { _ in }, _ body: (IdentityHarness) async throws -> T
    ) async throws -> T {
        let pool = PoolConfiguration(minConnections: 0, maxConnections: 4, acquireTimeout: .seconds(30))
        return try await TestSchema.with(pool: pool) { pool, schema in
            let migrator = Migrator(
                pool: pool, schema: schema,
                migrations: try Migration.load(from: root.appendingPathComponent("sql/identity")))
            try await migrator.up()
            var settings = IdentitySettings()
            settings.scrypt = .insecureFastForTesting
            settings.scryptThreads = 2
            // Throttling is off unless a test turns it on: every request here comes from the same address.
            settings.loginsPerClient = 100_000
            settings.loginsPerAccount = 100_000
            settings.mailDirectory = FileManager.default.temporaryDirectory.appendingPathComponent(schema).path
            adjust(&settings)
            let dependencies = IdentityDependencies(
                configuration: ServiceConfiguration(service: "identity", databaseURL: url),
                settings: settings, pool: pool, migrator: migrator,
                keys: SigningKeys(current: try Ed25519PrivateKey()),
                hasher: PasswordHasher(
                    policy: settings.scrypt, maxConcurrentHashes: settings.scryptThreads,
                    maxQueuedWork: settings.scryptMaxQueue, expectedCost: settings.scryptCost),
                logger: Logger(service: "identity", minimumLevel: .error))
            return try await body(
                IdentityHarness(dependencies: dependencies, responder: makeRouter(dependencies).buildResponder()))
        }
    }

    /// A response with its JSON body parsed.
    struct Reply {
        var status: Int
        var headers: HTTPHeaders
        var json: [String: Any]
        var text: String
        subscript(key: String) -> Any? { json[key] }
        var code: String? { json["code"] as? String }
    }

    func send(
        _ method: HTTPMethod, _ path: String, json: [String: Any]? = nil, token: String? = nil,
        headers extra: HTTPHeaders = [:]
    ) async -> Reply {
        var headers = extra
        var body: [UInt8] = []
        if let json {
            headers.set("Content-Type", "application/json")
            body = Array(try! JSONSerialization.data(withJSONObject: json))
        }
        if let token { headers.set("Authorization", "Bearer " + token) }
        let response = await responder.respond(to: Request(method: method, target: path, headers: headers, body: body))
        let bytes = response.body.bytes ?? []
        for id in UpperCaseUUIDs.all(in: String(decoding: bytes, as: UTF8.self)) {
            Issue.record("\(method) \(path) answered an id in upper case: \(id)")
        }
        for problem in IdentityAPI.document.problems(method, path, status: response.status.code, body: bytes) {
            Issue.record("\(problem)")
        }
        let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? [:]
        return Reply(
            status: response.status.code, headers: response.headers, json: object,
            text: String(decoding: bytes, as: UTF8.self))
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

    static let password = "correct horse battery staple"

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
        _ = try await AccountCommands(dependencies: dependencies).createAdmin(
            email: "root@example.com", password: Self.password, firstName: "Root", lastName: "Admin")
        return await logIn("root@example.com").access
    }
}
