import Foundation
import HTTP
import ServiceKit
import Time

/// `POST /v1/learn/{courseId}/notes`: a note on a lesson at a second of its video.
struct NoteBody: StrictDecodable, BodyExample {
    static var multilineFields: Set<String> { ["body"] }

    var lessonId: String
    var seconds: Int
    var body: String

    func validate() -> [FieldError] {
        Checks.id(lessonId, "lessonId") + Checks.range(seconds, "seconds", 0...86_400)
            + Checks.text(body, "body", maximum: NoteResponse.maximumLength, required: true)
    }

    static var example: String {
        #"{"lessonId":"0193a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a7d","seconds":95,"body":"Keep-alive is why this is fast."}"#
    }
}

/// `PATCH /v1/learn/{courseId}/notes/{noteId}`: what changes.
struct NotePatchBody: StrictDecodable, BodyExample {
    static var multilineFields: Set<String> { ["body"] }

    var seconds: Int?
    var body: String?

    func validate() -> [FieldError] {
        var errors: [FieldError] = []
        if let seconds { errors += Checks.range(seconds, "seconds", 0...86_400) }
        if let body { errors += Checks.text(body, "body", maximum: NoteResponse.maximumLength, required: true) }
        return errors
    }

    static var example: String { #"{"body":"Keep-alive and pipelining."}"# }
}

/// A note as answers show it.
struct NoteResponse: Codable, Sendable {
    /// The longest note, in characters.
    static let maximumLength = 2_000

    var id: String
    var courseId: String
    var lessonId: String
    var seconds: Int
    var body: String
    var createdAt: String
    var updatedAt: String

    init(_ note: Note) {
        id = note.id.lowercased
        courseId = note.courseId.lowercased
        lessonId = note.lessonId.lowercased
        seconds = note.seconds
        body = note.body
        createdAt = RFC3339.milliseconds(note.createdAt)
        updatedAt = RFC3339.milliseconds(note.updatedAt)
    }
}
