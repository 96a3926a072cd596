import HTTP

/// A call to another service's `/internal` API failed: it did not answer in time, answered with an unexpected
/// status, or with something that is not the expected JSON. Answered as 503 (a dependency is unavailable, the
/// client may retry); the cause, which names the path but never the query or the credential, is for logs.
public struct InternalCallError: HTTPError, CustomStringConvertible, Sendable, Equatable {
    /// The path called (without the query, which may hold personal data).
    public let path: String
    /// The status the other service answered, or `nil` when it did not answer.
    public let upstreamStatus: Int?
    /// What went wrong, for logs.
    public let reason: String

    /// Creates the error.
    public init(path: String, upstreamStatus: Int?, reason: String) {
        self.path = path
        self.upstreamStatus = upstreamStatus
        self.reason = reason
    }

    /// 503.
    public var status: HTTPStatus { .serviceUnavailable }
    /// `serviceUnavailable`, as `ServiceError.unavailable`.
    public var code: String { "serviceUnavailable" }
    /// A safe explanation.
    public var detail: String? { "a service this one depends on is unavailable; try again shortly" }
    /// `Retry-After: 1`.
    public var headers: HTTPHeaders { ["Retry-After": "1"] }

    /// The path, the status if any, and the reason.
    public var description: String {
        "internal call to \(path) failed" + (upstreamStatus.map { " with status \($0)" } ?? "") + ": \(reason)"
    }
}
