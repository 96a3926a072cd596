import Glibc
import IO
import Logging
import Synchronization
import Testing

@testable import HTTP

let echoResponder = ClosureResponder { request in
    switch request.path {
    case "/slow":
        try await Task.sleep(for: .milliseconds(400))
        return .text("slow")
    case "/slower":
        try await Task.sleep(for: .seconds(3))
        return .text("slower")
    case "/stream":
        return Response(
            headers: ["Content-Type": "text/plain"],
            body: .stream { writer in
                for index in 0..<3 { try await writer.write("part\(index);") }
            })
    case "/big":
        return Response(body: .bytes([UInt8](repeating: UInt8(ascii: "z"), count: 4 << 20)))
    case "/close":
        return Response(headers: ["Connection": "close"], body: .string("bye"))
    default:
        return .text("\(request.method) \(request.target) \(request.body.count)")
    }
}

@Suite(.serialized) struct ServerTests {
    @Test func keepsTheConnectionAliveBetweenRequests() async throws {
        let server = try startServer(responder: echoResponder)
        let client = try RawConnection(port: server.port)
        for index in 0..<3 {
            client.send("GET /k\(index) HTTP/1.1\r\nHost: a\r\n\r\n")
            let response = try #require(client.readResponse())
            #expect(response.head.status.code == 200)
            #expect(response.body == "GET /k\(index) 0")
            #expect(response.head.headers["content-length"] != nil)
            #expect(response.head.headers["date"] != nil)
        }
        await server.shutdown()
    }

    @Test func answersPipelinedRequestsInOrder() async throws {
        let server = try startServer(responder: echoResponder)
        let client = try RawConnection(port: server.port)
        client.send(
            "GET /slow HTTP/1.1\r\nHost: a\r\n\r\nPOST /two HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
                + "GET /three HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(client.readResponse()?.body == "slow")
        #expect(client.readResponse()?.body == "POST /two 3")
        #expect(client.readResponse()?.body == "GET /three 0")
        await server.shutdown()
    }

    @Test func closesAfterConnectionCloseAndForHTTP10WithoutKeepAlive() async throws {
        let server = try startServer(responder: echoResponder)
        let one = try RawConnection(port: server.port)
        one.send("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        #expect(one.readResponse()?.head.headers["connection"] == "close")
        #expect(one.waitForClose())
        let two = try RawConnection(port: server.port)
        two.send("GET / HTTP/1.0\r\n\r\n")
        #expect(two.readResponse()?.head.status.code == 200)
        #expect(two.waitForClose())
        let three = try RawConnection(port: server.port)
        three.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(three.readResponse()?.head.headers["connection"] == "keep-alive")
        three.send("GET /b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(three.readResponse()?.body == "GET /b 0")
        let four = try RawConnection(port: server.port)
        four.send("GET /close HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(four.readResponse()?.body == "bye")
        #expect(four.waitForClose())
        await server.shutdown()
    }

    @Test func rejectsOversizedRequestsWithTheirStatuses() async throws {
        let server = try startServer(responder: echoResponder)
        let cases: [(String, Int)] = [
            ("GET /\(String(repeating: "a", count: 9000)) HTTP/1.1\r\nHost: a\r\n\r\n", 414),
            ("GET / HTTP/1.1\r\nHost: a\r\nX: \(String(repeating: "b", count: 9000))\r\n\r\n", 431),
            ("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2000000\r\n\r\nabc", 413),
            ("GET / HTTP/1.1\nHost: a\r\n\r\n", 400),
            ("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501),
        ]
        for (text, status) in cases {
            let client = try RawConnection(port: server.port)
            client.send(text)
            let response = try #require(client.readResponse())
            #expect(response.head.status.code == status)
            #expect(response.head.headers["content-type"] == "application/problem+json")
            #expect(client.waitForClose())
        }
        await server.shutdown()
    }

    @Test func refusesTransferCodingsThatDoNotEndInOneChunkedWith400AndCloses() async throws {
        let server = try startServer(responder: echoResponder)
        let cases: [(String, Int)] = [
            ("Transfer-Encoding: chunked, deflate\r\n", 400),
            ("Transfer-Encoding: chunked\r\nTransfer-Encoding: deflate\r\n", 400),
            ("Transfer-Encoding: gzip\r\n", 400),
            ("Transfer-Encoding: chunked, chunked\r\n", 400),
            ("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", 400),
            ("Transfer-Encoding: gzip, chunked\r\n", 501),
            ("Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n", 501),
        ]
        for (fields, status) in cases {
            let client = try RawConnection(port: server.port)
            client.send(
                "POST / HTTP/1.1\r\nHost: a\r\n\(fields)\r\n5\r\nhello\r\n0\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n")
            let response = try #require(client.readResponse(), "\(fields)")
            #expect(response.head.status.code == status, "\(fields)")
            #expect(response.head.headers["connection"] == "close", "\(fields)")
            #expect(client.waitForClose(), "\(fields)")
        }
        await server.shutdown()
    }

    @Test func readsChunkedBodiesAndHonoursExpectContinue() async throws {
        let server = try startServer(responder: echoResponder)
        let client = try RawConnection(port: server.port)
        client.send(
            "POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n2\r\nef\r\n0\r\n\r\n")
        #expect(client.readResponse()?.body == "POST /c 6")
        client.send("POST /e HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = recv(client.fd, &buffer, 64, 0)
        #expect(String(decoding: buffer[0..<max(count, 0)], as: UTF8.self) == "HTTP/1.1 100 Continue\r\n\r\n")
        client.send("wxyz")
        #expect(client.readResponse()?.body == "POST /e 4")
        await server.shutdown()
    }

    @Test func streamsResponsesWithChunkedEncoding() async throws {
        let server = try startServer(responder: echoResponder)
        let client = try RawConnection(port: server.port)
        client.send("GET /stream HTTP/1.1\r\nHost: a\r\n\r\n")
        let response = try #require(client.readResponse())
        #expect(response.head.headers["transfer-encoding"] == "chunked")
        #expect(response.body == "part0;part1;part2;")
        client.send("GET /after HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(client.readResponse()?.body == "GET /after 0")
        await server.shutdown()
    }

    @Test func closesSlowAndIdleClients() async throws {
        var configuration = ServerConfiguration(port: 0)
        configuration.headTimeout = .milliseconds(200)
        configuration.bodyTimeout = .milliseconds(300)
        configuration.idleTimeout = .milliseconds(200)
        let server = try startServer(configuration, responder: echoResponder)
        let slowHead = try RawConnection(port: server.port)
        slowHead.send("GET / HTTP/1.1\r\nHost: a\r\n")
        #expect(slowHead.readResponse()?.head.status.code == 408)
        #expect(slowHead.waitForClose())
        let slowBody = try RawConnection(port: server.port)
        slowBody.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nab")
        #expect(slowBody.readResponse()?.head.status.code == 408)
        let idle = try RawConnection(port: server.port)
        idle.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(idle.readResponse()?.head.status.code == 200)
        let start = ContinuousClock.now
        #expect(idle.waitForClose())
        #expect(ContinuousClock.now - start < .seconds(2))
        await server.shutdown()
    }

    @Test func slowHandlerDoesNotStallOtherConnections() async throws {
        let server = try startServer(responder: echoResponder)
        let slow = try RawConnection(port: server.port)
        slow.send("GET /slower HTTP/1.1\r\nHost: a\r\n\r\n")
        let start = ContinuousClock.now
        for _ in 0..<4 {
            let fast = try RawConnection(port: server.port)
            fast.send("GET /fast HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(fast.readResponse()?.body == "GET /fast 0")
        }
        // Stalled, the fast requests would wait the slow one's 3 s; the margin keeps a busy machine from failing it.
        #expect(ContinuousClock.now - start < .milliseconds(1500))
        #expect(slow.readResponse()?.body == "slower")
        await server.shutdown()
    }

    @Test func gracefulShutdownCompletesInFlightRequests() async throws {
        // The handler answers only once the shutdown has begun (the idle connection is closed by then), so the
        // order is the same on a loaded machine as on a quiet one.
        let started = Atomic<Bool>(false)
        let release = Atomic<Bool>(false)
        let server = try startServer(
            responder: ClosureResponder { _ in
                started.store(true, ordering: .sequentiallyConsistent)
                while !release.load(ordering: .sequentiallyConsistent) { try await Task.sleep(for: .milliseconds(5)) }
                return .text("slow")
            })
        let port = server.port
        let idle = try RawConnection(port: port)
        let busy = try RawConnection(port: port)
        busy.send("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n")
        while !started.load(ordering: .sequentiallyConsistent) { try await Task.sleep(for: .milliseconds(5)) }
        async let stopped: Void = server.shutdown()
        #expect(idle.waitForClose())
        release.store(true, ordering: .sequentiallyConsistent)
        let response = busy.readResponse()
        #expect(response?.body == "slow")
        #expect(response?.head.headers["connection"] == "close")
        await stopped
        #expect(server.connectionCount == 0)
        #expect(throws: IOError.self) { try RawConnection(port: port) }
    }

    @Test func refusesNewConnectionsBeyondTheCapUntilOneCloses() async throws {
        var configuration = ServerConfiguration(port: 0)
        configuration.maxConnections = 1
        let server = try startServer(configuration, responder: echoResponder)
        let first = try RawConnection(port: server.port)
        first.send("GET /1 HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(first.readResponse()?.body == "GET /1 0")
        #expect(server.connectionCount == 1)
        await server.shutdown()
    }

    @Test func answersHeadWithoutABodyAndLetsARouteRaiseTheBodyLimit() async throws {
        var configuration = ServerConfiguration(port: 0)
        configuration.maxBodyBytes = 16
        var router = Router(logger: Logger(service: "test", sink: { _ in }))
        router.get("/page") { _, _ in .text("twelve bytes") }
        router.post("/small") { request, _ in .text("\(request.body.count)") }
        router.post("/upload", maxBodyBytes: 64) { request, _ in .text("\(request.body.count)") }
        let server = try startServer(configuration, responder: router.buildResponder())
        let client = try RawConnection(port: server.port)
        client.send("HEAD /page HTTP/1.1\r\nHost: a\r\n\r\n")
        let head = try #require(client.readResponse(toHead: true))
        #expect(head.head.status.code == 200)
        #expect(head.head.headers["content-length"] == "12")
        #expect(head.body.isEmpty)
        let body = String(repeating: "x", count: 40)
        client.send("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 40\r\n\r\n\(body)")
        #expect(client.readResponse()?.body == "40")
        client.send("POST /small HTTP/1.1\r\nHost: a\r\nContent-Length: 40\r\n\r\n\(body)")
        #expect(client.readResponse()?.head.status.code == 413)
        await server.shutdown()
    }

    @Test func refusesToShareItsPortWithASecondServer() async throws {
        let first = try startServer(responder: echoResponder)
        let second = Server(
            configuration: ServerConfiguration(port: first.port), responder: echoResponder, loopCount: 1)
        #expect(throws: IOError.self) { try second.start() }
        await second.shutdown()
        await first.shutdown()
    }

    @Test func deliversALargeResponseToAClientThatHalfClosed() async throws {
        let server = try startServer(responder: echoResponder)
        let client = try RawConnection(port: server.port)
        client.send("GET /big HTTP/1.1\r\nHost: a\r\n\r\n")
        shutdown(client.fd, Int32(SHUT_WR))
        let response = try #require(client.readResponse())
        #expect(response.body.utf8.count == 4 << 20)
        #expect(client.waitForClose())
        await server.shutdown()
    }
}
