/// A topic of events between services (DESIGN §7), tied to the payload its events carry: an outbox appends and a
/// consumer handles a topic only with its own `Payload`, so the two cannot disagree. A payload carries absolute
/// state and a version, so a consumer can apply events in any order and ignore one older than what it has.
///
/// The topics between services are declared once, below; subscriptions still name topics by pattern (`user.*`).
public struct EventTopic<Payload: Codable & Sendable>: Sendable, Equatable {
    /// The topic as it travels in the outbox and the envelope, e.g. `user.changed`.
    public let name: String

    /// A topic named `name` whose events carry `Payload`.
    public init(_ name: String) {
        self.name = name
    }
}

extension EventTopic where Payload == UserChanged {
    /// identity → all: a user's public names, image, role or status changed.
    public static var userChanged: Self { Self("user.changed") }
}

extension EventTopic where Payload == UserDeleted {
    /// identity → all: a user deleted their account; erase what refers to them.
    public static var userDeleted: Self { Self("user.deleted") }
}

extension EventTopic where Payload == CourseChanged {
    /// catalog → learning, billing: a course's absolute state.
    public static var courseChanged: Self { Self("course.changed") }
}

extension EventTopic where Payload == CourseStats {
    /// learning → catalog: a course's enrollment count and rating.
    public static var courseStats: Self { Self("course.stats") }
}

extension EventTopic where Payload == PaymentChanged {
    /// billing → learning: a checkout made a pending payment; its courses are pending (no access yet).
    public static var paymentPending: Self { Self("payment.pending") }
    /// billing → learning: a payment was completed; its courses give access.
    public static var paymentCompleted: Self { Self("payment.completed") }
    /// billing → learning: a payment failed; its pending courses are cancelled.
    public static var paymentFailed: Self { Self("payment.failed") }
    /// billing → learning: a payment was cancelled or expired; its pending courses are cancelled.
    public static var paymentCancelled: Self { Self("payment.cancelled") }
    /// billing → learning: a payment was refunded, whole or in part; each refunded item's access ends.
    public static var paymentRefunded: Self { Self("payment.refunded") }

    /// Every topic of billing's payment events.
    public static var payments: [Self] {
        [.paymentPending, .paymentCompleted, .paymentFailed, .paymentCancelled, .paymentRefunded]
    }
}
