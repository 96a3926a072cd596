import Foundation
import HTTP
import Logging
import Testing
import TestSupport

@testable import ServiceKit

@Suite struct InternalClientTests {
    struct Thing: Codable, Equatable {
        var id: String
        var caller: String
        var requestId: String
    }

    let credential = ServiceCredential(service: "catalog", secret: Array("a shared secret of thirty-two bytes!".utf8))

    /// A service on 127.0.0.1 whose `/internal` routes say who called them and with which request id.
    func withServer<T>(_ body: (String) async throws -> T) async throws -> T {
        var router = Router(logger: Logger(service: "test", minimumLevel: .error, sink: { _ in }))
        let credential = credential
        router.group("/internal/v1", middleware: [InternalOnlyMiddleware(credential: credential)]) { group in
            group.get("things/:id") { request, context in
                switch context.parameters["id"] {
                case "missing": throw ServiceError.notFound
                case "broken": throw ServiceError.unavailable
                case "garbled": return .text("not json")
                default:
                    let caller = request.headers["authorization"].flatMap { credential.verify($0.dropFirst(8)) } ?? ""
                    return try .json(
                        Thing(id: context.parameters["id"] ?? "", caller: caller, requestId: context.requestId))
                }
            }
            group.post("things") { request, context in
                let thing = try JSONDecoder().decode([String: String].self, from: Data(request.body))
                return try .json(
                    Thing(id: thing["id"] ?? "", caller: "", requestId: context.requestId), status: .created)
            }
        }
        let server = Server(
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0), responder: router.buildResponder(),
            eventLoopGroup: TestSchema.group)
        try server.start()
        let client = try HTTPClient(eventLoopGroup: TestSchema.group)
        defer { client.shutdown() }
        do {
            let value = try await body("http://127.0.0.1:\(server.port)")
            await server.shutdown()
            return value
        } catch {
            await server.shutdown()
            throw error
        }
    }

    func client() throws -> InternalClient {
        // A generous timeout: the whole suite shares two event loops, and a loaded run can starve this server.
        InternalClient(
            client: try HTTPClient(eventLoopGroup: TestSchema.group), credential: credential, timeout: .seconds(30))
    }

    @Test func getSendsTheCredentialAndRequestIDAndDecodes() async throws {
        try await withServer { base in
            let thing: Thing? = try await client().get(base + "/internal/v1/things/t1", requestID: "req-12345678")
            #expect(thing == Thing(id: "t1", caller: "catalog", requestId: "req-12345678"))
            let created = try await client().post(
                base + "/internal/v1/things", json: ["id": "t2"], as: Thing.self, requestID: "req-abcdefgh")
            #expect(created.id == "t2" && created.requestId == "req-abcdefgh")
        }
    }

    @Test func postSendsIdsInLowerCase() async throws {
        try await withServer { base in
            let id = UUID(uuidString: "0190A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B")!
            let created = try await client().post(
                base + "/internal/v1/things", json: ["id": id], as: Thing.self, requestID: nil)
            #expect(created.id == "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")
        }
    }

    @Test func notFoundIsNilAndOtherFailuresAreUnavailable() async throws {
        try await withServer { base in
            let missing = try await client().get(base + "/internal/v1/things/missing", as: Thing.self, requestID: nil)
            #expect(missing == nil)
            await #expect(
                throws: InternalCallError(
                    path: "/internal/v1/things/broken", upstreamStatus: 503, reason: "unexpected status")
            ) {
                _ = try await client().get(base + "/internal/v1/things/broken", as: Thing.self, requestID: nil)
            }
            do {
                _ = try await client().get(
                    base + "/internal/v1/things/garbled?secret=x", as: Thing.self, requestID: nil)
                Issue.record("a non-JSON answer was accepted")
            } catch let error as InternalCallError {
                #expect(error.status == .serviceUnavailable && error.code == "serviceUnavailable")
                #expect(error.path == "/internal/v1/things/garbled" && !error.description.contains("secret"))
            }
            let stranger = InternalClient(
                client: try HTTPClient(eventLoopGroup: TestSchema.group),
                credential: ServiceCredential(
                    service: "catalog", secret: Array("some other secret, long enough!!".utf8)))
            await #expect(throws: InternalCallError.self) {
                _ = try await stranger.get(base + "/internal/v1/things/t1", as: Thing.self, requestID: nil)
            }
        }
    }

    @Test func anUnreachableServiceIsUnavailable() async throws {
        let port = try await withServer { base in base }
        do {
            _ = try await client().get(port + "/internal/v1/things/t1", as: Thing.self, requestID: nil)
            Issue.record("a closed port answered")
        } catch let error as InternalCallError {
            #expect(error.upstreamStatus == nil && error.status == .serviceUnavailable)
        }
    }
}
