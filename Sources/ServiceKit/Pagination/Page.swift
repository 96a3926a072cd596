/// One page of a list: `{ "items": [...], "nextCursor": "…" | null }`.
public struct Page<Item: Encodable & Sendable>: Encodable, Sendable {
    /// The items of this page.
    public var items: [Item]
    /// The cursor of the next page; `nil` on the last one.
    public var nextCursor: String?

    /// Creates a page from up to `limit + 1` fetched rows: the extra row only says that there is more.
    /// - Parameter key: the sort key of an item, which the next page continues after.
    public init<Key: Codable & Sendable>(fetched: [Item], limit: Int, key: (Item) -> Key) {
        if fetched.count > limit {
            items = Array(fetched.prefix(limit))
            nextCursor = items.last.map { Cursor(key($0)).encoded }
        } else {
            items = fetched
            nextCursor = nil
        }
    }

    private enum CodingKeys: String, CodingKey {
        case items, nextCursor
    }

    /// Encodes `nextCursor` as `null` on the last page rather than leaving it out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}

extension Page: Decodable where Item: Decodable {
    /// Reads a page as `encode(to:)` writes it (clients, and the response schema in the OpenAPI documents).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        items = try container.decode([Item].self, forKey: .items)
        nextCursor = try container.decode(String?.self, forKey: .nextCursor)
    }
}
