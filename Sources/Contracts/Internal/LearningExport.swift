/// `GET /internal/v1/users/{id}/export` (learning): everything learning holds on one user, for identity's
/// `GET /v1/me/export`. Ids are lower-case UUIDs, times RFC 3339 UTC with milliseconds.
public struct LearningExport: Codable, Sendable, Equatable {
    /// The user's id.
    public var userId: String
    /// Their enrollments, newest first, each with what gives it access and the lessons done.
    public var enrollments: [Enrollment]
    /// Their private notes, oldest first.
    public var notes: [Note]
    /// Their reviews, oldest first.
    public var reviews: [Review]
    /// The reviews they voted helpful, oldest vote first.
    public var helpfulVotes: [HelpfulVote]
    /// Their answers to assessments, with their grades, oldest first.
    public var submissions: [Submission]
    /// Their certificates, oldest first.
    public var certificates: [Certificate]

    /// Creates the answer.
    public init(
        userId: String, enrollments: [Enrollment], notes: [Note], reviews: [Review], helpfulVotes: [HelpfulVote],
        submissions: [Submission], certificates: [Certificate]
    ) {
        self.userId = userId
        self.enrollments = enrollments
        self.notes = notes
        self.reviews = reviews
        self.helpfulVotes = helpfulVotes
        self.submissions = submissions
        self.certificates = certificates
    }

    /// An enrollment, its grants and its completed lessons.
    public struct Enrollment: Codable, Sendable, Equatable {
        /// Its id.
        public var id: String
        /// The course.
        public var courseId: String
        /// `pending`, `active`, `completed`, `cancelled` or `refunded`.
        public var status: String
        /// `free`, `purchase` or `admin`.
        public var source: String
        /// The payment that gives access, for a purchase.
        public var paymentId: String?
        /// Lessons done, in percent of the course's lessons.
        public var progressPercent: Int
        /// Time spent in the player.
        public var timeSpentSeconds: Int
        /// The lesson last opened.
        public var currentLessonId: String?
        /// The resume point in that lesson's video.
        public var positionSeconds: Int?
        /// When the enrollment was made.
        public var enrolledAt: String
        /// When a lesson was first opened.
        public var startedAt: String?
        /// When it was completed.
        public var completedAt: String?
        /// When the access ends; absent for never.
        public var expiresAt: String?
        /// When the course was last opened.
        public var lastAccessedAt: String?
        /// When it last changed.
        public var updatedAt: String
        /// What gives (or gave) it access.
        public var grants: [Grant]
        /// The lessons done, in the order they were done.
        public var completedLessons: [CompletedLesson]

        /// Creates an enrollment.
        public init(
            id: String, courseId: String, status: String, source: String, paymentId: String?, progressPercent: Int,
            timeSpentSeconds: Int, currentLessonId: String?, positionSeconds: Int?, enrolledAt: String,
            startedAt: String?, completedAt: String?, expiresAt: String?, lastAccessedAt: String?, updatedAt: String,
            grants: [Grant], completedLessons: [CompletedLesson]
        ) {
            self.id = id
            self.courseId = courseId
            self.status = status
            self.source = source
            self.paymentId = paymentId
            self.progressPercent = progressPercent
            self.timeSpentSeconds = timeSpentSeconds
            self.currentLessonId = currentLessonId
            self.positionSeconds = positionSeconds
            self.enrolledAt = enrolledAt
            self.startedAt = startedAt
            self.completedAt = completedAt
            self.expiresAt = expiresAt
            self.lastAccessedAt = lastAccessedAt
            self.updatedAt = updatedAt
            self.grants = grants
            self.completedLessons = completedLessons
        }
    }

    /// One thing that gives (or gave) an enrollment access: a free enrollment, an admin's, or a payment.
    public struct Grant: Codable, Sendable, Equatable {
        /// `free`, `purchase` or `admin`.
        public var source: String
        /// The payment, for a purchase.
        public var paymentId: String?
        /// `pending`, `active`, `cancelled` or `refunded`.
        public var status: String
        /// When the access ends; absent for never.
        public var expiresAt: String?
        /// When it last changed.
        public var updatedAt: String

        /// Creates a grant.
        public init(source: String, paymentId: String?, status: String, expiresAt: String?, updatedAt: String) {
            self.source = source
            self.paymentId = paymentId
            self.status = status
            self.expiresAt = expiresAt
            self.updatedAt = updatedAt
        }
    }

    /// A lesson done, and when.
    public struct CompletedLesson: Codable, Sendable, Equatable {
        /// The lesson.
        public var lessonId: String
        /// When it was completed.
        public var completedAt: String

        /// Creates a completion.
        public init(lessonId: String, completedAt: String) {
            self.lessonId = lessonId
            self.completedAt = completedAt
        }
    }

    /// A private note on a lesson.
    public struct Note: Codable, Sendable, Equatable {
        /// Its id.
        public var id: String
        /// The course.
        public var courseId: String
        /// The lesson.
        public var lessonId: String
        /// The second of the lesson's video it is at.
        public var seconds: Int
        /// The text.
        public var body: String
        /// When it was written.
        public var createdAt: String
        /// When it last changed.
        public var updatedAt: String

        /// Creates a note.
        public init(
            id: String, courseId: String, lessonId: String, seconds: Int, body: String, createdAt: String,
            updatedAt: String
        ) {
            self.id = id
            self.courseId = courseId
            self.lessonId = lessonId
            self.seconds = seconds
            self.body = body
            self.createdAt = createdAt
            self.updatedAt = updatedAt
        }
    }

    /// A review of a course, with how many found it helpful (who did is theirs, not the author's).
    public struct Review: Codable, Sendable, Equatable {
        /// Its id.
        public var id: String
        /// The course.
        public var courseId: String
        /// 1 to 5 stars.
        public var rating: Int
        /// The comment; may be empty.
        public var comment: String
        /// How many others voted it helpful.
        public var helpfulCount: Int
        /// `published` or `hidden`.
        public var status: String
        /// Why an admin hid it.
        public var hiddenReason: String?
        /// When it was written.
        public var createdAt: String
        /// When it last changed.
        public var updatedAt: String

        /// Creates a review.
        public init(
            id: String, courseId: String, rating: Int, comment: String, helpfulCount: Int, status: String,
            hiddenReason: String?, createdAt: String, updatedAt: String
        ) {
            self.id = id
            self.courseId = courseId
            self.rating = rating
            self.comment = comment
            self.helpfulCount = helpfulCount
            self.status = status
            self.hiddenReason = hiddenReason
            self.createdAt = createdAt
            self.updatedAt = updatedAt
        }
    }

    /// A helpful vote the user gave a review.
    public struct HelpfulVote: Codable, Sendable, Equatable {
        /// The review.
        public var reviewId: String
        /// The course.
        public var courseId: String
        /// When it was written.
        public var createdAt: String

        /// Creates a vote.
        public init(reviewId: String, courseId: String, createdAt: String) {
            self.reviewId = reviewId
            self.courseId = courseId
            self.createdAt = createdAt
        }
    }

    /// An answer to an assessment and its grade (who graded it is the grader's, not the student's).
    public struct Submission: Codable, Sendable, Equatable {
        /// Its id.
        public var id: String
        /// The course.
        public var courseId: String
        /// The assessment's lesson.
        public var lessonId: String
        /// Which attempt, from 1.
        public var attempt: Int
        /// The answer, as text.
        public var answerText: String?
        /// The answer, as a link.
        public var answerUrl: String?
        /// When it was submitted.
        public var submittedAt: String
        /// The score, once graded.
        public var score: Int?
        /// The most it could score, once graded.
        public var maxScore: Int?
        /// Whether it passed, once graded.
        public var passed: Bool?
        /// The grader's feedback.
        public var feedback: String?
        /// When it was graded.
        public var gradedAt: String?

        /// Creates a submission.
        public init(
            id: String, courseId: String, lessonId: String, attempt: Int, answerText: String?, answerUrl: String?,
            submittedAt: String, score: Int?, maxScore: Int?, passed: Bool?, feedback: String?, gradedAt: String?
        ) {
            self.id = id
            self.courseId = courseId
            self.lessonId = lessonId
            self.attempt = attempt
            self.answerText = answerText
            self.answerUrl = answerUrl
            self.submittedAt = submittedAt
            self.score = score
            self.maxScore = maxScore
            self.passed = passed
            self.feedback = feedback
            self.gradedAt = gradedAt
        }
    }

    /// A certificate of a completed course, as issued.
    public struct Certificate: Codable, Sendable, Equatable {
        /// Its id.
        public var id: String
        /// The public verification code.
        public var code: String
        /// The course.
        public var courseId: String
        /// The name it was issued to.
        public var holderName: String
        /// The course's title when issued.
        public var courseTitle: String
        /// The instructor's name when issued.
        public var instructorName: String
        /// When the course was completed.
        public var completedAt: String
        /// The final score, if the course had graded assessments.
        public var finalScore: Int?
        /// When it was issued.
        public var issuedAt: String
        /// When it was revoked.
        public var revokedAt: String?
        /// Why it was revoked.
        public var revokedReason: String?

        /// Creates a certificate.
        public init(
            id: String, code: String, courseId: String, holderName: String, courseTitle: String,
            instructorName: String, completedAt: String, finalScore: Int?, issuedAt: String, revokedAt: String?,
            revokedReason: String?
        ) {
            self.id = id
            self.code = code
            self.courseId = courseId
            self.holderName = holderName
            self.courseTitle = courseTitle
            self.instructorName = instructorName
            self.completedAt = completedAt
            self.finalScore = finalScore
            self.issuedAt = issuedAt
            self.revokedAt = revokedAt
            self.revokedReason = revokedReason
        }
    }
}
