import Foundation

/// How a path names a course: by id, or by slug.
enum CourseReference: Sendable, Equatable {
    /// The course's id.
    case id(UUID)
    /// The course's slug.
    case slug(String)

    /// Reads a path segment: an id when it parses as one, else a slug; `nil` when it can be neither.
    init?(_ text: String?) {
        guard let text, !text.isEmpty, text.utf8.count <= 220 else { return nil }
        if let id = UUID(uuidString: text) {
            self = .id(id)
        } else if Slug.isValid(text) {
            self = .slug(text)
        } else {
            return nil
        }
    }
}
