import Synchronization

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

/// Request ids: accepted when well-formed, generated otherwise.
public enum RequestID {
    private static let counter = Atomic<UInt64>(0)
    private static let prefix: String = {
        var bytes = [UInt8](repeating: 0, count: 6)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = generator.next() }
        return bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
            .joined()
    }()

    /// Whether `value` is 1–128 characters of `[A-Za-z0-9._-]`.
    public static func isWellFormed(_ value: String) -> Bool {
        let utf8 = value.utf8
        guard !utf8.isEmpty, utf8.count <= 128 else { return false }
        return utf8.allSatisfy { byte in
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"): true
            default: false
            }
        }
    }

    /// A new id: a random per-process prefix and a counter, unique across replicas in practice.
    public static func generate() -> String {
        let value = counter.wrappingAdd(1, ordering: .relaxed).newValue
        return prefix + "-" + String(value, radix: 36)
    }

    /// The id for `request`.
    public static func from(_ request: Request) -> String {
        if let supplied = request.headers["x-request-id"], isWellFormed(supplied) { return supplied }
        return generate()
    }
}
