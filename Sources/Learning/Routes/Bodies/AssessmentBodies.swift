import Foundation
import HTTP
import ServiceKit

/// `POST /v1/learn/{courseId}/lessons/{lessonId}/submissions`: the answer, as a text or as a link (one of them).
struct SubmissionBody: StrictDecodable, BodyExample {
    static var multilineFields: Set<String> { ["text"] }
    /// The longest text answer, in characters.
    static let maximumTextLength = 20_000

    var text: String?
    var url: String?

    func validate() -> [FieldError] {
        switch (text, url) {
        case (let text?, nil): return Checks.text(text, "text", maximum: Self.maximumTextLength, required: true)
        case (nil, let url?): return Checks.url(url, "url")
        default: return [FieldError(field: "text", message: "give either text or url")]
        }
    }

    var answer: SubmissionAnswer {
        if let text { return .text(Checks.trimmed(text)) }
        return .url(url ?? "")
    }

    static var example: String { #"{"text":"A pool keeps connections open so each request skips the handshake."}"# }
}

/// `POST /v1/instructor/submissions/{id}/grade`: the score (0 to the assessment's maximum) and feedback.
struct GradeBody: StrictDecodable, BodyExample {
    static var multilineFields: Set<String> { ["feedback"] }

    var score: Int
    var feedback: String?

    func validate() -> [FieldError] {
        var errors = Checks.range(score, "score", 0...1000)
        if let feedback { errors += Checks.text(feedback, "feedback", maximum: 5_000) }
        return errors
    }

    static var example: String { #"{"score":85,"feedback":"Right, and well argued."}"# }
}

/// `PUT /v1/instructor/courses/{courseId}/assessments/{lessonId}`: an assessment's rules.
struct AssessmentRulesBody: StrictDecodable, BodyExample {
    var maxScore: Int
    var passScore: Int
    var attemptLimit: Int
    var isRequired: Bool

    func validate() -> [FieldError] {
        var errors =
            Checks.range(maxScore, "maxScore", 1...1000) + Checks.range(attemptLimit, "attemptLimit", 1...100)
            + Checks.range(passScore, "passScore", 0...1000)
        if passScore > maxScore, maxScore >= 1 {
            errors.append(FieldError(field: "passScore", message: "must not exceed maxScore"))
        }
        return errors
    }

    var rules: AssessmentRules {
        AssessmentRules(maxScore: maxScore, passScore: passScore, attemptLimit: attemptLimit, isRequired: isRequired)
    }

    static var example: String { #"{"maxScore":100,"passScore":70,"attemptLimit":3,"isRequired":true}"# }
}
