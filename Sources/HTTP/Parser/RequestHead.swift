/// How the length of a message body is determined.
enum BodyFraming: Equatable, Sendable {
    /// No body.
    case none
    /// Exactly this many bytes (`Content-Length`).
    case length(Int)
    /// Chunked transfer coding.
    case chunked
}

/// A parsed request head with the connection-level facts the server acts on.
struct RequestHead: Equatable, Sendable {
    var method: HTTPMethod
    var target: String
    var path: String
    var query: String?
    var version: HTTPVersion
    var headers: HTTPHeaders
    /// Whether the connection may stay open after this request (HTTP/1.1 default, HTTP/1.0 opt-in).
    var isKeepAlive: Bool
    /// Whether the client waits for `100 Continue` before sending the body.
    var expectsContinue: Bool
    var framing: BodyFraming

    static func == (lhs: RequestHead, rhs: RequestHead) -> Bool {
        lhs.method == rhs.method && lhs.target == rhs.target && lhs.version == rhs.version
            && lhs.headers == rhs.headers && lhs.isKeepAlive == rhs.isKeepAlive
            && lhs.expectsContinue == rhs.expectsContinue && lhs.framing == rhs.framing
    }

    /// The request handlers see, with `body` and `trailers`.
    func request(body: [UInt8], trailers: HTTPHeaders) -> Request {
        var request = Request(method: method, target: target, version: version, headers: headers, body: body)
        request.path = path
        request.query = query
        request.trailers = trailers
        return request
    }
}
