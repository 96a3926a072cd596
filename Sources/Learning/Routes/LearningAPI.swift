import Contracts
import HTTP
import ServiceKit

/// The learning service's OpenAPI operations, kept equal to the router's routes by a test.
public enum LearningAPI {
    /// Every documented operation.
    public static let operations: [OpenAPIOperation] =
        enrollments + admin + player + assessments + certificates + notes + reviews + instructor + internalOnly
        + privacy
        + OutboxAdminRoutes.operations(service: "learning")
        + EventConsumer.operations

    /// The document served at `/openapi.json`.
    public static let document = OpenAPIDocument(title: "Campus learning", operations: operations)

    static let enrollments: [OpenAPIOperation] = [
        OpenAPIOperation(
            .post, "/v1/enrollments",
            "Enroll in a free published course (201; 200 with the same enrollment when already enrolled; 402 for a paid course); accepts Idempotency-Key",
            tag: "enrollments", response: EnrollmentResponse.self, requiresAuthentication: true, successStatus: 201,
            body: EnrollBody.self, purpose: .creation, otherStatuses: [200, 402, 409, 422]),
        OpenAPIOperation(
            .get, "/v1/enrollments", "My enrollments, newest first, optionally of one status", tag: "enrollments",
            response: Page<EnrollmentResponse>.self, requiresAuthentication: true,
            queryParameters: [.limit(), .cursor, .oneOf("status", EnrollmentStatus.allCases.map(\.rawValue))]),
        OpenAPIOperation(
            .get, "/v1/enrollments/{id}", "One of my enrollments (any, for an admin)", tag: "enrollments",
            response: EnrollmentResponse.self, requiresAuthentication: true,
            pathParameters: OpenAPIParameter.pathIDs("id")),
    ]

    static let admin: [OpenAPIOperation] = [
        OpenAPIOperation(
            .post, "/v1/admin/enrollments", "Enroll a user in a course, optionally until a time (admin)",
            tag: "enrollments", response: EnrollmentResponse.self, requiresAuthentication: true, successStatus: 201,
            body: AdminEnrollBody.self, purpose: .creation, otherStatuses: [200, 422]),
        OpenAPIOperation(
            .post, "/v1/admin/enrollments/{id}/cancel", "End every access an enrollment has (admin)",
            tag: "enrollments", response: EnrollmentResponse.self, requiresAuthentication: true,
            pathParameters: OpenAPIParameter.pathIDs("id")),
        OpenAPIOperation(
            .post, "/v1/admin/enrollments/{id}/restore", "Give an enrollment access again (admin)", tag: "enrollments",
            response: EnrollmentResponse.self, requiresAuthentication: true,
            pathParameters: OpenAPIParameter.pathIDs("id")),
    ]

    static let player: [OpenAPIOperation] = [
        OpenAPIOperation(
            .get, "/v1/learn/{courseId}",
            "The player: the curriculum, with videos for enrolled students, the instructor and admins, else free previews only",
            tag: "learn", response: PlayerResponse.self, pathParameters: OpenAPIParameter.pathIDs("courseId"),
            otherStatuses: [401, 503]),
        OpenAPIOperation(
            .get, "/v1/learn/{courseId}/lessons/{lessonId}", "One lesson with its video (403 unless it may be opened)",
            tag: "learn", response: PlayerLesson.self, pathParameters: OpenAPIParameter.pathIDs("courseId", "lessonId"),
            otherStatuses: [401, 403, 503]),
        OpenAPIOperation(
            .post, "/v1/learn/{courseId}/lessons/{lessonId}/complete", "Mark a lesson done (again is harmless)",
            tag: "learn", response: EnrollmentResponse.self, requiresAuthentication: true,
            pathParameters: OpenAPIParameter.pathIDs("courseId", "lessonId")),
        OpenAPIOperation(
            .delete, "/v1/learn/{courseId}/lessons/{lessonId}/complete", "Mark a lesson not done", tag: "learn",
            response: EnrollmentResponse.self, requiresAuthentication: true,
            pathParameters: OpenAPIParameter.pathIDs("courseId", "lessonId")),
        OpenAPIOperation(
            .put, "/v1/learn/{courseId}/position",
            "The resume point; a heartbeat credits the time since the previous one (at most the configured credit)",
            tag: "learn", response: EnrollmentResponse.self, requiresAuthentication: true,
            pathParameters: OpenAPIParameter.pathIDs("courseId"), body: PositionBody.self),
    ]

    static let assessments: [OpenAPIOperation] = [
        OpenAPIOperation(
            .post, "/v1/learn/{courseId}/lessons/{lessonId}/submissions",
            "Hand in an answer (text or URL) to a quiz or assignment: the next attempt, while attempts are left, none awaits its grade and it is not passed",
            tag: "assessments", response: SubmissionResponse.self, requiresAuthentication: true, successStatus: 201,
            pathParameters: OpenAPIParameter.pathIDs("courseId", "lessonId"), body: SubmissionBody.self,
            purpose: .creation,
            otherStatuses: [403, 409, 422, 503]),
        OpenAPIOperation(
            .get, "/v1/learn/{courseId}/lessons/{lessonId}/submissions",
            "An assessment's rules, the attempts left and my submissions to it", tag: "assessments",
            response: MySubmissionsResponse.self, requiresAuthentication: true,
            pathParameters: OpenAPIParameter.pathIDs("courseId", "lessonId"), otherStatuses: [403, 422, 503]),
        OpenAPIOperation(
            .get, "/v1/instructor/courses/{courseId}/assessments",
            "The rules of every assessment of a course (its instructor, or an admin)", tag: "assessments",
            response: AssessmentListResponse.self, requiresAuthentication: true,
            pathParameters: OpenAPIParameter.pathIDs("courseId"),
            otherStatuses: [403, 503]),
        OpenAPIOperation(
            .put, "/v1/instructor/courses/{courseId}/assessments/{lessonId}",
            "Set an assessment's maximum and pass scores, attempt limit and whether completion needs it passed",
            tag: "assessments", response: AssessmentRulesResponse.self, requiresAuthentication: true,
            pathParameters: OpenAPIParameter.pathIDs("courseId", "lessonId"), body: AssessmentRulesBody.self,
            otherStatuses: [403, 422, 503]),
        OpenAPIOperation(
            .get, "/v1/instructor/courses/{courseId}/submissions",
            "A course's submissions, newest first, optionally only those awaiting a grade or graded, of one lesson",
            tag: "assessments", response: Page<SubmissionResponse>.self, requiresAuthentication: true,
            queryParameters: [
                .limit(), .cursor, .oneOf("status", ["awaitingGrade", "graded"]), OpenAPIParameter.id("lessonId"),
            ], pathParameters: OpenAPIParameter.pathIDs("courseId"), otherStatuses: [403, 503]),
        OpenAPIOperation(
            .post, "/v1/instructor/submissions/{id}/grade",
            "Grade a submission (again, to correct it): passed at the pass mark; a pass marks the lesson done",
            tag: "assessments", response: GradedResponse.self, requiresAuthentication: true,
            pathParameters: OpenAPIParameter.pathIDs("id"),
            body: GradeBody.self, otherStatuses: [403, 503]),
    ]

    static let certificates: [OpenAPIOperation] = {
        var code = OpenAPIParameter.text("code", maximum: 64)
        code.location = "path"
        var verify = OpenAPIOperation(
            .get, "/v1/certificates/{code}",
            "Verify a certificate by its code: JSON with its JWS, or a printable page for Accept: text/html",
            tag: "certificates", response: CertificateResponse.self, pathParameters: [code])
        verify.alternativeContentTypes = ["text/html"]
        return [
            OpenAPIOperation(
                .get, "/v1/certificates/jwks.json", "The public keys that sign certificates", tag: "certificates",
                successContentType: "application/jwk-set+json"),
            verify,
            OpenAPIOperation(
                .get, "/v1/certificates", "My certificates, newest first", tag: "certificates",
                response: Page<CertificateResponse>.self, requiresAuthentication: true,
                queryParameters: [.limit(), .cursor]),
            OpenAPIOperation(
                .post, "/v1/admin/certificates/{code}/revoke", "Revoke a certificate, with the reason (admin)",
                tag: "certificates", response: CertificateResponse.self, requiresAuthentication: true,
                pathParameters: [code], body: RevokeCertificateBody.self),
            OpenAPIOperation(
                .post, "/v1/admin/certificates/{code}/reinstate", "Reinstate a revoked certificate (admin)",
                tag: "certificates", response: CertificateResponse.self, requiresAuthentication: true,
                pathParameters: [code]),
        ]
    }()

    static let notes: [OpenAPIOperation] = [
        OpenAPIOperation(
            .get, "/v1/learn/{courseId}/notes", "My notes on a course, in curriculum order, then by second",
            tag: "notes", response: Page<NoteResponse>.self, requiresAuthentication: true,
            queryParameters: [.limit(), .cursor], pathParameters: OpenAPIParameter.pathIDs("courseId")),
        OpenAPIOperation(
            .post, "/v1/learn/{courseId}/notes", "A private note on a lesson at a second of its video",
            tag: "notes", response: NoteResponse.self, requiresAuthentication: true, successStatus: 201,
            pathParameters: OpenAPIParameter.pathIDs("courseId"), body: NoteBody.self, purpose: .creation,
            otherStatuses: [409, 503]),
        OpenAPIOperation(
            .patch, "/v1/learn/{courseId}/notes/{noteId}", "Change one of my notes", tag: "notes",
            response: NoteResponse.self, requiresAuthentication: true,
            pathParameters: OpenAPIParameter.pathIDs("courseId", "noteId"),
            body: NotePatchBody.self),
        OpenAPIOperation(
            .delete, "/v1/learn/{courseId}/notes/{noteId}", "Delete one of my notes", tag: "notes",
            requiresAuthentication: true, successStatus: 204,
            pathParameters: OpenAPIParameter.pathIDs("courseId", "noteId")),
    ]

    static let reviews: [OpenAPIOperation] = [
        OpenAPIOperation(
            .get, "/v1/reviews",
            "A course's published reviews (newest, most helpful or highest rated first) and the ratings of all of them",
            tag: "reviews", response: ReviewPageResponse.self,
            queryParameters: [
                OpenAPIParameter.id("courseId").required,
                .oneOf("sort", ReviewStore.Sort.allCases.map(\.rawValue)), .limit(), .cursor,
            ], otherStatuses: [401]),
        OpenAPIOperation(
            .post, "/v1/reviews",
            "Review a course one has access to (403 notEnrolled otherwise; 409 reviewExists for a second review)",
            tag: "reviews", response: ReviewResponse.self, requiresAuthentication: true, successStatus: 201,
            body: ReviewBody.self, purpose: .creation, otherStatuses: [409]),
        OpenAPIOperation(
            .patch, "/v1/reviews/{id}", "Change my review's rating or comment", tag: "reviews",
            response: ReviewResponse.self, requiresAuthentication: true, pathParameters: OpenAPIParameter.pathIDs("id"),
            body: ReviewPatchBody.self),
        OpenAPIOperation(
            .delete, "/v1/reviews/{id}", "Delete my review", tag: "reviews", requiresAuthentication: true,
            successStatus: 204, pathParameters: OpenAPIParameter.pathIDs("id")),
        OpenAPIOperation(
            .post, "/v1/reviews/{id}/helpful", "Vote a published review helpful (once; not one's own: 403 ownReview)",
            tag: "reviews", response: ReviewResponse.self, requiresAuthentication: true,
            pathParameters: OpenAPIParameter.pathIDs("id")),
        OpenAPIOperation(
            .delete, "/v1/reviews/{id}/helpful", "Withdraw my helpful vote", tag: "reviews",
            response: ReviewResponse.self, requiresAuthentication: true, pathParameters: OpenAPIParameter.pathIDs("id")),
        OpenAPIOperation(
            .post, "/v1/admin/reviews/{id}/hide", "Hide a review, with the reason: no longer listed or counted (admin)",
            tag: "reviews", response: ReviewResponse.self, requiresAuthentication: true,
            pathParameters: OpenAPIParameter.pathIDs("id"),
            body: HideReviewBody.self),
        OpenAPIOperation(
            .post, "/v1/admin/reviews/{id}/restore", "Publish a hidden review again (admin)", tag: "reviews",
            response: ReviewResponse.self, requiresAuthentication: true, pathParameters: OpenAPIParameter.pathIDs("id")),
    ]

    static let internalOnly: [OpenAPIOperation] = [
        OpenAPIOperation(
            .get, "/internal/v1/enrollments", "A user's enrollments among up to 100 courses (service credential)",
            tag: "internal", response: InternalEnrollmentsResponse.self, requiresServiceCredential: true,
            queryParameters: [
                OpenAPIParameter.id("userId").required,
                OpenAPIParameter.text("courseIds", maximum: 3_700).required,
            ])
    ]
}
