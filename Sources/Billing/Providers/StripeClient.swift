import Contracts
import Foundation
import HTTP

/// Stripe's API (v1) over our HTTP client: payment intents and refunds, form-encoded, with the secret key as a
/// bearer token and an idempotency key on every POST, so resending after a lost answer never acts twice.
///
/// ```swift
/// let stripe = StripeClient(client: service.providerClient, baseURL: "https://api.stripe.com", secretKey: key)
/// let intent = try await stripe.createPaymentIntent(
///     amount: 4900, currency: "USD", paymentID: payment.id, description: "Swift on the server", receiptEmail: nil)
/// ```
struct StripeClient: Sendable {
    let client: HTTPClient
    let baseURL: String
    let secretKey: String
    let timeout: Duration

    /// Creates a client.
    /// - Parameters:
    ///   - baseURL: `https://api.stripe.com`, or a fake's URL in tests (a trailing slash is ignored).
    ///   - timeout: the longest one call may take, connecting and a retry after a dropped connection included.
    init(client: HTTPClient, baseURL: String, secretKey: String, timeout: Duration = .seconds(30)) {
        self.client = client
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.secretKey = secretKey
        self.timeout = timeout
    }

    /// Creates the payment intent of our payment `paymentID` (its idempotency key, so the same payment always
    /// gets the same intent), with automatic payment methods and `metadata[payment_id]`.
    /// - Parameter amount: in the currency's minor units.
    /// - Throws: `StripeError`.
    func createPaymentIntent(
        amount: Int, currency: String, paymentID: UUID, description: String, receiptEmail: String?
    ) async throws -> StripePaymentIntent {
        var form = StripeForm()
        form.add("amount", amount)
        form.add("currency", currency.lowercased())
        form.add("metadata[payment_id]", paymentID.lowercased)
        form.add("description", description)
        form.add("receipt_email", receiptEmail)
        form.add("automatic_payment_methods[enabled]", true)
        return try await send(.post, "/v1/payment_intents", form: form, idempotencyKey: paymentID.lowercased)
    }

    /// The payment intent `id` as Stripe has it now.
    /// - Throws: `StripeError` (`resource_missing` for an unknown id).
    func retrievePaymentIntent(_ id: String) async throws -> StripePaymentIntent {
        try await send(.get, "/v1/payment_intents/" + StripeForm.percentEncoded(id))
    }

    /// Cancels the payment intent `id` so it can no longer be paid; one that was canceled already is returned as it
    /// is.
    /// - Throws: `StripeError.intentSucceeded` when it was paid (refund it instead), other `StripeError`s.
    func cancelPaymentIntent(_ id: String) async throws -> StripePaymentIntent {
        do {
            return try await send(
                .post, "/v1/payment_intents/" + StripeForm.percentEncoded(id) + "/cancel", form: StripeForm(),
                idempotencyKey: "cancel-" + id)
        } catch let error as StripeError where error.code == "payment_intent_unexpected_state" {
            // The error may be a replay of an earlier attempt under the same key: look at the intent as it is now.
            let current = try await retrievePaymentIntent(id)
            if current.status == .canceled { return current }
            if current.status == .succeeded { throw StripeError.intentSucceeded(id) }
            throw error
        }
    }

    /// Refunds `amount` of the paid intent `paymentIntent` as our refund `refundID` (its idempotency key and
    /// `metadata[refund_id]`).
    /// - Throws: `StripeError` (`amount_too_large` when more than what remains, `charge_already_refunded`).
    func refund(paymentIntent: String, amount: Int, refundID: UUID) async throws -> StripeRefund {
        var form = StripeForm()
        form.add("payment_intent", paymentIntent)
        form.add("amount", amount)
        form.add("metadata[refund_id]", refundID.lowercased)
        return try await send(.post, "/v1/refunds", form: form, idempotencyKey: refundID.lowercased)
    }

    /// Sends one request and decodes a 2xx answer as `T`, any other as Stripe's error object.
    private func send<T: Decodable>(
        _ method: HTTPMethod, _ path: String, form: StripeForm? = nil, idempotencyKey: String? = nil,
        as type: T.Type = T.self
    ) async throws -> T {
        var headers: HTTPHeaders = ["Authorization": "Bearer " + secretKey, "Accept": "application/json"]
        if form != nil { headers.set("Content-Type", StripeForm.contentType) }
        if let idempotencyKey { headers.set("Idempotency-Key", idempotencyKey) }
        var request = ClientRequest(
            method: method, url: baseURL + path, headers: headers, body: form?.encoded ?? [], timeout: timeout)
        // With an idempotency key Stripe runs a resent POST once, so a dropped connection may be retried.
        request.isRetryable = method == .get || idempotencyKey != nil
        let response: ClientResponse
        do {
            response = try await client.execute(request)
        } catch let error as CancellationError {
            throw error
        } catch let error as TLSError {
            throw StripeError.unreachable("\(error): \(error.reason)")
        } catch {
            throw StripeError.unreachable(String(describing: error))
        }
        guard (200..<300).contains(response.status.code) else { throw Self.error(from: response) }
        do {
            return try response.decode(T.self)
        } catch {
            throw StripeError.unexpectedAnswer(
                status: response.status.code, "the answer is not a \(T.self): \(error)")
        }
    }

    private struct ErrorAnswer: Decodable {
        struct Detail: Decodable {
            let type: String
            let code: String?
            let message: String?
            let param: String?
        }
        let error: Detail
    }

    /// Stripe's error object of a non-2xx answer (`unexpectedAnswer` when the body is not one).
    static func error(from response: ClientResponse) -> StripeError {
        guard let answer = try? response.decode(ErrorAnswer.self) else {
            return .unexpectedAnswer(status: response.status.code, "the error answer has no Stripe error object")
        }
        let shouldRetry: Bool? =
            switch response.headers["Stripe-Should-Retry"]?.lowercased() {
            case "true": true
            case "false": false
            default: nil
            }
        return .answered(
            status: response.status.code, type: answer.error.type, code: answer.error.code,
            message: answer.error.message, param: answer.error.param, shouldRetry: shouldRetry)
    }
}
