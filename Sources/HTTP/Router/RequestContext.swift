import Logging
/// Per-request state handed to middleware and handlers.
public struct RequestContext: Sendable {
    /// The request id: the caller's `X-Request-Id` if well-formed, else a new one.
    public let requestId: String
    private var baseLogger: Logger
    /// Values captured from the path.
    public var parameters: Parameters
    /// The pattern of the matched route (e.g. `/v1/courses/:id`), or `nil` if none matched.
    public var route: String?
    /// Who is calling, once an authentication middleware has filled it in.
    public var principal: (any Sendable)?
    /// Monotonic nanoseconds when the request was handed to the router.
    public let startedAt: UInt64

    /// Creates a context.
    public init(
        requestId: String, logger: Logger, parameters: Parameters = Parameters(), route: String? = nil,
        startedAt: UInt64
    ) {
        self.requestId = requestId
        self.baseLogger = logger
        self.parameters = parameters
        self.route = route
        self.startedAt = startedAt
    }

    /// A logger whose lines carry the request id (added when read, so unused loggers cost nothing).
    public var logger: Logger {
        get {
            var logger = baseLogger
            logger.metadata["requestId"] = requestId
            return logger
        }
        set { baseLogger = newValue }
    }

    /// The matched route's handler with its group middleware, run after the router's own middleware.
    var endpoint: Handler?

    /// The principal as `T`, or `nil` if none or another type.
    public func principal<T: Sendable>(as type: T.Type = T.self) -> T? { principal as? T }
}
