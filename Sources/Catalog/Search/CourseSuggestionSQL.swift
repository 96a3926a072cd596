import Foundation
import Postgres

/// The SQL of suggestions and of the popular list.
enum CourseSuggestionSQL {
    /// Up to `limit` titles containing `text` (lower-cased), most enrolled first: by walking the popularity index
    /// through at most `walking` courses, or (nil) from the trigram index.
    static func containing(_ text: String, limit: Int, walking: Int?) -> Query {
        let pattern = "%" + escapeLike(text) + "%"
        let source: Query =
            if let walking {
                """
                (SELECT c.id, c.slug, c.title, c.enrollment_count FROM courses c WHERE \(unescaped: CourseSearchSQL.visible)
                ORDER BY c.enrollment_count DESC, c.id DESC LIMIT \(literal: walking)) c WHERE true
                """
            } else {
                "courses c WHERE \(unescaped: CourseSearchSQL.visible)"
            }
        return """
            SELECT c.id, c.slug, c.title FROM \(source) AND lower(c.title) LIKE \(pattern)
            ORDER BY c.enrollment_count DESC, c.id DESC LIMIT \(literal: limit)
            """
    }

    /// The most enrolled courses, optionally of one category.
    static func popular(category: CourseSearchFilters.CategoryReference?, limit: Int) -> Query {
        var filters = CourseSearchFilters()
        filters.category = category
        let list = CourseSearchSQL.List(
            match: .everything, text: nil, filters: filters, sort: .popular, after: nil, limit: limit)
        return CourseSearchSQL.list(list, walking: nil)
    }

    private static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}
