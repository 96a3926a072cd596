import Foundation
import ServiceKit
import Time

/// A course's instructor as responses show them.
struct InstructorReference: Codable, Sendable {
    var id: String
    var name: String
}

/// A course's category as responses show it.
struct CategoryReference: Codable, Sendable {
    var id: String
    var name: String
    var slug: String

    init(_ category: Category) {
        id = category.id.lowercased
        name = category.name
        slug = category.slug
    }
}

/// `GET /v1/courses/{course}` and every answer about one course: the course with its curriculum outline. Review
/// fields, and video URLs of lessons that are not free previews, only for its owner and admins.
struct CourseResponse: Codable, Sendable {
    var id: String
    var slug: String
    var title: String
    var description: String
    var fullDescription: String
    var learningOutcomes: [String]
    var requirements: [String]
    var targetAudience: [String]
    var categoryId: String?
    var category: CategoryReference?
    var level: String
    var tags: [String]
    var language: String
    var price: Int?
    var originalPrice: Int?
    var currency: String
    var coverUrl: String?
    var previewUrl: String?
    var seoTitle: String?
    var seoDescription: String?
    var isPublic: Bool
    var status: String
    var instructor: InstructorReference
    var ratingAverage: Double
    var ratingCount: Int
    var enrollmentCount: Int
    var lessonCount: Int
    var totalDurationSeconds: Int
    var publishedAt: String?
    var reviewNote: String?
    var submittedAt: String?
    var archivedAt: String?
    var version: Int
    var createdAt: String
    var updatedAt: String
    var curriculum: [SectionResponse]

    init(_ course: Course, curriculum: [Section], category: Category?, isManager: Bool) {
        let fields = course.fields
        id = course.id.lowercased
        slug = course.slug
        title = fields.title
        description = fields.description
        fullDescription = fields.fullDescription
        learningOutcomes = fields.learningOutcomes
        requirements = fields.requirements
        targetAudience = fields.targetAudience
        categoryId = fields.categoryID?.lowercased
        self.category = category.map(CategoryReference.init)
        level = fields.level.rawValue
        tags = fields.tags
        language = fields.language
        price = fields.price
        originalPrice = fields.originalPrice
        currency = fields.currency
        coverUrl = fields.coverURL
        previewUrl = fields.previewURL
        seoTitle = fields.seoTitle
        seoDescription = fields.seoDescription
        isPublic = fields.isPublic
        status = course.status.rawValue
        instructor = InstructorReference(id: course.instructorID.lowercased, name: course.instructorName)
        ratingAverage = course.ratingAverage
        ratingCount = course.ratingCount
        enrollmentCount = course.enrollmentCount
        lessonCount = course.lessonCount
        totalDurationSeconds = course.totalDurationSeconds
        publishedAt = RFC3339.milliseconds(course.publishedAt)
        if isManager {
            reviewNote = course.reviewNote
            submittedAt = RFC3339.milliseconds(course.submittedAt)
            archivedAt = RFC3339.milliseconds(course.archivedAt)
        }
        version = course.version
        createdAt = RFC3339.milliseconds(course.createdAt)
        updatedAt = RFC3339.milliseconds(course.updatedAt)
        self.curriculum = curriculum.map { SectionResponse($0, isManager: isManager) }
    }
}

/// A section of a curriculum outline.
struct SectionResponse: Codable, Sendable {
    var id: String
    var title: String
    var description: String
    var position: Int
    var lessons: [LessonResponse]

    init(_ section: Section, isManager: Bool) {
        id = section.id.lowercased
        title = section.title
        description = section.description
        position = section.position
        lessons = section.lessons.map { LessonResponse($0, isManager: isManager) }
    }
}

/// A lesson: in outlines its title, type, duration and preview flag (the video only when it is a free preview,
/// or for managers); alone (`content` loaded) its description, content and materials too.
struct LessonResponse: Codable, Sendable {
    var id: String
    var sectionId: String
    var title: String
    var type: String
    var durationSeconds: Int
    var isFreePreview: Bool
    var position: Int
    var videoUrl: String?
    var description: String?
    var content: String?
    var materials: [MaterialResponse]?

    init(_ lesson: Lesson, isManager: Bool) {
        id = lesson.id.lowercased
        sectionId = lesson.sectionID.lowercased
        title = lesson.title
        type = lesson.type.rawValue
        durationSeconds = lesson.durationSeconds
        isFreePreview = lesson.isFreePreview
        position = lesson.position
        if isManager || lesson.isFreePreview { videoUrl = lesson.videoURL }
        if isManager || lesson.content != nil { description = lesson.description }
        content = lesson.content
        if isManager || lesson.content != nil { materials = lesson.materials.map(MaterialResponse.init) }
    }
}

/// A lesson's material.
struct MaterialResponse: Codable, Sendable {
    var id: String
    var lessonId: String
    var title: String
    var url: String
    var kind: String
    var createdAt: String

    init(_ material: Material) {
        id = material.id.lowercased
        lessonId = material.lessonID.lowercased
        title = material.title
        url = material.url
        kind = material.kind.rawValue
        createdAt = RFC3339.milliseconds(material.createdAt)
    }
}
