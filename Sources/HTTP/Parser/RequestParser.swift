/// An incremental, strict HTTP/1.1 request parser: bytes in, events out, no I/O.
///
/// Feed bytes with `append` and call `next()` until it returns `.needMoreData`. The events are the same
/// however the bytes are split. After `.failed` the parser stays failed: the position in the stream is
/// unknown, so the connection must answer and close.
struct RequestParser: Sendable {
    /// Size bounds; exceeding one fails with the matching status (414, 431 or 413).
    struct Limits: Sendable {
        var maxRequestLine = 8 * 1024
        var maxHeaderLine = 8 * 1024
        var maxHead = 16 * 1024
        var maxFields = 100
        var maxBody = 1024 * 1024
        var maxChunkLine = 1024
    }

    /// What the parser found.
    enum Event: Equatable {
        /// A complete head; its body (possibly empty) follows as `.end`.
        case head(RequestHead)
        /// The end of the current request, with its whole body and any trailers.
        case end(body: [UInt8], trailers: HTTPHeaders)
        /// The buffered bytes end inside a message.
        case needMoreData
        /// The stream is malformed or over a limit.
        case failed(HTTPParseError)
    }

    private enum State: Sendable {
        case requestLine
        case fields
        case bodyStart(BodyFraming)
        case fixedBody(remaining: Int)
        case chunkedBody
        case failed(HTTPParseError)
    }

    let limits: Limits
    /// The largest body the current request may have; reset to `limits.maxBody` at every request line.
    var bodyLimit: Int
    private var buffer: [UInt8] = []
    private var index = 0
    private var scanned = 0
    private var state = State.requestLine
    private var headBytes = 0
    private var skippedEmptyLines = 0
    private var pendingLine: (method: HTTPMethod, target: String, version: HTTPVersion)?
    private var headers = HTTPHeaders()
    private var body: [UInt8] = []
    private var chunked = ChunkedBodyDecoder()

    /// Creates a parser with `limits`.
    init(limits: Limits = Limits()) {
        self.limits = limits
        self.bodyLimit = limits.maxBody
    }

    /// The number of received bytes not yet consumed.
    var bufferedByteCount: Int { buffer.count - index }

    /// The fields of the head being read, as far as it got; empty between heads and before the request line.
    ///
    /// After a failure inside a head these are the fields read before it, so the answer can still name the
    /// request (its `X-Request-Id`).
    var fieldsSoFar: HTTPHeaders {
        switch state {
        case .fields, .failed: headers
        default: HTTPHeaders()
        }
    }

    /// Whether the parser is between requests with nothing buffered.
    var isIdle: Bool {
        if case .requestLine = state { return index == buffer.count }
        return false
    }

    /// Whether the parser has started a request it has not finished.
    var isInsideMessage: Bool {
        switch state {
        case .requestLine: index < buffer.count
        case .failed: false
        default: true
        }
    }

    /// Adds received bytes.
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        compact()
        buffer.append(contentsOf: bytes.assumingMemoryBound(to: UInt8.self))
    }

    /// Adds received bytes.
    mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    private mutating func compact() {
        if index == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            index = 0
        } else if index >= 16 * 1024 || index > buffer.count / 2 {
            buffer.removeSubrange(0..<index)
            index = 0
        }
    }

    /// Parses as far as the buffered bytes allow and reports the next event.
    mutating func next() -> Event {
        let storage = buffer
        return storage.withUnsafeBufferPointer { step($0) }
    }

    private mutating func step(_ bytes: UnsafeBufferPointer<UInt8>) -> Event {
        while true {
            switch state {
            case .failed(let error):
                return .failed(error)
            case .requestLine, .fields:
                if let event = parseHead(bytes) { return event }
            case .bodyStart(let framing):
                switch framing {
                case .none, .length(0):
                    return finish()
                case .length(let length):
                    guard length <= bodyLimit else { return fail(.bodyTooLarge) }
                    body.reserveCapacity(length)
                    state = .fixedBody(remaining: length)
                case .chunked:
                    chunked = ChunkedBodyDecoder()
                    state = .chunkedBody
                }
            case .fixedBody(let remaining):
                let take = min(remaining, bytes.count - index)
                if take > 0 {
                    body.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<(index + take)]))
                    index += take
                }
                if take == remaining { return finish() }
                state = .fixedBody(remaining: remaining - take)
                return .needMoreData
            case .chunkedBody:
                let chunkLimits = ChunkedBodyDecoder.Limits(
                    maxBody: bodyLimit, maxLine: limits.maxChunkLine, maxTrailerBytes: limits.maxHead,
                    maxTrailerFields: limits.maxFields)
                switch chunked.decode(bytes, index: &index, body: &body, limits: chunkLimits) {
                case .needMoreData: return .needMoreData
                case .failed(let error): return fail(error)
                case .done: return finish(trailers: chunked.trailers)
                }
            }
        }
    }

    private mutating func finish(trailers: HTTPHeaders = HTTPHeaders()) -> Event {
        let completed = body
        body = []
        state = .requestLine
        return .end(body: completed, trailers: trailers)
    }

    private mutating func fail(_ error: HTTPParseError) -> Event {
        state = .failed(error)
        return .failed(error)
    }

    /// Consumes complete head lines; returns an event when the head is complete, fails or needs more.
    private mutating func parseHead(_ bytes: UnsafeBufferPointer<UInt8>) -> Event? {
        let isRequestLine: Bool
        if case .requestLine = state { isRequestLine = true } else { isRequestLine = false }
        switch Syntax.scanLine(bytes, from: index + scanned) {
        case .failed(let error):
            return fail(error)
        case .incomplete(let resume):
            let pending = resume - index
            if isRequestLine, pending > limits.maxRequestLine { return fail(.requestLineTooLong) }
            if !isRequestLine, pending > limits.maxHeaderLine { return fail(.headerLineTooLong) }
            if headBytes + pending > limits.maxHead { return fail(.headTooLarge) }
            scanned = pending
            return .needMoreData
        case .line(let end):
            let line = UnsafeBufferPointer(rebasing: bytes[index..<end])
            index = end + 2
            scanned = 0
            headBytes += line.count + 2
            if isRequestLine {
                return parseRequestLine(line)
            }
            if line.isEmpty { return finishHead() }
            if line.count > limits.maxHeaderLine { return fail(.headerLineTooLong) }
            if headBytes > limits.maxHead { return fail(.headTooLarge) }
            if headers.count >= limits.maxFields { return fail(.tooManyFields) }
            switch Syntax.parseField(line) {
            case .failure(let error): return fail(error)
            case .success(let field): headers.fields.append(field)
            }
            return nil
        }
    }

    private mutating func parseRequestLine(_ line: UnsafeBufferPointer<UInt8>) -> Event? {
        if line.isEmpty {
            // RFC 9112 §2.2: a server should ignore at least one empty line before a request line.
            headBytes = 0
            skippedEmptyLines += 1
            return skippedEmptyLines > 4 ? fail(.invalidRequestLine) : nil
        }
        if line.count > limits.maxRequestLine { return fail(.requestLineTooLong) }
        switch RequestLine.parse(line) {
        case .failure(let error):
            return fail(error)
        case .success(let parsed):
            pendingLine = parsed
            headers = HTTPHeaders()
            bodyLimit = limits.maxBody
            state = .fields
            return nil
        }
    }

    private mutating func finishHead() -> Event {
        guard let line = pendingLine else { return fail(.invalidRequestLine) }
        pendingLine = nil
        headBytes = 0
        skippedEmptyLines = 0
        switch RequestLine.interpret(method: line.method, target: line.target, version: line.version, headers) {
        case .failure(let error):
            return fail(error)
        case .success(let head):
            headers = HTTPHeaders()
            state = .bodyStart(head.framing)
            return .head(head)
        }
    }
}
