import Foundation
import HTTP
import ServiceKit

/// `POST /v1/reviews`: a rating of 1 to 5 stars of a course, with an optional comment.
struct ReviewBody: StrictDecodable, BodyExample {
    static var multilineFields: Set<String> { ["comment"] }

    var courseId: String
    var rating: Int
    var comment: String?

    func validate() -> [FieldError] {
        var errors = Checks.id(courseId, "courseId") + Checks.range(rating, "rating", ReviewResponse.ratings)
        if let comment { errors += Checks.text(comment, "comment", maximum: ReviewResponse.maximumCommentLength) }
        return errors
    }

    static var example: String {
        #"{"courseId":"0193a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a7b","rating":5,"comment":"Clear, and the exercises help."}"#
    }
}

/// `PATCH /v1/reviews/{id}`: what changes.
struct ReviewPatchBody: StrictDecodable, BodyExample {
    static var multilineFields: Set<String> { ["comment"] }

    var rating: Int?
    var comment: String?

    func validate() -> [FieldError] {
        var errors: [FieldError] = []
        if let rating { errors += Checks.range(rating, "rating", ReviewResponse.ratings) }
        if let comment { errors += Checks.text(comment, "comment", maximum: ReviewResponse.maximumCommentLength) }
        return errors
    }

    static var example: String { #"{"rating":4}"# }
}

/// `POST /v1/admin/reviews/{id}/hide`: why the review is hidden.
struct HideReviewBody: StrictDecodable, BodyExample {
    var reason: String

    func validate() -> [FieldError] { Checks.text(reason, "reason", maximum: 500, required: true) }

    static var example: String { #"{"reason":"Advertises another site."}"# }
}
