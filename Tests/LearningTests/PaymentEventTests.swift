import Contracts
import Crypto
import Foundation
import HTTP
import ServiceKit
import TestSupport
import Testing

@testable import Learning

@Suite("Enrollments from payment events")
struct PaymentEventTests {
    /// A payment event of `student` for `courses`, in `status` at `version`.
    static func payment(
        _ id: UUID, student: UUID, courses: [UUID], _ status: String, version: Int, refunded: Set<UUID> = []
    ) -> PaymentChanged {
        PaymentChanged(
            paymentId: id.lowercased, userId: student.lowercased, status: status,
            items: courses.map { PaymentChangedItem(courseId: $0.lowercased, isRefunded: refunded.contains($0)) },
            expiresAt: status == "pending" ? "2099-01-01T00:00:00Z" : nil, version: version,
            updatedAt: "2026-12-01T10:00:00Z")
    }

    static func topic(_ status: String) -> EventTopic<PaymentChanged> {
        switch status {
        case "pending": .paymentPending
        case "completed": .paymentCompleted
        case "failed": .paymentFailed
        case "cancelled": .paymentCancelled
        default: .paymentRefunded
        }
    }

    /// The end state of `user`'s enrollment in `course`: status and access.
    static func state(_ h: LearningHarness, _ user: UUID, _ course: UUID) async throws -> (String, Bool)? {
        guard let enrollment = try await h.service.enrollments.find(user: user, course: course) else { return nil }
        return (enrollment.status.rawValue, enrollment.hasAccess())
    }

    @Test func pendingThenCompletedThenRefundedEndsTheSameInAnyOrderAndAnyNumberOfTimes() async throws {
        try await LearningHarness.with { h in
            let course = try await h.publish(LearningHarness.course(price: 4900))
            let steps = [("pending", 1), ("completed", 2), ("refunded", 3)]
            // Every order of the three, each order with its first event delivered twice more at the end.
            let orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]]
            var counts: [Int] = []
            for order in orders {
                let student = UUIDv7Generator().next()
                let payment = UUIDv7Generator().next()
                var events: [(UUID, String, Int)] = order.map { (UUIDv7Generator().next(), steps[$0].0, steps[$0].1) }
                events += [events[0], events[0]]
                for (id, status, version) in events {
                    let reply = try await h.deliver(
                        Self.topic(status),
                        Self.payment(payment, student: student, courses: [course], status, version: version),
                        from: "billing", id: id)
                    #expect(reply.status == 200)
                }
                let end = try await Self.state(h, student, course)
                #expect(end?.0 == "refunded" && end?.1 == false, "order \(order)")
                counts.append(try await h.stats(of: course).last?.enrollmentCount ?? 0)
            }
            #expect(counts.allSatisfy { $0 == 0 })
        }
    }

    @Test func aPaymentThatFailsCancelsUnlessAnotherSourceGivesAccess() async throws {
        try await LearningHarness.with { h in
            let paid = try await h.publish(LearningHarness.course(price: 4900))
            let free = try await h.publish(LearningHarness.course(price: 0))
            let (student, token) = try h.student()
            _ = await h.send(.post, "/v1/enrollments", json: ["courseId": free.lowercased], token: token)
            let payment = UUIDv7Generator().next()
            for (status, version) in [("pending", 1), ("failed", 2)] {
                try await h.deliver(
                    Self.topic(status),
                    Self.payment(payment, student: student, courses: [paid, free], status, version: version),
                    from: "billing")
            }
            #expect(try await Self.state(h, student, paid)! == ("cancelled", false))
            #expect(try await Self.state(h, student, free)! == ("active", true))
        }
    }

    @Test func aPendingPaymentGivesNoAccessAndACompletedOneDoes() async throws {
        try await LearningHarness.with { h in
            let course = try await h.publish(LearningHarness.course(price: 4900))
            let (student, token) = try h.student()
            let payment = UUIDv7Generator().next()
            try await h.deliver(
                .paymentPending, Self.payment(payment, student: student, courses: [course], "pending", version: 1),
                from: "billing")
            let pending = await h.send(.get, "/v1/enrollments", token: token).items.first
            #expect(pending?["status"] as? String == "pending" && pending?["hasAccess"] as? Bool == false)
            #expect(pending?["paymentId"] as? String == payment.lowercased)
            #expect(await h.send(.get, "/v1/learn/\(course)", token: token)["accessLevel"] as? String == "limited")
            try await h.deliver(
                .paymentCompleted,
                Self.payment(payment, student: student, courses: [course], "completed", version: 2), from: "billing")
            let active = await h.send(.get, "/v1/enrollments", token: token).items.first
            #expect(active?["status"] as? String == "active" && active?["source"] as? String == "purchase")
            #expect(await h.send(.get, "/v1/learn/\(course)", token: token)["accessLevel"] as? String == "full")
        }
    }

    @Test func aRefundNamingOneItemRevokesThatCourseAtOnceAndLeavesTheOther() async throws {
        try await LearningHarness.with { h in
            let first = try await h.publish(LearningHarness.course(price: 4900))
            let second = try await h.publish(LearningHarness.course(price: 2900))
            let (student, token) = try h.student()
            let payment = UUIDv7Generator().next()
            try await h.deliver(
                .paymentCompleted,
                Self.payment(payment, student: student, courses: [first, second], "completed", version: 2),
                from: "billing")
            let player = await h.send(.get, "/v1/learn/\(first)", token: token)
            let locked = ((player["sections"] as? [[String: Any]])?.first?["lessons"] as? [[String: Any]])?[1]
            let lockedID = locked?["id"] as? String ?? ""
            #expect(await h.send(.get, "/v1/learn/\(first)/lessons/\(lockedID)", token: token).status == 200)
            try await h.deliver(
                .paymentRefunded,
                Self.payment(
                    payment, student: student, courses: [first, second], "partially_refunded", version: 3,
                    refunded: [first]), from: "billing")
            let refused = await h.send(.get, "/v1/learn/\(first)/lessons/\(lockedID)", token: token)
            #expect(refused.status == 403 && refused.code == "lessonLocked")
            #expect(try await Self.state(h, student, first)! == ("refunded", false))
            #expect(try await Self.state(h, student, second)! == ("active", true))
        }
    }

    @Test func aMalformedPaymentEventIsRefusedAndAnUnknownStatusChangesNothing() async throws {
        try await LearningHarness.with { h in
            let course = try await h.publish(LearningHarness.course(price: 4900))
            let student = UUIDv7Generator().next()
            var bad = Self.payment(
                UUIDv7Generator().next(), student: student, courses: [course], "completed", version: 1)
            bad.userId = "nobody"
            #expect(try await h.deliver(.paymentCompleted, bad, from: "billing").status == 400)
            let odd = Self.payment(UUIDv7Generator().next(), student: student, courses: [course], "haunted", version: 1)
            #expect(try await h.deliver(.paymentCompleted, odd, from: "billing").status == 200)
            #expect(try await Self.state(h, student, course) == nil)
            let garbage = await h.deliver(topicNamed: "payment.completed", payload: Data(#"{"paymentId":[]}"#.utf8))
            #expect(garbage.status == 500)
        }
    }
}
