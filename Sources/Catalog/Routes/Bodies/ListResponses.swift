import Foundation
import ServiceKit
import Time

/// A course in lists (category pages, an instructor's courses, the review queue).
struct CourseSummaryResponse: Codable, Sendable {
    var id: String
    var slug: String
    var title: String
    var description: String
    var categoryId: String?
    var level: String
    var tags: [String]
    var language: String
    var price: Int?
    var originalPrice: Int?
    var currency: String
    var coverUrl: String?
    var isPublic: Bool
    var status: String
    var instructor: InstructorReference
    var ratingAverage: Double
    var ratingCount: Int
    var enrollmentCount: Int
    var lessonCount: Int
    var totalDurationSeconds: Int
    var publishedAt: String?
    var submittedAt: String?
    var version: Int
    var createdAt: String
    var updatedAt: String

    init(_ course: Course) {
        id = course.id.lowercased
        slug = course.slug
        title = course.fields.title
        description = course.fields.description
        categoryId = course.fields.categoryID?.lowercased
        level = course.fields.level.rawValue
        tags = course.fields.tags
        language = course.fields.language
        price = course.fields.price
        originalPrice = course.fields.originalPrice
        currency = course.fields.currency
        coverUrl = course.fields.coverURL
        isPublic = course.fields.isPublic
        status = course.status.rawValue
        instructor = InstructorReference(id: course.instructorID.lowercased, name: course.instructorName)
        ratingAverage = course.ratingAverage
        ratingCount = course.ratingCount
        enrollmentCount = course.enrollmentCount
        lessonCount = course.lessonCount
        totalDurationSeconds = course.totalDurationSeconds
        publishedAt = RFC3339.milliseconds(course.publishedAt)
        submittedAt = RFC3339.milliseconds(course.submittedAt)
        version = course.version
        createdAt = RFC3339.milliseconds(course.createdAt)
        updatedAt = RFC3339.milliseconds(course.updatedAt)
    }
}

/// A category with its count of published, public courses.
struct CategoryResponse: Codable, Sendable {
    var id: String
    var name: String
    var slug: String
    var description: String
    var courseCount: Int
    var createdAt: String
    var updatedAt: String

    init(_ category: Category) {
        id = category.id.lowercased
        name = category.name
        slug = category.slug
        description = category.description
        courseCount = category.courseCount
        createdAt = RFC3339.milliseconds(category.createdAt)
        updatedAt = RFC3339.milliseconds(category.updatedAt)
    }
}

/// `GET /v1/categories/{category}`: the category, a page of its courses (newest first), its five most popular
/// courses, and the other categories.
struct CategoryPageResponse: Codable, Sendable {
    var category: CategoryResponse
    var courses: CoursePage
    var popular: [CourseSummaryResponse]
    var otherCategories: [CategoryResponse]
}

/// A page of courses: `{items, nextCursor}`, `nextCursor` null on the last page.
struct CoursePage: Codable, Sendable {
    var items: [CourseSummaryResponse]
    var nextCursor: String?

    /// The page of up to `limit + 1` fetched courses: the extra one only says that there is more, and the last
    /// one shown gives the cursor's `key`.
    init<Key: Codable & Sendable>(fetched: [Course], limit: Int, key: (Course) -> Key) {
        let shown = Array(fetched.prefix(limit))
        items = shown.map(CourseSummaryResponse.init)
        nextCursor = fetched.count > limit ? shown.last.map { Cursor(key($0)).encoded } : nil
    }

    private enum CodingKeys: String, CodingKey {
        case items, nextCursor
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}

/// `GET /v1/instructor/courses`: a page of the caller's courses and how many they have in each status.
struct InstructorCoursesResponse: Codable, Sendable {
    var items: [CourseSummaryResponse]
    var nextCursor: String?
    var counts: StatusCounts

    private enum CodingKeys: String, CodingKey {
        case items, nextCursor, counts
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)
        try container.encode(counts, forKey: .counts)
    }
}

/// Courses per status, and all of them.
struct StatusCounts: Codable, Sendable {
    var total: Int
    var draft: Int
    var underReview: Int
    var published: Int
    var archived: Int

    init(_ counts: [CourseStatus: Int]) {
        draft = counts[.draft] ?? 0
        underReview = counts[.underReview] ?? 0
        published = counts[.published] ?? 0
        archived = counts[.archived] ?? 0
        total = draft + underReview + published + archived
    }
}
