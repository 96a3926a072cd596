import Foundation
import HTTP
import ServiceKit

/// `POST /v1/courses/{course}/sections` and `PATCH …/sections/{section}`: on creation `title` is required.
struct SectionBody: StrictDecodable {
    /// The prose fields may span lines.
    static var multilineFields: Set<String> { ["description"] }

    var title: String?
    var description: String?
    var version: Int?

    func validate() -> [FieldError] {
        var errors = BodyPurpose.current == .creation ? Checks.required(title, "title") : []
        if let title { errors += Checks.text(title, "title", maximum: 200, required: true) }
        if let description { errors += Checks.text(description, "description", maximum: 1000) }
        errors += Checks.version(version)
        return errors
    }
}

/// `POST /v1/courses/{course}/sections/{section}/lessons` and `PATCH …/lessons/{lesson}`: on creation `title`
/// and `type` are required; on a change absent fields stay and `videoUrl: null` clears the video.
struct LessonBody: StrictDecodable {
    /// The prose fields may span lines.
    static var multilineFields: Set<String> { ["description", "content"] }

    var title: String?
    var description: String?
    var type: String?
    var durationSeconds: Int?
    var videoUrl: Nullable<String>?
    var content: String?
    var isFreePreview: Bool?
    var version: Int?

    func validate() -> [FieldError] {
        var errors: [FieldError] = []
        if BodyPurpose.current == .creation {
            errors += Checks.required(title, "title") + Checks.required(type, "type")
        }
        if let title { errors += Checks.text(title, "title", maximum: 200, required: true) }
        if let description { errors += Checks.text(description, "description", maximum: 2000) }
        if let type { errors += Checks.oneOf(type, "type", LessonType.self) }
        if let durationSeconds { errors += Checks.range(durationSeconds, "durationSeconds", 0...86_400) }
        if let videoUrl = videoUrl?.value { errors += Checks.url(videoUrl, "videoUrl") }
        if let content { errors += Checks.text(content, "content", maximum: 100_000) }
        errors += Checks.version(version)
        return errors
    }

    /// `lesson` with this body's values applied.
    func applied(to lesson: LessonFields) -> LessonFields {
        var lesson = lesson
        if let title { lesson.title = Checks.trimmed(title) }
        if let description { lesson.description = Checks.trimmed(description) }
        if let type { lesson.type = LessonType(rawValue: type) ?? lesson.type }
        if let durationSeconds { lesson.durationSeconds = durationSeconds }
        lesson.videoURL = videoUrl.patching(lesson.videoURL)
        if let content { lesson.content = content }
        if let isFreePreview { lesson.isFreePreview = isFreePreview }
        return lesson
    }
}

/// `POST /v1/courses/{course}/lessons/{lesson}/materials`.
struct MaterialBody: StrictDecodable {
    var title: String
    var url: String
    var kind: String?
    var version: Int?

    func validate() -> [FieldError] {
        var errors = Checks.text(title, "title", maximum: 200, required: true) + Checks.url(url, "url")
        if let kind { errors += Checks.oneOf(kind, "kind", MaterialKind.self) }
        errors += Checks.version(version)
        return errors
    }
}

/// `PUT /v1/courses/{course}/curriculum/order`: every section in order, each with its lessons in order.
struct CurriculumOrderBody: StrictDecodable {
    struct SectionEntry: Codable, Sendable {
        var id: String
        var lessons: [String]
    }

    var sections: [SectionEntry]
    var version: Int?

    func validate() -> [FieldError] {
        var errors: [FieldError] = []
        var seen = Set<String>()
        errors += Checks.count(sections, "sections", maximum: CurriculumStore.maximumSections)
        for (index, section) in sections.enumerated() {
            errors += Checks.id(section.id, "sections.\(index).id")
            if !seen.insert(section.id.lowercased()).inserted {
                errors.append(FieldError(field: "sections.\(index).id", message: "appears more than once"))
            }
            errors += Checks.count(
                section.lessons, "sections.\(index).lessons", maximum: CurriculumStore.maximumLessonsPerSection)
            for (position, lesson) in section.lessons.enumerated() {
                let field = "sections.\(index).lessons.\(position)"
                errors += Checks.id(lesson, field)
                if !seen.insert(lesson.lowercased()).inserted {
                    errors.append(FieldError(field: field, message: "appears more than once"))
                }
            }
        }
        errors += Checks.version(version)
        return errors
    }

    /// The order as ids (valid after `validate()`).
    var order: [CurriculumStore.SectionOrder] {
        sections.map { section in
            CurriculumStore.SectionOrder(
                sectionID: UUID(uuidString: section.id)!, lessonIDs: section.lessons.compactMap(UUID.init(uuidString:)))
        }
    }
}

/// `POST /v1/courses/{course}/reject`: why the course goes back to draft.
struct RejectBody: StrictDecodable {
    /// The prose fields may span lines.
    static var multilineFields: Set<String> { ["reason"] }

    var reason: String
    var version: Int?

    func validate() -> [FieldError] {
        Checks.text(reason, "reason", maximum: 1000, required: true) + Checks.version(version)
    }
}
