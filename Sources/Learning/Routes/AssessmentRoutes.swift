import Foundation
import HTTP
import ServiceKit

/// Assessments: students hand in answers to a course's quizzes and assignments
/// (`/v1/learn/{courseId}/lessons/{lessonId}/submissions`); the course's instructor sets each one's rules and
/// grades the answers (`/v1/instructor/…`). No student request writes a grade.
struct AssessmentRoutes: Sendable {
    let service: LearningService

    func add(to router: inout Router, authenticated: any Middleware) {
        let assessments = service.assessments
        let issuer = service.issuer
        let service = service

        /// The assessment lesson of the path that the caller learns: its enrollment, course and lesson.
        @Sendable func assessment(_ context: RequestContext) async throws -> (Enrollment, CourseSnapshot, UUID) {
            let (enrollment, course, lesson) = try await service.learner(
                context, lesson: context.parameters["lessonId"])
            guard let found = course.lesson(lesson), CourseSnapshot.isAssessment(found.type) else {
                throw LearningError.notAssessment
            }
            return (enrollment, course, lesson)
        }

        router.group("/v1/learn", middleware: [authenticated]) { group in
            group.post(":courseId/lessons/:lessonId/submissions", maxBodyBytes: 96 << 10) { request, context in
                let body = try request.decode(SubmissionBody.self, for: .creation)
                let (enrollment, _, lesson) = try await assessment(context)
                let submission = try await assessments.submit(body.answer, enrollment: enrollment, lesson: lesson)
                return try .json(SubmissionResponse(submission), status: .created)
            }
            group.get(":courseId/lessons/:lessonId/submissions") { _, context in
                let (enrollment, course, lesson) = try await assessment(context)
                let rules = try await assessments.rules(course: course.courseId, lesson: lesson)
                let found = try await assessments.submissions(enrollment: enrollment.id, lesson: lesson)
                let passed = found.contains { $0.grade?.passed == true }
                return try .json(
                    MySubmissionsResponse(
                        rules: Self.rules(rules, lesson: lesson, in: course),
                        attemptsLeft: passed ? 0 : max(rules.attemptLimit - found.count, 0), passed: passed,
                        items: found.map(SubmissionResponse.init)))
            }
        }

        router.group("/v1/instructor", middleware: [authenticated]) { group in
            group.get("courses/:courseId/assessments") { _, context in
                let course = try await service.taughtCourse(context, context.parameters["courseId"])
                let set = try await assessments.rules(course: course.courseId)
                return try .json(
                    AssessmentListResponse(
                        items: course.assessmentIds.map { lesson in
                            Self.rules(set[lesson] ?? assessments.defaults, lesson: lesson, in: course)
                        }))
            }
            group.put("courses/:courseId/assessments/:lessonId", maxBodyBytes: 4 << 10) { request, context in
                let body = try request.decode(AssessmentRulesBody.self)
                let course = try await service.taughtCourse(context, context.parameters["courseId"])
                guard let lesson = UUID(uuidString: context.parameters["lessonId"] ?? ""),
                    let found = course.lesson(lesson)
                else { throw ServiceError.notFound }
                guard CourseSnapshot.isAssessment(found.type) else { throw LearningError.notAssessment }
                let recounted = try await assessments.setRules(body.rules, course: course.courseId, lesson: lesson)
                for completed in recounted where completed.completedNow {
                    await issuer.issueSoon(completed.enrollment.id)
                }
                return try .json(Self.rules(body.rules, lesson: lesson, in: course))
            }
            group.get("courses/:courseId/submissions") { request, context in
                var errors = FieldErrors()
                request.checkQueryNames(["limit", "cursor", "status", "lessonId"], errors: &errors)
                let page = PageRequest<UUID>(request, errors: &errors)
                var awaiting: Bool?
                switch request.queryParameter("status") {
                case nil: break
                case "awaitingGrade": awaiting = true
                case "graded": awaiting = false
                default: errors.add("status", "must be one of awaitingGrade, graded")
                }
                var lesson: UUID?
                if let text = request.queryParameter("lessonId") {
                    lesson = UUID(uuidString: text)
                    if lesson == nil { errors.add("lessonId", "must be an id") }
                }
                try errors.throwIfAny()
                let course = try await service.taughtCourse(context, context.parameters["courseId"])
                let found = try await assessments.list(
                    course: course.courseId, lesson: lesson, awaiting: awaiting, after: page.cursor?.key,
                    limit: page.fetchLimit)
                return try .json(
                    Page(fetched: found.map(SubmissionResponse.init), limit: page.limit) { UUID(uuidString: $0.id)! })
            }
            group.post("submissions/:id/grade", maxBodyBytes: 16 << 10) { request, context in
                let principal = try context.requirePrincipal()
                let body = try request.decode(GradeBody.self)
                guard let id = UUID(uuidString: context.parameters["id"] ?? ""),
                    let submission = try await assessments.find(id)
                else { throw ServiceError.notFound }
                _ = try await service.taughtCourse(context, submission.courseId.lowercased)
                guard
                    let (graded, recounted) = try await assessments.grade(
                        id, score: body.score, feedback: body.feedback.map(Checks.trimmed), grader: principal.userID)
                else { throw ServiceError.notFound }
                if recounted.completedNow { await issuer.issueSoon(recounted.enrollment.id) }
                return try .json(
                    GradedResponse(
                        submission: SubmissionResponse(graded), enrollment: EnrollmentResponse(recounted.enrollment)))
            }
        }
    }

    static func rules(_ rules: AssessmentRules, lesson: UUID, in course: CourseSnapshot) -> AssessmentRulesResponse {
        let found = course.lesson(lesson)
        return AssessmentRulesResponse(rules, lesson: lesson, title: found?.title ?? "", type: found?.type ?? "")
    }
}
