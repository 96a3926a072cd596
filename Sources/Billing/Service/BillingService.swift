import Crypto
import HTTP
import IO
import Postgres
import ServiceKit

/// The billing service: what the kit opened (`context`), the verifier of identity's tokens, the client that speaks
/// to the payment providers (trusting `BILLING_PROVIDER_CA_FILE` too), and the stores its routes use.
public struct BillingService: Sendable {
    /// What the kit opened: configuration, settings, pool, client, metrics, logger, ids.
    public let context: ServiceContext<BillingSettings>
    /// Checks access tokens (identity's keys, from its JWKS).
    public let verifier: JWTVerifier
    /// HTTPS to Stripe and SSLCommerz.
    public let providerClient: HTTPClient

    /// Assembles the service.
    public init(context: ServiceContext<BillingSettings>, verifier: JWTVerifier, providerClient: HTTPClient) {
        self.context = context
        self.verifier = verifier
        self.providerClient = providerClient
    }

    var discounts: DiscountStore { DiscountStore(pool: pool, ids: ids) }
    var taxes: TaxStore { TaxStore(pool: pool) }
    var payments: PaymentStore { PaymentStore(pool: pool, ids: ids, outbox: outbox, discounts: discounts) }
    var providers: PaymentProviders { PaymentProviders(settings: settings, payments: payments) }
    var catalog: CatalogPrices { CatalogPrices(client: internalClient, catalogURL: settings.catalogURL) }
    var ownership: LearningOwnership { LearningOwnership(client: internalClient, learningURL: settings.learningURL) }

    /// Whether `method` can take payments here.
    func offers(_ method: PaymentMethod) -> Bool { providers.offers(method) }

    /// The providers' client for `settings`: TLS verified against the system store and the extra CA file.
    public static func providerClient(_ settings: BillingSettings, group: EventLoopGroup) throws -> HTTPClient {
        try HTTPClient(
            configuration: HTTPClientConfiguration(
                maxRetries: 1, tls: TLSConfiguration(caFile: settings.providerCAFile)),
            eventLoopGroup: group)
    }
}
