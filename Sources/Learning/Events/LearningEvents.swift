import Contracts
import Foundation
import HTTP
import Postgres
import ServiceKit
import Time

/// The events learning consumes. Each is applied in the transaction that records it in the inbox, and each
/// carries absolute state and a version, so any order and any number of deliveries end the same.
/// - `course.changed`: the local copy of the course (newer versions only), then everyone's progress recounted
///   against its current lessons;
/// - `payment.*`: the payment's grant on each enrollment it names;
/// - `user.changed`: instructors' names on the copies;
/// - `user.deleted`: the user's erasure (`PrivacyStore.erase`).
struct LearningEvents: Sendable {
    let service: LearningService

    var consumer: EventConsumer {
        let service = service
        var consumer = EventConsumer(pool: service.pool)
        consumer.on(.courseChanged) { course, _, connection in
            try await Self.apply(course, service: service, on: connection)
        }
        consumer.on(.userChanged) { user, _, connection in
            guard let id = UUID(uuidString: user.id) else { return }
            try await SnapshotStore.rename(instructor: id, to: "\(user.firstName) \(user.lastName)", on: connection)
        }
        consumer.on(.userDeleted) { user, _, connection in
            guard let id = UUID(uuidString: user.id) else {
                throw RequestError.validation([FieldError(field: "payload", message: "id must be an id")])
            }
            try await PrivacyStore.erase(user: id, stats: service.stats, on: connection)
        }
        for topic in EventTopic<PaymentChanged>.payments {
            consumer.on(topic) { payment, _, connection in
                try await Self.apply(payment, service: service, on: connection)
            }
        }
        return consumer
    }

    static func apply(_ event: CourseChanged, service: LearningService, on connection: PostgresConnection)
        async throws
    {
        var snapshot = CourseSnapshot(event)
        if snapshot == nil, let id = UUID(uuidString: event.id) {
            // An event without its outline: ask catalog (a failure is a 5xx, and the event comes again).
            snapshot = try await service.catalog.course(id).flatMap(CourseSnapshot.init)
        }
        guard let snapshot, try await SnapshotStore.store(snapshot, on: connection) else { return }
        try await ProgressStore.recount(course: snapshot.courseId, on: connection)
    }

    static func apply(_ event: PaymentChanged, service: LearningService, on connection: PostgresConnection)
        async throws
    {
        guard let payment = UUID(uuidString: event.paymentId), let user = UUID(uuidString: event.userId) else {
            throw RequestError.validation([FieldError(field: "payload", message: "paymentId and userId must be ids")])
        }
        let expiresAt = event.expiresAt.flatMap(RFC3339.date)
        for item in event.items {
            guard let course = UUID(uuidString: item.courseId),
                let status = EnrollmentGrant.Status(payment: event.status, isRefunded: item.isRefunded)
            else { continue }
            _ = try await EnrollmentStore.change(
                user: user, course: course,
                .payment(payment, status, version: event.version, expiresAt: status == .pending ? expiresAt : nil),
                ids: service.ids, stats: service.stats, on: connection)
        }
    }
}

extension EnrollmentGrant.Status {
    /// What a payment in `status` gives the course of one of its items; `nil` for a status learning does not
    /// know (the event changes nothing).
    init?(payment status: String, isRefunded: Bool) {
        if isRefunded {
            self = .refunded
            return
        }
        switch status {
        case "pending", "processing": self = .pending
        case "completed", "partially_refunded": self = .active
        case "refunded": self = .refunded
        case "failed", "cancelled": self = .cancelled
        default: return nil
        }
    }
}
