/// A registered route as documentation and tests see it: its method and path pattern.
public struct RouteDescription: Hashable, Sendable, CustomStringConvertible {
    /// The method, e.g. `GET`.
    public var method: HTTPMethod
    /// The pattern with `:name` parameters, e.g. `/v1/users/:id`.
    public var path: String

    /// Creates a description.
    public init(method: HTTPMethod, path: String) {
        self.method = method
        self.path = path
    }

    /// `GET /v1/users/:id`.
    public var description: String { "\(method.rawValue) \(path)" }
}

extension Router {
    /// Every route added so far, in the order added (for OpenAPI documents and their tests).
    public var routeDescriptions: [RouteDescription] {
        routes.map { RouteDescription(method: $0.method, path: $0.pattern) }
    }
}
