import Contracts
import Crypto
import Foundation
import HTTP
import IO
import Logging
import Postgres
import ServiceKit
import Testing

/// A service's router over a fresh, migrated schema, and what its tests send through it in-process: requests
/// with typed replies (every answer held to the service's OpenAPI document and to lower-case ids), access
/// tokens for any role signed by a key the service is built to trust, and events delivered as a producer's
/// dispatcher would.
public struct ServiceHarness<S: Service>: Sendable {
    /// The service under test.
    public let service: S
    /// Its router, as `serve` builds it.
    public let responder: RouterResponder
    /// Signs the harness's access tokens; `verifier` (given to the service's `make`) trusts it.
    public let signer: JWTSigner
    /// The pool of the test's schema.
    public var pool: PostgresPool { service.pool }
    /// The service, under the name its routes use for it.
    public var dependencies: S { service }

    /// What the service is built from in a test: the context on the test's schema and a verifier that trusts
    /// the harness's signer.
    public struct Parts {
        /// The kit's part, on the test's schema.
        public let context: ServiceContext<S.Settings>
        /// Trusts the harness's tokens.
        public let verifier: JWTVerifier
        /// The signing key behind `verifier`.
        public let signingKey: Ed25519PrivateKey
    }

    /// Runs `body` with a harness for `S` on its own schema (dropped afterwards), migrated with the service's
    /// migrations in `sql/<name>` and then the kit's.
    /// - Parameters:
    ///   - settings: the service's settings in the test.
    ///   - extensions: put the `extensions` schema (pg_trgm) on the search path.
    ///   - keyID: the `kid` of the harness's key (a service that signs its own tokens names its keys itself).
    ///   - make: builds the service from the parts.
    public static func with<T>(
        settings: S.Settings, extensions: Bool = false, keyID: (Ed25519PublicKey) -> String = { _ in "test" },
        make: (Parts) async throws -> S,
        _ body: (ServiceHarness) async throws -> T
    ) async throws -> T {
        let poolConfiguration = PoolConfiguration(minConnections: 0, maxConnections: 4, acquireTimeout: .seconds(30))
        return try await TestSchema.with(pool: poolConfiguration, extensions: extensions) { pool, schema in
            let migrator = try Migrator.service(
                pool: pool, schema: schema, directory: TestSchema.repositoryRoot.appendingPathComponent("sql/" + S.name)
            )
            try await migrator.up()
            let configuration = ServiceConfiguration(service: S.name, databaseURL: TestSchema.databaseURL)
            let key = try Ed25519PrivateKey()
            let signer = JWTSigner(privateKey: key, keyID: keyID(key.publicKey))
            let client = try HTTPClient(eventLoopGroup: TestSchema.group)
            defer { client.shutdown() }
            let context = ServiceContext(
                configuration: configuration, settings: settings, group: TestSchema.group, pool: pool,
                migrator: migrator, client: client, logger: Logger(service: S.name, minimumLevel: .error))
            let verifier = JWTVerifier(
                keys: JWTKeySet([signer.keyID: signer.publicKey]), issuer: configuration.jwtIssuer,
                audience: configuration.jwtAudience)
            let service = try await make(Parts(context: context, verifier: verifier, signingKey: key))
            return try await body(
                ServiceHarness(service: service, responder: service.makeRouter().buildResponder(), signer: signer))
        }
    }

    /// A response with its JSON body parsed.
    /// (`@unchecked`: `json` holds parsed JSON values, which are immutable once made.)
    public struct Reply: @unchecked Sendable {
        /// The status code.
        public var status: Int
        /// The headers.
        public var headers: HTTPHeaders
        /// The body parsed as a JSON object (empty if it is not one).
        public var json: [String: Any]
        /// The body as text.
        public var text: String
        /// A member of the JSON object.
        public subscript(key: String) -> Any? { json[key] }
        /// A problem's `code`.
        public var code: String? { json["code"] as? String }
        /// A page's `items`.
        public var items: [[String: Any]] { json["items"] as? [[String: Any]] ?? [] }
    }

    /// Sends a request with an optional JSON body and bearer token.
    public func send(
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

    /// Sends `request`; records an issue for an upper-case id in the answer or an answer the document does not
    /// allow.
    public func send(_ request: Request) async -> Reply {
        let response = await responder.respond(to: request)
        let bytes = response.body.bytes ?? []
        let text = String(decoding: bytes, as: UTF8.self)
        for id in UpperCaseUUIDs.all(in: text) {
            Issue.record("\(request.method) \(request.target) answered an id in upper case: \(id)")
        }
        for problem in service.document.problems(
            request.method, request.target, status: response.status.code, body: bytes,
            contentType: response.headers["Content-Type"])
        {
            Issue.record("\(problem)")
        }
        let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? [:]
        return Reply(status: response.status.code, headers: response.headers, json: object, text: text)
    }

    /// An access token for `userID` in `role`, as identity would issue it, signed by the harness's key.
    public func token(_ userID: UUID, role: Role, approved: Bool = true) throws -> String {
        let now = Date()
        return try signer.sign(
            JWTClaims(
                issuer: service.configuration.jwtIssuer, subject: userID.lowercased,
                audience: [service.configuration.jwtAudience], expiresAt: now.addingTimeInterval(900),
                issuedAt: now, role: role.rawValue, isApproved: approved))
    }

    /// Delivers an event of `topic` to `POST /internal/v1/events` as `source`'s dispatcher would; returns the
    /// reply.
    @discardableResult
    public func deliver<Payload>(
        _ topic: EventTopic<Payload>, _ payload: Payload, from source: String = "identity",
        id: UUID = UUIDv7Generator().next()
    ) async throws -> Reply {
        await deliver(topicNamed: topic.name, payload: try JSONEncoder().encode(payload), from: source, id: id)
    }

    /// Delivers an event named `name` carrying `payload` (JSON) as it is, whatever that topic's payload is.
    @discardableResult
    public func deliver(
        topicNamed name: String, payload: Data, from source: String = "identity", id: UUID = UUIDv7Generator().next()
    ) async -> Reply {
        let envelope = EventEnvelope(
            id: id, topic: name, source: source, occurredAt: "2026-11-21T00:00:00Z", payload: payload)
        return await send(
            Request(
                method: .post, target: "/internal/v1/events",
                headers: [
                    "Content-Type": "application/json",
                    "Authorization": service.configuration.credential.authorization(),
                ],
                body: Array(envelope.jsonData())))
    }

    /// Holds the service's OpenAPI document to its router, the one check every service's suite makes: every
    /// route served is documented and every documented one served, every body example decodes as its handler
    /// decodes it, and `/openapi.json` and `/readyz` answer.
    public func checkDocument(sourceLocation: SourceLocation = #_sourceLocation) async {
        let served = Set(service.makeRouter().routeDescriptions)
        let documented = service.document.routes
        for route in served.subtracting(documented) {
            Issue.record("served but not documented: \(route)", sourceLocation: sourceLocation)
        }
        for route in documented.subtracting(served) {
            Issue.record("documented but not served: \(route)", sourceLocation: sourceLocation)
        }
        for operation in service.document.operations {
            for problem in operation.exampleProblems() {
                Issue.record("\(operation.method) \(operation.path): \(problem)", sourceLocation: sourceLocation)
            }
        }
        for path in ["/openapi.json", "/readyz"] {
            let status = await send(.get, path).status
            if status != 200 { Issue.record("\(path) answered \(status)", sourceLocation: sourceLocation) }
        }
    }

}
