import Foundation

/// An RFC 9457 problem document, sent as `application/problem+json`.
public struct ProblemDetails: Codable, Sendable, Equatable {
    /// A URI reference naming the problem type; `about:blank` when the status says it all.
    public var type: String
    /// The status's short summary.
    public var title: String
    /// The status code.
    public var status: Int
    /// An explanation of this occurrence, safe for clients.
    public var detail: String?
    /// A stable machine-readable name.
    public var code: String
    /// The id of the request, for support and log correlation.
    public var requestId: String?
    /// Per-field problems for validation failures.
    public var errors: [FieldError]?

    /// Creates a problem document.
    public init(
        type: String = "about:blank", title: String, status: Int, detail: String?, code: String,
        requestId: String?, errors: [FieldError]? = nil
    ) {
        self.type = type
        self.title = title
        self.status = status
        self.detail = detail
        self.code = code
        self.requestId = requestId
        self.errors = errors
    }

    /// The problem for `error`: its own status and fields if it is an `HTTPError`, else a bare 500.
    public init(error: any Error, requestId: String?) {
        if let error = error as? any HTTPError {
            self.init(
                title: error.status.reasonPhrase, status: error.status.code, detail: error.detail, code: error.code,
                requestId: requestId, errors: error.fieldErrors.isEmpty ? nil : error.fieldErrors)
        } else {
            self.init(
                title: HTTPStatus.internalServerError.reasonPhrase, status: 500,
                detail: "an unexpected error occurred", code: "internalError", requestId: requestId)
        }
    }

    /// The problem as a response, with `extraHeaders` (e.g. `Allow`).
    public func response(extraHeaders: HTTPHeaders = [:]) -> Response {
        let body = (try? JSONWriter(sortsKeys: true).encode(self, capacity: 256)) ?? []
        var headers = extraHeaders
        headers.set("Content-Type", "application/problem+json")
        return Response(status: HTTPStatus(code: status), headers: headers, body: .bytes(body))
    }

    /// The response for `error`, including any headers the error carries.
    public static func response(for error: any Error, requestId: String?) -> Response {
        let headers = (error as? any HTTPError)?.headers ?? [:]
        return ProblemDetails(error: error, requestId: requestId).response(extraHeaders: headers)
    }
}
