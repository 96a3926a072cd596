/// An error that knows how it is answered: its status, a stable machine `code`, and a detail safe to show.
///
/// Handlers throw these; the router turns them into RFC 9457 problem responses. Any other error becomes
/// a 500 that reveals nothing but the request id.
public protocol HTTPError: Error {
    /// The response status.
    var status: HTTPStatus { get }
    /// A stable machine-readable name, e.g. `emailTaken`.
    var code: String { get }
    /// A human-readable explanation safe to send to the client; `nil` for none.
    var detail: String? { get }
    /// Per-field problems, for validation failures.
    var fieldErrors: [FieldError] { get }
    /// Extra response fields, e.g. `Allow` for 405.
    var headers: HTTPHeaders { get }
}

extension HTTPError {
    /// No detail by default.
    public var detail: String? { nil }
    /// No field errors by default.
    public var fieldErrors: [FieldError] { [] }
    /// No extra fields by default.
    public var headers: HTTPHeaders { [:] }
}

/// One invalid input field: where it is (a dotted path such as `items.0.price`) and what is wrong.
public struct FieldError: Codable, Sendable, Equatable {
    /// The field's path in the request body or query.
    public var field: String
    /// What is wrong with it.
    public var message: String

    /// Creates a field error.
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}
