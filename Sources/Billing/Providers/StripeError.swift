/// Why a call to Stripe failed: Stripe answered with an error object, Stripe could not be reached (or did not
/// answer in time), Stripe's answer was not what its API documents, or an intent could not be canceled because it
/// was paid.
///
/// The description is generic; `logDetail` carries Stripe's message and the transport's reason for logs.
struct StripeError: Error, CustomStringConvertible, Sendable, Equatable {
    private enum Kind: Sendable, Equatable {
        case answered(status: Int, type: String, code: String?, message: String?, param: String?, shouldRetry: Bool?)
        case unreachable(reason: String)
        case unexpectedAnswer(status: Int, reason: String)
        case intentSucceeded(id: String)
    }

    private let kind: Kind

    /// Stripe answered `status` with its error object (`error.type`, `error.code`, `error.message`,
    /// `error.param`); `shouldRetry` is its `Stripe-Should-Retry` header, when sent.
    static func answered(
        status: Int, type: String, code: String?, message: String?, param: String? = nil, shouldRetry: Bool? = nil
    ) -> StripeError {
        StripeError(
            kind: .answered(
                status: status, type: type, code: code, message: message, param: param, shouldRetry: shouldRetry))
    }

    /// No answer arrived: connection refused or reset, a timeout, or a TLS failure (an untrusted certificate
    /// included). A request that was sent may or may not have been carried out; resend it with the same
    /// idempotency key to find out.
    static func unreachable(_ reason: String) -> StripeError { StripeError(kind: .unreachable(reason: reason)) }

    /// Stripe (or something in front of it) answered, but not with the JSON its API documents.
    static func unexpectedAnswer(status: Int, _ reason: String) -> StripeError {
        StripeError(kind: .unexpectedAnswer(status: status, reason: reason))
    }

    /// The payment intent `id` was paid already, so it cannot be canceled: refund it instead.
    static func intentSucceeded(_ id: String) -> StripeError { StripeError(kind: .intentSucceeded(id: id)) }

    /// The HTTP status Stripe answered, or `nil` when there was no answer.
    var status: Int? {
        switch kind {
        case .answered(let status, _, _, _, _, _), .unexpectedAnswer(let status, _): status
        case .unreachable, .intentSucceeded: nil
        }
    }

    /// Stripe's `error.type` (`invalid_request_error`, `api_error`, `card_error`, `idempotency_error`, …).
    var type: String? {
        if case .answered(_, let type, _, _, _, _) = kind { return type }
        return nil
    }

    /// Stripe's `error.code` (`amount_too_large`, `resource_missing`, …), when it gave one.
    var code: String? {
        if case .answered(_, _, let code, _, _, _) = kind { return code }
        return nil
    }

    /// Stripe's `error.message`, meant for developers (log it; do not show it to buyers).
    var message: String? {
        if case .answered(_, _, _, let message, _, _) = kind { return message }
        return nil
    }

    /// The request parameter Stripe blamed (`error.param`).
    var param: String? {
        if case .answered(_, _, _, _, let param, _) = kind { return param }
        return nil
    }

    /// Whether Stripe could not be reached or did not answer in time.
    var isUnreachable: Bool {
        if case .unreachable = kind { return true }
        return false
    }

    /// Whether the intent could not be canceled because it was paid.
    var isIntentSucceeded: Bool {
        if case .intentSucceeded = kind { return true }
        return false
    }

    /// Whether sending the same request again (same idempotency key) may succeed: no answer, or a conflict, rate
    /// limit or server error, unless Stripe's `Stripe-Should-Retry` header says otherwise.
    var isRetryable: Bool {
        switch kind {
        case .unreachable: true
        case .answered(let status, _, _, _, _, let shouldRetry):
            shouldRetry ?? (status == 409 || status == 429 || status >= 500)
        case .unexpectedAnswer(let status, _): status >= 500
        case .intentSucceeded: false
        }
    }

    /// A generic summary, safe to show.
    var description: String {
        switch kind {
        case .answered: "Stripe refused the request"
        case .unreachable: "Stripe could not be reached"
        case .unexpectedAnswer: "Stripe's answer could not be read"
        case .intentSucceeded: "the payment intent was paid and cannot be canceled"
        }
    }

    /// The detail for logs: Stripe's status, type, code and message, or the transport's reason.
    var logDetail: String {
        switch kind {
        case .answered(let status, let type, let code, let message, let param, _):
            "stripe \(status) \(type) code=\(code ?? "-") param=\(param ?? "-"): \(message ?? "")"
        case .unreachable(let reason): "stripe unreachable: \(reason)"
        case .unexpectedAnswer(let status, let reason): "stripe \(status): \(reason)"
        case .intentSucceeded(let id): "payment intent \(id) succeeded, not canceled"
        }
    }
}
