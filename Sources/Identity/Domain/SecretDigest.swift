import Crypto
import Foundation

/// Makes one-time secrets (sign-up codes, refresh and reset tokens) and the digests stored in their place:
/// HMAC-SHA256 under a server pepper, so a copy of the database alone cannot test guesses, not even of a
/// six-digit code.
public struct SecretDigest: Sendable {
    private let pepper: [UInt8]

    /// Creates a digest keyed by `pepper` (at least 16 bytes).
    public init(pepper: [UInt8]) {
        precondition(pepper.count >= 16, "the pepper must be at least 16 bytes")
        self.pepper = pepper
    }

    /// The stored digest of `secret` in `purpose` (e.g. `refresh`, or `otp:<email>` to bind a code to its address).
    public func digest(_ secret: String, purpose: String) -> Data {
        Data(HMACSHA256.authenticationCode(for: Array((purpose + "\u{0}" + secret).utf8), key: pepper))
    }

    /// A new opaque token of 256 random bits, base64url.
    public func newToken() -> String { SecureRandom.token(byteCount: 32) }

    /// A new uniformly random six-digit code.
    public func newCode() -> String {
        while true {
            let bytes = SecureRandom.bytes(count: 4)
            let value = bytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            // Reject the top sliver of the range so every code is equally likely.
            guard value < UInt32.max - UInt32.max % 1_000_000 else { continue }
            let text = String(value % 1_000_000)
            return String(repeating: "0", count: 6 - text.count) + text
        }
    }
}
