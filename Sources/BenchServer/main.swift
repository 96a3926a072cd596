import Foundation
import HTTP
import IO
import Logging
import Postgres

// A server for load tests, with the anchor app's endpoints (see README, "Benchmarks"):
//   GET /plaintext, GET /json, POST or PUT /echo (body length), GET /courses/:id, GET /courses?limit=20
// Environment: BENCH_PORT [8081], BENCH_DATABASE_URL [postgres://postgres@127.0.0.1:55432/bench],
// BENCH_POOL [16] connections (the anchor's pool size), BENCH_LOOPS [one per core], BENCH_LOG_LEVEL [none: no
// request logging; `debug`, `info`, `warning` or `error`: RequestLoggingMiddleware's lines at that level on stdout].
struct Message: Encodable {
    let message: String
}

struct Course: Encodable {
    let id: Int64
    let title: String
    let description: String
    let price: Decimal
}

struct NotFound: HTTPError {
    var status: HTTPStatus { .notFound }
    var code: String { "notFound" }
    var detail: String? { "no course has this id" }
}

func course(from row: Row) throws -> Course {
    let (id, title, description, price) = try row.decode((Int64, String, String, Decimal).self)
    return Course(id: id, title: title, description: description, price: price)
}

func makeRouter(pool: PostgresPool, logger: Logger, logsRequests: Bool) -> Router {
    var router = Router(logger: logger)
    if logsRequests { router.use(RequestLoggingMiddleware()) }
    router.get("/plaintext") { _, _ in
        Response(status: .ok, headers: ["Content-Type": "text/plain"], body: .string("Hello, World!"))
    }
    router.get("/json") { _, _ in
        try .json(Message(message: "Hello, World!"))
    }
    let echo: Handler = { request, _ in .text(String(request.body.count)) }
    router.post("/echo", echo)
    router.put("/echo", echo)
    router.get("/courses/:id") { _, context in
        guard let id = context.parameters.get("id", as: Int64.self) else { throw NotFound() }
        let rows = try await pool.query("SELECT id, title, description, price FROM courses WHERE id = \(id)")
        guard let row = rows.first else { throw NotFound() }
        return try .json(try course(from: row))
    }
    router.get("/courses") { request, _ in
        let limit = min(max(request.queryParameter("limit").flatMap { Int($0) } ?? 20, 1), 100)
        let rows = try await pool.query("SELECT id, title, description, price FROM courses ORDER BY id LIMIT \(limit)")
        return try .json(try rows.map(course(from:)))
    }
    return router
}

let environment = ProcessInfo.processInfo.environment
let port = UInt16(environment["BENCH_PORT"] ?? "") ?? 8081
let poolSize = Int(environment["BENCH_POOL"] ?? "") ?? 16
let loops = Int(environment["BENCH_LOOPS"] ?? "") ?? EventLoopGroup.coreCount
let logLevel = environment["BENCH_LOG_LEVEL"].flatMap(Logger.Level.init(name:))
let logger = Logger(service: "bench", minimumLevel: logLevel ?? .info)
let group = try EventLoopGroup(loopCount: loops)
let pool = PostgresPool(
    configuration: PostgresConfiguration(
        environment["BENCH_DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:55432/bench", applicationName: "bench"),
    pool: PoolConfiguration(minConnections: poolSize, maxConnections: poolSize),
    group: group)
let server = Server(
    configuration: ServerConfiguration(host: "127.0.0.1", port: port),
    responder: makeRouter(pool: pool, logger: logger, logsRequests: logLevel != nil).buildResponder(),
    eventLoopGroup: group)
try await server.run()
await pool.close()
logger.flush()
