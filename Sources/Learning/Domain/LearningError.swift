import HTTP

/// The learning service's own refusals, each a status, a stable code and a safe explanation.
struct LearningError: HTTPError, CustomStringConvertible, Sendable {
    let status: HTTPStatus
    let code: String
    let detail: String?
    var fieldErrors: [FieldError] = []

    var description: String { "\(status.code) \(code)" }

    /// A paid course is bought at checkout; the enrollment follows the payment (402).
    static let paymentRequired = LearningError(
        status: HTTPStatus(code: 402), code: "paymentRequired",
        detail: "this course is paid: buy it through POST /v1/checkout and the enrollment follows the payment")
    /// The course is not published for enrollment (409).
    static let courseNotOpen = LearningError(
        status: .conflict, code: "courseNotOpen", detail: "the course is not published for enrollment")
    /// The lesson is for enrolled students only (403).
    static let lessonLocked = LearningError(
        status: .forbidden, code: "lessonLocked", detail: "enroll in the course to open this lesson")
    /// Progress needs an enrollment that gives access (403).
    static let noAccess = LearningError(
        status: .forbidden, code: "noAccess", detail: "you have no enrollment giving access to this course")
    /// `courseId` names no course (422: the body is well formed, what it names is not there).
    static let unknownCourse = LearningError(
        status: .unprocessableContent, code: "unknownCourse", detail: "courseId names no course",
        fieldErrors: [FieldError(field: "courseId", message: "is not a course")])
    /// A course holds as many of the student's notes as it may (409).
    static func tooManyNotes(_ maximum: Int) -> LearningError {
        LearningError(
            status: .conflict, code: "tooManyNotes", detail: "a course holds at most \(maximum) of your notes")
    }
    /// Reviewing a course needs an enrollment in it that gives access (403).
    static let notEnrolled = LearningError(
        status: .forbidden, code: "notEnrolled", detail: "only students with access to the course may review it")
    /// The student reviewed this course already: change that review instead (409).
    static let reviewExists = LearningError(
        status: .conflict, code: "reviewExists", detail: "you reviewed this course already; change that review")
    /// One's own review cannot be voted helpful (403).
    static let ownReview = LearningError(
        status: .forbidden, code: "ownReview", detail: "you cannot vote on your own review")
    /// The lesson is no quiz or assignment: it takes no submissions (422).
    static let notAssessment = LearningError(
        status: .unprocessableContent, code: "notAssessment", detail: "only quiz and assignment lessons are assessed")
    /// The assessment is passed already (409).
    static let alreadyPassed = LearningError(
        status: .conflict, code: "alreadyPassed", detail: "you passed this assessment already")
    /// An earlier submission awaits its grade (409).
    static let awaitingGrade = LearningError(
        status: .conflict, code: "awaitingGrade", detail: "your previous submission awaits its grade")
    /// Every allowed submission is used (409).
    static func attemptsExhausted(_ limit: Int) -> LearningError {
        LearningError(
            status: .conflict, code: "attemptsExhausted",
            detail: "this assessment takes at most \(limit) submissions and you have made them")
    }
    /// Only the course's instructor (or an admin) may do this (403).
    static let notCourseInstructor = LearningError(
        status: .forbidden, code: "notCourseInstructor", detail: "only the course's instructor may do this")
    /// Catalog could not say what the course is right now (503).
    static let catalogUnavailable = LearningError(
        status: .serviceUnavailable, code: "catalogUnavailable",
        detail: "the course cannot be looked up right now; try again shortly")

    var headers: HTTPHeaders { status.code == 503 ? ["Retry-After": "5"] : [:] }
}
