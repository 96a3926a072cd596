import Foundation

/// The part of a Stripe PaymentIntent billing reads, from an API answer or an event's `data.object`.
struct StripePaymentIntent: Decodable, Sendable, Equatable {
    /// Where a payment intent is in its life (`status`); any status Stripe adds later decodes too.
    struct Status: RawRepresentable, Hashable, Sendable, Decodable, CustomStringConvertible {
        let rawValue: String

        init(rawValue: String) { self.rawValue = rawValue }

        init(from decoder: any Decoder) throws {
            rawValue = try decoder.singleValueContainer().decode(String.self)
        }

        var description: String { rawValue }

        /// Waiting for the buyer to give a payment method (also after a declined attempt).
        static let requiresPaymentMethod = Status(rawValue: "requires_payment_method")
        /// Waiting for confirmation.
        static let requiresConfirmation = Status(rawValue: "requires_confirmation")
        /// Waiting for the buyer (3-D Secure, a redirect).
        static let requiresAction = Status(rawValue: "requires_action")
        /// The payment method is being charged.
        static let processing = Status(rawValue: "processing")
        /// Authorised, waiting for capture.
        static let requiresCapture = Status(rawValue: "requires_capture")
        /// Canceled: it can no longer be paid.
        static let canceled = Status(rawValue: "canceled")
        /// Paid.
        static let succeeded = Status(rawValue: "succeeded")
    }

    /// Stripe's id, `pi_…`.
    let id: String
    /// Its status.
    let status: Status
    /// The amount asked for, in the currency's minor units.
    let amount: Int
    /// The amount received so far, in minor units.
    let amountReceived: Int
    /// The ISO currency code, lower case as Stripe writes it.
    let currency: String
    /// The secret the buyer's browser confirms the payment with (absent from some answers).
    let clientSecret: String?
    /// Our payment's id, from `metadata[payment_id]` (`nil` when absent or not a UUID).
    let paymentID: UUID?
    /// Why the last attempt failed (`last_payment_error.message`), meant for the buyer.
    let lastPaymentErrorMessage: String?

    private enum CodingKeys: String, CodingKey {
        case id, status, amount, currency, metadata
        case amountReceived = "amount_received"
        case clientSecret = "client_secret"
        case lastPaymentError = "last_payment_error"
    }

    private struct Metadata: Decodable {
        let paymentID: String?
        private enum CodingKeys: String, CodingKey { case paymentID = "payment_id" }
    }

    private struct LastPaymentError: Decodable {
        let message: String?
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        status = try container.decode(Status.self, forKey: .status)
        amount = try container.decode(Int.self, forKey: .amount)
        amountReceived = try container.decodeIfPresent(Int.self, forKey: .amountReceived) ?? 0
        currency = try container.decode(String.self, forKey: .currency)
        clientSecret = try container.decodeIfPresent(String.self, forKey: .clientSecret)
        let metadata = try container.decodeIfPresent(Metadata.self, forKey: .metadata)
        paymentID = metadata?.paymentID.flatMap { UUID(text: $0) }
        lastPaymentErrorMessage = try container.decodeIfPresent(LastPaymentError.self, forKey: .lastPaymentError)?
            .message
    }
}
