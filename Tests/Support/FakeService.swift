import Foundation
import HTTP
import IO
import Logging
import ServiceKit

/// Another service, faked on 127.0.0.1 for a test: routes the test writes, behind the same service-credential
/// check the real one uses for `/internal`, counting the requests it answers per route path.
public final class FakeService: Sendable {
    let server: Server
    private let counts: Locked<[String: Int]>

    /// Its base URL.
    public var url: String { "http://127.0.0.1:\(server.port)" }
    /// Requests answered, by path (without the query).
    public var requestCounts: [String: Int] { counts.withLock { $0 } }
    /// Requests answered in all.
    public var requestCount: Int { counts.withLock { $0.values.reduce(0, +) } }

    private init(server: Server, counts: Locked<[String: Int]>) {
        self.server = server
        self.counts = counts
    }

    /// The credential every Campus service shares in tests.
    public static let credential = ServiceConfiguration(service: "fake", databaseURL: "postgres://unused").credential

    /// Runs `body` with `name` answering through the routes `build` adds (to a group behind the service
    /// credential when `internalOnly`); stops the server afterwards.
    public static func with<T>(
        _ name: String, internalOnly: Bool = true, routes build: (inout Router, InternalOnlyMiddleware) -> Void,
        _ body: (FakeService) async throws -> T
    ) async throws -> T {
        let counts = Locked<[String: Int]>([:])
        var router = Router(logger: Logger(service: name, minimumLevel: .error, sink: { _ in }))
        let counted = Counting(counts: counts)
        router.use(counted)
        build(&router, InternalOnlyMiddleware(credential: credential))
        let server = Server(
            configuration: ServerConfiguration(host: "127.0.0.1", port: 0), responder: router.buildResponder(),
            eventLoopGroup: TestSchema.group)
        try server.start()
        let fake = FakeService(server: server, counts: counts)
        do {
            let value = try await body(fake)
            await server.shutdown()
            return value
        } catch {
            await server.shutdown()
            throw error
        }
    }

    /// Counts each request by its path.
    struct Counting: Middleware {
        let counts: Locked<[String: Int]>
        func handle(_ request: Request, context: RequestContext, next: Next) async throws -> Response {
            let path = String(request.target.prefix { $0 != "?" })
            counts.withLock { $0[path, default: 0] += 1 }
            return try await next(request, context)
        }
    }
}
