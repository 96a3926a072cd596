/// One entry of a JSON Web Key Set. Campus publishes Ed25519 keys as RFC 8037 OKP keys:
/// `{"alg":"EdDSA","crv":"Ed25519","kid":"…","kty":"OKP","use":"sig","x":"…"}`.
public struct JSONWebKey: Codable, Sendable, Equatable {
    /// `kty`, e.g. `OKP`.
    public var keyType: String
    /// `crv`, e.g. `Ed25519`.
    public var curve: String?
    /// `x`: the base64url public key.
    public var x: String?
    /// `kid`.
    public var keyID: String?
    /// `alg`, e.g. `EdDSA`.
    public var algorithm: String?
    /// `use`, e.g. `sig`.
    public var use: String?

    private enum CodingKeys: String, CodingKey {
        case keyType = "kty"
        case curve = "crv"
        case x
        case keyID = "kid"
        case algorithm = "alg"
        case use
    }

    /// Describes an Ed25519 public key for signature verification with `alg: EdDSA`.
    public init(publicKey: Ed25519PublicKey, keyID: String) {
        keyType = "OKP"
        curve = "Ed25519"
        x = Base64URL.encode(publicKey.rawRepresentation)
        self.keyID = keyID
        algorithm = JWTHeader.algorithm
        use = "sig"
    }

    /// The Ed25519 key this entry describes, if it is one usable for EdDSA signatures: `kty` OKP, `crv` Ed25519,
    /// a 32-byte `x`, and `alg` (if present) EdDSA and `use` (if present) `sig`.
    /// - Throws: `CryptoError.invalidKey` for any other entry.
    public func ed25519PublicKey() throws -> Ed25519PublicKey {
        guard keyType == "OKP", curve == "Ed25519", algorithm == nil || algorithm == JWTHeader.algorithm,
            use == nil || use == "sig", let x, let raw = try? Base64URL.decode(x)
        else {
            throw CryptoError.invalidKey
        }
        return try Ed25519PublicKey(rawRepresentation: raw)
    }
}
