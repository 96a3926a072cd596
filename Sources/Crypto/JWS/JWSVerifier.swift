import Foundation

/// Checks a compact EdDSA JWS and returns its decoded payload, or throws a `JWTError` naming the first failed
/// check: size (before any parsing), shape, `alg` exactly `EdDSA`, `typ` (when present) equal to the expected
/// type, no `crit`, a `kid` known to the key provider, then the Ed25519 signature. What the payload must say
/// (expiry, issuer, …) is the caller's to check. Header members that point at other keys (`jku`, `x5u`, `jwk`,
/// `x5c`) are ignored: keys come only from the provider.
public struct JWSVerifier: Sendable {
    private let keys: any JWTKeyProvider
    private let type: String
    private let maximumBytes: Int

    /// Creates a verifier of JWS of `type` (compared case-insensitively) signed by a key of `keys`.
    public init(keys: any JWTKeyProvider, type: String, maximumBytes: Int = JWTVerifier.defaultMaximumTokenBytes) {
        self.keys = keys
        self.type = type.uppercased()
        self.maximumBytes = maximumBytes
    }

    /// Verifies `token` and decodes its payload as `Payload`.
    public func verify<Payload: Decodable>(_ token: some StringProtocol, as: Payload.Type) async throws(JWTError)
        -> Payload
    {
        let bytes = Array(token.utf8)
        guard bytes.count <= maximumBytes else { throw .tokenTooLarge }
        let segments = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard segments.count == 3 else { throw .malformed }

        let header: JWTHeader = try Self.decodeJSON(segments[0])
        guard header.alg == JWTHeader.algorithm else { throw .unsupportedAlgorithm }
        if let found = header.typ, found.uppercased() != type { throw .unsupportedType }
        guard header.crit == nil else { throw .unsupportedCriticalHeader }
        guard let keyID = header.kid, !keyID.isEmpty else { throw .missingKeyID }
        guard let key = await keys.publicKey(forKeyID: keyID) else { throw .unknownKeyID }

        guard let signature = try? Base64URL.decode(utf8: segments[2]) else { throw .malformed }
        let signingInput = bytes[..<(segments[1].endIndex)]
        guard signature.count == 64, key.isValidSignature(signature, for: Array(signingInput)) else {
            throw .invalidSignature
        }
        return try Self.decodeJSON(segments[1])
    }

    private static func decodeJSON<Value: Decodable>(_ segment: ArraySlice<UInt8>) throws(JWTError) -> Value {
        do {
            let json = try Base64URL.decode(utf8: segment)
            return try JSONDecoder().decode(Value.self, from: Data(json))
        } catch {
            throw .malformed
        }
    }
}
