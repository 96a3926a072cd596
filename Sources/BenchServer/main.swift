import Foundation
import HTTP

// A small server for load tests: the standard plaintext and JSON endpoints plus an echo of body sizes.
struct Message: Encodable {
    let message: String
}

let port = UInt16(ProcessInfo.processInfo.environment["BENCH_PORT"] ?? "") ?? 8081
let responder = ClosureResponder { request in
    switch (request.method, request.path) {
    case (.get, "/plaintext"):
        return Response(status: .ok, headers: ["Content-Type": "text/plain"], body: .string("Hello, World!"))
    case (.get, "/json"):
        let body = try JSONEncoder().encode(Message(message: "Hello, World!"))
        return Response(status: .ok, headers: ["Content-Type": "application/json"], body: .bytes(Array(body)))
    case (.post, "/echo"):
        return Response.text(String(request.body.count))
    default:
        return Response(status: .notFound)
    }
}
let server = Server(configuration: ServerConfiguration(host: "127.0.0.1", port: port), responder: responder)
try await server.run()
