/// The JOSE header of a JWS this module signs or verifies. Members it does not name (`jku`, `x5u`, `jwk`, …)
/// are ignored on purpose: keys come only from the verifier's own key set.
struct JWTHeader: Codable, Sendable, Equatable {
    /// The only algorithm signed or accepted.
    static let algorithm = "EdDSA"

    var alg: String
    var kid: String?
    var typ: String?
    var crit: [String]?

    init(keyID: String, type: String) {
        alg = Self.algorithm
        kid = keyID
        typ = type
        crit = nil
    }
}
