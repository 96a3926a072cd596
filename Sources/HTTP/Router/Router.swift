import IO
import Logging

/// Collects routes, groups and middleware; `buildResponder()` turns them into what a `Server` serves.
///
/// ```swift
/// var router = Router(logger: Logger(service: "catalog"))
/// router.use(RequestLoggingMiddleware())
/// router.get("/healthz") { _, _ in .text("ok") }
/// router.group("/v1/courses", middleware: [auth]) { courses in
///     courses.get(":id") { request, context in ... }
///     courses.post("", maxBodyBytes: 4 << 20) { request, context in ... }
/// }
/// let server = Server(configuration: config, responder: router.buildResponder())
/// ```
public struct Router: RouteBuilder, Sendable {
    struct Route: Sendable {
        var method: HTTPMethod
        var pattern: String
        var handler: Handler
        var maxBodyBytes: Int?
    }

    var routes: [Route] = []
    var middleware: [any Middleware] = []
    /// The logger contexts start from.
    public var logger: Logger

    /// Creates an empty router.
    public init(logger: Logger = Logger(service: "http")) {
        self.logger = logger
    }

    /// Adds middleware that runs for every request, matched or not, in the order added (first outermost).
    public mutating func use(_ middleware: any Middleware) {
        self.middleware.append(middleware)
    }

    /// Adds a route.
    public mutating func on(
        _ method: HTTPMethod, _ path: String, maxBodyBytes: Int? = nil, _ handler: @escaping Handler
    ) {
        routes.append(Route(method: method, pattern: Self.join("", path), handler: handler, maxBodyBytes: maxBodyBytes))
    }

    /// Adds routes sharing `prefix` and `middleware` (which runs inside the router's middleware).
    public mutating func group(
        _ prefix: String, middleware: [any Middleware] = [], _ build: (inout RouteGroup) -> Void
    ) {
        var group = RouteGroup(prefix: Self.join("", prefix), middleware: middleware)
        build(&group)
        routes += group.routes
    }

    /// Freezes the routes into a responder.
    public func buildResponder() -> RouterResponder {
        RouterResponder(routes: routes, middleware: middleware, logger: logger)
    }

    /// Joins path pieces into `/a/b` form with single slashes.
    static func join(_ prefix: String, _ path: String) -> String {
        let segments = RouteTrie<Int>.segments(prefix) + RouteTrie<Int>.segments(path)
        return "/" + segments.joined(separator: "/")
    }
}

/// The frozen router: matches, builds the request context, runs middleware and handlers, and turns
/// errors into problem responses.
public final class RouterResponder: Responder {
    private let trie: RouteTrie<Router.Route>
    private let chain: Handler
    private let logger: Logger

    init(routes: [Router.Route], middleware: [any Middleware], logger: Logger) {
        trie = RouteTrie(routes.map { ($0.method, RouteTrie<Router.Route>.segments($0.pattern), $0) })
        self.logger = logger
        let dispatch: Handler = { request, context in
            do {
                guard let endpoint = context.endpoint else { throw RequestError.notFound }
                return try await endpoint(request, context)
            } catch {
                return RouterResponder.problem(for: error, context: context)
            }
        }
        chain = middleware.wrapping(dispatch)
    }

    /// Matches the path once; the matched route carries the route's own body limit, if it set one, and
    /// answers through the middleware and the route's handler.
    public func route(method: HTTPMethod, path: String) -> MatchedRoute {
        let match = match(method: method, path: path)
        return MatchedRoute(maxBodyBytes: match.maxBodyBytes) { request in await self.respond(to: request, match) }
    }

    /// What a path and method matched: the pattern and parameters for the context, the endpoint to run.
    private struct Match: Sendable {
        var pattern: String?
        var parameters = Parameters()
        var endpoint: Handler?
        var maxBodyBytes: Int?
    }

    private func match(method: HTTPMethod, path: String) -> Match {
        guard case .found(let routes, let parameters) = trie.match(path) else { return Match() }
        if let route = routes[method] ?? (method == .head ? routes[.get] : nil) {
            return Match(
                pattern: route.pattern, parameters: parameters, endpoint: route.handler,
                maxBodyBytes: route.maxBodyBytes)
        }
        var allowed = Set(routes.keys)
        if allowed.contains(.get) { allowed.insert(.head) }
        let sorted = allowed.sorted { $0.rawValue < $1.rawValue }
        return Match(
            pattern: routes.values.first?.pattern, parameters: parameters,
            endpoint: { _, _ in throw RequestError.methodNotAllowed(allowed: sorted) })
    }

    /// Routes `request` through the middleware to the endpoint it matched.
    private func respond(to request: Request, _ match: Match) async -> Response {
        var context = RequestContext(
            requestId: RequestID.from(request.headers), logger: logger, parameters: match.parameters,
            route: match.pattern, startedAt: System.monotonicNanoseconds())
        context.endpoint = match.endpoint
        var response: Response
        do {
            response = try await chain(request, context)
        } catch {
            response = Self.problem(for: error, context: context)
        }
        response.headers.add("X-Request-Id", context.requestId)
        return response
    }

    static func problem(for error: any Error, context: RequestContext) -> Response {
        if !(error is any HTTPError) {
            // The client learns only the request id; the cause goes to the log.
            context.logger.error("unhandled error", ["error": String(describing: error), "route": context.route ?? ""])
        }
        return ProblemDetails.response(for: error, requestId: context.requestId)
    }
}
