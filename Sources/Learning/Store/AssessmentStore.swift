import Crypto
import Foundation
import HTTP
import Postgres
import ServiceKit

/// `assessment_rules` and `submissions`. A submission is numbered under the lock of its enrollment's row, so 20
/// concurrent submissions make at most the allowed attempts; a grade is the grader's alone (a student's request
/// never writes one), and a pass marks the lesson done and recounts the enrollment, which completes once every
/// lesson is done and every required assessment passed.
struct AssessmentStore: Sendable {
    let pool: PostgresPool
    let ids: UUIDv7Generator
    /// The rules of an assessment without its own.
    let defaults: AssessmentRules

    /// The rules of every assessment of `course` that has its own.
    func rules(course: UUID) async throws -> [UUID: AssessmentRules] {
        try await pool.withConnection { try await Self.rules(course: course, lesson: nil, on: $0) }
    }

    /// The rules of `lesson` in `course`: its own, or the defaults.
    func rules(course: UUID, lesson: UUID) async throws -> AssessmentRules {
        try await pool.withConnection { try await Self.rules(course: course, lesson: lesson, on: $0) }[lesson]
            ?? defaults
    }

    /// Sets the rules of `lesson` in `course` and recounts the course's enrollments (whether an assessment is
    /// required decides completion).
    func setRules(_ rules: AssessmentRules, course: UUID, lesson: UUID) async throws -> [Recounted] {
        try await pool.withTransaction { connection in
            try await connection.execute(
                """
                INSERT INTO assessment_rules AS r (course_id, lesson_id, max_score, pass_score, attempt_limit,
                    is_required)
                VALUES (\(course), \(lesson), \(rules.maxScore), \(rules.passScore), \(rules.attemptLimit),
                    \(rules.isRequired))
                ON CONFLICT (course_id, lesson_id) DO UPDATE SET max_score = EXCLUDED.max_score,
                    pass_score = EXCLUDED.pass_score, attempt_limit = EXCLUDED.attempt_limit,
                    is_required = EXCLUDED.is_required, updated_at = now()
                """)
            return try await ProgressStore.recount(course: course, on: connection)
        }
    }

    /// Records `answer` as the next attempt of `enrollment` at `lesson`. Refused when the assessment is passed,
    /// when an earlier attempt awaits its grade, and when every allowed attempt is used.
    func submit(_ answer: SubmissionAnswer, enrollment: Enrollment, lesson: UUID) async throws -> Submission {
        try await pool.withTransaction { connection in
            try await connection.execute("SELECT 1 FROM enrollments WHERE id = \(enrollment.id) FOR UPDATE")
            let rules =
                try await Self.rules(course: enrollment.courseId, lesson: lesson, on: connection)[lesson] ?? defaults
            let earlier = try await connection.query(
                """
                SELECT \(Self.columns) FROM submissions x
                WHERE x.enrollment_id = \(enrollment.id) AND x.lesson_id = \(lesson) ORDER BY x.attempt
                """
            ).decode(Self.submission)
            if earlier.contains(where: { $0.grade?.passed == true }) { throw LearningError.alreadyPassed }
            if earlier.contains(where: { $0.grade == nil }) { throw LearningError.awaitingGrade }
            guard earlier.count < rules.attemptLimit else { throw LearningError.attemptsExhausted(rules.attemptLimit) }
            let (text, url): (String?, String?) =
                switch answer {
                case .text(let text): (text, nil)
                case .url(let url): (nil, url)
                }
            return try await connection.query(
                """
                INSERT INTO submissions AS x (id, enrollment_id, course_id, lesson_id, user_id, attempt, answer_text,
                    answer_url)
                VALUES (\(ids.next()), \(enrollment.id), \(enrollment.courseId), \(lesson), \(enrollment.userId),
                    \(earlier.count + 1), \(text), \(url))
                RETURNING \(Self.columns)
                """
            ).decode(Self.submission)[0]
        }
    }

    /// The submissions of `enrollment` to `lesson`, first attempt first.
    func submissions(enrollment: UUID, lesson: UUID) async throws -> [Submission] {
        try await pool.query(
            """
            SELECT \(Self.columns) FROM submissions x
            WHERE x.enrollment_id = \(enrollment) AND x.lesson_id = \(lesson) ORDER BY x.attempt
            """
        ).decode(Self.submission)
    }

    /// The submission with `id`.
    func find(_ id: UUID) async throws -> Submission? {
        try await pool.query("SELECT \(Self.columns) FROM submissions x WHERE x.id = \(id)").decode(Self.submission)
            .first
    }

    /// The submissions to `course`, newest first, after `id`; only those awaiting a grade when `awaiting` is
    /// true, only graded ones when false; optionally of one lesson.
    func list(course: UUID, lesson: UUID?, awaiting: Bool?, after id: UUID?, limit: Int) async throws -> [Submission] {
        try await pool.query(
            """
            SELECT \(Self.columns) FROM submissions x
            WHERE x.course_id = \(course) AND (\(lesson)::uuid IS NULL OR x.lesson_id = \(lesson))
              AND (\(awaiting)::boolean IS NULL OR (x.graded_at IS NULL) = \(awaiting))
              AND (\(id)::uuid IS NULL OR x.id < \(id))
            ORDER BY x.id DESC LIMIT \(limit)
            """
        ).decode(Self.submission)
    }

    /// Grades submission `id` (again, to correct a grade): `score` out of the assessment's maximum, passed at its
    /// pass mark (a score above the maximum is a 400 naming `score`). Returns the submission and the recounted enrollment; `nil` when there is no such submission.
    func grade(_ id: UUID, score: Int, feedback: String?, grader: UUID) async throws -> (Submission, Recounted)? {
        try await pool.withTransaction { connection -> (Submission, Recounted)? in
            guard
                let enrollment = try await connection.query(
                    """
                    SELECT e.id FROM enrollments e JOIN submissions x ON x.enrollment_id = e.id
                    WHERE x.id = \(id) FOR UPDATE OF e
                    """
                ).decode(UUID.self).first,
                let submission = try await connection.query(
                    "SELECT \(Self.columns) FROM submissions x WHERE x.id = \(id)"
                ).decode(Self.submission).first
            else { return nil }
            let rules =
                try await Self.rules(course: submission.courseId, lesson: submission.lessonId, on: connection)[
                    submission.lessonId] ?? defaults
            guard (0...rules.maxScore).contains(score) else {
                throw RequestError.validation([
                    FieldError(field: "score", message: "must be between 0 and \(rules.maxScore)")
                ])
            }
            let passed = score >= rules.passScore
            let graded = try await connection.query(
                """
                UPDATE submissions x SET score = \(score), max_score = \(rules.maxScore), passed = \(passed),
                    feedback = \(feedback), graded_by = \(grader), graded_at = now()
                WHERE x.id = \(id) RETURNING \(Self.columns)
                """
            ).decode(Self.submission)[0]
            if passed {
                try await connection.execute(
                    """
                    INSERT INTO lesson_completions (enrollment_id, lesson_id) VALUES (\(enrollment), \(submission.lessonId))
                    ON CONFLICT DO NOTHING
                    """)
            }
            guard let recounted = try await ProgressStore.recount(enrollment: enrollment, on: connection).first else {
                throw ServiceError.notFound
            }
            return (graded, recounted)
        }
    }

    /// The rules set for `course` (for one lesson, or all).
    static func rules(course: UUID, lesson: UUID?, on connection: PostgresConnection) async throws
        -> [UUID: AssessmentRules]
    {
        let rows = try await connection.query(
            """
            SELECT lesson_id, max_score, pass_score, attempt_limit, is_required FROM assessment_rules
            WHERE course_id = \(course) AND (\(lesson)::uuid IS NULL OR lesson_id = \(lesson))
            """)
        var rules: [UUID: AssessmentRules] = [:]
        for row in rows {
            rules[try row.decode(UUID.self, at: 0)] = AssessmentRules(
                maxScore: try row.decode(at: 1), passScore: try row.decode(at: 2), attemptLimit: try row.decode(at: 3),
                isRequired: try row.decode(at: 4))
        }
        return rules
    }

    static let columns: Query = """
        x.id, x.enrollment_id, x.course_id, x.lesson_id, x.user_id, x.attempt, x.answer_text, x.answer_url,
        x.submitted_at, x.score, x.max_score, x.passed, x.feedback, x.graded_by, x.graded_at
        """

    static func submission(_ row: Row) throws(PostgresError) -> Submission {
        let text: String? = try row.decode(at: 6)
        let url: String? = try row.decode(at: 7)
        var grade: Submission.Grade?
        if let score: Int = try row.decode(at: 9), let gradedAt: Date = try row.decode(at: 14) {
            grade = Submission.Grade(
                score: score, maxScore: try row.decode(at: 10), passed: try row.decode(at: 11),
                feedback: try row.decode(at: 12), gradedBy: try row.decode(at: 13), gradedAt: gradedAt)
        }
        return Submission(
            id: try row.decode(at: 0), enrollmentId: try row.decode(at: 1), courseId: try row.decode(at: 2),
            lessonId: try row.decode(at: 3), userId: try row.decode(at: 4), attempt: try row.decode(at: 5),
            answer: text.map(SubmissionAnswer.text) ?? .url(url ?? ""), submittedAt: try row.decode(at: 8),
            grade: grade)
    }
}
