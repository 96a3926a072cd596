import Contracts
import Crypto
import Foundation
import HTTP
import ServiceKit
import TestSupport
import Testing

@testable import Learning

@Suite("Assessments: submissions, grades and completion")
struct AssessmentTests {
    /// A free course of two videos and one quiz by `instructor`, known to learning; the course and the quiz.
    static func quizCourse(_ h: LearningHarness, instructor: UUID) async throws -> (CourseChanged, UUID, String) {
        let event = LearningHarness.course(instructor: instructor, lessons: 3, quizzes: 1)
        let course = try await h.publish(event)
        return (event, course, event.lessonIds[2])
    }

    static func submissions(_ course: UUID, _ lesson: String) -> String {
        "/v1/learn/\(course.lowercased)/lessons/\(lesson)/submissions"
    }

    @Test func aStudentHandsInAnswersAndOnlyTheCoursesInstructorGradesThem() async throws {
        try await LearningHarness.with { h in
            let teacher = UUIDv7Generator().next()
            let teacherToken = try h.token(teacher, role: .instructor)
            let (event, course, quiz) = try await Self.quizCourse(h, instructor: teacher)
            let (student, token) = try h.student()
            try await h.enroll(token, in: course)

            // Only quizzes and assignments take answers; a student without access is refused.
            let video = await h.send(
                .post, Self.submissions(course, event.lessonIds[1]), json: ["text": "x"], token: token)
            #expect(video.status == 422 && video.code == "notAssessment")
            let (_, stranger) = try h.student()
            let refused = await h.send(.post, Self.submissions(course, quiz), json: ["text": "x"], token: stranger)
            #expect(refused.status == 403 && refused.code == "noAccess")

            // A student cannot give themselves a score: the field is unknown, and nothing is written.
            let scored = await h.send(
                .post, Self.submissions(course, quiz), json: ["text": "x", "score": 100, "passed": true], token: token)
            #expect(scored.status == 400)
            let both = await h.send(
                .post, Self.submissions(course, quiz), json: ["text": "x", "url": "https://a.example/x"], token: token)
            #expect(both.status == 400)
            let hostile = await h.send(
                .post, Self.submissions(course, quiz), json: ["text": "bad\u{0}byte"], token: token)
            #expect(hostile.status == 400)
            #expect(try await h.pool.query("SELECT count(*)::int8 FROM submissions")[0].decode(Int.self, at: 0) == 0)

            let first = await h.send(
                .post, Self.submissions(course, quiz), json: ["text": "  Pools reuse connections.  "], token: token)
            #expect(first.status == 201)
            #expect(first.json["attempt"] as? Int == 1 && first.json["status"] as? String == "awaitingGrade")
            #expect(first.json["text"] as? String == "Pools reuse connections.")
            let waiting = await h.send(
                .post, Self.submissions(course, quiz), json: ["url": "https://a.example/answer"], token: token)
            #expect(waiting.status == 409 && waiting.code == "awaitingGrade")

            // Grading: not the student, not another instructor; the score within the maximum.
            let id = first.json["id"] as! String
            let grade = "/v1/instructor/submissions/\(id)/grade"
            #expect(await h.send(.post, grade, json: ["score": 100], token: token).status == 403)
            let other = try h.token(UUIDv7Generator().next(), role: .instructor)
            let foreign = await h.send(.post, grade, json: ["score": 100], token: other)
            #expect(foreign.status == 403 && foreign.code == "notCourseInstructor")
            let tooHigh = await h.send(.post, grade, json: ["score": 101], token: teacherToken)
            #expect(tooHigh.status == 400 && tooHigh.text.contains("score"))
            let failed = await h.send(
                .post, grade, json: ["score": 40, "feedback": "Say why."], token: teacherToken)
            #expect(failed.status == 200)
            let submission = failed.json["submission"] as? [String: Any]
            #expect(submission?["status"] as? String == "failed" && submission?["feedback"] as? String == "Say why.")
            #expect((failed.json["enrollment"] as? [String: Any])?["finalScore"] as? Int == 40)

            // The instructor's lists: awaiting a grade, graded.
            let second = await h.send(
                .post, Self.submissions(course, quiz), json: ["url": "https://a.example/answer"], token: token)
            #expect(second.status == 201 && second.json["attempt"] as? Int == 2)
            let list = "/v1/instructor/courses/\(course.lowercased)/submissions"
            let awaiting = await h.send(.get, list + "?status=awaitingGrade", token: teacherToken)
            #expect(awaiting.items.map { $0["id"] as? String } == [second.json["id"] as? String])
            let graded = await h.send(.get, list + "?status=graded", token: teacherToken)
            #expect(graded.items.map { $0["id"] as? String } == [id])
            #expect(await h.send(.get, list, token: other).status == 403)
            #expect(await h.send(.get, list + "?status=done", token: teacherToken).status == 400)
            #expect(await h.send(.get, list + "?sort=x", token: teacherToken).status == 400)

            let mine = await h.send(.get, Self.submissions(course, quiz), token: token)
            #expect(mine.items.count == 2 && mine.json["attemptsLeft"] as? Int == 1)
            #expect(mine.json["passed"] as? Bool == false)
            _ = student
        }
    }

    @Test func completionWaitsForEveryRequiredAssessmentToBePassedAndTheBestAttemptScores() async throws {
        try await LearningHarness.with { h in
            let teacher = UUIDv7Generator().next()
            let teacherToken = try h.token(teacher, role: .instructor)
            let (event, course, quiz) = try await Self.quizCourse(h, instructor: teacher)
            let (_, token) = try h.student()
            try await h.enroll(token, in: course)
            var last: LearningHarness.Reply?
            for lesson in event.lessonIds {
                last = await h.send(
                    .post, "/v1/learn/\(course.lowercased)/lessons/\(lesson)/complete", token: token)
            }
            #expect(last?.json["progressPercent"] as? Int == 100)
            #expect(last?.json["status"] as? String == "active", "a required quiz is not passed yet")

            let first = await h.send(.post, Self.submissions(course, quiz), json: ["text": "one"], token: token)
            let failed = await h.send(
                .post, "/v1/instructor/submissions/\(first.json["id"] as! String)/grade", json: ["score": 30],
                token: teacherToken)
            #expect((failed.json["enrollment"] as? [String: Any])?["status"] as? String == "active")
            let second = await h.send(.post, Self.submissions(course, quiz), json: ["text": "two"], token: token)
            let passed = await h.send(
                .post, "/v1/instructor/submissions/\(second.json["id"] as! String)/grade", json: ["score": 90],
                token: teacherToken)
            let enrollment = passed.json["enrollment"] as? [String: Any]
            #expect(enrollment?["status"] as? String == "completed")
            #expect(enrollment?["finalScore"] as? Int == 90, "the best attempt counts")
            let again = await h.send(.post, Self.submissions(course, quiz), json: ["text": "three"], token: token)
            #expect(again.status == 409 && again.code == "alreadyPassed")
            #expect(
                try await h.pool.query("SELECT count(*)::int8 FROM certificate_requests")[0].decode(Int.self, at: 0)
                    == 1)
        }
    }

    @Test func passingMarksTheQuizDoneAndAnOptionalQuizDoesNotHoldCompletionBack() async throws {
        try await LearningHarness.with { h in
            let teacher = UUIDv7Generator().next()
            let teacherToken = try h.token(teacher, role: .instructor)
            let (event, course, quiz) = try await Self.quizCourse(h, instructor: teacher)
            let (_, token) = try h.student()
            try await h.enroll(token, in: course)
            for lesson in event.lessonIds.prefix(2) {
                _ = await h.send(.post, "/v1/learn/\(course.lowercased)/lessons/\(lesson)/complete", token: token)
            }
            let answer = await h.send(.post, Self.submissions(course, quiz), json: ["text": "one"], token: token)
            let passed = await h.send(
                .post, "/v1/instructor/submissions/\(answer.json["id"] as! String)/grade", json: ["score": 60],
                token: teacherToken)
            let enrollment = passed.json["enrollment"] as? [String: Any]
            #expect(enrollment?["progressPercent"] as? Int == 100 && enrollment?["status"] as? String == "completed")

            // Another student, with the quiz made optional: done lessons alone complete the enrollment.
            let (_, other) = try h.student()
            try await h.enroll(other, in: course)
            var last: LearningHarness.Reply?
            for lesson in event.lessonIds {
                last = await h.send(.post, "/v1/learn/\(course.lowercased)/lessons/\(lesson)/complete", token: other)
            }
            #expect(last?.json["status"] as? String == "active")
            let rules = "/v1/instructor/courses/\(course.lowercased)/assessments/\(quiz)"
            let body: [String: Any] = ["maxScore": 10, "passScore": 7, "attemptLimit": 2, "isRequired": false]
            #expect(await h.send(.put, rules, json: body, token: try h.token(UUID(), role: .instructor)).status == 403)
            var wrong = body
            wrong["passScore"] = 11
            #expect(await h.send(.put, rules, json: wrong, token: teacherToken).status == 400)
            let set = await h.send(.put, rules, json: body, token: teacherToken)
            #expect(set.status == 200 && set.json["isRequired"] as? Bool == false)
            let video = "/v1/instructor/courses/\(course.lowercased)/assessments/\(event.lessonIds[0])"
            #expect(await h.send(.put, video, json: body, token: teacherToken).code == "notAssessment")
            let mine = await h.send(.get, "/v1/enrollments", token: other)
            #expect(mine.items.first?["status"] as? String == "completed")
            let listed = await h.send(
                .get, "/v1/instructor/courses/\(course.lowercased)/assessments", token: teacherToken)
            #expect(listed.items.map { $0["maxScore"] as? Int } == [10])
            #expect(try await h.completionCopiesThatDisagree() == 0)
        }
    }

    @Test func twentyConcurrentSubmissionsMakeOneAttemptAndTheLimitHoldsUnderRetries() async throws {
        try await LearningHarness.with { h in
            let teacher = UUIDv7Generator().next()
            let teacherToken = try h.token(teacher, role: .instructor)
            let (_, course, quiz) = try await Self.quizCourse(h, instructor: teacher)
            let rules = "/v1/instructor/courses/\(course.lowercased)/assessments/\(quiz)"
            let set = await h.send(
                .put, rules, json: ["maxScore": 100, "passScore": 50, "attemptLimit": 2, "isRequired": true],
                token: teacherToken)
            #expect(set.status == 200)
            let (_, token) = try h.student()
            try await h.enroll(token, in: course)
            for round in 1...3 {
                let replies = await withTaskGroup(of: LearningHarness.Reply.self) { group in
                    for n in 0..<20 {
                        group.addTask {
                            await h.send(
                                .post, Self.submissions(course, quiz), json: ["text": "try \(n)"], token: token)
                        }
                    }
                    return await group.reduce(into: []) { $0.append($1) }
                }
                let created = replies.filter { $0.status == 201 }
                if round <= 2 {
                    #expect(created.count == 1, "round \(round): \(replies.map(\.status))")
                    #expect(replies.allSatisfy { $0.status == 201 || $0.code == "awaitingGrade" })
                    let grade = await h.send(
                        .post, "/v1/instructor/submissions/\(created[0].json["id"] as! String)/grade",
                        json: ["score": 10], token: teacherToken)
                    #expect(grade.status == 200)
                } else {
                    #expect(created.isEmpty)
                    #expect(replies.allSatisfy { $0.code == "attemptsExhausted" })
                }
            }
            let attempts = try await h.pool.query("SELECT attempt FROM submissions ORDER BY attempt").decode(Int.self)
            #expect(attempts == [1, 2])
        }
    }
}
