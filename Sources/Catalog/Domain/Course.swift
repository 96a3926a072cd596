import Foundation

/// A course as stored: what its instructor wrote, where it is in publishing, and the counts kept beside it.
struct Course: Sendable {
    var id: UUID
    var slug: String
    var fields: CourseFields
    var instructorID: UUID
    var instructorName: String
    var status: CourseStatus
    var reviewNote: String?
    var submittedAt: Date?
    var publishedAt: Date?
    var archivedAt: Date?
    var enrollmentCount: Int
    var ratingAverage: Double
    var ratingCount: Int
    var lessonCount: Int
    var totalDurationSeconds: Int
    var version: Int
    var createdAt: Date
    var updatedAt: Date

    /// Whether anyone may see the course: published and public.
    var isListed: Bool { status == .published && fields.isPublic }
}

/// The fields of a course its instructor edits, already checked.
struct CourseFields: Sendable, Equatable {
    var title: String
    var description = ""
    var fullDescription = ""
    var learningOutcomes: [String] = []
    var requirements: [String] = []
    var targetAudience: [String] = []
    var categoryID: UUID?
    var level = CourseLevel.beginner
    var tags: [String] = []
    var language = "en"
    var price: Int?
    var originalPrice: Int?
    var currency = "USD"
    var coverURL: String?
    var previewURL: String?
    var seoTitle: String?
    var seoDescription: String?
    var isPublic = true
}
