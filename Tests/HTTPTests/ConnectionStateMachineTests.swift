import Synchronization
import Testing

@testable import HTTP

@Suite struct ConnectionStateMachineTests {
    func makeMachine(
        parserLimits: RequestParser.Limits = .init(), limits: ConnectionStateMachine.Limits = .init(),
        route: @escaping @Sendable (RequestHead) -> MatchedRoute = { _ in MatchedRoute { _ in Response(status: .ok) } }
    ) -> ConnectionStateMachine {
        ConnectionStateMachine(parserLimits: parserLimits, limits: limits, now: 0, route: route)
    }

    func receive(_ machine: inout ConnectionStateMachine, _ text: String, now: UInt64 = 1) {
        Array(text.utf8).withUnsafeBytes { machine.received($0, now: now) }
    }

    @Test func dispatchesOneRequestAtATimeInOrder() {
        var machine = makeMachine()
        receive(&machine, "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n")
        guard case .dispatch(let first, _, true) = machine.nextAction(now: 1) else {
            Issue.record("no dispatch"); return
        }
        #expect(first.path == "/1")
        guard case .none = machine.nextAction(now: 1) else { Issue.record("second dispatched early"); return }
        let closes = machine.responseSent(keepAlive: true, now: 2)
        #expect(!closes)
        guard case .dispatch(let second, _, _) = machine.nextAction(now: 2) else { Issue.record("no dispatch"); return }
        #expect(second.path == "/2")
    }

    @Test func failsAndClosesOnMalformedInput() {
        var machine = makeMachine()
        receive(&machine, "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n")
        guard case .fail(let status, _, _, _) = machine.nextAction(now: 1) else { Issue.record("no failure"); return }
        #expect(status.code == 400)
        guard case .none = machine.nextAction(now: 1) else { Issue.record("acted after failure"); return }
    }

    @Test func failuresNameTheRequestByTheIdReadBeforeThem() {
        func failureId(_ text: String) -> String? {
            var machine = makeMachine()
            receive(&machine, text)
            guard case .fail(_, _, _, let requestId) = machine.nextAction(now: 1) else { return nil }
            return requestId
        }
        let long = String(repeating: "x", count: 9000)
        #expect(failureId("GET / HTTP/1.1\r\nHost: a\r\nX-Request-Id: in-head\r\nX: \(long)\r\n") == "in-head")
        #expect(
            failureId("POST / HTTP/1.1\r\nHost: a\r\nX-Request-Id: in-body\r\nTransfer-Encoding: chunked\r\n\r\nz\r\n")
                == "in-body")
        let unseen = failureId("GET / HTTP/1.1\nX-Request-Id: unseen\r\n\r\n")
        #expect(unseen != nil && unseen != "unseen" && RequestID.isWellFormed(unseen!))
        var machine = makeMachine()
        receive(&machine, "GET / HTTP/1.1\r\nHost: a\r\nX-Request-Id: first\r\n\r\nGET / HTTP/1.1\n\r\n")
        guard case .dispatch = machine.nextAction(now: 1) else { Issue.record("no dispatch"); return }
        _ = machine.responseSent(keepAlive: true, now: 2)
        guard case .fail(_, _, _, let second) = machine.nextAction(now: 2) else { Issue.record("no failure"); return }
        #expect(second != "first")
    }

    @Test func timesOutIdleSlowHeadAndSlowBody() {
        let limits = ConnectionStateMachine.Limits(
            headTimeout: 100, bodyTimeout: 1_000_000_000_000, idleTimeout: 50, minimumBodyBytesPerSecond: 100)
        var idle = makeMachine(limits: limits)
        guard case .none = idle.tick(now: 40) else { Issue.record("closed early"); return }
        guard case .close = idle.tick(now: 60) else { Issue.record("idle not closed"); return }

        var slowHead = makeMachine(limits: limits)
        receive(&slowHead, "GET / HTTP/1.1\r\n", now: 10)
        _ = slowHead.nextAction(now: 10)
        guard case .none = slowHead.tick(now: 100) else { Issue.record("head timed out early"); return }
        guard case .fail(let status, _, _, _) = slowHead.tick(now: 111) else { Issue.record("no 408"); return }
        #expect(status.code == 408)

        var slowBody = makeMachine(limits: limits)
        receive(&slowBody, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\n\r\nab", now: 0)
        _ = slowBody.nextAction(now: 0)
        guard case .fail(let bodyStatus, _, _, _) = slowBody.tick(now: 2_000_000_000) else {
            Issue.record("slow body not failed")
            return
        }
        #expect(bodyStatus.code == 408)
    }

    @Test func limitsRequestsPerConnection() {
        var machine = makeMachine(limits: .init(maxRequestsPerConnection: 2))
        receive(&machine, "GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        guard case .dispatch(_, _, true) = machine.nextAction(now: 1) else { Issue.record("first"); return }
        _ = machine.responseSent(keepAlive: true, now: 1)
        receive(&machine, "GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        guard case .dispatch(_, _, false) = machine.nextAction(now: 1) else {
            Issue.record("second kept alive"); return
        }
        let closes = machine.responseSent(keepAlive: true, now: 1)
        #expect(closes)
    }

    @Test func drainingClosesIdleConnectionsAndEndsBusyOnes() {
        var idle = makeMachine()
        idle.beginDraining()
        guard case .close = idle.nextAction(now: 1) else { Issue.record("idle not closed"); return }

        var busy = makeMachine()
        receive(&busy, "GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        _ = busy.nextAction(now: 1)
        busy.beginDraining()
        let closes = busy.responseSent(keepAlive: true, now: 2)
        #expect(closes)
    }

    @Test func asksForContinueOnlyWithinTheBodyLimit() {
        var machine = makeMachine(parserLimits: .init(maxBody: 10))
        receive(&machine, "POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
        guard case .sendContinue = machine.nextAction(now: 1) else { Issue.record("no continue"); return }
        var large = makeMachine(parserLimits: .init(maxBody: 10))
        receive(&large, "POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 50\r\n\r\n")
        guard case .fail(let status, _, _, _) = large.nextAction(now: 1) else { Issue.record("no 413"); return }
        #expect(status.code == 413)
    }

    @Test func matchesEachRequestOnceAndAnswersWithThatMatch() async {
        let matches = Mutex<[String]>([])
        var machine = makeMachine(parserLimits: .init(maxBody: 100)) { head in
            matches.withLock { $0.append(head.path) }
            return MatchedRoute(maxBodyBytes: head.path == "/small" ? 4 : nil) { request in
                Response(body: .string("answered \(head.path) for \(request.path)"))
            }
        }
        receive(
            &machine, "POST /big HTTP/1.1\r\nHost: a\r\nContent-Length: 50\r\n\r\n" + String(repeating: "x", count: 50))
        guard case .dispatch(let request, let route, _) = machine.nextAction(now: 1) else {
            Issue.record("no dispatch")
            return
        }
        #expect(route.maxBodyBytes == nil)
        let response = await route.respond(to: request)
        #expect(response.body.bytes == Array("answered /big for /big".utf8))
        _ = machine.responseSent(keepAlive: true, now: 2)
        receive(&machine, "POST /small HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello")
        guard case .fail(let status, _, _, _) = machine.nextAction(now: 2) else { Issue.record("no 413"); return }
        #expect(status.code == 413)
        #expect(matches.withLock { $0 } == ["/big", "/small"])
    }
}
