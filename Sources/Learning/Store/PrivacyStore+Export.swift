import Contracts
import Foundation
import Postgres
import Time

extension PrivacyStore {
    /// Everything learning holds on `user`, read in one snapshot: enrollments with their grants and completed
    /// lessons, notes, reviews, the helpful votes they gave, and their submissions and certificates.
    func export(user: UUID) async throws -> LearningExport {
        try await pool.withTransaction { connection in
            try await connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            return LearningExport(
                userId: user.lowercased, enrollments: try await Self.exportedEnrollments(of: user, on: connection),
                notes: try await Self.exportedNotes(of: user, on: connection),
                reviews: try await Self.exportedReviews(of: user, on: connection),
                helpfulVotes: try await Self.exportedHelpfulVotes(of: user, on: connection),
                submissions: try await Self.exportedSubmissions(of: user, on: connection),
                certificates: try await Self.exportedCertificates(of: user, on: connection))
        }
    }

    /// The user's enrollments, newest first, each with its grants and completed lessons.
    static func exportedEnrollments(of user: UUID, on connection: PostgresConnection) async throws
        -> [LearningExport.Enrollment]
    {
        let enrollments = try await connection.query(
            "SELECT \(EnrollmentRows.enrollmentColumns) FROM enrollments e WHERE e.user_id = \(user) ORDER BY e.id DESC"
        ).decode(EnrollmentRows.enrollment)
        let ids = enrollments.map(\.id)
        let grants = try await connection.query(
            """
            SELECT \(EnrollmentRows.grantColumns), g.updated_at, g.enrollment_id FROM enrollment_grants g
            WHERE g.enrollment_id = ANY (\(ids)) ORDER BY g.enrollment_id, g.updated_at, g.source, g.reference
            """
        ).decode { row throws(PostgresError) in
            let grant = try EnrollmentRows.grant(row)
            return (
                try row.decode(UUID.self, at: 6),
                LearningExport.Grant(
                    source: grant.source.rawValue,
                    paymentId: grant.source == .purchase ? grant.reference.lowercased : nil,
                    status: grant.status.rawValue, expiresAt: RFC3339.milliseconds(grant.expiresAt),
                    updatedAt: RFC3339.milliseconds(try row.decode(Date.self, at: 5)))
            )
        }
        let completions = try await connection.query(
            """
            SELECT enrollment_id, lesson_id, completed_at FROM lesson_completions
            WHERE enrollment_id = ANY (\(ids)) ORDER BY enrollment_id, completed_at, lesson_id
            """
        ).decode((UUID, UUID, Date).self)
        let grantsByEnrollment = Dictionary(grouping: grants, by: \.0)
        let completionsByEnrollment = Dictionary(grouping: completions, by: \.0)
        return enrollments.map { e in
            LearningExport.Enrollment(
                id: e.id.lowercased, courseId: e.courseId.lowercased, status: e.status.rawValue,
                source: e.source.rawValue, paymentId: e.paymentId?.lowercased, progressPercent: e.progressPercent,
                timeSpentSeconds: e.timeSpentSeconds, currentLessonId: e.currentLessonId?.lowercased,
                positionSeconds: e.positionSeconds, enrolledAt: RFC3339.milliseconds(e.enrolledAt),
                startedAt: RFC3339.milliseconds(e.startedAt), completedAt: RFC3339.milliseconds(e.completedAt),
                expiresAt: RFC3339.milliseconds(e.expiresAt), lastAccessedAt: RFC3339.milliseconds(e.lastAccessedAt),
                updatedAt: RFC3339.milliseconds(e.updatedAt),
                grants: (grantsByEnrollment[e.id] ?? []).map(\.1),
                completedLessons: (completionsByEnrollment[e.id] ?? []).map {
                    LearningExport.CompletedLesson(lessonId: $0.1.lowercased, completedAt: RFC3339.milliseconds($0.2))
                })
        }
    }

    /// The user's notes, oldest first.
    static func exportedNotes(of user: UUID, on connection: PostgresConnection) async throws -> [LearningExport.Note] {
        try await connection.query(
            "SELECT \(NoteStore.columns) FROM notes n WHERE n.user_id = \(user) ORDER BY n.created_at, n.id"
        ).decode(NoteStore.note).map { note in
            LearningExport.Note(
                id: note.id.lowercased, courseId: note.courseId.lowercased, lessonId: note.lessonId.lowercased,
                seconds: note.seconds, body: note.body, createdAt: RFC3339.milliseconds(note.createdAt),
                updatedAt: RFC3339.milliseconds(note.updatedAt))
        }
    }

    /// The user's reviews, hidden ones included, oldest first.
    static func exportedReviews(of user: UUID, on connection: PostgresConnection) async throws
        -> [LearningExport.Review]
    {
        try await connection.query(
            "SELECT \(ReviewStore.columns) FROM reviews r WHERE r.user_id = \(user) ORDER BY r.created_at, r.id"
        ).decode(ReviewStore.review).map { review in
            LearningExport.Review(
                id: review.id.lowercased, courseId: review.courseId.lowercased, rating: review.rating,
                comment: review.comment, helpfulCount: review.helpfulCount, status: review.status.rawValue,
                hiddenReason: review.hiddenReason, createdAt: RFC3339.milliseconds(review.createdAt),
                updatedAt: RFC3339.milliseconds(review.updatedAt))
        }
    }

    /// The helpful votes the user gave, oldest first.
    static func exportedHelpfulVotes(of user: UUID, on connection: PostgresConnection) async throws
        -> [LearningExport.HelpfulVote]
    {
        try await connection.query(
            """
            SELECT v.review_id, r.course_id, v.created_at FROM review_votes v JOIN reviews r ON r.id = v.review_id
            WHERE v.user_id = \(user) ORDER BY v.created_at, v.review_id
            """
        ).decode((UUID, UUID, Date).self).map { review, course, time in
            LearningExport.HelpfulVote(
                reviewId: review.lowercased, courseId: course.lowercased, createdAt: RFC3339.milliseconds(time))
        }
    }

    /// The user's submissions with their grades, oldest first.
    static func exportedSubmissions(of user: UUID, on connection: PostgresConnection) async throws
        -> [LearningExport.Submission]
    {
        try await connection.query(
            """
            SELECT id, course_id, lesson_id, attempt, answer_text, answer_url, submitted_at, score, max_score, passed,
                feedback, graded_at
            FROM submissions WHERE user_id = \(user) ORDER BY submitted_at, id
            """
        ).decode((UUID, UUID, UUID, Int, String?, String?, Date, Int?, Int?, Bool?, String?, Date?).self).map { s in
            LearningExport.Submission(
                id: s.0.lowercased, courseId: s.1.lowercased, lessonId: s.2.lowercased, attempt: s.3, answerText: s.4,
                answerUrl: s.5, submittedAt: RFC3339.milliseconds(s.6), score: s.7, maxScore: s.8, passed: s.9,
                feedback: s.10, gradedAt: RFC3339.milliseconds(s.11))
        }
    }

    /// The user's certificates, revoked ones included, oldest first.
    static func exportedCertificates(of user: UUID, on connection: PostgresConnection) async throws
        -> [LearningExport.Certificate]
    {
        try await connection.query(
            """
            SELECT id, code, course_id, holder_name, course_title, instructor_name, completed_at, final_score,
                issued_at, revoked_at, revoked_reason
            FROM certificates WHERE user_id = \(user) ORDER BY issued_at, id
            """
        ).decode((UUID, String, UUID, String, String, String, Date, Int?, Date, Date?, String?).self).map { c in
            LearningExport.Certificate(
                id: c.0.lowercased, code: c.1, courseId: c.2.lowercased, holderName: c.3, courseTitle: c.4,
                instructorName: c.5, completedAt: RFC3339.milliseconds(c.6), finalScore: c.7,
                issuedAt: RFC3339.milliseconds(c.8), revokedAt: RFC3339.milliseconds(c.9), revokedReason: c.10)
        }
    }
}
