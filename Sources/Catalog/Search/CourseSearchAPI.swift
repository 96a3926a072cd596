import HTTP
import ServiceKit

/// The OpenAPI operations of course search (part of `CatalogAPI.operations`).
enum CourseSearchAPI {
    static let operations: [OpenAPIOperation] = [
        OpenAPIOperation(
            .get, "/v1/courses", "Search published courses: full text, filters, sorts, facets on the first page",
            tag: "courses", response: SearchAnswers.Page.self, queryParameters: parameters),
        OpenAPIOperation(
            .get, "/v1/courses/suggest", "Up to eight course titles for what is being typed", tag: "courses",
            response: SearchAnswers.Suggestions.self,
            queryParameters: [text("q", maximum: SearchText.maximumLength, required: true).required]),
        OpenAPIOperation(
            .get, "/v1/courses/popular", "The most enrolled courses, optionally of a category", tag: "courses",
            response: SearchAnswers.Popular.self,
            queryParameters: [category, .limit(maximum: 50)]),
    ]

    /// The search parameters (`CourseSearchRequest.parameters`) and the values each takes.
    static let parameters: [OpenAPIParameter] = [
        text("q", maximum: SearchText.maximumLength), category,
        .oneOf("level", CourseSearchFilters.levels), money("minPrice"), money("maxPrice"),
        .oneOf("free", ["true", "false"]),
        rating, text("tag", maximum: 50, required: true),
        OpenAPIParameter("language", pattern("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$", maximum: 35)), .id("instructor"),
        .oneOf("sort", CourseSearchSort.allCases.map(\.rawValue)), .limit(), .cursor,
    ]

    static let category = OpenAPIParameter(
        "category",
        pattern(
            "^([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}|[a-z0-9]+(-[a-z0-9]+)*)$",
            maximum: 120))

    static let rating: OpenAPIParameter = {
        var schema = JSONSchema.number
        schema.minimum = 0
        schema.maximum = 5
        return OpenAPIParameter("minRating", schema)
    }()

    static func money(_ name: String) -> OpenAPIParameter {
        var schema = JSONSchema.integer
        schema.minimum = 0
        schema.maximum = 10_000_000_000
        return OpenAPIParameter(name, schema)
    }

    static func text(_ name: String, maximum: Int, required: Bool = false) -> OpenAPIParameter {
        var schema = JSONSchema.string
        schema.maxLength = maximum
        schema.pattern = required ? TextRules.nonBlankLinePattern : TextRules.linePattern
        return OpenAPIParameter(name, schema)
    }

    static func pattern(_ pattern: String, maximum: Int) -> JSONSchema {
        var schema = JSONSchema.string
        schema.pattern = pattern
        schema.maxLength = maximum
        return schema
    }
}

/// The shapes of search's answers, for the document. `SearchJSONWriter` writes them field by field (see
/// `CourseSearchItem.write(to:)`); the catalog suites and contract fuzzing hold every answer to these types, so
/// the writer and the document cannot part.
enum SearchAnswers {
    struct Page: Decodable {
        var items: [Item]
        var nextCursor: String?
        var correctedQuery: String?
        var facets: Facets?
    }

    struct Popular: Decodable {
        var items: [Item]
    }

    struct Suggestions: Decodable {
        struct Suggestion: Decodable {
            var id: String
            var slug: String
            var title: String
        }
        var items: [Suggestion]
    }

    struct Item: Decodable {
        var id: String
        var slug: String
        var title: String
        var description: String
        var level: String
        var tags: [String]
        var language: String
        var price: Int?
        var originalPrice: Int?
        var currency: String
        var isFree: Bool
        var coverUrl: String?
        var instructor: InstructorReference
        var category: CategoryReference?
        var ratingAverage: Double
        var ratingCount: Int
        var enrollmentCount: Int
        var lessonCount: Int
        var totalDurationSeconds: Int
        var publishedAt: String?
    }

    struct Facets: Decodable {
        var categories: [CourseSearchFacets.CategoryCount]
        var levels: [CourseSearchFacets.LevelCount]
        var total: Int
        var complete: Bool
    }
}
