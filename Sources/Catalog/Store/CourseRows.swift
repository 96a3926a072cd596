import Foundation
import Postgres

/// Column lists and row decoders shared by the stores (column order matters to the decoders). Course columns
/// are qualified with the alias `c`.
enum CourseRows {
    static let courseColumns: Query = """
        c.id, c.slug, c.title, c.description, c.full_description, c.learning_outcomes, c.requirements,
        c.target_audience, c.category_id, c.level, c.tags, c.language, c.price, c.original_price, c.currency,
        c.cover_url, c.preview_url, c.seo_title, c.seo_description, c.is_public, c.instructor_id, c.instructor_name,
        c.status, c.review_note, c.submitted_at, c.published_at, c.archived_at, c.enrollment_count,
        c.rating_average::float8, c.rating_count, c.lesson_count, c.total_duration_seconds, c.version, c.created_at,
        c.updated_at
        """

    static func course(_ row: Row) throws(PostgresError) -> Course {
        let level = try row.decode(CourseLevel.self, at: 9)
        let status = try row.decode(CourseStatus.self, at: 22)
        let fields = CourseFields(
            title: try row.decode(at: 2), description: try row.decode(at: 3), fullDescription: try row.decode(at: 4),
            learningOutcomes: try row.decode(at: 5), requirements: try row.decode(at: 6),
            targetAudience: try row.decode(at: 7), categoryID: try row.decode(at: 8), level: level,
            tags: try row.decode(at: 10), language: try row.decode(at: 11), price: try row.decode(at: 12),
            originalPrice: try row.decode(at: 13), currency: try row.decode(at: 14), coverURL: try row.decode(at: 15),
            previewURL: try row.decode(at: 16), seoTitle: try row.decode(at: 17),
            seoDescription: try row.decode(at: 18),
            isPublic: try row.decode(at: 19))
        return Course(
            id: try row.decode(at: 0), slug: try row.decode(at: 1), fields: fields,
            instructorID: try row.decode(at: 20),
            instructorName: try row.decode(at: 21), status: status, reviewNote: try row.decode(at: 23),
            submittedAt: try row.decode(at: 24), publishedAt: try row.decode(at: 25),
            archivedAt: try row.decode(at: 26),
            enrollmentCount: try row.decode(at: 27), ratingAverage: try row.decode(at: 28),
            ratingCount: try row.decode(at: 29), lessonCount: try row.decode(at: 30),
            totalDurationSeconds: try row.decode(at: 31), version: try row.decode(at: 32),
            createdAt: try row.decode(at: 33), updatedAt: try row.decode(at: 34))
    }

    static let sectionColumns: Query = "s.id, s.course_id, s.title, s.description, s.position"

    static func section(_ row: Row) throws(PostgresError) -> Section {
        Section(
            id: try row.decode(at: 0), courseID: try row.decode(at: 1), title: try row.decode(at: 2),
            description: try row.decode(at: 3), position: try row.decode(at: 4))
    }

    /// Lesson columns without `content`, which outlines do not need.
    static let lessonColumns: Query = """
        l.id, l.section_id, l.course_id, l.title, l.description, l.type, l.duration_seconds, l.video_url,
        l.is_free_preview, l.position
        """

    /// `lessonColumns` and then `content`.
    static let lessonColumnsWithContent: Query = "\(lessonColumns), l.content"

    static func lesson(_ row: Row) throws(PostgresError) -> Lesson {
        let type = try row.decode(LessonType.self, at: 5)
        return Lesson(
            id: try row.decode(at: 0), sectionID: try row.decode(at: 1), courseID: try row.decode(at: 2),
            title: try row.decode(at: 3), description: try row.decode(at: 4), type: type,
            durationSeconds: try row.decode(at: 6), videoURL: try row.decode(at: 7),
            content: row.columnCount > 10 ? try row.decode(at: 10) : nil, isFreePreview: try row.decode(at: 8),
            position: try row.decode(at: 9))
    }

    static let materialColumns: Query = "m.id, m.lesson_id, m.course_id, m.title, m.url, m.kind, m.created_at"

    static func material(_ row: Row) throws(PostgresError) -> Material {
        let kind = try row.decode(MaterialKind.self, at: 5)
        return Material(
            id: try row.decode(at: 0), lessonID: try row.decode(at: 1), courseID: try row.decode(at: 2),
            title: try row.decode(at: 3), url: try row.decode(at: 4), kind: kind, createdAt: try row.decode(at: 6))
    }

    static let categoryColumns: Query = "k.id, k.name, k.slug, k.description, k.created_at, k.updated_at"

    /// A category row followed by its count of published, public courses.
    static func category(_ row: Row) throws(PostgresError) -> Category {
        Category(
            id: try row.decode(at: 0), name: try row.decode(at: 1), slug: try row.decode(at: 2),
            description: try row.decode(at: 3), courseCount: row.columnCount > 6 ? try row.decode(at: 6) : 0,
            createdAt: try row.decode(at: 4), updatedAt: try row.decode(at: 5))
    }
}
