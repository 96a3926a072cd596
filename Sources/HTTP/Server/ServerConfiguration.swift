/// Settings of an HTTP server; the defaults suit a service behind a proxy.
public struct ServerConfiguration: Sendable {
    /// The address to listen on.
    public var host: String
    /// The port to listen on; 0 picks a free one (read it back from `Server.port`).
    public var port: UInt16
    /// The longest request line (414 beyond it).
    public var maxRequestLineBytes: Int
    /// The longest single header line (431 beyond it).
    public var maxHeaderLineBytes: Int
    /// The largest head, request line and fields together (431 beyond it).
    public var maxHeadBytes: Int
    /// The most header fields (431 beyond it).
    public var maxHeaderFields: Int
    /// The largest request body unless a route raises it (413 beyond it).
    public var maxBodyBytes: Int
    /// How long a request head may take to arrive once it has started (408 after it).
    public var headTimeout: Duration
    /// How long a request body may take to arrive (408 after it).
    public var bodyTimeout: Duration
    /// The slowest accepted body upload, checked once the body has taken more than a second.
    public var minimumBodyBytesPerSecond: Int
    /// How long a connection may sit idle between requests before it is closed.
    public var idleTimeout: Duration
    /// How long a response may wait for the client to read it before the connection is dropped.
    public var writeTimeout: Duration
    /// The most requests served on one connection; the last response carries `Connection: close`.
    public var maxRequestsPerConnection: Int
    /// The most connections open at once; accepting pauses while at the cap.
    public var maxConnections: Int
    /// How long graceful shutdown waits for in-flight requests before closing everything.
    public var shutdownGracePeriod: Duration
    /// The listen backlog.
    public var backlog: Int32

    /// Creates a configuration; every limit has the documented default.
    public init(
        host: String = "127.0.0.1", port: UInt16 = 8080, maxRequestLineBytes: Int = 8 * 1024,
        maxHeaderLineBytes: Int = 8 * 1024, maxHeadBytes: Int = 16 * 1024, maxHeaderFields: Int = 100,
        maxBodyBytes: Int = 1024 * 1024, headTimeout: Duration = .seconds(10), bodyTimeout: Duration = .seconds(30),
        minimumBodyBytesPerSecond: Int = 1024, idleTimeout: Duration = .seconds(5),
        writeTimeout: Duration = .seconds(30), maxRequestsPerConnection: Int = 1000, maxConnections: Int = 10_000,
        shutdownGracePeriod: Duration = .seconds(20), backlog: Int32 = 1024
    ) {
        self.host = host
        self.port = port
        self.maxRequestLineBytes = maxRequestLineBytes
        self.maxHeaderLineBytes = maxHeaderLineBytes
        self.maxHeadBytes = maxHeadBytes
        self.maxHeaderFields = maxHeaderFields
        self.maxBodyBytes = maxBodyBytes
        self.headTimeout = headTimeout
        self.bodyTimeout = bodyTimeout
        self.minimumBodyBytesPerSecond = minimumBodyBytesPerSecond
        self.idleTimeout = idleTimeout
        self.writeTimeout = writeTimeout
        self.maxRequestsPerConnection = maxRequestsPerConnection
        self.maxConnections = maxConnections
        self.shutdownGracePeriod = shutdownGracePeriod
        self.backlog = backlog
    }

    var parserLimits: RequestParser.Limits {
        RequestParser.Limits(
            maxRequestLine: maxRequestLineBytes, maxHeaderLine: maxHeaderLineBytes, maxHead: maxHeadBytes,
            maxFields: maxHeaderFields, maxBody: maxBodyBytes)
    }
}
