/// Payload of billing's `payment.pending`, `payment.completed`, `payment.failed`, `payment.cancelled` and
/// `payment.refunded`: a payment's absolute state after a change, for learning's enrollments.
///
/// `version` grows with every change of the payment, so a consumer keeps the highest it has seen per payment
/// and ignores older ones: events in any order, any number of times, give the same end state.
public struct PaymentChanged: Codable, Sendable, Equatable {
    /// The payment's id (UUIDv7, lower case).
    public var paymentId: String
    /// The buyer's user id.
    public var userId: String
    /// `pending`, `processing`, `completed`, `failed`, `cancelled`, `refunded` or `partially_refunded`.
    public var status: String
    /// The courses the payment is for, each with whether it was refunded.
    public var items: [PaymentChangedItem]
    /// When a pending payment expires (RFC 3339 UTC); `nil` once it is no longer pending.
    public var expiresAt: String?
    /// The payment's version (higher is newer).
    public var version: Int
    /// When the payment last changed, RFC 3339 UTC.
    public var updatedAt: String

    /// Creates the payload.
    public init(
        paymentId: String, userId: String, status: String, items: [PaymentChangedItem], expiresAt: String?,
        version: Int, updatedAt: String
    ) {
        self.paymentId = paymentId
        self.userId = userId
        self.status = status
        self.items = items
        self.expiresAt = expiresAt
        self.version = version
        self.updatedAt = updatedAt
    }
}

/// A course of a `PaymentChanged`.
public struct PaymentChangedItem: Codable, Sendable, Equatable {
    /// The course's id.
    public var courseId: String
    /// Whether this item was refunded (in full), which revokes the access it gave.
    public var isRefunded: Bool

    /// Creates an item.
    public init(courseId: String, isRefunded: Bool) {
        self.courseId = courseId
        self.isRefunded = isRefunded
    }
}
