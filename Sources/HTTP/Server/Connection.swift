import IO

/// The I/O shell around one connection's `ConnectionStateMachine`: reads, writes, runs handlers.
///
/// Confined to its event loop's thread: every method runs there, which is why it may be
/// `@unchecked Sendable` (handler tasks only hand results back through `loop.execute`).
final class Connection: @unchecked Sendable {
    let fd: Int32
    private unowned let owner: ServerLoop
    private var machine: ConnectionStateMachine
    private var output: [UInt8] = []
    private var outputOffset = 0
    private var interest = IOEvents.readable
    private var isReadPaused = false
    private var closeAfterFlush = false
    private(set) var lingerDeadline: UInt64?
    private(set) var isClosed = false
    private var isHeadRequest = false
    private var requestVersion = HTTPVersion.http1_1
    private var streamFraming = ResponseEncoder.Framing.chunked
    private var streamKeepAlive = false
    private var drainWaiter: CheckedContinuation<Void, any Error>?

    private static let highWatermark = 64 * 1024
    private static let continueLine = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    init(fd: Int32, owner: ServerLoop, machine: ConnectionStateMachine) {
        self.fd = fd
        self.owner = owner
        self.machine = machine
        output.reserveCapacity(1024)
    }

    var loop: EventLoop { owner.loop }

    // MARK: Input

    /// Reacts to readiness reported by the loop.
    func handle(_ events: IOEvents) {
        if events.contains(.writable) { flush() }
        if isClosed { return }
        if events.contains(.readable) || events.contains(.readHangup) {
            readInput()
        } else if !events.intersection([.hangup, .error]).isEmpty {
            close()
        }
    }

    private func readInput() {
        let buffer = owner.readBuffer
        switch Result(catching: { try System.read(fd, into: buffer) }) {
        case .failure:
            close()
        case .success(.wouldBlock):
            return
        case .success(.endOfFile):
            if lingerDeadline != nil { return close() }
            machine.inputClosed()
            setInterest(output.count > outputOffset ? .writable : [])
            process()
        case .success(.bytes(let count)):
            if lingerDeadline != nil { return }
            machine.received(UnsafeRawBufferPointer(rebasing: buffer[0..<count]), now: System.monotonicNanoseconds())
            if machine.isResponding {
                // Pipelined input waits in the parser; stop reading if a client floods us meanwhile.
                if machine.bufferedByteCount > Self.highWatermark { pauseReading() }
            } else {
                process()
            }
        }
    }

    /// Runs the state machine's actions until it waits for something.
    func process() {
        let now = System.monotonicNanoseconds()
        while !isClosed, output.count - outputOffset <= Self.highWatermark {
            switch machine.nextAction(now: now) {
            case .none:
                return
            case .sendContinue:
                output.append(contentsOf: Self.continueLine)
                flush()
            case .dispatch(let request, let route, let keepAlive):
                dispatch(request, route: route, keepAlive: keepAlive)
                return
            case .fail(let status, let detail, let code, let requestId):
                writeFailure(status, detail: detail, code: code, requestId: requestId)
                return
            case .close:
                if output.count > outputOffset {
                    // The peer has stopped sending, but the last response may still be on its way out.
                    closeAfterFlush = true
                } else {
                    close()
                }
                return
            }
        }
    }

    /// Checks deadlines; called by the loop's periodic sweep.
    func tick(now: UInt64) {
        if let lingerDeadline {
            if now > lingerDeadline { close() }
            return
        }
        switch machine.tick(now: now) {
        case .fail(let status, let detail, let code, let requestId):
            writeFailure(status, detail: detail, code: code, requestId: requestId)
        case .close: close()
        default: break
        }
    }

    /// Starts a graceful end: idle connections close now, busy ones after their response.
    func drain() {
        machine.beginDraining()
        if !machine.isResponding { process() }
    }

    // MARK: Handlers

    private func dispatch(_ request: Request, route: MatchedRoute, keepAlive: Bool) {
        isHeadRequest = request.method == .head
        requestVersion = request.version
        let loop = owner.loop
        // The handler runs on this connection's loop: its database wait and its answer resume there, with no
        // thread switch (the pool prefers a connection of the same loop). A handler must not block.
        Task(executorPreference: loop) {
            let response = await route.respond(to: request)
            switch response.body.storage {
            case .bytes(let bytes):
                if loop.inEventLoop {
                    self.complete(response, body: bytes)
                } else {
                    loop.execute { self.complete(response, body: bytes) }
                }
            case .stream(let producer):
                await self.stream(response, producer: producer)
            }
        }
    }

    private func complete(_ response: Response, body: [UInt8]) {
        guard !isClosed else { return }
        let close = machine.responseSent(
            keepAlive: !ResponseEncoder.asksToClose(response.headers), now: System.monotonicNanoseconds())
        ResponseEncoder.encodeHead(
            status: response.status, headers: response.headers, framing: .length(body.count), keepAlive: !close,
            version: requestVersion, date: owner.date.bytes, into: &output)
        if !isHeadRequest, !response.status.forbidsBody { output.append(contentsOf: body) }
        closeAfterFlush = close
        flush()
        if !close { resumeAfterResponse() }
    }

    private func resumeAfterResponse() {
        guard !isClosed else { return }
        if isReadPaused {
            isReadPaused = false
            setInterest(interest.union(.readable))
        }
        process()
    }

    /// Answers a framing, syntax, size or timeout error that no handler saw, then closes.
    private func writeFailure(_ status: HTTPStatus, detail: String, code: String, requestId: String) {
        let problem = ProblemDetails(
            title: status.reasonPhrase, status: status.code, detail: detail, code: code, requestId: requestId)
        let response = problem.response(extraHeaders: ["X-Request-Id": requestId])
        let body = response.body.bytes ?? []
        ResponseEncoder.encodeHead(
            status: status, headers: response.headers, framing: .length(body.count), keepAlive: false,
            version: .http1_1, date: owner.date.bytes, into: &output)
        output.append(contentsOf: body)
        closeAfterFlush = true
        flush()
    }

    // MARK: Streamed bodies

    private func stream(_ response: Response, producer: ResponseBody.Producer) async {
        do {
            try await onLoop { $0.startStream(response) }
            let writer = ResponseBodyWriter { bytes in
                try await self.onLoop { connection in try connection.writeChunk(bytes) }
            }
            try await producer(writer)
            loop.execute { self.finishStream() }
        } catch {
            // The status is already sent: cutting the connection is the only way to signal the failure.
            loop.execute { self.close() }
        }
    }

    /// Runs `body` on the loop and waits until the output has drained below the watermark.
    private func onLoop(_ body: @escaping @Sendable (Connection) throws -> Void) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            loop.execute {
                do {
                    guard !self.isClosed else { throw ConnectionClosedError() }
                    try body(self)
                    if self.output.count - self.outputOffset > Self.highWatermark {
                        self.drainWaiter = continuation
                    } else {
                        continuation.resume()
                    }
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    private func startStream(_ response: Response) {
        let chunked = requestVersion == .http1_1
        streamFraming = chunked ? .chunked : .untilClose
        streamKeepAlive = chunked && !ResponseEncoder.asksToClose(response.headers) && machine.willKeepAlive
        ResponseEncoder.encodeHead(
            status: response.status, headers: response.headers, framing: streamFraming, keepAlive: streamKeepAlive,
            version: requestVersion, date: owner.date.bytes, into: &output)
        flush()
    }

    private func writeChunk(_ bytes: [UInt8]) throws {
        guard !isHeadRequest else { return }
        if case .chunked = streamFraming {
            ResponseEncoder.encodeChunk(bytes, into: &output)
        } else {
            output.append(contentsOf: bytes)
        }
        flush()
    }

    private func finishStream() {
        guard !isClosed else { return }
        if case .chunked = streamFraming, !isHeadRequest { ResponseEncoder.encodeLastChunk(into: &output) }
        let close = machine.responseSent(keepAlive: streamKeepAlive, now: System.monotonicNanoseconds())
        closeAfterFlush = close
        flush()
        if !close { resumeAfterResponse() }
    }

    // MARK: Output

    private func flush() {
        guard !isClosed else { return }
        while outputOffset < output.count {
            let written: Int
            do {
                written = try output.withUnsafeBytes { raw in
                    try System.write(fd, UnsafeRawBufferPointer(rebasing: raw[outputOffset...]))
                }
            } catch {
                return close()
            }
            if written == 0 {
                machine.outputPending(true, now: System.monotonicNanoseconds())
                if !interest.contains(.writable) { setInterest(interest.union(.writable)) }
                return
            }
            outputOffset += written
        }
        if output.capacity > 1024 * 1024 {
            output = []
        } else {
            output.removeAll(keepingCapacity: true)
        }
        outputOffset = 0
        machine.outputPending(false, now: 0)
        if interest.contains(.writable) { setInterest(interest.subtracting(.writable)) }
        if let waiter = drainWaiter {
            drainWaiter = nil
            waiter.resume()
        }
        if closeAfterFlush { startLingeringClose() }
    }

    /// Closes the writing half first and discards input for a moment, so that unread request bytes do not
    /// make the kernel reset the connection before the client has read the final response.
    private func startLingeringClose() {
        guard lingerDeadline == nil else { return }
        System.shutdownWrite(fd)
        lingerDeadline = System.monotonicNanoseconds() &+ 1_000_000_000
        setInterest(.readable)
    }

    private func pauseReading() {
        guard !isReadPaused else { return }
        isReadPaused = true
        setInterest(interest.subtracting(.readable))
    }

    private func setInterest(_ new: IOEvents) {
        guard new != interest, !isClosed else { return }
        interest = new
        do { try loop.reregister(fd, interest: new) } catch { close() }
    }

    /// Closes the descriptor and forgets the connection.
    func close() {
        guard !isClosed else { return }
        isClosed = true
        machine.closed()
        loop.deregister(fd)
        System.close(fd)
        owner.connectionClosed(self)
        if let waiter = drainWaiter {
            drainWaiter = nil
            waiter.resume(throwing: ConnectionClosedError())
        }
    }
}

/// The connection closed while a streamed response was being written.
struct ConnectionClosedError: Error {}
