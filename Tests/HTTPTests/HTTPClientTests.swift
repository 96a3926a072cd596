import Foundation
import IO
import Synchronization
import Testing

@testable import HTTP

struct Greeting: Codable, Equatable, Sendable {
    var message: String
}

let clientTestResponder = ClosureResponder { request in
    switch request.path {
    case "/slow":
        try await Task.sleep(for: .milliseconds(500))
        return .text("slow")
    case "/json":
        let greeting = try JSONDecoder().decode(Greeting.self, from: Data(request.body))
        return try .json(Greeting(message: "hello \(greeting.message)"))
    case "/id":
        return .text(request.headers["x-request-id"] ?? "none")
    default:
        return .text("\(request.method) \(request.target) \(request.body.count)")
    }
}

@Suite(.serialized) struct HTTPClientTests {
    @Test func reusesAKeepAliveConnectionForSequentialRequests() async throws {
        let server = try startServer(responder: clientTestResponder)
        let group = try EventLoopGroup(loopCount: 1)
        let client = try HTTPClient(eventLoopGroup: group)
        for index in 0..<5 {
            let response = try await client.get("http://127.0.0.1:\(server.port)/item/\(index)?q=1")
            #expect(response.status.code == 200)
            #expect(response.text == "GET /item/\(index)?q=1 0")
        }
        #expect(server.connectionCount == 1)
        client.shutdown()
        await server.shutdown()
        group.shutdown()
    }

    @Test func sendsAndReceivesJSONAndForwardsTheRequestId() async throws {
        let server = try startServer(responder: clientTestResponder)
        let group = try EventLoopGroup(loopCount: 1)
        let client = try HTTPClient(eventLoopGroup: group)
        let reply: Greeting = try await client.json(
            .post, "http://127.0.0.1:\(server.port)/json", body: Greeting(message: "campus"))
        #expect(reply == Greeting(message: "hello campus"))
        let echoed = try await client.get("http://127.0.0.1:\(server.port)/id", requestId: "req-42")
        #expect(echoed.text == "req-42")
        client.shutdown()
        await server.shutdown()
        group.shutdown()
    }

    @Test func boundsConcurrentConnectionsPerOrigin() async throws {
        let server = try startServer(responder: clientTestResponder)
        let group = try EventLoopGroup(loopCount: 2)
        let client = try HTTPClient(configuration: .init(maxConnectionsPerOrigin: 2), eventLoopGroup: group)
        let port = server.port
        let texts = try await withThrowingTaskGroup(of: String.self) { tasks in
            for index in 0..<8 {
                tasks.addTask { try await client.get("http://127.0.0.1:\(port)/p\(index)").text }
            }
            return try await tasks.reduce(into: []) { $0.append($1) }
        }
        #expect(texts.count == 8)
        #expect(server.connectionCount <= 2)
        client.shutdown()
        await server.shutdown()
        group.shutdown()
    }

    @Test func failsWithAReadTimeoutWhenTheServerIsSlow() async throws {
        let server = try startServer(responder: clientTestResponder)
        let group = try EventLoopGroup(loopCount: 1)
        let client = try HTTPClient(configuration: .init(readTimeout: .milliseconds(100)), eventLoopGroup: group)
        await #expect(throws: HTTPClientError.readTimeout) {
            try await client.get("http://127.0.0.1:\(server.port)/slow")
        }
        client.shutdown()
        await server.shutdown()
        group.shutdown()
    }

    @Test func retriesIdempotentRequestsOnlyAndBoundedly() async throws {
        let group = try EventLoopGroup(loopCount: 1)
        let client = try HTTPClient(configuration: .init(maxRetries: 2), eventLoopGroup: group)
        let port = try unusedPort()
        let start = ContinuousClock.now
        await #expect(throws: IOError.self) { try await client.get("http://127.0.0.1:\(port)/") }
        // Two retries with 25 ms and 50 ms pauses.
        #expect(ContinuousClock.now - start >= .milliseconds(70))
        // That a POST is tried once is counted by connections in `failsWhenTheServerClosesWithoutAnswering`;
        // an upper bound on its time failed on a loaded machine.
        await #expect(throws: IOError.self) {
            try await client.execute(ClientRequest(method: .post, url: "http://127.0.0.1:\(port)/"))
        }
        client.shutdown()
        group.shutdown()
    }

    @Test func failsWhenTheServerClosesWithoutAnswering() async throws {
        let listener = try System.listen(on: SocketAddress(ipAddress: "127.0.0.1", port: 0)!)
        let port = try System.localAddress(listener).port
        let accepted = Atomic<Int>(0)
        let stop = Atomic<Bool>(false)
        // Reads each request, then hangs up without a byte of response (a server killed mid-request).
        let hangUp = Thread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while !stop.load(ordering: .relaxed) {
                guard let fd = try? System.accept(listener) else {
                    usleep(1000)
                    continue
                }
                accepted.add(1, ordering: .relaxed)
                for _ in 0..<1000 {
                    let result = buffer.withUnsafeMutableBytes { try? System.read(fd, into: $0) }
                    if case .bytes = result { break }
                    usleep(1000)
                }
                System.close(fd)
            }
        }
        hangUp.start()
        let group = try EventLoopGroup(loopCount: 1)
        let client = try HTTPClient(configuration: .init(maxRetries: 2), eventLoopGroup: group)
        await #expect(throws: HTTPClientError.connectionClosed) {
            try await client.execute(ClientRequest(method: .post, url: "http://127.0.0.1:\(port)/events", body: [1]))
        }
        #expect(accepted.load(ordering: .relaxed) == 1)
        await #expect(throws: HTTPClientError.connectionClosed) { try await client.get("http://127.0.0.1:\(port)/") }
        #expect(accepted.load(ordering: .relaxed) == 4)
        stop.store(true, ordering: .relaxed)
        client.shutdown()
        group.shutdown()
        while !hangUp.isFinished { usleep(1000) }
        System.close(listener)
    }

    @Test func jsonBodiesCarryIdsInLowerCase() throws {
        let id = UUID(uuidString: "0190A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B")!
        let request = try ClientRequest.json(.post, url: "http://127.0.0.1/x", ["id": id])
        #expect(String(decoding: request.body, as: UTF8.self) == #"{"id":"0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"}"#)
        #expect(request.headers["content-type"] == "application/json")
    }

    @Test func rejectsBadURLs() async throws {
        let group = try EventLoopGroup(loopCount: 1)
        let client = try HTTPClient(eventLoopGroup: group)
        await #expect(throws: HTTPClientError.unsupportedScheme) { try await client.get("ftp://example.com/") }
        await #expect(throws: HTTPClientError.invalidURL) { try await client.get("not a url") }
        client.shutdown()
        group.shutdown()
    }

    @Test func poolStateMachineHandsConnectionsToWaitersInOrder() {
        var pool = PoolStateMachine<String>(maxConnections: 1)
        guard case .connect = pool.lease() else { Issue.record("expected connect"); return }
        guard case .wait(let first) = pool.lease() else { Issue.record("expected wait"); return }
        guard case .wait(let second) = pool.lease() else { Issue.record("expected wait"); return }
        guard case .handOver("a", let waiter) = pool.release("a", isReusable: true, now: 1), waiter == first else {
            Issue.record("expected hand-over to the first waiter")
            return
        }
        guard case .closeAndConnect("a", let next) = pool.release("a", isReusable: false, now: 2), next == second else {
            Issue.record("expected a new slot for the second waiter")
            return
        }
        #expect(pool.openCount == 1)
        _ = pool.release("b", isReusable: true, now: 3)
        #expect(pool.pruneIdle(before: 10) == ["b"])
        #expect(pool.openCount == 0)
    }
}

/// A port nothing listens on (bound, read, released).
func unusedPort() throws -> UInt16 {
    let fd = try System.listen(on: SocketAddress(ipAddress: "127.0.0.1", port: 0)!)
    defer { System.close(fd) }
    return try System.localAddress(fd).port
}
