import Contracts
import Foundation
import Time

/// Learning's copy of a catalog course: what enrolling, the player and progress need, from `course.changed`
/// (or catalog's internal lookup on a miss).
struct CourseSnapshot: Sendable, Equatable {
    var courseId: UUID
    var slug: String
    var title: String
    /// `draft`, `under-review`, `published`, `archived` or `deleted`.
    var status: String
    var isPublic: Bool
    var instructorId: UUID
    var instructorName: String
    /// Minor units of `currency`; `nil` while unset, 0 for free.
    var price: Int?
    var currency: String
    /// Every lesson's id in curriculum order: what progress counts.
    var lessonIds: [UUID]
    var totalDurationSeconds: Int
    /// The curriculum: sections, each with its lessons.
    var outline: [InternalSection]
    var version: Int
    var updatedAt: Date

    /// Whether anyone may enroll: published and listed.
    var isOpen: Bool { status == "published" && isPublic }
    /// Whether enrolling costs nothing.
    var isFree: Bool { price == 0 }

    /// The assessment lessons (quizzes and assignments), in curriculum order.
    var assessmentIds: [UUID] {
        outline.flatMap(\.lessons).filter { Self.isAssessment($0.type) }.compactMap { UUID(uuidString: $0.id) }
    }

    /// Whether lessons of `type` take submissions and grades.
    static func isAssessment(_ type: String) -> Bool { type == "quiz" || type == "assignment" }

    /// The lesson with `id`, if the course has it.
    func lesson(_ id: UUID) -> InternalLesson? {
        let text = id.lowercased
        for section in outline {
            if let lesson = section.lessons.first(where: { $0.id == text }) { return lesson }
        }
        return nil
    }
}

extension CourseSnapshot {
    /// The copy of a course as catalog's internal lookup answers it.
    init?(_ course: InternalCourse) {
        guard let id = UUID(uuidString: course.id), let instructor = UUID(uuidString: course.instructorId) else {
            return nil
        }
        self.init(
            courseId: id, slug: course.slug, title: course.title, status: course.status, isPublic: course.isPublic,
            instructorId: instructor, instructorName: course.instructorName, price: course.price,
            currency: course.currency, lessonIds: course.lessonIds.compactMap(UUID.init(uuidString:)),
            totalDurationSeconds: course.totalDurationSeconds, outline: course.sections, version: course.version,
            updatedAt: RFC3339.date(course.updatedAt) ?? Date())
    }

    /// The copy of a course as `course.changed` carries it; `nil` without its outline (an event written before
    /// events carried one) or with malformed ids.
    init?(_ event: CourseChanged) {
        guard let sections = event.sections, let id = UUID(uuidString: event.id),
            let instructor = UUID(uuidString: event.instructorId)
        else { return nil }
        self.init(
            courseId: id, slug: event.slug, title: event.title, status: event.status, isPublic: event.isPublic,
            instructorId: instructor, instructorName: event.instructorName, price: event.price,
            currency: event.currency, lessonIds: event.lessonIds.compactMap(UUID.init(uuidString:)),
            totalDurationSeconds: event.totalDurationSeconds, outline: sections, version: event.version,
            updatedAt: RFC3339.date(event.updatedAt) ?? Date())
    }
}
