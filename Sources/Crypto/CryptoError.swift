import OpenSSLSupport

/// A failure in a cryptographic primitive: bad input encoding, an unusable key, or an OpenSSL call that failed.
///
/// `description` is safe to show to anyone; `detail` may name the failing OpenSSL call and its error queue and
/// belongs in logs only.
public struct CryptoError: Error, CustomStringConvertible, Sendable, Equatable {
    private enum Kind: String, Sendable, Equatable {
        case invalidEncoding = "invalid_encoding"
        case invalidKey = "invalid_key"
        case invalidParameters = "invalid_parameters"
        case malformedPasswordHash = "malformed_password_hash"
        case library = "crypto_library_failure"
    }

    private let kind: Kind
    /// Extra context for logs: the failing call and OpenSSL's error text. Never show it to a client.
    public let detail: String

    private init(_ kind: Kind, detail: String = "") {
        self.kind = kind
        self.detail = detail
    }

    /// Text that is not valid hex, base64url or PEM of the expected shape.
    public static let invalidEncoding = CryptoError(.invalidEncoding)
    /// Key material of the wrong length or type (for example a PEM file holding an RSA key).
    public static let invalidKey = CryptoError(.invalidKey)
    /// KDF parameters outside the supported range.
    public static let invalidParameters = CryptoError(.invalidParameters)
    /// A stored password hash that does not follow `$scrypt$ln=…,r=…,p=…$salt$hash`.
    public static let malformedPasswordHash = CryptoError(.malformedPasswordHash)

    /// An OpenSSL call failed; `call` names it and the OpenSSL error queue is drained into `detail`.
    static func library(_ call: String) -> CryptoError {
        CryptoError(.library, detail: "\(call): \(OpenSSL.drainErrors())")
    }

    /// A stable machine-readable code, e.g. `invalid_encoding`.
    public var code: String { kind.rawValue }

    /// A short explanation that is safe to show to a client.
    public var description: String {
        switch kind {
        case .invalidEncoding: "the input is not correctly encoded"
        case .invalidKey: "the key is not a valid Ed25519 key"
        case .invalidParameters: "the key derivation parameters are out of range"
        case .malformedPasswordHash: "the stored password hash is malformed"
        case .library: "a cryptographic operation failed"
        }
    }

    /// Errors are equal when they are of the same kind; `detail` is ignored.
    public static func == (lhs: CryptoError, rhs: CryptoError) -> Bool {
        lhs.kind == rhs.kind
    }
}
