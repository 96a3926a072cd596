import Contracts
import Crypto
import Foundation
import HTTP
import IO
import Postgres
import ServiceKit
import TestSupport
import Testing

@testable import Catalog

/// A catalog router over a fresh, migrated schema, a signing key standing in for identity's, and helpers that
/// send requests to the router in-process.
struct CatalogHarness {
    static var root: URL { TestSchema.repositoryRoot }

    let dependencies: CatalogDependencies
    /// The document every answer is held to (its answers do not depend on the accepted currencies).
    static let document = CatalogAPI.document(currencies: CatalogSettings().currencies)
    let responder: RouterResponder
    let signer: JWTSigner
    var pool: PostgresPool { dependencies.pool }

    /// Runs `body` with a harness on its own schema, dropped afterwards.
    static func with<T>(
        settings adjust: (inout CatalogSettings) -> Void = { _ in }, _ body: (CatalogHarness) async throws -> T
    ) async throws -> T {
        let pool = PoolConfiguration(minConnections: 0, maxConnections: 4, acquireTimeout: .seconds(30))
        return try await TestSchema.with(pool: pool, extensions: true) { pool, schema in
            let migrator = Migrator(
                pool: pool, schema: schema,
                migrations: try Migration.load(from: root.appendingPathComponent("sql/catalog")))
            try await migrator.up()
            var settings = CatalogSettings()
            // Tests change courses with SQL behind the service's back; the suite of the cache turns it on.
            settings.searchCacheSeconds = 0
            adjust(&settings)
            let configuration = ServiceConfiguration(service: "catalog", databaseURL: TestSchema.databaseURL)
            let signer = JWTSigner(privateKey: try Ed25519PrivateKey(), keyID: "test")
            let client = try HTTPClient(eventLoopGroup: TestSchema.group)
            defer { client.shutdown() }
            let dependencies = CatalogDependencies(
                configuration: configuration, settings: settings, pool: pool, migrator: migrator,
                verifier: JWTVerifier(
                    keys: JWTKeySet(["test": signer.publicKey]), issuer: configuration.jwtIssuer,
                    audience: configuration.jwtAudience),
                client: client, logger: Logger(service: "catalog", minimumLevel: .error))
            return try await body(
                CatalogHarness(
                    dependencies: dependencies, responder: makeRouter(dependencies).buildResponder(), signer: signer))
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
        var items: [[String: Any]] { json["items"] as? [[String: Any]] ?? [] }
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
        return await send(Request(method: method, target: path, headers: headers, body: body))
    }

    func send(_ request: Request) async -> Reply {
        let response = await responder.respond(to: request)
        let bytes = response.body.bytes ?? []
        for id in UpperCaseUUIDs.all(in: String(decoding: bytes, as: UTF8.self)) {
            Issue.record("\(request.method) \(request.target) answered an id in upper case: \(id)")
        }
        for problem in Self.document.problems(request.method, request.target, status: response.status.code, body: bytes)
        {
            Issue.record("\(problem)")
        }
        let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? [:]
        return Reply(
            status: response.status.code, headers: response.headers, json: object,
            text: String(decoding: bytes, as: UTF8.self))
    }

    /// An access token as identity would issue it.
    func token(_ userID: UUID, role: String, approved: Bool = true) throws -> String {
        let now = Date()
        return try signer.sign(
            JWTClaims(
                issuer: dependencies.configuration.jwtIssuer, subject: userID.uuidString.lowercased(),
                audience: [dependencies.configuration.jwtAudience], expiresAt: now.addingTimeInterval(900),
                issuedAt: now, role: role, isApproved: approved))
    }

    /// Delivers an event of `topic` to `/internal/v1/events` as identity's dispatcher would; returns the reply.
    @discardableResult
    func deliver<Payload>(_ topic: EventTopic<Payload>, _ payload: Payload, id: UUID = UUIDv7Generator().next())
        async throws -> Reply
    {
        await deliver(topicNamed: topic.name, payload: try JSONEncoder().encode(payload), id: id)
    }

    /// Delivers an event named `name` carrying `payload` (JSON) as it is, whatever that topic's payload is.
    @discardableResult
    func deliver(topicNamed name: String, payload: Data, id: UUID = UUIDv7Generator().next()) async -> Reply {
        let envelope = EventEnvelope(
            id: id, topic: name, source: "identity", occurredAt: "2026-11-21T00:00:00Z", payload: payload)
        return await send(
            Request(
                method: .post, target: "/internal/v1/events",
                headers: [
                    "Content-Type": "application/json",
                    "Authorization": dependencies.configuration.credential.authorization(),
                ],
                body: Array(envelope.jsonData())))
    }

    /// Makes `id` known to catalog as an instructor named `first last` (a `user.changed` event).
    @discardableResult
    func instructor(
        _ id: UUID = UUIDv7Generator().next(), first: String = "Ada", last: String = "Lovelace",
        updatedAt: String = "2026-11-21T10:00:00.000000Z"
    ) async throws -> UUID {
        try await deliver(
            EventTopic.userChanged,
            UserChanged(
                id: id.uuidString.lowercased(), firstName: first, lastName: last, imageURL: nil, role: "instructor",
                status: "active", isInstructorApproved: true, updatedAt: updatedAt))
        return id
    }
}
