import HTTP

/// Refuses a request whose path or query, once percent-decoded, holds a control character or is not UTF-8: a
/// `%00` would otherwise reach a store as a NUL, and line breaks have no place in an identifier or a filter.
///
/// Bodies are checked by `StrictJSON`; this is the same rule (`TextRules`) for the URL, answered as a 400 field
/// error naming the parameter (or `path`).
public struct URLTextMiddleware: Middleware {
    /// Creates the middleware.
    public init() {}

    /// Checks the path and every query parameter, then calls `next`.
    public func handle(_ request: Request, context: RequestContext, next: Next) async throws -> Response {
        var errors = FieldErrors()
        if let path = request.decodedPath {
            if let message = TextRules.problem(in: path, multiline: false) { errors.add("path", message) }
        } else {
            errors.add("path", "is not valid percent-encoded UTF-8")
        }
        if let items = request.queryItems {
            for item in items {
                if let message = TextRules.problem(in: item.name, multiline: false) {
                    errors.add("query", "parameter names " + message)
                } else if let message = TextRules.problem(in: item.value, multiline: false) {
                    errors.add(item.name, message)
                }
            }
        } else {
            errors.add("query", "is not valid percent-encoded UTF-8")
        }
        try errors.throwIfAny()
        return try await next(request, context)
    }
}
