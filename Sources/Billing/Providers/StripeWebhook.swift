import Crypto
import Foundation

/// Checks the `Stripe-Signature` header of a webhook as Stripe documents it: `t=<unix seconds>,v1=<hex>[,v1=…]`,
/// each `v1` the HMAC-SHA256, under an endpoint secret, of `"<t>." + the raw body`.
enum StripeWebhook {
    /// The longest header accepted; Stripe's carries a timestamp and a few 64-digit signatures.
    static let maxHeaderLength = 2048
    /// The most `v1` entries looked at (one per secret Stripe is rolling).
    static let maxSignatures = 8

    /// Accepts `payload` when some `v1` of `header` is its HMAC under some secret of `secrets` (two during a secret
    /// rotation) and `t` is at most `tolerance` seconds before or after `now`.
    ///
    /// The signature is checked before the time, so `stale` always means a genuine but old (or early) request;
    /// `v0` and other schemes are ignored, as Stripe asks.
    /// - Parameter payload: the body exactly as received, before any JSON parsing.
    static func verify(
        payload: [UInt8], header: String?, secrets: [String], now: Date, tolerance: Int = 300
    ) throws(StripeSignatureError) {
        let signature = try StripeSignatureHeader(header)
        let signed = Array(signature.timestampText.utf8) + [UInt8(ascii: ".")] + payload
        var isMatched = false
        for secret in secrets where !secret.isEmpty {
            let expected = HMACSHA256.authenticationCode(for: signed, key: Array(secret.utf8))
            for candidate in signature.signatures where ConstantTime.equals(expected, candidate) {
                isMatched = true
            }
        }
        guard isMatched else { throw .mismatch }
        let age = Int64(now.timeIntervalSince1970.rounded(.down)) - signature.timestamp
        guard age.magnitude <= UInt64(max(0, tolerance)) else { throw .stale }
    }
}

/// A `Stripe-Signature` header split into its timestamp and its `v1` signatures.
struct StripeSignatureHeader: Sendable, Equatable {
    /// The `t` value as sent (what was signed).
    let timestampText: String
    /// `t` in unix seconds.
    let timestamp: Int64
    /// The `v1` signatures, decoded from hex.
    let signatures: [[UInt8]]

    /// Parses `header`.
    /// - Throws: `missing` without a header, `t` or `v1`; `malformed` for anything not as Stripe writes it.
    init(_ header: String?) throws(StripeSignatureError) {
        guard let header, !header.isEmpty else { throw .missing }
        guard header.utf8.count <= StripeWebhook.maxHeaderLength else { throw .malformed }
        var timestampText: String?
        var signatures: [[UInt8]] = []
        for item in header.split(separator: ",", omittingEmptySubsequences: false) {
            let entry = item.trimmingCharacters(in: .whitespaces)
            guard let equals = entry.firstIndex(of: "=") else { throw .malformed }
            let key = entry[..<equals]
            let value = String(entry[entry.index(after: equals)...])
            switch key {
            case "t":
                guard timestampText == nil, (1...12).contains(value.utf8.count),
                    value.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
                else { throw .malformed }
                timestampText = value
            case "v1":
                guard value.utf8.count == 2 * HMACSHA256.byteCount, let bytes = try? Hex.decode(value) else {
                    throw .malformed
                }
                guard signatures.count < StripeWebhook.maxSignatures else { throw .malformed }
                signatures.append(bytes)
            case "":
                throw .malformed
            default:
                continue
            }
        }
        guard let timestampText, let timestamp = Int64(timestampText), !signatures.isEmpty else { throw .missing }
        self.timestampText = timestampText
        self.timestamp = timestamp
        self.signatures = signatures
    }
}
