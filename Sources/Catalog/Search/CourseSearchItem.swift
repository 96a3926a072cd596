import Foundation
import Postgres

/// A course as search, suggestions' neighbours and the popular list show it.
struct CourseSearchItem: Encodable, Sendable {
    /// The course's owner as the catalog knows them.
    struct Instructor: Encodable, Sendable {
        var id: String
        var name: String
    }

    /// The course's category.
    struct Category: Encodable, Sendable {
        var id: String
        var slug: String
        var name: String
    }

    var id: String
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
    var isFree: Bool
    var coverUrl: String?
    var instructor: Instructor
    var category: Category?
    var ratingAverage: Decimal
    var ratingCount: Int
    var enrollmentCount: Int
    var lessonCount: Int
    var totalDurationSeconds: Int
    /// RFC 3339 UTC.
    var publishedAt: String?

    /// Decodes `CourseSearchSQL.itemColumns`.
    init(row: Row) throws {
        let courseID: UUID = try row.decode(at: 0)
        id = courseID.uuidString.lowercased()
        slug = try row.decode(at: 1)
        title = try row.decode(at: 2)
        description = try row.decode(at: 3)
        level = try row.decode(at: 4)
        tags = try row.decode(at: 5)
        language = try row.decode(at: 6)
        price = try row.decode(Int64?.self, at: 7) ?? 0
        originalPrice = try row.decode(at: 8)
        currency = try row.decode(at: 9)
        isFree = price == 0
        coverUrl = try row.decode(at: 10)
        let instructorID: UUID = try row.decode(at: 11)
        instructor = Instructor(id: instructorID.uuidString.lowercased(), name: try row.decode(at: 12))
        if let categoryID = try row.decode(UUID?.self, at: 13), let categorySlug = try row.decode(String?.self, at: 14)
        {
            category = Category(
                id: categoryID.uuidString.lowercased(), slug: categorySlug, name: try row.decode(at: 15))
        }
        ratingAverage = try row.decode(at: 16)
        ratingCount = try row.decode(at: 17)
        enrollmentCount = try row.decode(at: 18)
        lessonCount = try row.decode(at: 19)
        totalDurationSeconds = try row.decode(at: 20)
        publishedAt = try row.decode(Date?.self, at: 21).map {
            $0.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        }
    }
}

/// An autocomplete entry.
struct CourseSuggestion: Encodable, Sendable {
    var id: String
    var slug: String
    var title: String

    /// Decodes `id, slug, title`.
    init(row: Row) throws {
        let courseID: UUID = try row.decode(at: 0)
        id = courseID.uuidString.lowercased()
        slug = try row.decode(at: 1)
        title = try row.decode(at: 2)
    }
}
