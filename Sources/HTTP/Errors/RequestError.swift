/// The errors the HTTP layer itself reports about requests.
public struct RequestError: HTTPError, CustomStringConvertible, Sendable {
    private enum Kind: Sendable {
        case notFound, methodNotAllowed([HTTPMethod]), badRequest(String), unsupportedMediaType, validation
        case contentTooLarge
    }

    private let kind: Kind
    /// Per-field problems (validation only).
    public let fieldErrors: [FieldError]

    private init(_ kind: Kind, fieldErrors: [FieldError] = []) {
        self.kind = kind
        self.fieldErrors = fieldErrors
    }

    /// No route matches the path (404).
    public static let notFound = RequestError(.notFound)
    /// The path exists but not for this method (405, with `Allow`).
    public static func methodNotAllowed(allowed: [HTTPMethod]) -> RequestError {
        RequestError(.methodNotAllowed(allowed))
    }
    /// The request is malformed; `detail` says how (400).
    public static func badRequest(_ detail: String) -> RequestError { RequestError(.badRequest(detail)) }
    /// The body is not JSON (415).
    public static let unsupportedMediaType = RequestError(.unsupportedMediaType)
    /// The body is too large (413).
    public static let contentTooLarge = RequestError(.contentTooLarge)
    /// The body or query has invalid fields (400, with every field listed).
    public static func validation(_ errors: [FieldError]) -> RequestError {
        RequestError(.validation, fieldErrors: errors)
    }

    /// The response status.
    public var status: HTTPStatus {
        switch kind {
        case .notFound: .notFound
        case .methodNotAllowed: .methodNotAllowed
        case .badRequest, .validation: .badRequest
        case .unsupportedMediaType: .unsupportedMediaType
        case .contentTooLarge: .contentTooLarge
        }
    }

    /// The stable machine name.
    public var code: String {
        switch kind {
        case .notFound: "notFound"
        case .methodNotAllowed: "methodNotAllowed"
        case .badRequest: "badRequest"
        case .unsupportedMediaType: "unsupportedMediaType"
        case .validation: "validationFailed"
        case .contentTooLarge: "contentTooLarge"
        }
    }

    /// A safe explanation.
    public var detail: String? {
        switch kind {
        case .notFound: "no resource matches this path"
        case .methodNotAllowed: "this resource does not support the method"
        case .badRequest(let detail): detail
        case .unsupportedMediaType: "the body must be application/json"
        case .validation: "some fields are invalid"
        case .contentTooLarge: "the body is too large"
        }
    }

    /// `Allow` for 405.
    public var headers: HTTPHeaders {
        if case .methodNotAllowed(let methods) = kind {
            return ["Allow": methods.map(\.rawValue).joined(separator: ", ")]
        }
        return [:]
    }

    /// The status code and machine name.
    public var description: String { "\(status.code) \(code)" }
}
