/// The life of one server connection as a value: bytes, time and completions in, actions out, no I/O.
///
/// One request is in flight at a time: pipelined requests wait in the parser's buffer until the response
/// before them has been handed over, so responses leave strictly in request order. After a framing or
/// syntax error the machine answers and closes, as the position in the stream is unknown.
struct ConnectionStateMachine: Sendable {
    /// Timing and count limits, in monotonic nanoseconds.
    struct Limits: Sendable {
        var headTimeout: UInt64 = 10_000_000_000
        var bodyTimeout: UInt64 = 30_000_000_000
        var idleTimeout: UInt64 = 5_000_000_000
        var writeTimeout: UInt64 = 30_000_000_000
        var minimumBodyBytesPerSecond = 1024
        var maxRequestsPerConnection = 1000
    }

    /// What the shell must do next.
    enum Action {
        /// Nothing until more input, a completion or a tick.
        case none
        /// Write `HTTP/1.1 100 Continue`.
        case sendContinue
        /// Answer `request` with `route`, matched from its head; `keepAlive` tells the response whether the
        /// connection stays.
        case dispatch(Request, MatchedRoute, keepAlive: Bool)
        /// Answer with an error status and close once it is written; `requestId` names the request in the answer.
        case fail(HTTPStatus, detail: String, code: String, requestId: String)
        /// Close now without answering.
        case close
    }

    private enum State: Sendable {
        /// Between requests: `idleSince` when the last response left, `headSince` once a head has begun.
        case awaitingHead(idleSince: UInt64, headSince: UInt64?)
        case awaitingBody(head: RequestHead, route: MatchedRoute, since: UInt64, received: Int)
        case responding(keepAlive: Bool)
        case closing
        case closed
    }

    private var parser: RequestParser
    private var state: State
    private let limits: Limits
    private let route: @Sendable (RequestHead) -> MatchedRoute
    private var requestCount = 0
    private var isDraining = false
    private var isInputClosed = false
    private var pendingWriteSince: UInt64?

    /// Creates the machine for a connection accepted at `now`; `route` matches each request once, from its
    /// head, and its body limit applies to the body.
    init(
        parserLimits: RequestParser.Limits, limits: Limits, now: UInt64,
        route: @escaping @Sendable (RequestHead) -> MatchedRoute
    ) {
        parser = RequestParser(limits: parserLimits)
        state = .awaitingHead(idleSince: now, headSince: nil)
        self.limits = limits
        self.route = route
    }

    /// The number of received bytes not yet parsed.
    var bufferedByteCount: Int { parser.bufferedByteCount }

    /// Whether a handler is running or its response is being handed over.
    var isResponding: Bool {
        if case .responding = state { return true }
        return false
    }

    /// Whether the connection would stay open after the response in flight, as things stand.
    var willKeepAlive: Bool {
        if case .responding(let keepAlive) = state { return keepAlive && !isDraining }
        return false
    }

    /// Whether the connection is finished.
    var isClosed: Bool {
        if case .closed = state { return true }
        return false
    }

    /// Records received bytes; call `nextAction` afterwards.
    mutating func received(_ bytes: UnsafeRawBufferPointer, now: UInt64) {
        parser.append(bytes)
        switch state {
        case .awaitingHead(let idleSince, nil):
            state = .awaitingHead(idleSince: idleSince, headSince: now)
        case .awaitingBody(let head, let route, let since, let received):
            state = .awaitingBody(head: head, route: route, since: since, received: received + bytes.count)
        default:
            break
        }
    }

    /// Records that the peer will send nothing more.
    mutating func inputClosed() {
        isInputClosed = true
    }

    /// Asks the connection to finish: idle connections close, a request in flight completes first.
    mutating func beginDraining() {
        isDraining = true
    }

    /// The next thing to do; call repeatedly until it returns `.none`.
    mutating func nextAction(now: UInt64) -> Action {
        while true {
            switch state {
            case .closing, .closed, .responding:
                return .none
            case .awaitingHead(let idleSince, let headSince):
                switch parser.next() {
                case .needMoreData:
                    if isDraining || isInputClosed {
                        // Whatever partial request is buffered will never be completed or answered.
                        state = .closed
                        return .close
                    }
                    if !parser.isInsideMessage, headSince != nil {
                        state = .awaitingHead(idleSince: idleSince, headSince: nil)
                    }
                    return .none
                case .head(let head):
                    let route = route(head)
                    if let limit = route.maxBodyBytes { parser.bodyLimit = limit }
                    state = .awaitingBody(
                        head: head, route: route, since: headSince ?? now, received: parser.bufferedByteCount)
                    if head.expectsContinue, !exceedsLimit(head) { return .sendContinue }
                case .end:
                    preconditionFailure("a body ended before its head")
                case .failed(let error):
                    return fail(error.status, detail: error.description, code: error.code, fields: parser.fieldsSoFar)
                }
            case .awaitingBody(let head, let route, _, _):
                switch parser.next() {
                case .needMoreData:
                    if isInputClosed {
                        state = .closed
                        return .close
                    }
                    return .none
                case .end(let body, let trailers):
                    requestCount += 1
                    let keepAlive = head.isKeepAlive && !isDraining && requestCount < limits.maxRequestsPerConnection
                    state = .responding(keepAlive: keepAlive)
                    return .dispatch(head.request(body: body, trailers: trailers), route, keepAlive: keepAlive)
                case .head:
                    preconditionFailure("a head arrived inside a body")
                case .failed(let error):
                    return fail(error.status, detail: error.description, code: error.code, fields: head.headers)
                }
            }
        }
    }

    private func exceedsLimit(_ head: RequestHead) -> Bool {
        if case .length(let length) = head.framing { return length > parser.bodyLimit }
        return false
    }

    /// Fails with the request id taken from `fields`, the request's fields as far as they were read.
    private mutating func fail(_ status: HTTPStatus, detail: String, code: String, fields: HTTPHeaders) -> Action {
        state = .closing
        return .fail(status, detail: detail, code: code, requestId: RequestID.from(fields))
    }

    /// Records that the response has been handed to the output; returns whether to close after writing it.
    ///
    /// - Parameter keepAlive: `false` if the response itself asked to close.
    mutating func responseSent(keepAlive responseKeepAlive: Bool, now: UInt64) -> Bool {
        guard case .responding(let keepAlive) = state else { return true }
        if keepAlive && responseKeepAlive && !isDraining {
            state = .awaitingHead(idleSince: now, headSince: parser.bufferedByteCount > 0 ? now : nil)
            return false
        }
        state = .closing
        return true
    }

    /// Records whether output is waiting for the peer to read, for the write timeout.
    mutating func outputPending(_ isPending: Bool, now: UInt64) {
        if !isPending {
            pendingWriteSince = nil
        } else if pendingWriteSince == nil {
            pendingWriteSince = now
        }
    }

    /// Checks the deadlines at `now`.
    mutating func tick(now: UInt64) -> Action {
        if let since = pendingWriteSince, now &- since > limits.writeTimeout {
            state = .closed
            return .close
        }
        switch state {
        case .awaitingHead(let idleSince, nil):
            guard now &- idleSince > limits.idleTimeout else { return .none }
            state = .closed
            return .close
        case .awaitingHead(_, let headSince?):
            guard now &- headSince > limits.headTimeout else { return .none }
            return fail(
                .requestTimeout, detail: "the request head did not arrive in time", code: "headTimeout",
                fields: parser.fieldsSoFar)
        case .awaitingBody(let head, _, let since, let received):
            let elapsed = now &- since
            let tooSlow =
                elapsed > 1_000_000_000
                && UInt64(received) * 1_000_000_000 / elapsed < UInt64(limits.minimumBodyBytesPerSecond)
            guard elapsed > limits.bodyTimeout || tooSlow else { return .none }
            return fail(
                .requestTimeout, detail: "the request body did not arrive in time", code: "bodyTimeout",
                fields: head.headers)
        case .responding, .closing, .closed:
            return .none
        }
    }

    /// Records that the connection has been closed.
    mutating func closed() {
        state = .closed
    }
}
