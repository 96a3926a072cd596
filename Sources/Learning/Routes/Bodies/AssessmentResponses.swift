import Foundation
import Time

/// An assessment's rules as answers show them.
struct AssessmentRulesResponse: Codable, Sendable {
    var lessonId: String
    var title: String
    /// `quiz` or `assignment`.
    var type: String
    var maxScore: Int
    var passScore: Int
    var attemptLimit: Int
    /// Whether the enrollment completes only once this is passed.
    var isRequired: Bool

    init(_ rules: AssessmentRules, lesson: UUID, title: String, type: String) {
        lessonId = lesson.lowercased
        self.title = title
        self.type = type
        maxScore = rules.maxScore
        passScore = rules.passScore
        attemptLimit = rules.attemptLimit
        isRequired = rules.isRequired
    }
}

/// `GET /v1/instructor/courses/{courseId}/assessments`.
struct AssessmentListResponse: Codable, Sendable {
    var items: [AssessmentRulesResponse]
}

/// A submission as answers show it: the answer, and the grade once there is one.
struct SubmissionResponse: Codable, Sendable {
    var id: String
    var enrollmentId: String
    var courseId: String
    var lessonId: String
    var userId: String
    var attempt: Int
    var text: String?
    var url: String?
    var submittedAt: String
    /// `awaitingGrade`, `passed` or `failed`.
    var status: String
    var score: Int?
    var maxScore: Int?
    var feedback: String?
    var gradedAt: String?

    init(_ submission: Submission) {
        id = submission.id.lowercased
        enrollmentId = submission.enrollmentId.lowercased
        courseId = submission.courseId.lowercased
        lessonId = submission.lessonId.lowercased
        userId = submission.userId.lowercased
        attempt = submission.attempt
        switch submission.answer {
        case .text(let answer): text = answer
        case .url(let answer): url = answer
        }
        submittedAt = RFC3339.milliseconds(submission.submittedAt)
        status = submission.grade.map { $0.passed ? "passed" : "failed" } ?? "awaitingGrade"
        score = submission.grade?.score
        maxScore = submission.grade?.maxScore
        feedback = submission.grade?.feedback
        gradedAt = RFC3339.milliseconds(submission.grade?.gradedAt)
    }
}

/// `GET /v1/learn/{courseId}/lessons/{lessonId}/submissions`: the assessment's rules, the attempts left and the
/// caller's submissions, first first.
struct MySubmissionsResponse: Codable, Sendable {
    var rules: AssessmentRulesResponse
    var attemptsLeft: Int
    var passed: Bool
    var items: [SubmissionResponse]
}

/// `POST /v1/instructor/submissions/{id}/grade`: the graded submission and the student's enrollment after it.
struct GradedResponse: Codable, Sendable {
    var submission: SubmissionResponse
    var enrollment: EnrollmentResponse
}
