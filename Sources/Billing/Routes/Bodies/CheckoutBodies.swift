import Foundation
import HTTP
import ServiceKit

/// `POST /v1/checkout/quote`: what to price. Prices come from catalog, never from here.
struct QuoteBody: StrictDecodable, BodyExample {
    var courseIds: [String]
    var discountCode: String?
    /// ISO 3166-1 alpha-2, for the tax rate.
    var country: String?
    var region: String?

    static var example: String { #"{"courseIds":["0193a1b2-0000-7000-8000-000000000001"],"country":"US"}"# }

    func validate() -> [FieldError] {
        var errors: [FieldError] = []
        if courseIds.isEmpty || courseIds.count > 20 {
            errors.append(FieldError(field: "courseIds", message: "must name 1 to 20 courses"))
        }
        for (index, id) in courseIds.enumerated() { errors += Checks.id(id, "courseIds[\(index)]") }
        if Set(courseIds.map { $0.lowercased() }).count != courseIds.count {
            errors.append(FieldError(field: "courseIds", message: "must not name a course twice"))
        }
        if let discountCode {
            errors += Checks.matches(
                discountCode, "discountCode", TextPattern.discountCode, "must be 3 to 40 letters, digits, - or _")
        }
        if let country {
            errors += Checks.matches(country, "country", TextPattern.country, "must be an ISO 3166-1 alpha-2 code")
        }
        if let region { errors += Checks.text(region, "region", maximum: 40, required: true) }
        return errors
    }
}

/// Where the buyer is billed (on the receipt).
struct BillingAddress: Codable, Sendable, Equatable {
    var name: String
    var email: String
    var line1: String
    var line2: String?
    var city: String
    var postalCode: String?
    var country: String
    var phone: String?

    func validate() -> [FieldError] {
        var errors = Checks.text(name, "billingAddress.name", maximum: 200, required: true)
        errors += Checks.matches(email, "billingAddress.email", TextPattern.receiptEmail, "must be an e-mail address")
        errors += Checks.text(line1, "billingAddress.line1", maximum: 200, required: true)
        if let line2 { errors += Checks.text(line2, "billingAddress.line2", maximum: 200) }
        errors += Checks.text(city, "billingAddress.city", maximum: 100, required: true)
        if let postalCode { errors += Checks.text(postalCode, "billingAddress.postalCode", maximum: 20) }
        errors += Checks.matches(
            country, "billingAddress.country", TextPattern.country, "must be an ISO 3166-1 alpha-2 code")
        if let phone { errors += Checks.text(phone, "billingAddress.phone", maximum: 30) }
        return errors
    }
}

/// `POST /v1/checkout`: the quote's fields, how to pay, and where to bill. Needs an `Idempotency-Key`.
struct CheckoutBody: StrictDecodable, BodyExample {
    var courseIds: [String]
    var discountCode: String?
    var country: String?
    var region: String?
    /// `stripe`, `sslcommerz` or `cash`.
    var method: String
    var billingAddress: BillingAddress

    static var example: String {
        #"{"courseIds":["0193a1b2-0000-7000-8000-000000000001"],"country":"US","method":"cash","billingAddress":{"name":"Ada Lovelace","email":"ada@example.com","line1":"1 Analytical Way","city":"London","country":"GB"}}"#
    }

    var quote: QuoteBody {
        QuoteBody(courseIds: courseIds, discountCode: discountCode, country: country, region: region)
    }

    func validate() -> [FieldError] {
        quote.validate() + Checks.oneOf(method, "method", ["stripe", "sslcommerz", "cash"]) + billingAddress.validate()
    }
}

/// `POST /v1/admin/payments/{id}/mark-paid`: the cash received. Needs an `Idempotency-Key`.
struct MarkPaidBody: StrictDecodable, BodyExample {
    /// The receipt or slip of the cash taken.
    var reference: String

    static var example: String { #"{"reference":"Front desk slip 0042"}"# }

    func validate() -> [FieldError] { Checks.text(reference, "reference", maximum: 200, required: true) }
}

extension TextPattern {
    /// A discount code: 3 to 40 ASCII letters, digits, `-` and `_`.
    static let discountCode = TextPattern("^[A-Za-z0-9_-]{3,40}$")
    /// An ISO 3166-1 alpha-2 country code (two upper-case letters).
    static let country = TextPattern("^[A-Z]{2}$")
    /// An e-mail address for a receipt (ASCII).
    static let receiptEmail = TextPattern(
        "^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}([.][A-Za-z0-9-]{1,63}){0,8}[.][A-Za-z]{2,24}$")
}
