import Contracts
import Foundation
import HTTP
import IO
import ServiceKit
import TestSupport
import Testing

@testable import Identity

// Serialized: each test migrates a schema of its own, and the whole suite shares two cores.
@Suite(.serialized) struct ExportTests {
    /// What the fake learning answers for `user`: one enrollment with a lesson done, a note, a review, a vote.
    static func learning(of user: String) -> LearningExport {
        let time = "2026-12-01T10:00:00.000Z"
        return LearningExport(
            userId: user,
            enrollments: [
                LearningExport.Enrollment(
                    id: "0193a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a70", courseId: "0193a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a71",
                    status: "active", source: "free", paymentId: nil, progressPercent: 50, timeSpentSeconds: 60,
                    currentLessonId: nil, positionSeconds: nil, enrolledAt: time, startedAt: time, completedAt: nil,
                    expiresAt: nil, lastAccessedAt: time, updatedAt: time,
                    grants: [
                        LearningExport.Grant(
                            source: "free", paymentId: nil, status: "active", expiresAt: nil, updatedAt: time)
                    ],
                    completedLessons: [
                        LearningExport.CompletedLesson(
                            lessonId: "0193a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a72", completedAt: time)
                    ])
            ],
            notes: [
                LearningExport.Note(
                    id: "0193a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a73", courseId: "0193a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a71",
                    lessonId: "0193a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a72", seconds: 12, body: "remember this",
                    createdAt: time, updatedAt: time)
            ],
            reviews: [
                LearningExport.Review(
                    id: "0193a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a74", courseId: "0193a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a71",
                    rating: 4, comment: "good", helpfulCount: 2, status: "published", hiddenReason: nil,
                    createdAt: time, updatedAt: time)
            ],
            helpfulVotes: [
                LearningExport.HelpfulVote(
                    reviewId: "0193a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a75", courseId: "0193a5b2-7c3d-7e4f-8a1b-2c3d4e5f6a71",
                    createdAt: time)
            ], submissions: [], certificates: [])
    }

    /// A failure of the fake learning's handler (answered 500).
    struct Broken: Error {}

    @Test func theExportCarriesLearningsPartOfTheCallerOnly() async throws {
        let asked = Locked<[String]>([])
        try await FakeService.with("learning") { router, internalOnly in
            router.group("/internal/v1/users", middleware: [internalOnly]) { group in
                group.get(":id/export") { _, context in
                    let id = context.parameters["id"] ?? ""
                    asked.withLock { $0.append(id) }
                    return try .json(Self.learning(of: id))
                }
            }
        } _: { learning in
            try await IdentityHarness.with(settings: { $0.learningURL = learning.url }) { h in
                let id = try await h.signUp("export@example.com")
                try await h.signUp("someone-else@example.com")
                let token = await h.logIn("export@example.com").access
                let export = await h.send(.get, "/v1/me/export", token: token)
                #expect(export.status == 200)
                #expect((export["account"] as? [String: Any])?["email"] as? String == "export@example.com")
                #expect(export.headers["content-disposition"]?.contains("attachment") == true)
                let part = try JSONSerialization.data(withJSONObject: try #require(export["learning"]))
                #expect(try JSONDecoder().decode(LearningExport.self, from: part) == Self.learning(of: id))
                #expect(asked.withLock { $0 } == [id])
                #expect(!export.text.contains("someone-else"))
                #expect(await h.send(.get, "/v1/me/export").status == 401)
            }
        }
    }

    @Test func theExportIsA503WhenLearningCannotGiveItsPart() async throws {
        try await FakeService.with("learning") { router, internalOnly in
            router.group("/internal/v1/users", middleware: [internalOnly]) { group in
                group.get(":id/export") { _, _ in throw Broken() }
            }
        } _: { learning in
            // Failing, not there (404: a wrong address) and not listening.
            for url in [learning.url, learning.url + "/missing", "http://127.0.0.1:9"] {
                try await IdentityHarness.with(settings: { $0.learningURL = url }) { h in
                    try await h.signUp("down@example.com")
                    let token = await h.logIn("down@example.com").access
                    let export = await h.send(.get, "/v1/me/export", token: token)
                    #expect(export.status == 503 && export.code == "learningUnavailable", "\(url)")
                    #expect(export.headers["content-type"] == "application/problem+json")
                    #expect(export.headers["retry-after"] == "5")
                    #expect(!export.text.contains("down@example.com"))
                }
            }
        }
    }

    @Test func learningsAddressDefaultsToTheDevelopmentPortAndCanBeSet() throws {
        let key = FileManager.default.temporaryDirectory.appendingPathComponent("identity-export-test.pem")
        try Data("not read here".utf8).write(to: key)
        var defaults = ConfigurationReader(environment: ["IDENTITY_SIGNING_KEY_FILE": key.path])
        #expect(IdentitySettings(reader: &defaults).learningURL == "http://127.0.0.1:8103")
        var set = ConfigurationReader(
            environment: ["IDENTITY_SIGNING_KEY_FILE": key.path, "IDENTITY_LEARNING_URL": "http://learning:8083"])
        #expect(IdentitySettings(reader: &set).learningURL == "http://learning:8083")
        #expect(set.problems.isEmpty)
    }
}
