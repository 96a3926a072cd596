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
        limit = defaultLimit
        if let text = request.queryParameter("limit") {
            if let value = Int(text), (1...maximumLimit).contains(value) {
                limit = value
            } else {
                errors.add("limit", "must be an integer from 1 to \(maximumLimit)")
            }
        }
        cursor = nil
        if let text = request.queryParameter("cursor"), !text.isEmpty {
            do {
                cursor = try Cursor<Key>(decoding: text)
            } catch {
                errors.add("cursor", "is not a valid cursor")
            }
        }
        try errors.throwIfAny()
    }

    /// Fetch one more row than `limit`, so whether another page exists is known without counting.
    public var fetchLimit: Int { limit + 1 }
}
