import Foundation
import HTTP
import ServiceKit
import Time

/// `POST /v1/admin/discounts`, `PUT /v1/admin/discounts/{id}`: a discount code and its rules (`code` is kept on
/// a change).
struct DiscountBody: StrictDecodable, BodyExample {
    var code: String
    /// `percent` or `fixed`.
    var kind: String
    /// For `percent`: 1 to 10,000 (10,000 = all of the price).
    var percentBasisPoints: Int?
    /// For `fixed`: minor units of `currency`.
    var amount: Int?
    var currency: String?
    var startsAt: String?
    var endsAt: String?
    var maxRedemptions: Int?
    var maxPerUser: Int?
    /// `all`, `courses` or `categories`.
    var scope: String
    /// The courses or categories of the scope.
    var scopeIds: [String]?
    var minimumAmount: Int?
    var minimumCurrency: String?
    var isActive: Bool?

    static var example: String {
        #"{"code":"WELCOME10","kind":"percent","percentBasisPoints":1000,"scope":"all","maxRedemptions":100,"maxPerUser":1}"#
    }

    func validate() -> [FieldError] {
        var errors = Checks.matches(code, "code", TextPattern.discountCode, "must be 3 to 40 letters, digits, - or _")
        errors += Checks.oneOf(kind, "kind", ["percent", "fixed"])
        errors += Checks.oneOf(scope, "scope", ["all", "courses", "categories"])
        if kind == "percent" {
            if let percentBasisPoints {
                errors += Checks.range(percentBasisPoints, "percentBasisPoints", 1...10_000)
            } else {
                errors.append(FieldError(field: "percentBasisPoints", message: "is required for a percent code"))
            }
            errors += Checks.absent(amount, "amount", "is only for a fixed code")
            errors += Checks.absent(currency, "currency", "is only for a fixed code")
        } else if kind == "fixed" {
            if let amount {
                errors += Checks.range(amount, "amount", 1...1_000_000_000)
            } else {
                errors.append(FieldError(field: "amount", message: "is required for a fixed code"))
            }
            errors += Self.currency(currency, "currency", required: true)
            errors += Checks.absent(percentBasisPoints, "percentBasisPoints", "is only for a percent code")
        }
        var window: [Date] = []
        for (value, field) in [(startsAt, "startsAt"), (endsAt, "endsAt")] {
            guard let value else { continue }
            errors += Checks.format(value, field, "date-time", maximum: 40, "must be an RFC 3339 time") {
                RFC3339.date($0) != nil
            }
            if let date = RFC3339.date(value) { window.append(date) }
        }
        if window.count == 2, window[0] >= window[1] {
            errors.append(FieldError(field: "endsAt", message: "must be after startsAt"))
        }
        if let maxRedemptions { errors += Checks.range(maxRedemptions, "maxRedemptions", 1...10_000_000) }
        if let maxPerUser { errors += Checks.range(maxPerUser, "maxPerUser", 1...10_000) }
        let ids = scopeIds ?? []
        if ids.count > 100 { errors.append(FieldError(field: "scopeIds", message: "must name at most 100 ids")) }
        for (index, id) in ids.prefix(100).enumerated() { errors += Checks.id(id, "scopeIds[\(index)]") }
        if scope == "all", !ids.isEmpty {
            errors.append(FieldError(field: "scopeIds", message: "must be empty for the scope all"))
        }
        if scope != "all", ids.isEmpty {
            errors.append(FieldError(field: "scopeIds", message: "must name the courses or categories of the scope"))
        }
        if let minimumAmount {
            errors += Checks.range(minimumAmount, "minimumAmount", 0...1_000_000_000)
            errors += Self.currency(minimumCurrency, "minimumCurrency", required: true)
        } else {
            errors += Checks.absent(minimumCurrency, "minimumCurrency", "goes with minimumAmount")
        }
        return errors
    }

    /// An ISO 4217 code of three upper-case letters.
    static func currency(_ value: String?, _ field: String, required: Bool) -> [FieldError] {
        guard let value else {
            return required ? [FieldError(field: field, message: "is required")] : []
        }
        return Checks.matches(value, field, TextPattern.currency, "must be an ISO 4217 code such as USD")
    }
}

/// `PUT /v1/admin/tax-rates`: the rate of a country, or of one of its regions.
struct TaxRateBody: StrictDecodable, BodyExample {
    var country: String
    var region: String?
    /// 0 to 10,000 (1 = 0.01%).
    var basisPoints: Int
    var name: String

    static var example: String { #"{"country":"US","region":"CA","basisPoints":725,"name":"California sales tax"}"# }

    func validate() -> [FieldError] {
        var errors = Checks.matches(country, "country", TextPattern.country, "must be an ISO 3166-1 alpha-2 code")
        if let region { errors += Checks.text(region, "region", maximum: 40, required: true) }
        errors += Checks.range(basisPoints, "basisPoints", 0...10_000)
        errors += Checks.text(name, "name", maximum: 100, required: true)
        return errors
    }
}

extension TextPattern {
    /// An ISO 4217 currency code (three upper-case letters).
    static let currency = TextPattern("^[A-Z]{3}$")
}
