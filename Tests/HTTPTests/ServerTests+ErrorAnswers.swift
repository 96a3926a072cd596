import Foundation
import Logging
import Testing

@testable import HTTP

/// What a client learns from one error answer: the status, the content type and both copies of the request id.
struct ErrorAnswer {
    var status: Int
    var contentType: String?
    var headerRequestId: String?
    var bodyRequestId: String?
    var allow: String?
}

/// Sends `text` on a new connection and reads the problem answer; `nil` if none arrived.
func errorAnswer(to text: String, port: UInt16) throws -> ErrorAnswer? {
    let client = try RawConnection(port: port)
    client.send(text)
    guard let response = client.readResponse() else { return nil }
    let problem = try? JSONDecoder().decode(ProblemDetails.self, from: Data(response.body.utf8))
    return ErrorAnswer(
        status: response.head.status.code, contentType: response.head.headers["content-type"],
        headerRequestId: response.head.headers["x-request-id"], bodyRequestId: problem?.requestId,
        allow: response.head.headers["allow"])
}

/// A router with one GET route, for the router's own 404 and 405.
func makeErrorTestResponder() -> RouterResponder {
    var router = Router(logger: Logger(service: "test", sink: { _ in }))
    router.use(RequestLoggingMiddleware())
    router.get("/courses") { _, _ in .text("list") }
    return router.buildResponder()
}

// In the serialized server suite: its tests block on socket reads, and two such suites at once could hold
// every thread the handlers need.
extension ServerTests {
    static let longId = String(repeating: "a", count: 200)

    /// A request that fails, with `{id}` where its `X-Request-Id` goes.
    struct FailingRequest: Sendable {
        var name: String
        var template: String
        var status: Int
        /// Whether the server has read the id by the time it fails.
        var isIdVisible: Bool

        func text(_ id: String) -> String { template.replacingOccurrences(of: "{id}", with: id) }
    }

    static let failures: [FailingRequest] = [
        FailingRequest(
            name: "bad request line", template: "GET / HTTP/1.1\nHost: a\r\nX-Request-Id: {id}\r\n\r\n", status: 400,
            isIdVisible: false),
        FailingRequest(
            name: "duplicate Host", template: "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\nX-Request-Id: {id}\r\n\r\n",
            status: 400, isIdVisible: true),
        FailingRequest(
            name: "body too large",
            template: "POST / HTTP/1.1\r\nHost: a\r\nX-Request-Id: {id}\r\nContent-Length: 2000000\r\n\r\nabc",
            status: 413, isIdVisible: true),
        FailingRequest(
            name: "request line too long",
            template: "GET /\(String(repeating: "a", count: 9000)) HTTP/1.1\r\nHost: a\r\nX-Request-Id: {id}\r\n\r\n",
            status: 414, isIdVisible: false),
        FailingRequest(
            name: "header line too long",
            template:
                "GET / HTTP/1.1\r\nHost: a\r\nX-Request-Id: {id}\r\nX: \(String(repeating: "b", count: 9000))\r\n\r\n",
            status: 431, isIdVisible: true),
        FailingRequest(
            name: "unknown transfer coding",
            template: "POST / HTTP/1.1\r\nHost: a\r\nX-Request-Id: {id}\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
            status: 501, isIdVisible: true),
        FailingRequest(
            name: "no route", template: "GET /nowhere HTTP/1.1\r\nHost: a\r\nX-Request-Id: {id}\r\n\r\n", status: 404,
            isIdVisible: true),
        FailingRequest(
            name: "wrong method", template: "DELETE /courses HTTP/1.1\r\nHost: a\r\nX-Request-Id: {id}\r\n\r\n",
            status: 405, isIdVisible: true),
    ]

    @Test func everyErrorAnswerIsAProblemCarryingTheRequestIdInHeaderAndBody() async throws {
        let server = try startServer(responder: makeErrorTestResponder())
        for failure in Self.failures {
            let answer = try #require(
                try errorAnswer(to: failure.text("client-id-1"), port: server.port), "\(failure.name)")
            #expect(answer.status == failure.status, "\(failure.name)")
            #expect(answer.contentType == "application/problem+json", "\(failure.name)")
            let id = try #require(answer.headerRequestId, "\(failure.name): no X-Request-Id")
            #expect(RequestID.isWellFormed(id), "\(failure.name)")
            #expect(answer.bodyRequestId == id, "\(failure.name)")
            if failure.isIdVisible { #expect(id == "client-id-1", "\(failure.name)") }
        }
        await server.shutdown()
    }

    @Test func errorAnswersReplaceAMalformedRequestId() async throws {
        let server = try startServer(responder: makeErrorTestResponder())
        for failure in Self.failures {
            for supplied in ["bad id", Self.longId] {
                let answer = try #require(try errorAnswer(to: failure.text(supplied), port: server.port))
                let id = try #require(answer.headerRequestId, "\(failure.name): no X-Request-Id")
                #expect(id != supplied && RequestID.isWellFormed(id), "\(failure.name)")
                #expect(answer.bodyRequestId == id, "\(failure.name)")
            }
        }
        await server.shutdown()
    }

    @Test func wrongMethodNamesTheAllowedOnes() async throws {
        let server = try startServer(responder: makeErrorTestResponder())
        let answer = try #require(try errorAnswer(to: "POST /courses HTTP/1.1\r\nHost: a\r\n\r\n", port: server.port))
        #expect(answer.status == 405)
        #expect(answer.allow == "GET, HEAD")
        await server.shutdown()
    }

    @Test func timeoutAnswersCarryTheRequestIdSeenSoFar() async throws {
        var configuration = ServerConfiguration(port: 0)
        configuration.headTimeout = .milliseconds(200)
        configuration.bodyTimeout = .milliseconds(300)
        let server = try startServer(configuration, responder: makeErrorTestResponder())
        let slowHead = try #require(
            try errorAnswer(to: "GET / HTTP/1.1\r\nHost: a\r\nX-Request-Id: slow-head\r\n", port: server.port))
        #expect(slowHead.status == 408)
        #expect(slowHead.contentType == "application/problem+json")
        #expect(slowHead.headerRequestId == "slow-head" && slowHead.bodyRequestId == "slow-head")
        let slowBody = try #require(
            try errorAnswer(
                to: "POST / HTTP/1.1\r\nHost: a\r\nX-Request-Id: slow-body\r\nContent-Length: 10\r\n\r\nab",
                port: server.port))
        #expect(slowBody.status == 408)
        #expect(slowBody.headerRequestId == "slow-body" && slowBody.bodyRequestId == "slow-body")
        let silent = try #require(try errorAnswer(to: "GET / HTTP/1.1\r\nHost: a\r\n", port: server.port))
        #expect(silent.headerRequestId != nil && silent.bodyRequestId == silent.headerRequestId)
        await server.shutdown()
    }
}
