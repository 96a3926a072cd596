/// Something routes can be added to: the router itself or one of its groups.
public protocol RouteBuilder {
    /// Adds a route for `method` at `path` (`/courses/:id`, `/files/*`); `maxBodyBytes` raises or lowers the
    /// server's body limit for it.
    mutating func on(_ method: HTTPMethod, _ path: String, maxBodyBytes: Int?, _ handler: @escaping Handler)
}

extension RouteBuilder {
    /// Adds a `GET` route (it also answers `HEAD`, without the body).
    public mutating func get(_ path: String, maxBodyBytes: Int? = nil, _ handler: @escaping Handler) {
        on(.get, path, maxBodyBytes: maxBodyBytes, handler)
    }

    /// Adds a `POST` route.
    public mutating func post(_ path: String, maxBodyBytes: Int? = nil, _ handler: @escaping Handler) {
        on(.post, path, maxBodyBytes: maxBodyBytes, handler)
    }

    /// Adds a `PUT` route.
    public mutating func put(_ path: String, maxBodyBytes: Int? = nil, _ handler: @escaping Handler) {
        on(.put, path, maxBodyBytes: maxBodyBytes, handler)
    }

    /// Adds a `PATCH` route.
    public mutating func patch(_ path: String, maxBodyBytes: Int? = nil, _ handler: @escaping Handler) {
        on(.patch, path, maxBodyBytes: maxBodyBytes, handler)
    }

    /// Adds a `DELETE` route.
    public mutating func delete(_ path: String, maxBodyBytes: Int? = nil, _ handler: @escaping Handler) {
        on(.delete, path, maxBodyBytes: maxBodyBytes, handler)
    }
}

/// Routes sharing a path prefix and middleware, added to the router when the group's closure returns.
public struct RouteGroup: RouteBuilder {
    let prefix: String
    let middleware: [any Middleware]
    var routes: [Router.Route] = []

    /// Adds a route under the group's prefix, wrapped by the group's middleware.
    public mutating func on(
        _ method: HTTPMethod, _ path: String, maxBodyBytes: Int? = nil, _ handler: @escaping Handler
    ) {
        routes.append(
            Router.Route(
                method: method, pattern: Router.join(prefix, path), handler: middleware.wrapping(handler),
                maxBodyBytes: maxBodyBytes))
    }

    /// Adds a nested group; its middleware runs inside this group's.
    public mutating func group(
        _ path: String, middleware: [any Middleware] = [], _ build: (inout RouteGroup) -> Void
    ) {
        var nested = RouteGroup(prefix: Router.join(prefix, path), middleware: middleware)
        build(&nested)
        let outer = self.middleware
        routes += nested.routes.map { route in
            var route = route
            route.handler = outer.wrapping(route.handler)
            return route
        }
    }
}
