import Foundation

/// Where a payment is. `pending` waits for the buyer (and expires), `processing` waits for the provider's word,
/// `completed` gave access, and refunds move it to `partially_refunded` or `refunded`.
enum PaymentStatus: String, Codable, CaseIterable, Sendable {
    case pending, processing, completed, failed, cancelled, refunded
    case partiallyRefunded = "partially_refunded"

    /// Waiting to be paid: may still complete, fail or be cancelled.
    var isOpen: Bool { self == .pending || self == .processing }
    /// Paid, wholly or partly kept.
    var isPaid: Bool { self == .completed || self == .partiallyRefunded || self == .refunded }
}

/// How a payment is paid. `free` is a checkout whose total is 0 (a 100% code): completed at once, no provider.
enum PaymentMethod: String, Codable, CaseIterable, Sendable {
    case stripe, sslcommerz, cash, free
}

/// A payment as stored.
struct Payment: Sendable {
    var id: UUID
    var userId: UUID
    var status: PaymentStatus
    var method: PaymentMethod
    var currency: String
    var subtotal: Int
    var discount: Int
    var tax: Int
    var total: Int
    var refunded: Int
    var taxInclusive: Bool
    var discountCodeId: UUID?
    var country: String?
    var region: String?
    var customerName: String
    var customerEmail: String
    var billingAddress: String
    var providerReference: String?
    var providerAction: String?
    var flagged: String?
    var failure: String?
    var receiptNumber: String?
    var cashReference: String?
    var expiresAt: Date?
    var completedAt: Date?
    var version: Int
    var createdAt: Date
    var updatedAt: Date
    var items: [PaymentItem]
}

/// A course a payment buys, as priced at checkout.
struct PaymentItem: Sendable {
    var position: Int
    var courseId: UUID
    var title: String
    var instructorId: UUID
    var instructorName: String
    var unitAmount: Int
    var discount: Int
    var tax: Int
    var total: Int
    var refunded: Int
}
