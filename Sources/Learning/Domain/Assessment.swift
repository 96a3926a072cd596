import Foundation

/// An assessment's rules: the maximum score, the score that passes, how many submissions a student may make,
/// and whether the enrollment completes only once it is passed.
struct AssessmentRules: Sendable, Equatable {
    var maxScore: Int
    var passScore: Int
    var attemptLimit: Int
    var isRequired: Bool

    /// The rules of an assessment its instructor has not set: out of 100, passed at `passPercent`, `attempts`
    /// submissions, required.
    static func defaults(attempts: Int, passPercent: Int) -> AssessmentRules {
        AssessmentRules(maxScore: 100, passScore: passPercent, attemptLimit: attempts, isRequired: true)
    }
}

/// What a student hands in: a text, or a link to their work.
enum SubmissionAnswer: Sendable, Equatable {
    case text(String)
    case url(String)
}

/// A student's submission to an assessment and, once graded, its grade.
struct Submission: Sendable, Equatable {
    var id: UUID
    var enrollmentId: UUID
    var courseId: UUID
    var lessonId: UUID
    var userId: UUID
    /// 1 for the first submission to the assessment, counting up.
    var attempt: Int
    var answer: SubmissionAnswer
    var submittedAt: Date
    var grade: Grade?

    /// A grader's verdict.
    struct Grade: Sendable, Equatable {
        var score: Int
        /// The maximum score when it was graded.
        var maxScore: Int
        /// Whether `score` reached the pass mark when it was graded.
        var passed: Bool
        var feedback: String?
        var gradedBy: UUID
        var gradedAt: Date
    }
}
