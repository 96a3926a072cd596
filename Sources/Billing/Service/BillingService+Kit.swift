import Crypto
import Foundation
import HTTP
import Postgres
import ServiceKit

/// The `billing` executable: checkout, payments, providers, refunds. The kit runs its commands; what is billing's
/// own is here: its settings, the verifier of identity's tokens, its routes, events and jobs, and its seed.
extension BillingService: Service {
    public static let name = "billing"
    public static let defaultPort: UInt16 = 8084
    public static let summary = "Campus checkout, payments, refunds, discounts, tax and receipts"
    public static let environmentHelp = [
        "BILLING_DATABASE_URL, BILLING_PORT (8084), BILLING_JWKS_URL, BILLING_CATALOG_URL, BILLING_LEARNING_URL,",
        "BILLING_PAYMENT_TTL, BILLING_PRICES_INCLUDE_TAX, BILLING_STRIPE_URL, BILLING_STRIPE_SECRET_KEY,",
        "BILLING_STRIPE_WEBHOOK_SECRETS, BILLING_SSLCOMMERZ_URL, BILLING_SSLCOMMERZ_STORE_ID,",
        "BILLING_SSLCOMMERZ_STORE_PASSWORD, BILLING_PUBLIC_URL, BILLING_PROVIDER_CA_FILE, BILLING_EVENT_SUBSCRIBERS,",
        "CAMPUS_SERVICE_SECRET,",
        "… (README, Operations)",
    ]

    public static func readSettings(_ reader: inout ConfigurationReader) -> BillingSettings {
        BillingSettings(reader: &reader)
    }

    public static func migrationsDirectory(_ settings: BillingSettings) -> String { settings.migrationsDirectory }

    public static func make(_ context: ServiceContext<BillingSettings>) async throws -> BillingService {
        BillingService(
            context: context, verifier: context.remoteVerifier(jwksURL: context.settings.jwksURL),
            providerClient: try providerClient(context.settings, group: context.group))
    }

    public var document: OpenAPIDocument { BillingAPI.document }

    public func addRoutes(to router: inout Router, guards: ServiceGuards) {
        CheckoutRoutes(service: self).add(to: &router, authenticated: guards.authenticated)
        PaymentRoutes(service: self).add(to: &router, authenticated: guards.authenticated)
        AdminRoutes(service: self).add(to: &router, authenticated: guards.authenticated)
    }

    public var backgroundJobs: [BackgroundJob] {
        let expiry = PaymentExpiry(payments: payments, providers: providers, logger: logger)
            .job(interval: .seconds(settings.expiryInterval))
        return [{ await expiry.run() }]
    }
}
