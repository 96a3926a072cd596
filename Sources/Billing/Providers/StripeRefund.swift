import Foundation

/// The part of a Stripe Refund billing reads, from an API answer or an event's `data.object`.
struct StripeRefund: Decodable, Sendable, Equatable {
    /// Where a refund is (`status`); any status Stripe adds later decodes too.
    struct Status: RawRepresentable, Hashable, Sendable, Decodable, CustomStringConvertible {
        let rawValue: String

        init(rawValue: String) { self.rawValue = rawValue }

        init(from decoder: any Decoder) throws {
            rawValue = try decoder.singleValueContainer().decode(String.self)
        }

        var description: String { rawValue }

        /// Sent to the card network, not settled yet.
        static let pending = Status(rawValue: "pending")
        /// The buyer must act before it can go on.
        static let requiresAction = Status(rawValue: "requires_action")
        /// Settled: the money went back.
        static let succeeded = Status(rawValue: "succeeded")
        /// Failed: the money stays with us.
        static let failed = Status(rawValue: "failed")
        /// Canceled before it settled.
        static let canceled = Status(rawValue: "canceled")
    }

    /// Stripe's id, `re_…`.
    let id: String
    /// Its status.
    let status: Status
    /// The amount refunded, in the currency's minor units.
    let amount: Int
    /// The payment intent it refunds (`pi_…`).
    let paymentIntent: String?
    /// Our refund's id, from `metadata[refund_id]` (`nil` when absent or not a UUID).
    let refundID: UUID?

    private enum CodingKeys: String, CodingKey {
        case id, status, amount, metadata
        case paymentIntent = "payment_intent"
    }

    private struct Metadata: Decodable {
        let refundID: String?
        private enum CodingKeys: String, CodingKey { case refundID = "refund_id" }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        status = try container.decode(Status.self, forKey: .status)
        amount = try container.decode(Int.self, forKey: .amount)
        paymentIntent = try container.decodeIfPresent(String.self, forKey: .paymentIntent)
        refundID = try container.decodeIfPresent(Metadata.self, forKey: .metadata)?.refundID.flatMap { UUID(text: $0) }
    }
}
