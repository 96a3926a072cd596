import Contracts
import Foundation
import HTTP
import ServiceKit

/// `/v1/checkout*`: a quote (pure) and a checkout (a pending payment, or a completed one when it costs nothing).
/// Prices come from catalog, ownership from learning and billing's own paid items; the client only names courses.
struct CheckoutRoutes: Sendable {
    let service: BillingService

    /// A checkout priced: the courses, the discount code and tax rate used, and the amounts.
    struct Priced: Sendable {
        var currency: String
        var lines: [Pricing.Line]
        var priced: Pricing.Priced
        var discount: DiscountCode?
        var taxBasisPoints: Int
    }

    /// Prices `body` for `user`.
    /// - Throws: 422 for courses not for sale, mixed currencies or an unusable code; 409 for courses owned already;
    ///   503 when catalog or learning cannot answer.
    static func price(_ body: QuoteBody, user: UUID, service: BillingService, requestId: String) async throws -> Priced
    {
        let ids = body.courseIds.compactMap(UUID.init(uuidString:))
        let found: [InternalCourse]
        do {
            found = try await service.catalog.courses(ids, requestId: requestId)
        } catch is InternalCallError {
            throw BillingError.dependencyUnavailable
        }
        let byID = Dictionary(found.map { ($0.id.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        var lines: [Pricing.Line] = []
        var refused: [String] = []
        var currencies: [String] = []
        for id in ids {
            guard let course = byID[id.lowercased], course.status == "published", course.isPublic,
                let price = course.price, price > 0, Currency(course.currency) != nil
            else {
                refused.append(id.lowercased)
                continue
            }
            if !currencies.contains(course.currency) { currencies.append(course.currency) }
            lines.append(
                Pricing.Line(
                    courseId: id.lowercased, title: course.title, instructorId: course.instructorId,
                    instructorName: course.instructorName, categoryId: course.categoryId, unitAmount: price))
        }
        if !refused.isEmpty { throw BillingError.notForSale(refused) }
        guard currencies.count == 1, let currency = currencies.first else { throw BillingError.mixedCurrencies }
        let owned: Set<UUID>
        do {
            owned = try await service.ownership.owned(user: user, courses: ids, requestId: requestId)
        } catch is InternalCallError {
            throw BillingError.dependencyUnavailable
        }
        if !owned.isEmpty { throw BillingError.alreadyOwned(ids.filter(owned.contains).map(\.lowercased)) }
        var discount: DiscountCode?
        if let code = body.discountCode {
            guard let found = try await service.discounts.find(code: code) else {
                throw BillingError.discountNotApplicable("does not exist")
            }
            if let why = found.refusal(for: lines, currency: currency, now: Date()) {
                throw BillingError.discountNotApplicable(why)
            }
            discount = found
        }
        let rate = try await service.taxes.rate(country: body.country, region: body.region)?.basisPoints ?? 0
        let priced = Pricing.price(
            lines, reduction: discount?.reduction, applies: { discount?.applies(to: $0) ?? false },
            taxBasisPoints: rate, taxIncluded: service.settings.pricesIncludeTax)
        return Priced(currency: currency, lines: lines, priced: priced, discount: discount, taxBasisPoints: rate)
    }

    func add(to router: inout Router, authenticated: any Middleware) {
        let service = service
        let payments = service.payments
        let idempotent = IdempotencyMiddleware(store: IdempotencyStore(pool: service.pool), requiresKey: true)
        router.group("/v1/checkout", middleware: [authenticated]) { group in
            group.post("quote", maxBodyBytes: 8 << 10) { request, context in
                let principal = try context.requirePrincipal()
                let body = try request.decode(QuoteBody.self, for: .creation)
                let priced = try await Self.price(
                    body, user: principal.userID, service: service, requestId: context.requestId)
                return try .json(Self.response(priced, taxInclusive: service.settings.pricesIncludeTax))
            }
        }
        router.group("/v1/checkout", middleware: [authenticated, idempotent]) { group in
            group.post("", maxBodyBytes: 16 << 10) { request, context in
                let principal = try context.requirePrincipal()
                let body = try request.decode(CheckoutBody.self, for: .creation)
                let method = PaymentMethod(rawValue: body.method)!
                guard service.offers(method) else { throw BillingError.methodUnavailable(body.method) }
                let priced = try await Self.price(
                    body.quote, user: principal.userID, service: service, requestId: context.requestId)
                let address = String(decoding: try JSONWriter().encode(body.billingAddress), as: UTF8.self)
                var payment = try await payments.create(
                    PaymentStore.Checkout(
                        user: principal.userID, method: method, currency: priced.currency, priced: priced.priced,
                        taxInclusive: service.settings.pricesIncludeTax, discountCodeId: priced.discount?.id,
                        country: body.country, region: body.region, customerName: body.billingAddress.name,
                        customerEmail: body.billingAddress.email, billingAddress: address,
                        expiresAt: Date().addingTimeInterval(Double(service.settings.paymentTimeToLive))),
                    discountCode: priced.discount)
                if payment.status.isOpen {
                    payment = try await service.providers.start(payment, requestId: context.requestId)
                }
                var response = try Response.json(PaymentResponse(payment), status: .created)
                response.headers.set("Location", "/v1/payments/" + payment.id.lowercased)
                return response
            }
        }
    }

    static func response(_ priced: Priced, taxInclusive: Bool) -> QuoteResponse {
        QuoteResponse(
            currency: priced.currency, currencyExponent: Currency(priced.currency)?.exponent ?? 2,
            items: priced.priced.lines.map {
                PricedItemResponse(
                    courseId: $0.line.courseId, title: $0.line.title, instructorId: $0.line.instructorId,
                    instructorName: $0.line.instructorName, unitAmount: $0.line.unitAmount, discount: $0.discount,
                    tax: $0.tax, total: $0.total, refunded: nil)
            },
            subtotal: priced.priced.subtotal, discount: priced.priced.discount, tax: priced.priced.tax,
            total: priced.priced.total, taxInclusive: taxInclusive, taxBasisPoints: priced.taxBasisPoints,
            discountCode: priced.discount?.code)
    }
}
