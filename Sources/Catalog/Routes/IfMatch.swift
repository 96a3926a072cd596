import HTTP

/// Optimistic concurrency on courses: responses carry `ETag: "<version>"`; a change names the version it was
/// made against with `If-Match: "<version>"` or a `version` field.
enum IfMatch {
    /// The `ETag` of a course at `version`.
    static func etag(_ version: Int) -> String { "\"\(version)\"" }

    /// The version the request names, from `If-Match` or the body's `version`; `nil` when neither (or only `*`)
    /// names one (an empty `If-Match` names none). A malformed `If-Match`, is a 400; one that disagrees with the body a 412.
    static func version(_ request: Request, body: Int?) throws -> Int? {
        guard let header = request.headers["if-match"]?.trimmingCharacters(in: .whitespaces), header != "*",
            !header.isEmpty
        else { return body }
        guard header.count >= 3, header.hasPrefix("\""), header.hasSuffix("\""),
            let version = Int(header.dropFirst().dropLast()), version > 0
        else {
            throw RequestError.validation([
                FieldError(field: "If-Match", message: "must be the course's ETag, e.g. \"3\"")
            ])
        }
        if let body, body != version {
            throw CatalogError.versionMismatch
        }
        return version
    }
}
