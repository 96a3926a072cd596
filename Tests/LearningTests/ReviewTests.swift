import Contracts
import Crypto
import Foundation
import HTTP
import ServiceKit
import TestSupport
import Testing

@testable import Learning

@Suite("Reviews")
struct ReviewTests {
    @Test func onlyStudentsWithAccessReviewAndOnlyOnceEvenUnderTwentyConcurrentRequests() async throws {
        try await LearningHarness.with { h in
            let course = try await h.publish(LearningHarness.course())
            let (_, outsider) = try h.student()
            let body: [String: Any] = ["courseId": course.lowercased, "rating": 4]
            let refused = await h.send(.post, "/v1/reviews", json: body, token: outsider)
            #expect(refused.status == 403 && refused.code == "notEnrolled")
            #expect(await h.send(.post, "/v1/reviews", json: body).status == 401)
            // An enrollment that no longer gives access does not let one review.
            let (_, cancelled) = try await h.enrolledStudent(in: course)
            let enrollment = await h.send(.get, "/v1/enrollments", token: cancelled).items[0]["id"] as! String
            let admin = try h.token(UUID(), role: .admin)
            #expect(await h.send(.post, "/v1/admin/enrollments/\(enrollment)/cancel", token: admin).status == 200)
            #expect(await h.send(.post, "/v1/reviews", json: body, token: cancelled).code == "notEnrolled")

            let (student, token) = try await h.enrolledStudent(in: course)
            let created = await h.send(.post, "/v1/reviews", json: body, token: token)
            #expect(created.status == 201)
            #expect(created["rating"] as? Int == 4 && created["comment"] as? String == "")
            #expect(created["userId"] as? String == student.lowercased && created["status"] as? String == "published")
            let again = await h.send(.post, "/v1/reviews", json: body, token: token)
            #expect(again.status == 409 && again.code == "reviewExists")

            let (_, eager) = try await h.enrolledStudent(in: course)
            let statuses = await withTaskGroup(of: Int.self) { group in
                for n in 0..<20 {
                    group.addTask {
                        await h.send(
                            .post, "/v1/reviews", json: ["courseId": course.lowercased, "rating": n % 5 + 1],
                            token: eager
                        ).status
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 201 }.count == 1)
            #expect(statuses.filter { $0 == 409 }.count == 19)
            #expect(try await h.count("reviews") == 2)
            #expect(try await h.stats(of: course).last?.ratingCount == 2)
        }
    }

    @Test func onlyTheAuthorChangesOrDeletesTheirReview() async throws {
        try await LearningHarness.with { h in
            let course = try await h.publish(LearningHarness.course())
            let (_, token) = try await h.enrolledStudent(in: course)
            let (_, other) = try await h.enrolledStudent(in: course)
            let admin = try h.token(UUID(), role: .admin)
            let id = try await h.review(course, rating: 3, comment: "fine", token: token)
            for someone in [other, admin] {
                #expect(await h.send(.patch, "/v1/reviews/\(id)", json: ["rating": 1], token: someone).status == 404)
                #expect(await h.send(.delete, "/v1/reviews/\(id)", token: someone).status == 404)
            }
            #expect(await h.send(.patch, "/v1/reviews/not-an-id", json: ["rating": 1], token: token).status == 404)
            let changed = await h.send(
                .patch, "/v1/reviews/\(id)", json: ["comment": "  better\nthan I thought  "], token: token)
            #expect(changed.status == 200)
            #expect(changed["comment"] as? String == "better\nthan I thought" && changed["rating"] as? Int == 3)
            let rated = await h.send(.patch, "/v1/reviews/\(id)", json: ["rating": 5, "comment": ""], token: token)
            #expect(rated["rating"] as? Int == 5 && rated["comment"] as? String == "")
            #expect(await h.send(.delete, "/v1/reviews/\(id)", token: token).status == 204)
            #expect(await h.send(.delete, "/v1/reviews/\(id)", token: token).status == 404)
            // Deleted, the author may review the course again.
            _ = try await h.review(course, rating: 2, token: token)
        }
    }

    @Test func helpfulVotesCountOncePerVoterAndNeverTheAuthorsOwn() async throws {
        try await LearningHarness.with { h in
            let course = try await h.publish(LearningHarness.course())
            let (_, author) = try await h.enrolledStudent(in: course)
            let id = try await h.review(course, rating: 5, token: author)
            let own = await h.send(.post, "/v1/reviews/\(id)/helpful", token: author)
            #expect(own.status == 403 && own.code == "ownReview")
            #expect(await h.send(.delete, "/v1/reviews/\(id)/helpful", token: author).code == "ownReview")
            #expect(await h.send(.post, "/v1/reviews/\(id)/helpful").status == 401)
            #expect(await h.send(.post, "/v1/reviews/\(UUID().lowercased)/helpful", token: author).status == 404)

            // Anyone signed in may vote, enrolled or not.
            let (_, voter) = try h.student()
            #expect(await h.send(.post, "/v1/reviews/\(id)/helpful", token: voter)["helpfulCount"] as? Int == 1)
            #expect(await h.send(.post, "/v1/reviews/\(id)/helpful", token: voter)["helpfulCount"] as? Int == 1)
            #expect(await h.send(.delete, "/v1/reviews/\(id)/helpful", token: voter)["helpfulCount"] as? Int == 0)
            #expect(await h.send(.delete, "/v1/reviews/\(id)/helpful", token: voter)["helpfulCount"] as? Int == 0)

            for method in [HTTPMethod.post, .delete] {
                let counts = await withTaskGroup(of: Int?.self) { group in
                    for _ in 0..<20 {
                        group.addTask {
                            await h.send(method, "/v1/reviews/\(id)/helpful", token: voter)["helpfulCount"] as? Int
                        }
                    }
                    return await group.reduce(into: []) { $0.append($1) }
                }
                let expected = method == .post ? 1 : 0
                #expect(counts.allSatisfy { $0 == expected }, "\(method) \(counts)")
                #expect(try await h.count("review_votes") == expected)
                #expect(try await h.service.reviews.find(UUID(uuidString: id)!)?.helpfulCount == expected)
            }
        }
    }

    @Test func onlyAdminsHideAndRestoreAndHiddenReviewsAreNeitherListedNorSummarized() async throws {
        try await LearningHarness.with { h in
            let course = try await h.publish(LearningHarness.course())
            let (_, first) = try await h.enrolledStudent(in: course)
            let (_, second) = try await h.enrolledStudent(in: course)
            let kept = try await h.review(course, rating: 5, token: first)
            let spam = try await h.review(course, rating: 1, comment: "buy followers", token: second)
            let admin = try h.token(UUID(), role: .admin)
            let instructor = try h.token(UUID(), role: .instructor)
            for someone in [first, second, instructor] {
                #expect(
                    await h.send(.post, "/v1/admin/reviews/\(spam)/hide", json: ["reason": "spam"], token: someone)
                        .status == 403)
                #expect(await h.send(.post, "/v1/admin/reviews/\(spam)/restore", token: someone).status == 403)
            }
            let reasons: [Any] = ["", "   ", String(repeating: "x", count: 501), 5, "line\nbreak"]
            for reason in reasons {
                #expect(
                    await h.send(.post, "/v1/admin/reviews/\(spam)/hide", json: ["reason": reason], token: admin)
                        .status == 400)
            }
            #expect(await h.send(.post, "/v1/admin/reviews/\(spam)/hide", json: [:], token: admin).status == 400)
            #expect(
                await h.send(
                    .post, "/v1/admin/reviews/\(UUID().lowercased)/hide", json: ["reason": "spam"], token: admin
                ).status == 404)

            let hidden = await h.send(
                .post, "/v1/admin/reviews/\(spam)/hide", json: ["reason": " Advertising "], token: admin)
            #expect(hidden.status == 200)
            #expect(hidden["status"] as? String == "hidden" && hidden["hiddenReason"] as? String == "Advertising")
            var list = await h.send(.get, "/v1/reviews?courseId=\(course.lowercased)")
            #expect(list.items.map { $0["id"] as? String } == [kept])
            #expect(list.summary == Summary(average: 5, count: 1, histogram: [0, 0, 0, 0, 1]))
            // A hidden review takes no votes, but its author still changes it.
            let (_, voter) = try h.student()
            #expect(await h.send(.post, "/v1/reviews/\(spam)/helpful", token: voter).status == 404)
            let edited = await h.send(.patch, "/v1/reviews/\(spam)", json: ["rating": 2], token: second)
            #expect(edited["status"] as? String == "hidden" && edited["rating"] as? Int == 2)

            let restored = await h.send(.post, "/v1/admin/reviews/\(spam)/restore", token: admin)
            #expect(restored.status == 200 && restored["status"] as? String == "published")
            #expect(restored["hiddenReason"] == nil)
            list = await h.send(.get, "/v1/reviews?courseId=\(course.lowercased)&sort=rating")
            #expect(list.items.map { $0["id"] as? String } == [kept, spam])
            #expect(list.summary == Summary(average: 3.5, count: 2, histogram: [0, 1, 0, 0, 1]))
        }
    }

    @Test func everySortPagesThroughEveryPublishedReviewOnceInItsOrder() async throws {
        try await LearningHarness.with { h in
            let course = try await h.publish(LearningHarness.course())
            let otherCourse = try await h.publish(LearningHarness.course())
            var ids: [String] = []
            for rating in [4, 2, 5, 4, 1, 4, 3, 5] {
                let (_, token) = try await h.enrolledStudent(in: course)
                ids.append(try await h.review(course, rating: rating, token: token))
            }
            let (_, elsewhere) = try await h.enrolledStudent(in: otherCourse)
            _ = try await h.review(otherCourse, rating: 1, token: elsewhere)
            // Ties within a microsecond and rows a few microseconds apart in one millisecond, which a cursor in
            // milliseconds would skip or repeat.
            let times = [
                "2026-03-01 10:00:00.123456", "2026-03-01 10:00:00.123456", "2026-03-01 10:00:00.123457",
                "2026-03-01 10:00:00.123999", "2026-03-01 10:00:00.123456", "2026-02-01 08:00:00",
                "2026-03-01 10:00:00.124", "2026-03-01 10:00:00.123456",
            ]
            for (id, time) in zip(ids, times) {
                try await h.pool.execute(
                    "UPDATE reviews SET created_at = \(time)::timestamp AT TIME ZONE 'UTC' WHERE id = \(UUID(uuidString: id)!)"
                )
            }
            let (_, voter) = try h.student()
            let (_, another) = try h.student()
            for (index, voters) in [(0, [voter, another]), (3, [voter]), (6, [voter, another]), (7, [another])] {
                for token in voters { _ = await h.send(.post, "/v1/reviews/\(ids[index])/helpful", token: token) }
            }
            let rows = try await h.pool.query(
                """
                SELECT id, rating, helpful_count, (extract(epoch FROM created_at) * 1000000)::int8 FROM reviews
                WHERE course_id = \(course)
                """
            ).decode((UUID, Int, Int, Int).self)
            func expected(_ value: ((UUID, Int, Int, Int)) -> Int) -> [String] {
                rows.sorted { a, b in
                    (value(a), a.3, a.0.lowercased) > (value(b), b.3, b.0.lowercased)
                }.map { $0.0.lowercased }
            }
            let orders = ["newest": expected { _ in 0 }, "helpful": expected { $0.2 }, "rating": expected { $0.1 }]
            for (sort, order) in orders {
                for limit in [1, 3, 8, 20] {
                    let listed = await h.pages("/v1/reviews?courseId=\(course.lowercased)&sort=\(sort)&limit=\(limit)")
                    #expect(listed == order, "\(sort) by \(limit)")
                }
            }
            #expect(await h.pages("/v1/reviews?courseId=\(course.lowercased)&limit=3") == orders["newest"])

            let first = await h.send(.get, "/v1/reviews?courseId=\(course.lowercased)&sort=helpful&limit=2")
            #expect(first.summary == Summary(average: 3.5, count: 8, histogram: [1, 1, 1, 3, 2]))
            let cursor = first["nextCursor"] as! String
            let bad = [
                "/v1/reviews", "/v1/reviews?courseId=nope", "/v1/reviews?courseId=\(course.lowercased)&sort=oldest",
                "/v1/reviews?courseId=\(course.lowercased)&sort=rating&cursor=\(cursor)",
                "/v1/reviews?courseId=\(otherCourse.lowercased)&sort=helpful&cursor=\(cursor)",
                "/v1/reviews?courseId=\(course.lowercased)&cursor=garbage",
                "/v1/reviews?courseId=\(course.lowercased)&limit=0",
                "/v1/reviews?courseId=\(course.lowercased)&courseId=\(course.lowercased)",
                "/v1/reviews?courseId=\(course.lowercased)&status=hidden",
            ]
            for target in bad { #expect(await h.send(.get, target).status == 400, "\(target)") }
            #expect(await h.send(.get, "/v1/reviews?courseId=\(course.lowercased)", token: "nonsense").status == 401)
            let signedIn = await h.send(.get, "/v1/reviews?courseId=\(course.lowercased)", token: voter)
            #expect(signedIn.status == 200 && signedIn.items.count == 8)
            let none = await h.send(.get, "/v1/reviews?courseId=\(UUID().lowercased)")
            #expect(none.items.isEmpty && none["nextCursor"] is NSNull)
            #expect(none.summary == Summary(average: 0, count: 0, histogram: [0, 0, 0, 0, 0]))
        }
    }

    @Test func hostileBodiesAreRefusedAndStoreNothing() async throws {
        try await LearningHarness.with { h in
            let course = try await h.publish(LearningHarness.course())
            let (_, token) = try await h.enrolledStudent(in: course)
            let id = course.lowercased
            let bad: [[String: Any]] = [
                ["courseId": id, "rating": 0], ["courseId": id, "rating": 6], ["courseId": id, "rating": 2.5],
                ["courseId": id, "rating": "5"], ["courseId": id, "rating": -1], ["courseId": id],
                ["courseId": id, "rating": NSNull()], ["courseId": "nope", "rating": 5], ["rating": 5],
                ["courseId": id, "rating": 5, "comment": String(repeating: "é", count: 2_001)],
                ["courseId": id, "rating": 5, "comment": "nul\u{0}"], ["courseId": id, "rating": 5, "comment": 5],
                ["courseId": id, "rating": 5, "helpfulCount": 100], ["courseId": id, "rating": 5, "status": "hidden"],
                ["courseId": id, "rating": 5, "userId": UUID().lowercased],
                ["courseId": id, "rating": 5, "hiddenReason": "x"],
            ]
            for body in bad {
                #expect(await h.send(.post, "/v1/reviews", json: body, token: token).status == 400, "\(body)")
            }
            #expect(try await h.count("reviews") == 0)
            #expect(try await h.stats(of: course).allSatisfy { $0.ratingCount == 0 })

            let longest = String(repeating: "é", count: 2_000)
            let review = try await h.review(course, rating: 3, comment: longest, token: token)
            let badChanges: [[String: Any]] = [
                ["rating": 0], ["rating": 6], ["rating": 4.5], ["rating": "4"],
                ["comment": String(repeating: "a", count: 2_001)],
                ["comment": "tab\u{0}"], ["helpfulCount": 9], ["status": "hidden"], ["rating": 4, "courseId": id],
            ]
            for body in badChanges {
                #expect(
                    await h.send(.patch, "/v1/reviews/\(review)", json: body, token: token).status == 400, "\(body)")
            }
            let stored = try await h.service.reviews.find(UUID(uuidString: review)!)
            #expect(stored?.rating == 3 && stored?.comment == longest && stored?.helpfulCount == 0)
            #expect(stored?.status == .published)
        }
    }

    @Test func courseStatsFollowThePublishedRatingsThroughEveryChange() async throws {
        try await LearningHarness.with { h in
            let course = try await h.publish(LearningHarness.course())
            let (_, ann) = try await h.enrolledStudent(in: course)
            let (_, ben) = try await h.enrolledStudent(in: course)
            let admin = try h.token(UUID(), role: .admin)
            let enrolled = try await h.stats(of: course).count
            let annReview = try await h.review(course, rating: 5, token: ann)
            let benReview = try await h.review(course, rating: 2, token: ben)
            _ = await h.send(.patch, "/v1/reviews/\(annReview)", json: ["rating": 3], token: ann)
            // Neither a comment nor the same rating changes the counts.
            _ = await h.send(.patch, "/v1/reviews/\(annReview)", json: ["comment": "ok", "rating": 3], token: ann)
            _ = await h.send(.post, "/v1/admin/reviews/\(benReview)/hide", json: ["reason": "spam"], token: admin)
            _ = await h.send(.post, "/v1/admin/reviews/\(benReview)/hide", json: ["reason": "still spam"], token: admin)
            // A hidden review's rating is not counted, before or after a change.
            _ = await h.send(.patch, "/v1/reviews/\(benReview)", json: ["rating": 4], token: ben)
            _ = await h.send(.post, "/v1/admin/reviews/\(benReview)/restore", token: admin)
            _ = await h.send(.post, "/v1/admin/reviews/\(benReview)/restore", token: admin)
            #expect(await h.send(.delete, "/v1/reviews/\(annReview)", token: ann).status == 204)
            _ = await h.send(.post, "/v1/admin/reviews/\(benReview)/hide", json: ["reason": "spam"], token: admin)
            #expect(await h.send(.delete, "/v1/reviews/\(benReview)", token: ben).status == 204)

            let stats = try await h.stats(of: course)
            #expect(stats.map(\.version) == Array(1...stats.count))
            #expect(stats.dropFirst(enrolled).allSatisfy { $0.enrollmentCount == 2 })
            let ratings = stats.dropFirst(enrolled).map { Rating($0.ratingAverage, $0.ratingCount) }
            #expect(
                ratings == [
                    Rating(5, 1), Rating(3.5, 2), Rating(2.5, 2), Rating(3, 1), Rating(3.5, 2), Rating(4, 1),
                    Rating(0, 0),
                ])
        }
    }

    @Test func twentyStudentsReviewingAtOnceAreCountedExactlyWithConsecutiveVersions() async throws {
        try await LearningHarness.with { h in
            let course = try await h.publish(LearningHarness.course())
            var tokens: [String] = []
            for _ in 0..<20 { tokens.append(try await h.enrolledStudent(in: course).1) }
            let statuses = await withTaskGroup(of: Int.self) { group in
                for (n, token) in tokens.enumerated() {
                    group.addTask {
                        await h.send(
                            .post, "/v1/reviews", json: ["courseId": course.lowercased, "rating": n % 5 + 1],
                            token: token
                        ).status
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 201, count: 20))
            let stats = try await h.stats(of: course)
            #expect(stats.map(\.version) == Array(1...40))
            #expect(stats.dropFirst(20).map(\.ratingCount) == Array(1...20))
            #expect(stats.last?.ratingAverage == 3 && stats.last?.enrollmentCount == 20)
            let list = await h.send(.get, "/v1/reviews?courseId=\(course.lowercased)")
            #expect(list.summary == Summary(average: 3, count: 20, histogram: [4, 4, 4, 4, 4]))
        }
    }
}

/// A course's rating as `course.stats` carries it.
private struct Rating: Equatable, CustomStringConvertible {
    var average: Double
    var count: Int

    init(_ average: Double, _ count: Int) {
        self.average = average
        self.count = count
    }

    var description: String { "\(average)×\(count)" }
}

/// The `summary` of a list of reviews.
private struct Summary: Equatable {
    var average: Double
    var count: Int
    /// One to five stars.
    var histogram: [Int]
}

extension ServiceHarness.Reply {
    /// The `summary` of `GET /v1/reviews`.
    fileprivate var summary: Summary? {
        guard let summary = json["summary"] as? [String: Any], let histogram = summary["histogram"] as? [String: Int]
        else { return nil }
        return Summary(
            average: summary["average"] as? Double ?? -1, count: summary["count"] as? Int ?? -1,
            histogram: (1...5).map { histogram[String($0)] ?? -1 })
    }
}

extension ServiceHarness where S == LearningService {
    /// A new student enrolled in the free `course`: their id and token.
    fileprivate func enrolledStudent(in course: UUID) async throws -> (UUID, String) {
        let (id, token) = try student()
        let reply = await send(.post, "/v1/enrollments", json: ["courseId": course.lowercased], token: token)
        #expect(reply.status == 201)
        return (id, token)
    }

    /// Publishes the review of the holder of `token`; its id.
    fileprivate func review(_ course: UUID, rating: Int, comment: String? = nil, token: String) async throws
        -> String
    {
        var body: [String: Any] = ["courseId": course.lowercased, "rating": rating]
        if let comment { body["comment"] = comment }
        let reply = await send(.post, "/v1/reviews", json: body, token: token)
        #expect(reply.status == 201, "\(reply.text)")
        return try #require(reply["id"] as? String)
    }

    /// The ids of every page of the list at `target`, following `nextCursor`.
    fileprivate func pages(_ target: String) async -> [String] {
        var ids: [String] = []
        var cursor = ""
        repeat {
            let page = await send(.get, target + (cursor.isEmpty ? "" : "&cursor=\(cursor)"))
            guard page.status == 200 else {
                Issue.record("\(target): \(page.status) \(page.text)")
                return ids
            }
            ids += page.items.compactMap { $0["id"] as? String }
            cursor = page["nextCursor"] as? String ?? ""
        } while !cursor.isEmpty && ids.count < 100
        return ids
    }

    /// How many rows `table` holds.
    fileprivate func count(_ table: String) async throws -> Int {
        try await pool.query("SELECT count(*)::int8 FROM \(identifier: table)")[0].decode(Int.self, at: 0)
    }
}
