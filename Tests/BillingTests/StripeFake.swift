import Foundation
import HTTP

@testable import Billing

/// `deploy/fakes/stripe_fake.py` started by `ProviderFake`, with typed calls to its control API (`/_fake/…`).
struct StripeFake: Sendable {
    /// The secret key the fake accepts.
    static let apiKey = "sk_test_campus"
    /// The endpoint secret it signs webhooks with by default.
    static let webhookSecret = "whsec_campus_test_current"

    /// The running fake.
    let fake: ProviderFake
    /// Its base URL.
    var url: String { fake.url }

    /// Runs `body` with a fresh fake signing webhooks with `webhookSecrets` (one `v1` each) and posting them to
    /// `webhookURL` when given; stops it afterwards.
    static func with<T>(
        webhookSecrets: [String] = [webhookSecret], webhookURL: String? = nil, _ body: (StripeFake) async throws -> T
    ) async throws -> T {
        var arguments = ["--api-key", apiKey, "--webhook-retries", "0"]
        for secret in webhookSecrets { arguments += ["--webhook-secret", secret] }
        if let webhookURL { arguments += ["--webhook-url", webhookURL] }
        return try await ProviderFake.with(script: "stripe_fake.py", arguments: arguments) { fake in
            try await body(StripeFake(fake: fake))
        }
    }

    /// Our Stripe client pointed at the fake through the client that trusts the test CA.
    func client(secretKey: String = apiKey, timeout: Duration = .seconds(20)) -> StripeClient {
        StripeClient(client: fake.client, baseURL: url, secretKey: secretKey, timeout: timeout)
    }

    /// Pays the intent `id` (as the buyer's card would), optionally with another amount or currency.
    @discardableResult
    func succeed(_ id: String, amount: Int? = nil, currency: String? = nil) async throws -> StripePaymentIntent {
        struct Body: Encodable, Sendable {
            let amount: Int?
            let currency: String?
        }
        return try await fake.control(
            .post, "/_fake/payment_intents/\(id)/succeed", json: Body(amount: amount, currency: currency),
            as: StripePaymentIntent.self)
    }

    /// Declines the intent `id`'s attempt with `message`.
    @discardableResult
    func fail(_ id: String, message: String = "Your card was declined.") async throws -> StripePaymentIntent {
        struct Body: Encodable, Sendable { let message: String }
        return try await fake.control(
            .post, "/_fake/payment_intents/\(id)/fail", json: Body(message: message), as: StripePaymentIntent.self)
    }

    /// Settles the pending refund `id` as `status` (`succeeded` or `failed`).
    func settleRefund(_ id: String, status: String) async throws {
        struct Body: Encodable, Sendable { let status: String }
        _ = try await fake.control(.post, "/_fake/refunds/\(id)/settle", json: Body(status: status), as: Ignored.self)
    }

    /// Merges `script` into the fake's script.
    func script(_ script: Script) async throws {
        _ = try await fake.control(.post, "/_fake/script", json: script, as: Ignored.self)
    }

    /// The API requests the fake received, oldest first.
    func requests() async throws -> [RecordedRequest] {
        try await fake.control(.get, "/_fake/requests", as: Listing<RecordedRequest>.self).data
    }

    /// Every event the fake made, oldest first, with its delivery attempts.
    func events() async throws -> [RecordedEvent] {
        try await fake.control(.get, "/_fake/events", as: Listing<RecordedEvent>.self).data
    }

    /// Delivers the event `id` again, signed with `timestamp` (unix seconds) instead of now.
    func resend(_ id: String, timestamp: Int? = nil) async throws {
        struct Body: Encodable, Sendable { let timestamp: Int? }
        _ = try await fake.control(
            .post, "/_fake/events/\(id)/resend", json: Body(timestamp: timestamp), as: Ignored.self)
    }

    /// What the fake is told to do differently (fields left `nil` keep their value).
    struct Script: Encodable, Sendable {
        /// Requests to answer with an injected error.
        var failNext: [Failure]?
        /// `succeeded` or `pending`: the status of new refunds.
        var refundStatus: String?
        /// Record events but never send them.
        var dropWebhooks: Bool?
        /// Where webhooks go now.
        var webhookUrl: String?
    }

    /// The next `count` requests matching `method` and `path` get `status` and Stripe's `api_error` (or `type`).
    struct Failure: Encodable, Sendable {
        var method: String
        var path: String
        var status: Int
        var count: Int = 1
        var type: String?
        var code: String?
        var message: String?
        var shouldRetry: Bool?
    }

    /// One API request as the fake logged it.
    struct RecordedRequest: Decodable, Sendable {
        let method: String
        let path: String
        let idempotencyKey: String?
        let params: FormValue?
        let status: Int?
        let replayed: Bool
        let injected: Bool
        let contentType: String?
    }

    /// A request parameter as the fake decoded Stripe's bracket notation.
    enum FormValue: Decodable, Sendable, Equatable {
        case text(String)
        case object([String: FormValue])
        case list([FormValue])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self = .text(text)
            } else if let list = try? container.decode([FormValue].self) {
                self = .list(list)
            } else {
                self = .object(try container.decode([String: FormValue].self))
            }
        }

        /// The value at `key` of an object.
        subscript(key: String) -> FormValue? {
            if case .object(let fields) = self { return fields[key] }
            return nil
        }

        /// The text of a leaf.
        var text: String? {
            if case .text(let text) = self { return text }
            return nil
        }
    }

    /// One event the fake made, with each delivery attempt.
    struct RecordedEvent: Decodable, Sendable {
        let id: String
        let type: String
        let state: String
        let attempts: [Attempt]
    }

    /// One attempt to deliver an event.
    struct Attempt: Decodable, Sendable {
        let timestamp: Int
        let signature: String
        let status: Int?
        let error: String?
    }

    private struct Listing<Item: Decodable>: Decodable {
        let data: [Item]
    }

    private struct Ignored: Decodable {}
}
