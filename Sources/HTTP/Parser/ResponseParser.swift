/// An incremental response parser for the client: status line, fields, then a body framed by
/// `Content-Length`, chunked coding, or the end of the connection. Interim 1xx responses are skipped.
struct ResponseParser: Sendable {
    /// Size bounds for responses.
    struct Limits: Sendable {
        var maxHead = 64 * 1024
        var maxFields = 200
        var maxBody = 64 * 1024 * 1024
    }

    /// A parsed status line and fields.
    struct Head: Equatable, Sendable {
        var version: HTTPVersion
        var status: HTTPStatus
        var headers: HTTPHeaders
        /// Whether the server lets the connection be reused.
        var isKeepAlive: Bool
    }

    /// What the parser found.
    enum Event: Equatable {
        case head(Head)
        case end(body: [UInt8], trailers: HTTPHeaders)
        case needMoreData
        case failed(HTTPParseError)
    }

    private enum State: Sendable {
        case statusLine, fields, fixedBody(remaining: Int), chunkedBody, untilClose, failed(HTTPParseError)
    }

    let limits: Limits
    private var buffer: [UInt8] = []
    private var index = 0
    private var scanned = 0
    private var state = State.statusLine
    private var headBytes = 0
    private var pending: (version: HTTPVersion, status: HTTPStatus)?
    private var headers = HTTPHeaders()
    private var body: [UInt8] = []
    private var chunked = ChunkedBodyDecoder()
    private var isInputClosed = false
    /// Whether the response being parsed answers a HEAD request (it then has no body).
    var isResponseToHead = false

    init(limits: Limits = Limits()) { self.limits = limits }

    /// Whether nothing is buffered and no response is in progress.
    var isIdle: Bool {
        if case .statusLine = state { return index == buffer.count }
        return false
    }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        if index == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            index = 0
        } else if index > buffer.count / 2 {
            buffer.removeSubrange(0..<index)
            index = 0
        }
        buffer.append(contentsOf: bytes.assumingMemoryBound(to: UInt8.self))
    }

    /// Records the end of input, which completes a body delimited by the connection's end.
    mutating func inputClosed() { isInputClosed = true }

    mutating func next() -> Event {
        let storage = buffer
        return storage.withUnsafeBufferPointer { step($0) }
    }

    private mutating func step(_ bytes: UnsafeBufferPointer<UInt8>) -> Event {
        while true {
            switch state {
            case .failed(let error):
                return .failed(error)
            case .statusLine, .fields:
                switch Syntax.scanLine(bytes, from: index + scanned) {
                case .failed(let error):
                    return fail(error)
                case .incomplete(let resume):
                    if headBytes + resume - index > limits.maxHead { return fail(.headTooLarge) }
                    scanned = resume - index
                    return isInputClosed && (index < bytes.count || headBytes > 0)
                        ? fail(.truncatedMessage) : .needMoreData
                case .line(let end):
                    let line = UnsafeBufferPointer(rebasing: bytes[index..<end])
                    index = end + 2
                    scanned = 0
                    headBytes += line.count + 2
                    if headBytes > limits.maxHead { return fail(.headTooLarge) }
                    if case .statusLine = state {
                        guard let parsed = Self.parseStatusLine(line) else { return fail(.invalidStatusLine) }
                        pending = parsed
                        headers = HTTPHeaders()
                        state = .fields
                    } else if line.isEmpty {
                        if let event = finishHead() { return event }
                    } else {
                        if headers.count >= limits.maxFields { return fail(.tooManyFields) }
                        switch Syntax.parseField(line) {
                        case .failure(let error): return fail(error)
                        case .success(let field): headers.fields.append(field)
                        }
                    }
                }
            case .fixedBody(let remaining):
                let take = min(remaining, bytes.count - index)
                body.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<(index + take)]))
                index += take
                if take == remaining { return finish(HTTPHeaders()) }
                state = .fixedBody(remaining: remaining - take)
                return isInputClosed ? fail(.truncatedMessage) : .needMoreData
            case .chunkedBody:
                let chunkLimits = ChunkedBodyDecoder.Limits(
                    maxBody: limits.maxBody, maxLine: 4096, maxTrailerBytes: limits.maxHead,
                    maxTrailerFields: limits.maxFields)
                switch chunked.decode(bytes, index: &index, body: &body, limits: chunkLimits) {
                case .needMoreData: return isInputClosed ? fail(.truncatedMessage) : .needMoreData
                case .failed(let error): return fail(error)
                case .done: return finish(chunked.trailers)
                }
            case .untilClose:
                let available = bytes.count - index
                if body.count + available > limits.maxBody { return fail(.bodyTooLarge) }
                body.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index...]))
                index = bytes.count
                return isInputClosed ? finish(HTTPHeaders()) : .needMoreData
            }
        }
    }

    private mutating func finishHead() -> Event? {
        guard let (version, status) = pending else { return fail(.invalidStatusLine) }
        headBytes = 0
        if status.isInformational {
            // 100 Continue and other interim responses carry no body; the final response follows.
            state = .statusLine
            return nil
        }
        var wantsClose = false
        var wantsKeepAlive = false
        var contentLengths: [String] = []
        var codings: [Substring] = []
        for field in headers {
            switch FieldName(field.name) {
            case .connection:
                for option in Syntax.listElements(field.value) {
                    if Syntax.equalsIgnoringCase(option, "close") { wantsClose = true }
                    if Syntax.equalsIgnoringCase(option, "keep-alive") { wantsKeepAlive = true }
                }
            case .contentLength: contentLengths.append(field.value)
            case .transferEncoding: codings += Syntax.listElements(field.value)
            default: break
            }
        }
        var keepAlive = version == .http1_1 ? !wantsClose : (wantsKeepAlive && !wantsClose)
        if isResponseToHead || status.forbidsBody {
            state = .fixedBody(remaining: 0)
        } else if !codings.isEmpty {
            if !contentLengths.isEmpty { return fail(.contentLengthWithTransferEncoding) }
            guard case .success = RequestLine.interpretCodings(codings) else {
                return fail(.unsupportedTransferEncoding)
            }
            chunked = ChunkedBodyDecoder()
            state = .chunkedBody
        } else if let first = contentLengths.first {
            guard contentLengths.allSatisfy({ $0 == first }), let length = Syntax.parseDecimal(first[...]) else {
                return fail(.invalidContentLength)
            }
            guard length <= limits.maxBody else { return fail(.bodyTooLarge) }
            state = .fixedBody(remaining: length)
        } else {
            keepAlive = false
            state = .untilClose
        }
        let head = Head(version: version, status: status, headers: headers, isKeepAlive: keepAlive)
        headers = HTTPHeaders()
        return .head(head)
    }

    private mutating func finish(_ trailers: HTTPHeaders) -> Event {
        let completed = body
        body = []
        state = .statusLine
        isResponseToHead = false
        return .end(body: completed, trailers: trailers)
    }

    private mutating func fail(_ error: HTTPParseError) -> Event {
        state = .failed(error)
        return .failed(error)
    }

    /// Parses `HTTP/1.x SP 3DIGIT SP reason`.
    static func parseStatusLine(_ line: UnsafeBufferPointer<UInt8>) -> (HTTPVersion, HTTPStatus)? {
        guard line.count >= 12, line[8] == Syntax.space,
            case .success(let version) = RequestLine.parseVersion(UnsafeBufferPointer(rebasing: line[0..<8]))
        else { return nil }
        var code = 0
        for byte in line[9..<12] {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            code = code * 10 + Int(byte - 0x30)
        }
        guard code >= 100, line.count == 12 || line[12] == Syntax.space else { return nil }
        let reason = line.count > 13 ? String(decoding: UnsafeBufferPointer(rebasing: line[13...]), as: UTF8.self) : ""
        return (version, HTTPStatus(code: code, reasonPhrase: reason))
    }
}
