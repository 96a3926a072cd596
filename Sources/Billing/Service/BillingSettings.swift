import Foundation
import ServiceKit

/// The billing service's own settings, read from `BILLING_…` variables (see README, Operations).
public struct BillingSettings: Sendable {
    /// The migrations folder (`BILLING_MIGRATIONS_DIR`, `sql/billing`).
    public var migrationsDirectory = "sql/billing"
    /// Identity's JWKS, to verify access tokens (`BILLING_JWKS_URL`).
    public var jwksURL = "http://127.0.0.1:8101/.well-known/jwks.json"
    /// Catalog's base URL, for prices (`BILLING_CATALOG_URL`).
    public var catalogURL = "http://127.0.0.1:8102"
    /// Learning's base URL, for the courses a buyer owns already (`BILLING_LEARNING_URL`).
    public var learningURL = "http://127.0.0.1:8103"
    /// How long a pending payment waits to be paid, in seconds (`BILLING_PAYMENT_TTL`, 1,800); then it is
    /// cancelled, at the provider too.
    public var paymentTimeToLive = 1_800
    /// Whether catalog's prices include tax (`BILLING_PRICES_INCLUDE_TAX`, false): the tax is then part of the
    /// price, else added to it.
    public var pricesIncludeTax = false
    /// How often expired pending payments are looked for, in seconds (`BILLING_EXPIRY_INTERVAL`, 30).
    public var expiryInterval = 30

    /// Stripe's API (`BILLING_STRIPE_URL`, `https://api.stripe.com`).
    public var stripeURL = "https://api.stripe.com"
    /// Stripe's secret API key (`BILLING_STRIPE_SECRET_KEY`); empty: Stripe is not offered.
    public var stripeSecretKey = ""
    /// The webhook endpoint's signing secrets (`BILLING_STRIPE_WEBHOOK_SECRETS`, comma-separated: two during a
    /// rotation).
    public var stripeWebhookSecrets: [String] = []
    /// SSLCommerz's API (`BILLING_SSLCOMMERZ_URL`, `https://securepay.sslcommerz.com`).
    public var sslcommerzURL = "https://securepay.sslcommerz.com"
    /// The SSLCommerz store (`BILLING_SSLCOMMERZ_STORE_ID`; empty: SSLCommerz is not offered).
    public var sslcommerzStoreID = ""
    /// The SSLCommerz store password (`BILLING_SSLCOMMERZ_STORE_PASSWORD`).
    public var sslcommerzStorePassword = ""
    /// Our public base URL, for the return and IPN addresses given to SSLCommerz (`BILLING_PUBLIC_URL`).
    public var publicURL = "http://127.0.0.1:8080"
    /// A PEM file of extra CAs trusted for the providers' HTTPS (`BILLING_PROVIDER_CA_FILE`; the local fakes' test
    /// CA in development), added to the system store.
    public var providerCAFile: String?

    /// Default settings (development).
    public init() {}

    /// Reads the settings; problems are collected in `reader`.
    public init(reader: inout ConfigurationReader) {
        migrationsDirectory = reader.string("BILLING_MIGRATIONS_DIR", default: migrationsDirectory)
        jwksURL = reader.string("BILLING_JWKS_URL", default: jwksURL)
        catalogURL = reader.string("BILLING_CATALOG_URL", default: catalogURL)
        learningURL = reader.string("BILLING_LEARNING_URL", default: learningURL)
        paymentTimeToLive = reader.int("BILLING_PAYMENT_TTL", default: paymentTimeToLive, range: 60...86_400)
        pricesIncludeTax = reader.bool("BILLING_PRICES_INCLUDE_TAX", default: pricesIncludeTax)
        expiryInterval = reader.int("BILLING_EXPIRY_INTERVAL", default: expiryInterval, range: 1...3_600)
        stripeURL = reader.string("BILLING_STRIPE_URL", default: stripeURL)
        stripeSecretKey = reader.optionalString("BILLING_STRIPE_SECRET_KEY") ?? ""
        stripeWebhookSecrets = reader.list("BILLING_STRIPE_WEBHOOK_SECRETS")
        sslcommerzURL = reader.string("BILLING_SSLCOMMERZ_URL", default: sslcommerzURL)
        sslcommerzStoreID = reader.optionalString("BILLING_SSLCOMMERZ_STORE_ID") ?? ""
        sslcommerzStorePassword = reader.optionalString("BILLING_SSLCOMMERZ_STORE_PASSWORD") ?? ""
        publicURL = reader.string("BILLING_PUBLIC_URL", default: publicURL)
        providerCAFile = reader.optionalString("BILLING_PROVIDER_CA_FILE")
    }
}
