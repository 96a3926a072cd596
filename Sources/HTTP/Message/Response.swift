/// A response a handler returns: status, header fields and a body.
///
/// The server adds `Date`, and `Content-Length` (or chunked framing for streamed bodies); a handler may
/// set `Connection: close` to end the connection after this response.
public struct Response: Sendable {
    /// The status.
    public var status: HTTPStatus
    /// The header fields.
    public var headers: HTTPHeaders
    /// The body.
    public var body: ResponseBody

    /// Creates a response.
    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = [:], body: ResponseBody = .empty) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A `text/plain; charset=utf-8` response.
    public static func text(_ text: String, status: HTTPStatus = .ok) -> Response {
        Response(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: .string(text))
    }
}

/// The body of a response: bytes known up front, or a stream written while the response is sent.
public struct ResponseBody: Sendable {
    /// Writes a streamed body piece by piece; the server frames it with chunked encoding.
    public typealias Producer = @Sendable (ResponseBodyWriter) async throws -> Void

    enum Storage: Sendable {
        case bytes([UInt8])
        case stream(Producer)
    }

    let storage: Storage

    /// No body.
    public static let empty = ResponseBody(storage: .bytes([]))

    /// A body of `bytes`.
    public static func bytes(_ bytes: [UInt8]) -> ResponseBody { ResponseBody(storage: .bytes(bytes)) }

    /// A body of UTF-8 text.
    public static func string(_ text: String) -> ResponseBody { ResponseBody(storage: .bytes(Array(text.utf8))) }

    /// A body produced while sending, for large exports; the server waits for each write to drain.
    public static func stream(_ producer: @escaping Producer) -> ResponseBody {
        ResponseBody(storage: .stream(producer))
    }

    /// The bytes of a non-streamed body; `nil` for a stream.
    public var bytes: [UInt8]? {
        if case .bytes(let bytes) = storage { return bytes }
        return nil
    }
}

/// Sends the pieces of a streamed response body.
public struct ResponseBodyWriter: Sendable {
    let sink: @Sendable ([UInt8]) async throws -> Void

    /// Creates a writer that hands each piece to `sink`.
    public init(_ sink: @escaping @Sendable ([UInt8]) async throws -> Void) { self.sink = sink }

    /// Sends `bytes` as the next piece (an empty piece is skipped); returns once the connection can take more.
    public func write(_ bytes: [UInt8]) async throws {
        guard !bytes.isEmpty else { return }
        try await sink(bytes)
    }

    /// Sends UTF-8 text as the next piece.
    public func write(_ text: String) async throws { try await write(Array(text.utf8)) }
}
