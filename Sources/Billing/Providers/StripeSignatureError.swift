/// Why a webhook's `Stripe-Signature` was refused. Each case names the reason for logs; every one is answered the
/// same way (400), so a forger learns nothing from the answer.
struct StripeSignatureError: Error, CustomStringConvertible, Sendable, Equatable {
    private enum Kind: Sendable, Equatable {
        case missing, malformed, stale, mismatch
    }

    private let kind: Kind

    /// There is no `Stripe-Signature` header, or it has no `t` or no `v1` entry.
    static let missing = StripeSignatureError(kind: .missing)
    /// The header is too long, an entry is not `key=value`, `t` is not a unix time, or a `v1` is not 64 hex digits.
    static let malformed = StripeSignatureError(kind: .malformed)
    /// The signature is genuine but its time is further from now than the tolerance (a replay, or a clock off).
    static let stale = StripeSignatureError(kind: .stale)
    /// No `v1` signature is the HMAC of this body under any of the secrets.
    static let mismatch = StripeSignatureError(kind: .mismatch)

    /// The reason, for logs.
    var description: String {
        switch kind {
        case .missing: "the Stripe-Signature header is missing or lacks t or v1"
        case .malformed: "the Stripe-Signature header is malformed"
        case .stale: "the Stripe-Signature timestamp is outside the tolerance"
        case .mismatch: "no Stripe-Signature v1 matches the body"
        }
    }
}
