import Foundation
import HTTP
import ServiceKit
import Time

/// `POST /v1/enrollments`: the course to enroll in.
struct EnrollBody: StrictDecodable {
    var courseId: String

    func validate() -> [FieldError] { Checks.id(courseId, "courseId") }
}

/// `POST /v1/admin/enrollments`: whom to enroll in which course, and until when (never, without `expiresAt`).
struct AdminEnrollBody: StrictDecodable {
    var userId: String
    var courseId: String
    var expiresAt: String?

    func validate() -> [FieldError] {
        var errors = Checks.id(userId, "userId") + Checks.id(courseId, "courseId")
        if let expiresAt { errors += Checks.futureTime(expiresAt, "expiresAt") }
        return errors
    }
}

/// `PUT /v1/learn/{courseId}/position`: where the player is (a heartbeat).
struct PositionBody: StrictDecodable {
    var lessonId: String
    var seconds: Int

    func validate() -> [FieldError] {
        Checks.id(lessonId, "lessonId") + Checks.range(seconds, "seconds", 0...86_400)
    }
}

extension Checks {
    /// An RFC 3339 time after now.
    static func futureTime(_ value: String, _ field: String) -> [FieldError] {
        format(value, field, "date-time", maximum: 40, "must be an RFC 3339 time in the future") { text in
            guard let date = RFC3339.date(text) else { return false }
            return date > Date()
        }
    }
}

extension EnrollBody: BodyExample {
    static var example: String { #"{"courseId":"0193a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a7b"}"# }
}

extension AdminEnrollBody: BodyExample {
    static var example: String {
        #"{"userId":"0193a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a7c","courseId":"0193a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a7b","expiresAt":"2099-01-01T00:00:00Z"}"#
    }
}

extension PositionBody: BodyExample {
    static var example: String { #"{"lessonId":"0193a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a7d","seconds":95}"# }
}
