import Foundation
import Postgres

/// A course as search and the popular list show it.
struct CourseSearchItem: Sendable {
    var id: UUID
    var slug: String
    var title: String
    var description: String
    var level: String
    var tags: [String]
    var language: String
    /// Minor units of `currency`; 0 when free.
    var price: Int64
    var originalPrice: Int64?
    var currency: String
    var coverURL: String?
    var instructorID: UUID
    var instructorName: String
    var category: (id: UUID, slug: String, name: String)?
    /// The average as PostgreSQL writes the numeric, e.g. `4.37`.
    var ratingAverage: String
    var ratingCount: Int
    var enrollmentCount: Int
    var lessonCount: Int
    var totalDurationSeconds: Int
    /// RFC 3339 UTC, as the query formats it.
    var publishedAt: String?

    /// Decodes `CourseSearchSQL.itemColumns`.
    init(row: Row) throws {
        id = try row.decode(at: 0)
        slug = try row.decode(at: 1)
        title = try row.decode(at: 2)
        description = try row.decode(at: 3)
        level = try row.decode(at: 4)
        tags = try row.decode(at: 5)
        language = try row.decode(at: 6)
        price = try row.decode(Int64?.self, at: 7) ?? 0
        originalPrice = try row.decode(at: 8)
        currency = try row.decode(at: 9)
        coverURL = try row.decode(at: 10)
        instructorID = try row.decode(at: 11)
        instructorName = try row.decode(at: 12)
        if let categoryID = try row.decode(UUID?.self, at: 13), let categorySlug = try row.decode(String?.self, at: 14)
        {
            category = (categoryID, categorySlug, try row.decode(at: 15))
        }
        ratingAverage = try row.decode(at: 16)
        ratingCount = try row.decode(at: 17)
        enrollmentCount = try row.decode(at: 18)
        lessonCount = try row.decode(at: 19)
        totalDurationSeconds = try row.decode(at: 20)
        publishedAt = try row.decode(at: 21)
    }

    /// Writes the item as a JSON object.
    func write(to json: inout SearchJSONWriter) {
        json.beginObject()
        json.uuid("id", id)
        json.string("slug", slug)
        json.string("title", title)
        json.string("description", description)
        json.string("level", level)
        json.beginArray("tags")
        for tag in tags { json.string(tag) }
        json.endArray()
        json.string("language", language)
        json.int("price", price)
        json.int("originalPrice", originalPrice)
        json.string("currency", currency)
        json.bool("isFree", price == 0)
        json.string("coverUrl", coverURL)
        json.beginObject("instructor")
        json.uuid("id", instructorID)
        json.string("name", instructorName)
        json.endObject()
        if let category {
            json.beginObject("category")
            json.uuid("id", category.id)
            json.string("slug", category.slug)
            json.string("name", category.name)
            json.endObject()
        } else {
            json.null("category")
        }
        json.number("ratingAverage", text: ratingAverage)
        json.int("ratingCount", Int64(ratingCount))
        json.int("enrollmentCount", Int64(enrollmentCount))
        json.int("lessonCount", Int64(lessonCount))
        json.int("totalDurationSeconds", Int64(totalDurationSeconds))
        json.string("publishedAt", publishedAt)
        json.endObject()
    }
}

/// An autocomplete entry.
struct CourseSuggestion: Sendable {
    var id: UUID
    var slug: String
    var title: String

    /// Decodes `id, slug, title`.
    init(row: Row) throws {
        id = try row.decode(at: 0)
        slug = try row.decode(at: 1)
        title = try row.decode(at: 2)
    }

    func write(to json: inout SearchJSONWriter) {
        json.beginObject()
        json.uuid("id", id)
        json.string("slug", slug)
        json.string("title", title)
        json.endObject()
    }
}
