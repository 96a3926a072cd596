import Foundation
import HTTP

// A small server for load tests: the standard plaintext and JSON endpoints plus an echo of body sizes.
struct Message: Encodable {
    let message: String
}

func makeRouter() -> Router {
    var router = Router(logger: Logger(service: "bench"))
    router.get("/plaintext") { _, _ in
        Response(status: .ok, headers: ["Content-Type": "text/plain"], body: .string("Hello, World!"))
    }
    router.get("/json") { _, _ in
        try .json(Message(message: "Hello, World!"))
    }
    router.post("/echo") { request, _ in
        .text(String(request.body.count))
    }
    return router
}

let port = UInt16(ProcessInfo.processInfo.environment["BENCH_PORT"] ?? "") ?? 8081
let server = Server(
    configuration: ServerConfiguration(host: "127.0.0.1", port: port), responder: makeRouter().buildResponder())
try await server.run()
