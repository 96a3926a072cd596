import Foundation

/// A student's private note on a lesson, at a point of its video.
struct Note: Sendable, Equatable {
    var id: UUID
    var courseId: UUID
    var lessonId: UUID
    var seconds: Int
    var body: String
    var createdAt: Date
    var updatedAt: Date
}
