import HTTP

/// The errors every service answers the same way: authentication, permission, missing rows, conflicts,
/// throttling and unavailability. Services add their own `HTTPError` types for domain errors.
public struct ServiceError: HTTPError, CustomStringConvertible, Sendable {
    private enum Kind: Sendable {
        case unauthorized(String)
        case forbidden
        case notFound
        case conflict(code: String, detail: String)
        case unprocessable(code: String, detail: String)
        case tooManyRequests(retryAfterSeconds: Int, headers: HTTPHeaders)
        case unavailable
    }

    private let kind: Kind

    private init(_ kind: Kind) { self.kind = kind }

    /// No valid credentials (401, with `WWW-Authenticate: Bearer`).
    public static let unauthorized = ServiceError(.unauthorized("authentication is required"))

    /// Credentials were sent but are not valid (401).
    public static let invalidToken = ServiceError(.unauthorized("the access token is not valid"))

    /// The caller may not do this (403).
    public static let forbidden = ServiceError(.forbidden)

    /// No such resource, or not visible to the caller (404).
    public static let notFound = ServiceError(.notFound)

    /// The request conflicts with the resource's state (409).
    public static func conflict(code: String, detail: String) -> ServiceError {
        ServiceError(.conflict(code: code, detail: detail))
    }

    /// The request is well-formed but cannot be processed (422).
    public static func unprocessable(code: String, detail: String) -> ServiceError {
        ServiceError(.unprocessable(code: code, detail: detail))
    }

    /// Too many requests (429, with `Retry-After` and any `RateLimit-*` fields).
    public static func tooManyRequests(retryAfterSeconds: Int, headers: HTTPHeaders = [:]) -> ServiceError {
        ServiceError(.tooManyRequests(retryAfterSeconds: max(1, retryAfterSeconds), headers: headers))
    }

    /// A dependency (the database pool) is saturated or down (503).
    public static let unavailable = ServiceError(.unavailable)

    /// The response status.
    public var status: HTTPStatus {
        switch kind {
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .unprocessable: .unprocessableContent
        case .tooManyRequests: .tooManyRequests
        case .unavailable: .serviceUnavailable
        }
    }

    /// The stable machine name.
    public var code: String {
        switch kind {
        case .unauthorized: "unauthorized"
        case .forbidden: "forbidden"
        case .notFound: "notFound"
        case .conflict(let code, _), .unprocessable(let code, _): code
        case .tooManyRequests: "tooManyRequests"
        case .unavailable: "serviceUnavailable"
        }
    }

    /// A safe explanation.
    public var detail: String? {
        switch kind {
        case .unauthorized(let detail): detail
        case .forbidden: "you are not allowed to do this"
        case .notFound: "no such resource"
        case .conflict(_, let detail), .unprocessable(_, let detail): detail
        case .tooManyRequests: "too many requests; try again later"
        case .unavailable: "the service is busy; try again shortly"
        }
    }

    /// `WWW-Authenticate` for 401, `Retry-After` for 429 and 503.
    public var headers: HTTPHeaders {
        switch kind {
        case .unauthorized: return ["WWW-Authenticate": "Bearer"]
        case .tooManyRequests(let seconds, var headers):
            headers.set("Retry-After", String(seconds))
            return headers
        case .unavailable: return ["Retry-After": "1"]
        default: return [:]
        }
    }

    /// The status and code.
    public var description: String { "\(status.code) \(code)" }
}
