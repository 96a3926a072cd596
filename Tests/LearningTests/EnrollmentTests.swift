import Contracts
import Crypto
import Foundation
import HTTP
import ServiceKit
import TestSupport
import Testing

@testable import Learning

@Suite("Enrollments")
struct EnrollmentTests {
    @Test func aFreeCourseEnrollsAtOnceAndEnrollingAgainGivesTheSameEnrollment() async throws {
        try await LearningHarness.with { h in
            let course = try await h.publish(LearningHarness.course())
            let (student, token) = try h.student()
            let first = await h.send(.post, "/v1/enrollments", json: ["courseId": course.lowercased], token: token)
            #expect(first.status == 201)
            #expect(first["status"] as? String == "active" && first["source"] as? String == "free")
            #expect(first["hasAccess"] as? Bool == true && first["userId"] as? String == student.lowercased)
            #expect(first.headers["location"] == "/v1/enrollments/\(first["id"] as? String ?? "")")
            let again = await h.send(.post, "/v1/enrollments", json: ["courseId": course.lowercased], token: token)
            #expect(again.status == 200 && again["id"] as? String == first["id"] as? String)
            let mine = await h.send(.get, "/v1/enrollments", token: token)
            #expect(mine.items.map { $0["id"] as? String } == [first["id"] as? String])
            #expect(try await h.stats(of: course).map(\.enrollmentCount) == [1])
        }
    }

    @Test func twentyConcurrentEnrollmentsOfOneStudentAreOneEnrollmentCountedOnce() async throws {
        try await LearningHarness.with { h in
            let course = try await h.publish(LearningHarness.course())
            let (_, token) = try h.student()
            let replies = await withTaskGroup(of: LearningHarness.Reply.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        await h.send(.post, "/v1/enrollments", json: ["courseId": course.lowercased], token: token)
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.filter { $0.status == 201 }.count == 1)
            #expect(replies.filter { $0.status == 200 }.count == 19)
            #expect(Set(replies.compactMap { $0["id"] as? String }).count == 1)
            let rows = try await h.pool.query("SELECT count(*)::int8 FROM enrollments")[0].decode(Int.self, at: 0)
            #expect(rows == 1)
            #expect(try await h.stats(of: course).map(\.enrollmentCount) == [1])
        }
    }

    @Test func twentyStudentsAtOnceAreCountedTwentyTimesInOrder() async throws {
        try await LearningHarness.with { h in
            let course = try await h.publish(LearningHarness.course())
            let statuses = await withTaskGroup(of: Int.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        let (_, token) = try! h.student()
                        return await h.send(
                            .post, "/v1/enrollments", json: ["courseId": course.lowercased], token: token
                        ).status
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 201, count: 20))
            let stats = try await h.stats(of: course)
            // Each announcement is one more than the last, with the next version: none lost, none out of order.
            #expect(stats.map(\.enrollmentCount) == Array(1...20))
            #expect(stats.map(\.version) == Array(1...20))
        }
    }

    @Test func aPaidCourseAUnlistedOneAndAnUnknownOneAreRefusedAndChangeNothing() async throws {
        try await FakeService.with("catalog") { router, internalOnly in
            router.group("/internal/v1/courses", middleware: [internalOnly]) { group in
                group.get(":id") { _, _ in throw ServiceError.notFound }
            }
        } _: { catalog in
            try await LearningHarness.with(settings: { $0.catalogURL = catalog.url }) { h in
                let paid = try await h.publish(LearningHarness.course(price: 4900))
                let draft = try await h.publish(LearningHarness.course(status: "draft"))
                let unlisted = try await h.publish(LearningHarness.course(isPublic: false))
                let (_, token) = try h.student()
                let payment = await h.send(.post, "/v1/enrollments", json: ["courseId": paid.lowercased], token: token)
                #expect(payment.status == 402 && payment.code == "paymentRequired")
                #expect(payment.headers["content-type"] == "application/problem+json")
                for closed in [draft, unlisted] {
                    let reply = await h.send(
                        .post, "/v1/enrollments", json: ["courseId": closed.lowercased], token: token)
                    #expect(reply.status == 409 && reply.code == "courseNotOpen")
                }
                let unknown = await h.send(
                    .post, "/v1/enrollments", json: ["courseId": UUID().lowercased], token: token)
                #expect(unknown.status == 422 && unknown.code == "unknownCourse")
                #expect(catalog.requestCount == 1)
                let rows = try await h.pool.query("SELECT count(*)::int8 FROM enrollments")[0].decode(Int.self, at: 0)
                #expect(rows == 0)
            }
        }
    }

    @Test func aCourseLearningHasNotSeenIsAskedOfCatalogOnceAndKept() async throws {
        let event = LearningHarness.course()
        let course = InternalCourse(
            id: event.id, slug: event.slug, title: event.title, status: "published", isPublic: true,
            instructorId: event.instructorId, instructorName: event.instructorName, categoryId: nil, price: 0,
            originalPrice: nil, currency: "USD", coverUrl: nil, lessonIds: event.lessonIds, lessonCount: 3,
            totalDurationSeconds: 900, sections: event.sections ?? [], version: 1, publishedAt: nil,
            updatedAt: "2026-12-01T10:00:00.000Z")
        try await FakeService.with("catalog") { router, internalOnly in
            router.group("/internal/v1/courses", middleware: [internalOnly]) { group in
                group.get(":id") { _, context in
                    guard context.parameters["id"] == course.id else { throw ServiceError.notFound }
                    return try .json(course)
                }
            }
        } _: { catalog in
            try await LearningHarness.with(settings: { $0.catalogURL = catalog.url }) { h in
                let (_, token) = try h.student()
                let reply = await h.send(.post, "/v1/enrollments", json: ["courseId": course.id], token: token)
                #expect(reply.status == 201)
                let player = await h.send(.get, "/v1/learn/\(course.id)", token: token)
                #expect(player.status == 200 && player["accessLevel"] as? String == "full")
                #expect(catalog.requestCount == 1)
            }
        }
    }

    @Test func catalogDownIsA503NotAnError() async throws {
        try await LearningHarness.with { h in
            let (_, token) = try h.student()
            let reply = await h.send(
                .post, "/v1/enrollments", json: ["courseId": UUID().lowercased], token: token)
            #expect(reply.status == 503 && reply.code == "catalogUnavailable" && reply.headers["retry-after"] == "5")
        }
    }

    @Test func hostileBodiesAreRefusedWithFieldErrorsAndChangeNothing() async throws {
        try await LearningHarness.with { h in
            let course = try await h.publish(LearningHarness.course())
            let (_, token) = try h.student()
            let bodies: [(String, String)] = [
                (#"{"courseId":"\#(course.lowercased)","status":"completed"}"#, "status"),
                (#"{"courseId":"\#(course.lowercased)","progressPercent":null}"#, "progressPercent"),
                (#"{"courseId":"\#(course.lowercased)\u0000"}"#, "courseId"),
                (#"{"courseId":"not-an-id"}"#, "courseId"),
                (#"{"courseId":7}"#, "courseId"),
                (#"{}"#, "courseId"),
                (#"{"courseId":"\#(course.lowercased)","a\u0001":1}"#, "a\u{1}"),
                (String(repeating: "[", count: 5_000), "body"),
            ]
            for (body, field) in bodies {
                let reply = await h.send(
                    Request(
                        method: .post, target: "/v1/enrollments",
                        headers: ["Content-Type": "application/json", "Authorization": "Bearer " + token],
                        body: Array(body.utf8)))
                #expect(reply.status == 400, "\(body.prefix(80))")
                let fields = (reply["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
                #expect(fields.contains(field) || field == "body", "\(body.prefix(80)): \(fields)")
            }
            // A huge value (the server's 4 KiB limit on this route is the HTTP layer's, not met in process).
            let huge = #"{"courseId":""# + String(repeating: "a", count: 10_000) + #""}"#
            let tooLarge = await h.send(
                Request(
                    method: .post, target: "/v1/enrollments",
                    headers: ["Content-Type": "application/json", "Authorization": "Bearer " + token],
                    body: Array(huge.utf8)))
            #expect(tooLarge.status == 400)
            let rows = try await h.pool.query("SELECT count(*)::int8 FROM enrollments")[0].decode(Int.self, at: 0)
            #expect(rows == 0)
        }
    }

    @Test func anotherStudentsEnrollmentIsNotThereButAnAdminSeesIt() async throws {
        try await LearningHarness.with { h in
            let course = try await h.publish(LearningHarness.course())
            let (_, owner) = try h.student()
            let (_, stranger) = try h.student()
            let id =
                await h.send(.post, "/v1/enrollments", json: ["courseId": course.lowercased], token: owner)[
                    "id"] as? String ?? ""
            #expect(await h.send(.get, "/v1/enrollments/\(id)", token: stranger).status == 404)
            #expect(await h.send(.get, "/v1/enrollments", token: stranger).items.isEmpty)
            #expect(await h.send(.get, "/v1/enrollments/\(id)", token: owner).status == 200)
            #expect(await h.send(.get, "/v1/enrollments/\(id)", token: try h.token(UUID(), role: .admin)).status == 200)
            #expect(await h.send(.get, "/v1/enrollments/\(id)").status == 401)
            #expect(await h.send(.post, "/v1/admin/enrollments/\(id)/cancel", token: owner).status == 403)
        }
    }

    @Test func listsArePagedAndFilteredAndRefuseWhatTheyDoNotTake() async throws {
        try await LearningHarness.with { h in
            let (_, token) = try h.student()
            var ids: [String] = []
            for _ in 0..<5 {
                let course = try await h.publish(LearningHarness.course())
                ids.append(
                    await h.send(.post, "/v1/enrollments", json: ["courseId": course.lowercased], token: token)["id"]
                        as? String ?? "")
            }
            var seen: [String] = []
            var cursor = ""
            repeat {
                let page = await h.send(.get, "/v1/enrollments?limit=2&cursor=\(cursor)", token: token)
                #expect(page.status == 200 && page.items.count <= 2)
                seen += page.items.compactMap { $0["id"] as? String }
                cursor = page["nextCursor"] as? String ?? ""
            } while !cursor.isEmpty
            #expect(seen == ids.reversed())
            #expect(await h.send(.get, "/v1/enrollments?status=active", token: token).items.count == 5)
            #expect(await h.send(.get, "/v1/enrollments?status=refunded", token: token).items.isEmpty)
            for bad in [
                "status=gone", "limit=0", "limit=101", "cursor=%00", "userId=x", "status=active&status=pending",
            ] {
                #expect(await h.send(.get, "/v1/enrollments?\(bad)", token: token).status == 400, "\(bad)")
            }
        }
    }

    @Test func anAdminEnrollsUntilATimeCancelsAndRestores() async throws {
        try await LearningHarness.with { h in
            let course = try await h.publish(LearningHarness.course(price: 4900))
            let admin = try h.token(UUID(), role: .admin)
            let (student, token) = try h.student()
            let body: [String: Any] = [
                "userId": student.lowercased, "courseId": course.lowercased, "expiresAt": "2099-01-01T00:00:00Z",
            ]
            let enrolled = await h.send(.post, "/v1/admin/enrollments", json: body, token: admin)
            #expect(enrolled.status == 201 && enrolled["source"] as? String == "admin")
            #expect(enrolled["expiresAt"] as? String == "2099-01-01T00:00:00.000Z")
            let id = enrolled["id"] as? String ?? ""
            #expect(await h.send(.get, "/v1/learn/\(course)", token: token)["accessLevel"] as? String == "full")
            let cancelled = await h.send(.post, "/v1/admin/enrollments/\(id)/cancel", token: admin)
            #expect(cancelled["status"] as? String == "cancelled" && cancelled["hasAccess"] as? Bool == false)
            #expect(await h.send(.get, "/v1/learn/\(course)", token: token)["accessLevel"] as? String == "limited")
            let restored = await h.send(.post, "/v1/admin/enrollments/\(id)/restore", token: admin)
            #expect(restored["status"] as? String == "active" && restored["expiresAt"] == nil)
            #expect(try await h.stats(of: course).map(\.enrollmentCount) == [1, 0, 1])
            var past = body
            past["expiresAt"] = "2001-01-01T00:00:00Z"
            #expect(await h.send(.post, "/v1/admin/enrollments", json: past, token: admin).status == 400)
            #expect(await h.send(.post, "/v1/admin/enrollments", json: body, token: token).status == 403)
            #expect(await h.send(.post, "/v1/admin/enrollments/\(UUID())/cancel", token: admin).status == 404)
        }
    }

    @Test func anExpiredEnrollmentGivesNoAccess() async throws {
        try await LearningHarness.with { h in
            let course = try await h.publish(LearningHarness.course())
            let (student, token) = try h.student()
            _ = await h.send(.post, "/v1/enrollments", json: ["courseId": course.lowercased], token: token)
            try await h.pool.execute(
                "UPDATE enrollments SET expires_at = now() - interval '1 second' WHERE user_id = \(student)")
            let mine = await h.send(.get, "/v1/enrollments", token: token)
            #expect(mine.items.first?["hasAccess"] as? Bool == false)
            #expect(await h.send(.get, "/v1/learn/\(course)", token: token)["accessLevel"] as? String == "limited")
        }
    }

    @Test func billingAsksWhichCoursesAUserOwnsWithTheServiceCredential() async throws {
        try await LearningHarness.with { h in
            let owned = try await h.publish(LearningHarness.course())
            let other = try await h.publish(LearningHarness.course())
            let (student, token) = try h.student()
            _ = await h.send(.post, "/v1/enrollments", json: ["courseId": owned.lowercased], token: token)
            let path =
                "/internal/v1/enrollments?userId=\(student.lowercased)&courseIds=\(owned.lowercased),\(other.lowercased)"
            let credential: HTTPHeaders = ["Authorization": h.service.configuration.credential.authorization()]
            let answer = await h.send(.get, path, headers: credential)
            #expect(answer.status == 200)
            #expect(answer.items.map { $0["courseId"] as? String } == [owned.lowercased])
            #expect(await h.send(.get, path, token: token).status == 401)
            #expect(
                await h.send(.get, "/internal/v1/enrollments?userId=x&courseIds=", headers: credential).status == 400)
        }
    }
}
