/// Why a JSON Web Token was rejected. Each reason has a stable `code`; `description` is safe to return to clients.
public struct JWTError: Error, CustomStringConvertible, Sendable, Equatable {
    private enum Kind: String, Sendable, Equatable {
        case tokenTooLarge = "token_too_large"
        case malformed = "token_malformed"
        case unsupportedAlgorithm = "token_algorithm_unsupported"
        case unsupportedType = "token_type_unsupported"
        case unsupportedCriticalHeader = "token_critical_header_unsupported"
        case missingKeyID = "token_key_id_missing"
        case unknownKeyID = "token_key_id_unknown"
        case invalidSignature = "token_signature_invalid"
        case missingExpiration = "token_expiration_missing"
        case expired = "token_expired"
        case notYetValid = "token_not_yet_valid"
        case issuedInFuture = "token_issued_in_future"
        case invalidIssuer = "token_issuer_invalid"
        case invalidAudience = "token_audience_invalid"
    }

    private let kind: Kind

    private init(_ kind: Kind) {
        self.kind = kind
    }

    /// The token is longer than the verifier accepts; it was not parsed.
    public static let tokenTooLarge = JWTError(.tokenTooLarge)
    /// Not three base64url segments, or a header or payload that is not the expected JSON.
    public static let malformed = JWTError(.malformed)
    /// `alg` is anything but `EdDSA` (including `none`, `HS256`, `RS256`).
    public static let unsupportedAlgorithm = JWTError(.unsupportedAlgorithm)
    /// `typ` is present and is not `JWT`.
    public static let unsupportedType = JWTError(.unsupportedType)
    /// The header has a `crit` member; no extensions are understood.
    public static let unsupportedCriticalHeader = JWTError(.unsupportedCriticalHeader)
    /// The header has no `kid`.
    public static let missingKeyID = JWTError(.missingKeyID)
    /// No known key has the header's `kid`, even after a refresh.
    public static let unknownKeyID = JWTError(.unknownKeyID)
    /// The signature does not verify under the key named by `kid`.
    public static let invalidSignature = JWTError(.invalidSignature)
    /// The claims have no `exp`; tokens without an expiry are not accepted.
    public static let missingExpiration = JWTError(.missingExpiration)
    /// `exp` has passed (beyond the leeway).
    public static let expired = JWTError(.expired)
    /// `nbf` is still in the future (beyond the leeway).
    public static let notYetValid = JWTError(.notYetValid)
    /// `iat` is in the future (beyond the leeway).
    public static let issuedInFuture = JWTError(.issuedInFuture)
    /// `iss` is missing or not the expected issuer.
    public static let invalidIssuer = JWTError(.invalidIssuer)
    /// `aud` is missing or does not contain the expected audience.
    public static let invalidAudience = JWTError(.invalidAudience)

    /// A stable machine-readable code, e.g. `token_expired`.
    public var code: String { kind.rawValue }

    /// A short explanation that is safe to show to a client.
    public var description: String {
        switch kind {
        case .tokenTooLarge: "the token is too large"
        case .malformed: "the token is malformed"
        case .unsupportedAlgorithm: "the token's algorithm is not accepted"
        case .unsupportedType: "the token's type is not accepted"
        case .unsupportedCriticalHeader: "the token has critical header parameters that are not understood"
        case .missingKeyID: "the token does not name its signing key"
        case .unknownKeyID: "the token's signing key is not known"
        case .invalidSignature: "the token's signature is invalid"
        case .missingExpiration: "the token has no expiry"
        case .expired: "the token has expired"
        case .notYetValid: "the token is not valid yet"
        case .issuedInFuture: "the token's issue time is in the future"
        case .invalidIssuer: "the token's issuer is not accepted"
        case .invalidAudience: "the token is not meant for this audience"
        }
    }
}
