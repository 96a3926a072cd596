/// The part of a Stripe Charge billing reads from a `charge.*` event: how much of it has been refunded.
struct StripeCharge: Decodable, Sendable, Equatable {
    /// Stripe's id, `ch_…`.
    let id: String
    /// The payment intent it belongs to (`pi_…`).
    let paymentIntent: String?
    /// The amount charged, in the currency's minor units.
    let amount: Int
    /// The amount refunded so far, in minor units.
    let amountRefunded: Int
    /// The ISO currency code, lower case.
    let currency: String
    /// Whether all of it has been refunded.
    let isRefunded: Bool

    private enum CodingKeys: String, CodingKey {
        case id, amount, currency
        case paymentIntent = "payment_intent"
        case amountRefunded = "amount_refunded"
        case isRefunded = "refunded"
    }
}
