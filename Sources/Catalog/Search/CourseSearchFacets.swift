import Foundation
import Postgres

/// Match counts of a search per category and per level. Each facet applies every filter but its own, so a
/// client can show how many results each other category (or level) would give; `total` applies them all.
struct CourseSearchFacets: Sendable {
    /// A category with its count.
    struct CategoryCount: Decodable, Sendable {
        var id: String
        var slug: String
        var name: String
        var count: Int
    }

    /// A level with its count.
    struct LevelCount: Decodable, Sendable {
        var level: String
        var count: Int
    }

    /// Categories with at least one match, most matches first.
    var categories: [CategoryCount]
    /// Every level, in order, with its count (possibly 0).
    var levels: [LevelCount]
    /// Matches with every filter applied.
    var total: Int
    /// Whether every match was counted; false when the count stopped at its cap (`CourseSearchSQL.facetCap`), and
    /// the counts are lower bounds.
    var isComplete: Bool

    /// One row of `CourseSearchSQL.facets`: a category (nil when the course has none), a level and a count.
    struct Cell: Sendable {
        var categoryID: UUID?
        var categorySlug: String?
        var categoryName: String?
        var level: String
        var count: Int

        init(row: Row) throws {
            categoryID = try row.decode(at: 0)
            categorySlug = try row.decode(at: 1)
            categoryName = try row.decode(at: 2)
            level = try row.decode(at: 3)
            count = try row.decode(at: 4)
        }

        func isIn(_ category: CourseSearchFilters.CategoryReference?) -> Bool {
            switch category {
            case nil: true
            case .id(let id): categoryID == id
            case .slug(let slug): categorySlug == slug
            }
        }
    }

    /// Sums the cells into facets for `filters`; the cells counted at most `cap` matches (nil: all of them).
    init(cells: [Cell], filters: CourseSearchFilters, cap: Int? = nil) {
        var byCategory: [UUID: CategoryCount] = [:]
        var byLevel: [String: Int] = [:]
        total = 0
        for cell in cells {
            let levelHolds = filters.level.map { $0 == cell.level } ?? true
            let categoryHolds = cell.isIn(filters.category)
            if levelHolds, let id = cell.categoryID, let slug = cell.categorySlug, let name = cell.categoryName {
                byCategory[id, default: CategoryCount(id: id.lowercased, slug: slug, name: name, count: 0)]
                    .count += cell.count
            }
            if categoryHolds { byLevel[cell.level, default: 0] += cell.count }
            if levelHolds && categoryHolds { total += cell.count }
        }
        categories = byCategory.values.sorted { ($0.count, $1.name) > ($1.count, $0.name) }
        levels = CourseSearchFilters.levels.map { LevelCount(level: $0, count: byLevel[$0] ?? 0) }
        isComplete = cap.map { cells.reduce(0) { $0 + $1.count } < $0 } ?? true
    }

    /// Writes `"facets": {...}` into the enclosing object.
    func write(to json: inout SearchJSONWriter) {
        json.beginObject("facets")
        json.beginArray("categories")
        for category in categories {
            json.beginObject()
            json.string("id", category.id)
            json.string("slug", category.slug)
            json.string("name", category.name)
            json.int("count", Int64(category.count))
            json.endObject()
        }
        json.endArray()
        json.beginArray("levels")
        for level in levels {
            json.beginObject()
            json.string("level", level.level)
            json.int("count", Int64(level.count))
            json.endObject()
        }
        json.endArray()
        json.int("total", Int64(total))
        json.bool("complete", isComplete)
        json.endObject()
    }

    /// No matches.
    static let empty = CourseSearchFacets(cells: [], filters: CourseSearchFilters())
}
