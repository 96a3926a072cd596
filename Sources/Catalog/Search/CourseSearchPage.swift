import HTTP
import ServiceKit

/// A page of search results: `{"items": [...], "nextCursor": …, "facets": {…}}` (facets on the first page only;
/// `correctedQuery` when typos were corrected).
struct CourseSearchPage: Sendable {
    var items: [CourseSearchItem]
    var nextCursor: CourseSearchCursor?
    var facets: CourseSearchFacets?
    /// The words searched for instead of `q`'s, whose words matched nothing.
    var correctedQuery: String? = nil

    /// The page as a JSON response.
    var response: Response {
        var json = SearchJSONWriter(capacity: 1024 + items.count * 1024)
        json.beginObject()
        json.beginArray("items")
        for item in items { item.write(to: &json) }
        json.endArray()
        json.string("nextCursor", nextCursor.map { Cursor($0).encoded })
        if let correctedQuery { json.string("correctedQuery", correctedQuery) }
        if let facets { facets.write(to: &json) }
        json.endObject()
        return json.response
    }
}
