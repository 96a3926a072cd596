import HTTP

/// One documented operation: method, path (with `{name}` parameters), summary and what it needs.
public struct OpenAPIOperation: Sendable {
    /// The method.
    public var method: HTTPMethod
    /// The path in OpenAPI form, e.g. `/v1/users/{id}`.
    public var path: String
    /// One line on what it does.
    public var summary: String
    /// A tag grouping operations, e.g. `auth`.
    public var tag: String
    /// Whether a bearer token is required.
    public var requiresAuthentication: Bool
    /// Whether a service credential is required (`/internal` routes, `Authorization: Service <token>`).
    public var requiresServiceCredential: Bool
    /// The main success status, e.g. 200 or 201.
    public var successStatus: Int
    /// Query parameter names.
    public var queryParameters: [String]

    /// Creates an operation.
    public init(
        _ method: HTTPMethod, _ path: String, _ summary: String, tag: String, requiresAuthentication: Bool = false,
        requiresServiceCredential: Bool = false, successStatus: Int = 200, queryParameters: [String] = []
    ) {
        self.method = method
        self.path = path
        self.summary = summary
        self.tag = tag
        self.requiresAuthentication = requiresAuthentication
        self.requiresServiceCredential = requiresServiceCredential
        self.successStatus = successStatus
        self.queryParameters = queryParameters
    }

    /// The path as the router writes it (`:id` for `{id}`).
    public var routerPath: String {
        "/"
            + path.split(separator: "/").map { segment in
                segment.hasPrefix("{") && segment.hasSuffix("}") ? ":" + segment.dropFirst().dropLast() : segment
            }.joined(separator: "/")
    }
}
