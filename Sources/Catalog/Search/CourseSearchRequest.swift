import Crypto
import Foundation
import HTTP
import ServiceKit

/// A checked `GET /v1/courses` request: query, filters, sort and page.
struct CourseSearchRequest: Sendable {
    /// The words of `q`, or `nil` without `q` (or when `q` holds no letters or digits: see `hasText`).
    var text: SearchText?
    /// Whether `q` was given with at least one character other than spaces.
    var hasText: Bool
    var filters: CourseSearchFilters
    var sort: CourseSearchSort
    var limit: Int
    var cursor: CourseSearchCursor?

    static let parameters = [
        "q", "category", "level", "minPrice", "maxPrice", "free", "minRating", "tag", "language", "instructor",
        "sort", "limit", "cursor",
    ]

    /// Reads and checks every parameter; all problems are reported together as one 400.
    init(_ request: Request) throws {
        var errors = FieldErrors()
        request.checkQueryNames(Set(Self.parameters), errors: &errors)
        let raw = request.queryParameter("q")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        errors.check(raw.count <= SearchText.maximumLength, "q", "must be at most 100 characters")
        hasText = !raw.isEmpty
        text = raw.count <= SearchText.maximumLength ? SearchText(raw) : nil
        filters = CourseSearchFilters(request, errors: &errors)
        sort = hasText ? .relevance : .popular
        if let name = request.queryParameter("sort") {
            if let chosen = CourseSearchSort(rawValue: name) {
                sort = chosen
                errors.check(chosen != .relevance || hasText, "sort", "relevance needs q")
            } else {
                errors.add("sort", "must be one of \(CourseSearchSort.names)")
            }
        }
        limit = PageRequest<CourseSearchCursor>.limit(of: request, errors: &errors)
        try errors.throwIfAny()
        if let token = request.queryParameter("cursor"), !token.isEmpty {
            let key = try Cursor<CourseSearchCursor>(decoding: token).key
            guard key.fits(sort), key.fingerprint == fingerprint else {
                throw RequestError.validation([
                    FieldError(field: "cursor", message: "belongs to another search, sort or filter")
                ])
            }
            cursor = key
        }
    }

    /// Creates a request directly (the explain command and tests).
    init(
        text: String? = nil, filters: CourseSearchFilters = CourseSearchFilters(), sort: CourseSearchSort? = nil,
        limit: Int = 20, cursor: CourseSearchCursor? = nil
    ) {
        self.text = text.flatMap(SearchText.init)
        hasText = text.map { !$0.isEmpty } ?? false
        self.filters = filters
        self.sort = sort ?? (hasText ? .relevance : .popular)
        self.limit = limit
        self.cursor = cursor
    }

    /// Identifies the query, filters and sort (not the page): a cursor is only valid for the search that made it.
    var fingerprint: String { Self.digest(facetKey + "\nsort=" + sort.rawValue) }

    /// Identifies the query and filters: the facets of every sort of one search are the same.
    var facetKey: String { "q=" + (text?.phrase ?? "") + "\n" + filters.canonical }

    private static func digest(_ text: String) -> String {
        Base64URL.encode(SHA256.hash(text).prefix(12))
    }
}
