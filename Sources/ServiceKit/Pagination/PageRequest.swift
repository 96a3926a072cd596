import HTTP

/// `?limit=` and `?cursor=` of a list request, checked.
public struct PageRequest<Key: Codable & Sendable>: Sendable {
    /// How many items to return (1...`maximumLimit`).
    public var limit: Int
    /// Where to continue from; `nil` for the first page.
    public var cursor: Cursor<Key>?

    /// Reads the page parameters of `request`; a bad `limit` or `cursor` is a 400 naming the field.
    public init(_ request: Request, defaultLimit: Int = 20, maximumLimit: Int = 100) throws {
        var errors = FieldErrors()
        self.init(request, defaultLimit: defaultLimit, maximumLimit: maximumLimit, errors: &errors)
        try errors.throwIfAny()
    }

    /// Reads the page parameters of `request`, adding a bad `limit` or `cursor` to `errors` (the request's other
    /// parameters are then reported with them); a bad one reads as its default.
    public init(_ request: Request, defaultLimit: Int = 20, maximumLimit: Int = 100, errors: inout FieldErrors) {
        limit = Self.limit(of: request, defaultLimit: defaultLimit, maximumLimit: maximumLimit, errors: &errors)
        cursor = nil
        if let text = request.queryParameter("cursor"), !text.isEmpty {
            do {
                cursor = try Cursor<Key>(decoding: text)
            } catch {
                errors.add("cursor", "is not a valid cursor")
            }
        }
    }

    /// The `limit` of `request` (1...`maximumLimit`, `defaultLimit` when absent), for a list whose cursor is read
    /// its own way; a bad one is added to `errors` and reads as `defaultLimit`.
    public static func limit(
        of request: Request, defaultLimit: Int = 20, maximumLimit: Int = 100, errors: inout FieldErrors
    ) -> Int {
        guard let text = request.queryParameter("limit") else { return defaultLimit }
        guard let value = Int(text), (1...maximumLimit).contains(value) else {
            errors.add("limit", "must be an integer from 1 to \(maximumLimit)")
            return defaultLimit
        }
        return value
    }

    /// Fetch one more row than `limit`, so whether another page exists is known without counting.
    public var fetchLimit: Int { limit + 1 }
}
