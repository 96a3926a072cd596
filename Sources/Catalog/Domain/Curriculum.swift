import Foundation

/// A section of a course's curriculum, with its lessons in order.
struct Section: Sendable {
    var id: UUID
    var courseID: UUID
    var title: String
    var description: String
    var position: Int
    var lessons: [Lesson] = []
}

/// A lesson; `content` is loaded only where it is shown (the lesson itself), not in outlines.
struct Lesson: Sendable {
    var id: UUID
    var sectionID: UUID
    var courseID: UUID
    var title: String
    var description: String
    var type: LessonType
    var durationSeconds: Int
    var videoURL: String?
    var content: String?
    var isFreePreview: Bool
    var position: Int
    var materials: [Material] = []
}

/// A link or file that goes with a lesson.
struct Material: Sendable {
    var id: UUID
    var lessonID: UUID
    var courseID: UUID
    var title: String
    var url: String
    var kind: MaterialKind
    var createdAt: Date
}

/// A category of courses.
struct Category: Sendable {
    var id: UUID
    var name: String
    var slug: String
    var description: String
    /// Published, public courses in the category.
    var courseCount: Int
    var createdAt: Date
    var updatedAt: Date
}

/// The fields of a lesson its instructor edits, already checked.
struct LessonFields: Sendable, Equatable {
    var title: String
    var description = ""
    var type: LessonType
    var durationSeconds = 0
    var videoURL: String?
    var content = ""
    var isFreePreview = false
}

extension LessonFields {
    /// The editable fields of `lesson` (whose content must be loaded).
    init(_ lesson: Lesson) {
        self.init(
            title: lesson.title, description: lesson.description, type: lesson.type,
            durationSeconds: lesson.durationSeconds, videoURL: lesson.videoURL, content: lesson.content ?? "",
            isFreePreview: lesson.isFreePreview)
    }
}
