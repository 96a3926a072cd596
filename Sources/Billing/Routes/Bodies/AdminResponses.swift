import Foundation
import Time

/// A discount code as admins see it.
struct DiscountResponse: Codable, Sendable {
    var id: String
    var code: String
    var kind: String
    var percentBasisPoints: Int?
    var amount: Int?
    var currency: String?
    var startsAt: String?
    var endsAt: String?
    var maxRedemptions: Int?
    var maxPerUser: Int?
    /// Places held by open payments and redeemed by completed ones.
    var redemptions: Int
    var scope: String
    var scopeIds: [String]
    var minimumAmount: Int?
    var minimumCurrency: String?
    var isActive: Bool
    var createdAt: String
    var updatedAt: String

    init(_ code: DiscountCode) {
        id = code.id.lowercased
        self.code = code.code
        kind = code.kind
        percentBasisPoints = code.percentBasisPoints
        amount = code.amount
        currency = code.currency
        startsAt = RFC3339.milliseconds(code.startsAt)
        endsAt = RFC3339.milliseconds(code.endsAt)
        maxRedemptions = code.maxRedemptions
        maxPerUser = code.maxPerUser
        redemptions = code.redemptions
        scope = code.scope
        scopeIds = code.scopeIds.map(\.lowercased)
        minimumAmount = code.minimumAmount
        minimumCurrency = code.minimumCurrency
        isActive = code.isActive
        createdAt = RFC3339.milliseconds(code.createdAt)
        updatedAt = RFC3339.milliseconds(code.updatedAt)
    }
}

/// A tax rate as admins see it.
struct TaxRateResponse: Codable, Sendable {
    var id: String
    var country: String
    /// Empty for the whole country.
    var region: String
    var basisPoints: Int
    var name: String

    init(_ rate: TaxRate) {
        id = rate.id.lowercased
        country = rate.country
        region = rate.region
        basisPoints = rate.basisPoints
        name = rate.name
    }
}

/// `GET /v1/admin/tax-rates`.
struct TaxRateListResponse: Codable, Sendable {
    var items: [TaxRateResponse]
}
