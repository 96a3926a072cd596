import Foundation

/// A request for `HTTPClient`.
public struct ClientRequest: Sendable {
    /// The method.
    public var method: HTTPMethod
    /// The absolute `http` or `https` URL.
    public var url: String
    /// Header fields; `Host`, `Content-Length` and `Connection` are set by the client.
    public var headers: HTTPHeaders
    /// The body.
    public var body: [UInt8]
    /// A request id to forward as `X-Request-Id` (pass `context.requestId` on internal calls).
    public var requestId: String?
    /// Overrides the client's total timeout for this request.
    public var timeout: Duration?
    /// Whether to retry after a connection failure; defaults to the method's idempotency.
    public var isRetryable: Bool?

    /// Creates a request.
    public init(
        method: HTTPMethod = .get, url: String, headers: HTTPHeaders = [:], body: [UInt8] = [],
        requestId: String? = nil, timeout: Duration? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.requestId = requestId
        self.timeout = timeout
    }

    /// A request whose body is `value` as JSON.
    public static func json<T: Encodable>(
        _ method: HTTPMethod, url: String, _ value: T, headers: HTTPHeaders = [:], requestId: String? = nil
    ) throws -> ClientRequest {
        var headers = headers
        headers.set("Content-Type", "application/json")
        return ClientRequest(
            method: method, url: url, headers: headers, body: try JSONWriter().encode(value),
            requestId: requestId)
    }
}

/// A response received by `HTTPClient`.
public struct ClientResponse: Sendable {
    /// The status.
    public var status: HTTPStatus
    /// The header fields.
    public var headers: HTTPHeaders
    /// The whole body.
    public var body: [UInt8]

    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// Decodes the JSON body as `T`.
    public func decode<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(body))
    }
}

/// Where a request goes: scheme, host and port identify a connection pool.
struct Origin: Hashable, Sendable {
    var isSecure: Bool
    var host: String
    var port: UInt16

    /// Splits `url` into its origin and the request target (path and query).
    static func parse(_ url: String) throws -> (Origin, target: String) {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else { throw HTTPClientError.invalidURL }
        let isSecure: Bool
        switch scheme {
        case "http": isSecure = false
        case "https": isSecure = true
        default: throw HTTPClientError.unsupportedScheme
        }
        let port = components.port.map { UInt16(clamping: $0) } ?? (isSecure ? 443 : 80)
        var target = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        if let query = components.percentEncodedQuery { target += "?" + query }
        let bareHost = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        return (Origin(isSecure: isSecure, host: bareHost, port: port), target)
    }

    /// The `Host` field value.
    var hostField: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == (isSecure ? 443 : 80) ? name : "\(name):\(port)"
    }
}
