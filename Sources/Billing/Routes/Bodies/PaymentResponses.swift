import Foundation
import Time

/// A course of a quote or payment, as priced.
struct PricedItemResponse: Codable, Sendable {
    var courseId: String
    var title: String
    var instructorId: String
    var instructorName: String
    /// Minor units of the payment's currency, as are all amounts.
    var unitAmount: Int
    var discount: Int
    var tax: Int
    var total: Int
    /// What was refunded of it (payments only).
    var refunded: Int?
}

/// `POST /v1/checkout/quote`: the price of a checkout, as the server computes it.
struct QuoteResponse: Codable, Sendable {
    /// ISO 4217.
    var currency: String
    /// Decimal places of the currency's major unit (JPY 0, USD 2, BHD 3).
    var currencyExponent: Int
    var items: [PricedItemResponse]
    var subtotal: Int
    var discount: Int
    var tax: Int
    var total: Int
    /// Whether the prices include the tax (else it is added).
    var taxInclusive: Bool
    /// The tax rate applied, basis points (1 = 0.01%); 0 without one.
    var taxBasisPoints: Int
    /// The discount code applied, as stored.
    var discountCode: String?
}

/// A payment as answers show it to its buyer and to admins.
struct PaymentResponse: Codable, Sendable {
    var id: String
    var userId: String
    /// `pending`, `processing`, `completed`, `failed`, `cancelled`, `refunded` or `partially_refunded`.
    var status: String
    /// `stripe`, `sslcommerz`, `cash` or `free`.
    var method: String
    var currency: String
    var currencyExponent: Int
    var items: [PricedItemResponse]
    var subtotal: Int
    var discount: Int
    var tax: Int
    var total: Int
    var refunded: Int
    var taxInclusive: Bool
    var receiptNumber: String?
    /// Stripe: the PaymentIntent's client secret, for the browser to pay with Stripe.js (open payments only).
    var clientSecret: String?
    /// SSLCommerz: the gateway page to send the browser to (open payments only).
    var redirectUrl: String?
    var failure: String?
    var expiresAt: String?
    var completedAt: String?
    var createdAt: String
    var updatedAt: String

    init(_ payment: Payment) {
        id = payment.id.lowercased
        userId = payment.userId.lowercased
        status = payment.status.rawValue
        method = payment.method.rawValue
        currency = payment.currency
        currencyExponent = Currency(payment.currency)?.exponent ?? 2
        items = payment.items.map {
            PricedItemResponse(
                courseId: $0.courseId.lowercased, title: $0.title, instructorId: $0.instructorId.lowercased,
                instructorName: $0.instructorName, unitAmount: $0.unitAmount, discount: $0.discount, tax: $0.tax,
                total: $0.total, refunded: $0.refunded)
        }
        subtotal = payment.subtotal
        discount = payment.discount
        tax = payment.tax
        total = payment.total
        refunded = payment.refunded
        taxInclusive = payment.taxInclusive
        receiptNumber = payment.receiptNumber
        if payment.status.isOpen {
            clientSecret = payment.method == .stripe ? payment.providerAction : nil
            redirectUrl = payment.method == .sslcommerz ? payment.providerAction : nil
        }
        failure = payment.failure
        expiresAt = payment.status.isOpen ? RFC3339.milliseconds(payment.expiresAt) : nil
        completedAt = RFC3339.milliseconds(payment.completedAt)
        createdAt = RFC3339.milliseconds(payment.createdAt)
        updatedAt = RFC3339.milliseconds(payment.updatedAt)
    }
}
