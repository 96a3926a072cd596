import Foundation

/// A query shape of course search, as `catalog explain-search` explains it: a request and the store operation
/// that runs it. The words come from the bench data's vocabulary
/// (sql/bench/catalog_courses.sql), so on that data every shape finds rows.
struct SearchExplainShape: Sendable {
    /// Which operation of the store runs the shape.
    enum Kind: Sendable {
        /// A page of `GET /v1/courses` (with its facets when it is the first); `pagesDeep` pages of 100 are read
        /// first to reach a deep cursor.
        case page(pagesDeep: Int)
        /// `GET /v1/courses/suggest?q=`.
        case suggest(String)
        /// `GET /v1/courses/popular`.
        case popular(category: CourseSearchFilters.CategoryReference?)
    }

    var name: String
    var kind: Kind
    var request: CourseSearchRequest

    /// Values read from the database the shapes are explained on.
    struct Samples: Sendable {
        var instructor: UUID
        var category: UUID
    }

    static func page(
        _ name: String, q: String? = nil, sort: CourseSearchSort? = nil, deep: Int = 0,
        _ filters: (inout CourseSearchFilters) -> Void = { _ in }
    ) -> SearchExplainShape {
        var chosen = CourseSearchFilters()
        filters(&chosen)
        return SearchExplainShape(
            name: name, kind: .page(pagesDeep: deep), request: CourseSearchRequest(text: q, filters: chosen, sort: sort)
        )
    }

    /// Every shape the search endpoints run: each sort, words, prefixes, typos, each filter, deep cursors,
    /// facets, suggestions and the popular list.
    static func all(_ samples: Samples) -> [SearchExplainShape] {
        [
            page("browse, popular"), page("browse, newest", sort: .newest), page("browse, rating", sort: .rating),
            page("browse, price-asc", sort: .priceAscending), page("browse, price-desc", sort: .priceDescending),
            page("q=python", q: "python"), page("q=kubernetes", q: "kubernetes"), page("q=data (broad)", q: "data"),
            page("q=machine learning", q: "machine learning"), page("q=postgresql indexing", q: "postgresql indexing"),
            page("q=postg (prefix)", q: "postg"), page("q=react nat (prefix)", q: "react nat"),
            page("q=postgers (typo)", q: "postgers"), page("q=kuberntes (typo)", q: "kuberntes"),
            page("q=python, newest", q: "python", sort: .newest),
            page("q=docker, popular", q: "docker", sort: .popular),
            page("q=design, rating", q: "design", sort: .rating),
            page("q=excel, price-asc", q: "excel", sort: .priceAscending),
            page("q=guitar, price-desc", q: "guitar", sort: .priceDescending),
            page("category=slug") { $0.category = .slug("databases") },
            page("category=id, level, newest", sort: .newest) {
                $0.category = .id(samples.category)
                $0.level = "beginner"
            },
            page("level, language") {
                $0.level = "advanced"
                $0.language = "es"
            },
            page("free=true") { $0.isFree = true },
            page("price range, price-asc", sort: .priceAscending) {
                $0.minPrice = 1000
                $0.maxPrice = 5000
            },
            page("minRating, rating", sort: .rating) { $0.minRating = 4.5 },
            page("tag") { $0.tag = "docker" },
            page("instructor") { $0.instructor = samples.instructor },
            page("language=ja, newest", sort: .newest) { $0.language = "ja" },
            page("q=python, level, paid", q: "python") {
                $0.level = "beginner"
                $0.isFree = false
            },
            page("deep: popular, page 11", deep: 5), page("deep: newest, page 11", sort: .newest, deep: 5),
            page("deep: rating, page 11", sort: .rating, deep: 5),
            page("deep: price-asc, page 11", sort: .priceAscending, deep: 5),
            page("deep: q=python, page 7", q: "python", deep: 3), page("deep: q=data, page 11", q: "data", deep: 5),
            page("deep: category, page 11", deep: 5) { $0.category = .slug("devops") },
            SearchExplainShape(name: "suggest: post", kind: .suggest("post"), request: CourseSearchRequest()),
            SearchExplainShape(name: "suggest: d", kind: .suggest("d"), request: CourseSearchRequest()),
            SearchExplainShape(name: "suggest: data", kind: .suggest("data"), request: CourseSearchRequest()),
            SearchExplainShape(
                name: "suggest: the complete", kind: .suggest("the complete"), request: CourseSearchRequest()),
            SearchExplainShape(name: "suggest: postgers", kind: .suggest("postgers"), request: CourseSearchRequest()),
            SearchExplainShape(name: "popular", kind: .popular(category: nil), request: CourseSearchRequest()),
            SearchExplainShape(
                name: "popular, category", kind: .popular(category: .slug("devops")), request: CourseSearchRequest()),
        ]
    }
}
