import Glibc
import IO
import Synchronization

/// Settings of an `HTTPClient`.
public struct HTTPClientConfiguration: Sendable {
    /// Time allowed to connect, TLS handshake included.
    public var connectTimeout: Duration
    /// Longest silence while waiting for response bytes.
    public var readTimeout: Duration
    /// Longest time for a whole request, retries included.
    public var totalTimeout: Duration
    /// Most connections per origin; further requests wait for one.
    public var maxConnectionsPerOrigin: Int
    /// How long an unused pooled connection is kept.
    public var idleTimeout: Duration
    /// How many times an idempotent request is retried after a connection failure.
    public var maxRetries: Int
    /// TLS settings for https.
    public var tls: TLSConfiguration

    /// Creates settings with conservative defaults.
    public init(
        connectTimeout: Duration = .seconds(5), readTimeout: Duration = .seconds(30),
        totalTimeout: Duration = .seconds(60), maxConnectionsPerOrigin: Int = 16, idleTimeout: Duration = .seconds(60),
        maxRetries: Int = 2, tls: TLSConfiguration = TLSConfiguration()
    ) {
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
        self.totalTimeout = totalTimeout
        self.maxConnectionsPerOrigin = maxConnectionsPerOrigin
        self.idleTimeout = idleTimeout
        self.maxRetries = maxRetries
        self.tls = tls
    }
}

/// An HTTP/1.1 client with a keep-alive pool per origin, timeouts, bounded retries and HTTPS.
///
/// ```swift
/// let client = try HTTPClient(eventLoopGroup: group)
/// let response = try await client.execute(ClientRequest(url: "https://api.example.com/v1/x", requestId: id))
/// let value = try response.decode(Value.self)
/// client.shutdown()
/// ```
public final class HTTPClient: Sendable {
    private let configuration: HTTPClientConfiguration
    private let group: EventLoopGroup
    private let tlsContext: TLSContext
    private let pools = Mutex<[Origin: ConnectionPool]>([:])

    /// Creates a client whose connections run on `eventLoopGroup`.
    public init(configuration: HTTPClientConfiguration = HTTPClientConfiguration(), eventLoopGroup: EventLoopGroup)
        throws
    {
        self.configuration = configuration
        self.group = eventLoopGroup
        self.tlsContext = try TLSContext(configuration: configuration.tls)
        System.ignoreSIGPIPE()
    }

    /// Sends `request` and returns the whole response; idempotent requests are retried after connection
    /// failures, at most `maxRetries` times within the total timeout.
    public func execute(_ request: ClientRequest) async throws -> ClientResponse {
        let (origin, target) = try Origin.parse(request.url)
        let pool = pool(for: origin)
        let bytes = encode(request, target: target, origin: origin)
        let start = System.monotonicNanoseconds()
        let deadline = start &+ (request.timeout ?? configuration.totalTimeout).nanoseconds
        let retryable = request.isRetryable ?? request.method.isIdempotent
        var attempt = 0
        while true {
            do {
                let connectDeadline = min(
                    System.monotonicNanoseconds() &+ configuration.connectTimeout.nanoseconds, deadline)
                return try await pool.withConnection(connectDeadline: connectDeadline) { connection in
                    try await connection.exchange(
                        bytes, isHead: request.method == .head, readTimeout: configuration.readTimeout.nanoseconds,
                        deadline: deadline)
                }
            } catch {
                attempt += 1
                guard retryable, attempt <= configuration.maxRetries, Self.isRetryable(error),
                    System.monotonicNanoseconds() < deadline
                else { throw error }
                try await Task.sleep(for: .milliseconds(25 * attempt))
            }
        }
    }

    /// Sends a GET.
    public func get(_ url: String, headers: HTTPHeaders = [:], requestId: String? = nil) async throws -> ClientResponse
    {
        try await execute(ClientRequest(method: .get, url: url, headers: headers, requestId: requestId))
    }

    /// Sends `value` as JSON with `method` and decodes the JSON response as `Output`.
    public func json<Input: Encodable & Sendable, Output: Decodable>(
        _ method: HTTPMethod, _ url: String, body value: Input, as output: Output.Type = Output.self,
        requestId: String? = nil
    ) async throws -> Output {
        let response = try await execute(
            .json(method, url: url, value, headers: ["Accept": "application/json"], requestId: requestId))
        return try response.decode(Output.self)
    }

    /// Closes pooled connections; later requests fail with `HTTPClientError.shutDown`.
    public func shutdown() {
        let all = pools.withLock { pools in
            defer { pools.removeAll() }
            return Array(pools.values)
        }
        for pool in all { pool.shutdown() }
    }

    private func pool(for origin: Origin) -> ConnectionPool {
        pools.withLock { pools in
            if let pool = pools[origin] { return pool }
            let pool = ConnectionPool(
                origin: origin, maxConnections: configuration.maxConnectionsPerOrigin,
                idleTimeout: configuration.idleTimeout, group: group, tlsContext: origin.isSecure ? tlsContext : nil)
            pools[origin] = pool
            return pool
        }
    }

    private static func isRetryable(_ error: any Error) -> Bool {
        if let error = error as? HTTPClientError { return error.isRetryable }
        if let error = error as? IOError {
            return [ECONNREFUSED, ECONNRESET, EPIPE, ETIMEDOUT, EHOSTUNREACH, ENETUNREACH].contains(error.errno)
        }
        return false
    }

    private func encode(_ request: ClientRequest, target: String, origin: Origin) -> [UInt8] {
        var head = "\(request.method.rawValue) \(target) HTTP/1.1\r\nHost: \(origin.hostField)\r\n"
        for field in request.headers {
            switch FieldName(field.name) {
            case .host, .contentLength, .transferEncoding, .connection: continue
            default: break
            }
            guard Syntax.isToken(field.name[...]), field.value.utf8.allSatisfy(Syntax.isFieldValueByte) else {
                continue
            }
            head += "\(field.name): \(field.value)\r\n"
        }
        if let requestId = request.requestId, !request.headers.contains("x-request-id") {
            head += "X-Request-Id: \(requestId)\r\n"
        }
        if !request.body.isEmpty || [.post, .put, .patch].contains(request.method) {
            head += "Content-Length: \(request.body.count)\r\n"
        }
        head += "\r\n"
        return Array(head.utf8) + request.body
    }
}
