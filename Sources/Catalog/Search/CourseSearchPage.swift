import ServiceKit

/// A page of search results: `{"items": [...], "nextCursor": …, "facets": {…}}` (facets on the first page only).
struct CourseSearchPage: Encodable, Sendable {
    var items: [CourseSearchItem]
    var nextCursor: CourseSearchCursor?
    var facets: CourseSearchFacets?

    private enum CodingKeys: String, CodingKey {
        case items, nextCursor, facets
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor.map { Cursor($0).encoded }, forKey: .nextCursor)
        try container.encodeIfPresent(facets, forKey: .facets)
    }
}
