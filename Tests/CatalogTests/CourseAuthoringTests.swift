import Contracts
import Foundation
import Postgres
import Testing

@testable import Catalog

@Suite("Courses: creating drafts, their fields and slugs")
struct CourseAuthoringTests {
    @Test func anApprovedInstructorCreatesADraftWithEveryField() async throws {
        try await CatalogHarness.with { h in
            let (id, token) = try await h.instructorToken(first: "Ada", last: "Lovelace")
            let category = try await h.category("Programming")
            let reply = await h.send(
                .post, "/v1/courses",
                json: [
                    "title": "  Swift on the Server ", "description": "Short", "fullDescription": "Long",
                    "learningOutcomes": [" Write services "], "requirements": ["A Mac or Linux"],
                    "targetAudience": ["Developers"], "categoryId": category, "level": "Intermediate",
                    "tags": [" Swift", "swift", "SERVER "], "language": "pt-BR", "price": 4900, "originalPrice": 9900,
                    "currency": "eur", "coverUrl": "https://img.example/c.jpg", "previewUrl": "http://v.example/p.mp4",
                    "seoTitle": "Swift", "seoDescription": "Learn Swift", "isPublic": false,
                ], token: token)
            #expect(reply.status == 201)
            #expect(reply.headers["ETag"] == "\"1\"")
            #expect(reply.headers["Location"] == "/v1/courses/\(reply["id"] as? String ?? "")")
            #expect(reply["title"] as? String == "Swift on the Server")
            #expect(reply["slug"] as? String == "swift-on-the-server")
            #expect(reply["status"] as? String == "draft")
            #expect(reply["learningOutcomes"] as? [String] == ["Write services"])
            #expect(reply["level"] as? String == "intermediate")
            #expect(reply["tags"] as? [String] == ["swift", "server"])
            #expect(reply["language"] as? String == "pt-BR")
            #expect(reply["price"] as? Int == 4900)
            #expect(reply["originalPrice"] as? Int == 9900)
            #expect(reply["currency"] as? String == "EUR")
            #expect(reply["isPublic"] as? Bool == false)
            #expect(reply["seoDescription"] as? String == "Learn Swift")
            #expect((reply["category"] as? [String: Any])?["name"] as? String == "Programming")
            let instructor = try #require(reply["instructor"] as? [String: Any])
            #expect(instructor["id"] as? String == id.uuidString.lowercased())
            #expect(instructor["name"] as? String == "Ada Lovelace")
            #expect(reply["version"] as? Int == 1)
            #expect(reply["curriculum"] as? [Any] != nil)
        }
    }

    @Test func onlyApprovedInstructorsAndAdminsCreateCourses() async throws {
        try await CatalogHarness.with { h in
            let json: [String: Any] = ["title": "Anything"]
            #expect(await h.send(.post, "/v1/courses", json: json).status == 401)
            let student = try await h.instructor(first: "Sam", last: "Student")
            #expect(
                await h.send(.post, "/v1/courses", json: json, token: try h.token(student, role: .student)).status
                    == 403)
            let pending = try await h.instructor(first: "Pat", last: "Pending")
            let unapproved = try h.token(pending, role: .instructor, approved: false)
            #expect(await h.send(.post, "/v1/courses", json: json, token: unapproved).status == 403)
            let admin = try await h.instructor(first: "Ann", last: "Admin")
            let created = await h.send(.post, "/v1/courses", json: json, token: try h.token(admin, role: .admin))
            #expect(created.status == 201)
            #expect((created["instructor"] as? [String: Any])?["name"] as? String == "Ann Admin")
        }
    }

    @Test func badInputListsEveryBadFieldAndCreatesNothing() async throws {
        try await CatalogHarness.with { h in
            let (_, token) = try await h.instructorToken()
            let reply = await h.send(
                .post, "/v1/courses",
                json: [
                    "title": " ", "slug": "Bad Slug", "description": String(repeating: "d", count: 501),
                    "fullDescription": String(repeating: "f", count: 5001),
                    "learningOutcomes": Array(repeating: "x", count: 21), "requirements": [""],
                    "targetAudience": [String(repeating: "t", count: 201)], "categoryId": "nope", "level": "expert",
                    "tags": (0..<21).map { "tag\($0)" }, "language": "english!", "price": -1,
                    "originalPrice": 2_000_000_000, "currency": "XXX", "coverUrl": "ftp://example.com/c.jpg",
                    "previewUrl": "javascript:alert(1)", "seoTitle": String(repeating: "s", count: 71),
                    "seoDescription": String(repeating: "s", count: 161), "instructorId": "me",
                ], token: token)
            #expect(reply.status == 400)
            #expect(
                Set(CatalogHarness.fields(reply)) == [
                    "title", "slug", "description", "fullDescription", "learningOutcomes", "requirements.0",
                    "targetAudience.0", "categoryId", "level", "tags", "language", "price", "originalPrice", "currency",
                    "coverUrl", "previewUrl", "seoTitle", "seoDescription", "instructorId",
                ])
            let wrongType = await h.send(.post, "/v1/courses", json: ["title": "T", "price": "free"], token: token)
            #expect(CatalogHarness.fields(wrongType) == ["price"])
            let tooLongTag = await h.send(
                .post, "/v1/courses", json: ["title": "T", "tags": [String(repeating: "a", count: 31)]], token: token)
            #expect(CatalogHarness.fields(tooLongTag) == ["tags.0"])
            let unknownCategory = await h.send(
                .post, "/v1/courses", json: ["title": "T", "categoryId": UUID().uuidString], token: token)
            // Well formed, but naming nothing: 422 with the field, as the document says.
            #expect(unknownCategory.status == 422)
            #expect(unknownCategory["code"] as? String == "unknownCategory")
            #expect(CatalogHarness.fields(unknownCategory) == ["categoryId"])
            #expect(CatalogHarness.fields(await h.send(.post, "/v1/courses", json: [:], token: token)) == ["title"])
            let count = try await h.pool.query("SELECT count(*) FROM courses")
            #expect(try count[0].decode(Int.self, at: 0) == 0)
        }
    }

    @Test func slugsComeFromTitlesAreNumberedWhenTakenAndCanBeChosen() async throws {
        try await CatalogHarness.with { h in
            let (_, token) = try await h.instructorToken()
            var slugs: [String] = []
            for _ in 0..<3 {
                let reply = await h.send(.post, "/v1/courses", json: ["title": "Crème Brûlée: 101!"], token: token)
                slugs.append(reply["slug"] as? String ?? "")
            }
            #expect(slugs == ["creme-brulee-101", "creme-brulee-101-2", "creme-brulee-101-3"])
            let chosen = await h.send(.post, "/v1/courses", json: ["title": "X", "slug": "my-course"], token: token)
            #expect(chosen["slug"] as? String == "my-course")
            let taken = await h.send(.post, "/v1/courses", json: ["title": "Y", "slug": "my-course"], token: token)
            #expect(taken.status == 409)
            #expect(taken.code == "slugTaken")
            let uuidShaped = await h.send(
                .post, "/v1/courses", json: ["title": "Z", "slug": UUID().uuidString.lowercased()], token: token)
            #expect(CatalogHarness.fields(uuidShaped) == ["slug"])
            let id = try #require(chosen["id"] as? String)
            let clash = await h.send(
                .patch, "/v1/courses/\(id)", json: ["slug": "creme-brulee-101"], token: token,
                headers: ["If-Match": "\"1\""])
            #expect(clash.code == "slugTaken")
            let renamed = await h.send(
                .patch, "/v1/courses/\(id)", json: ["slug": "renamed", "version": 1], token: token)
            #expect(renamed.status == 200)
            #expect(await h.send(.get, "/v1/courses/renamed", token: token)["id"] as? String == id)
            #expect(await h.send(.get, "/v1/courses/my-course", token: token).status == 404)
        }
    }

    @Test func draftsCreatedAtOnceWithTheSameTitleGetDistinctSlugs() async throws {
        try await CatalogHarness.with { h in
            let (_, token) = try await h.instructorToken()
            let slugs = await withTaskGroup(of: String?.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        await h.send(.post, "/v1/courses", json: ["title": "Same Title"], token: token)["slug"]
                            as? String
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(Set(slugs.compactMap { $0 }) == Set(["same-title"] + (2...6).map { "same-title-\($0)" }))
        }
    }

    @Test func anUnknownInstructorsNameComesFromIdentityOnce() async throws {
        let id = UUID()
        try await FakeIdentity.with(
            users: [("grace@campus.localhost", FakeIdentity.user(id, first: "Grace", last: "Hopper"))]
        ) { identity in
            try await CatalogHarness.with(settings: { $0.identityURL = identity.url }) { h in
                let token = try h.token(id, role: .instructor)
                let first = await h.send(.post, "/v1/courses", json: ["title": "COBOL"], token: token)
                #expect(first.status == 201)
                #expect((first["instructor"] as? [String: Any])?["name"] as? String == "Grace Hopper")
                #expect(await h.send(.post, "/v1/courses", json: ["title": "Compilers"], token: token).status == 201)
                #expect(identity.requestCount == 1)
                let stored = try await h.pool.query("SELECT display_name FROM instructors WHERE id = \(id)")
                #expect(try stored[0].decode(String.self, at: 0) == "Grace Hopper")
                let stranger = try h.token(UUID(), role: .instructor)
                #expect(await h.send(.post, "/v1/courses", json: ["title": "X"], token: stranger).status == 403)
            }
        }
    }

    @Test func whenIdentityCannotBeReachedCreatingIs503AndChangesNothing() async throws {
        try await CatalogHarness.with(settings: { $0.identityURL = "http://127.0.0.1:1" }) { h in
            let reply = await h.send(
                .post, "/v1/courses", json: ["title": "T"], token: try h.token(UUID(), role: .instructor))
            #expect(reply.status == 503)
            #expect(reply.code == "identityUnavailable")
            let count = try await h.pool.query("SELECT count(*) FROM courses")
            #expect(try count[0].decode(Int.self, at: 0) == 0)
        }
    }
}
