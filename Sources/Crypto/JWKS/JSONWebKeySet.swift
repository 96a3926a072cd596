import Foundation

/// A JSON Web Key Set (RFC 7517 §5): `{"keys":[…]}`, as served at `/.well-known/jwks.json`.
public struct JSONWebKeySet: Codable, Sendable, Equatable {
    /// The entries, in document order.
    public var keys: [JSONWebKey]

    /// Creates a set from entries.
    public init(keys: [JSONWebKey]) {
        self.keys = keys
    }

    /// Parses a JWKS document. Entries this module cannot read (no `kty`, wrong member types) are dropped rather
    /// than failing the whole set, so one foreign key does not hide the others.
    /// - Throws: `CryptoError.invalidEncoding` when the document is not an object with a `keys` array.
    public init(parsing data: Data) throws {
        guard let document = try? JSONDecoder().decode(LenientDocument.self, from: data) else {
            throw CryptoError.invalidEncoding
        }
        self.keys = document.keys.compactMap(\.key)
    }

    /// The document as compact JSON with sorted keys.
    public func jsonData() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding strings and optionals into JSON cannot fail.
        return try! encoder.encode(self)
    }

    /// The usable Ed25519 signature keys by `kid`; entries without a `kid` or that are not EdDSA keys are skipped,
    /// and of two entries with the same `kid` the first wins.
    public func ed25519Keys() -> [String: Ed25519PublicKey] {
        var result: [String: Ed25519PublicKey] = [:]
        for entry in keys {
            guard let keyID = entry.keyID, !keyID.isEmpty, result[keyID] == nil,
                let key = try? entry.ed25519PublicKey()
            else { continue }
            result[keyID] = key
        }
        return result
    }

    private struct LenientDocument: Decodable {
        let keys: [LenientKey]
    }

    private struct LenientKey: Decodable {
        let key: JSONWebKey?

        init(from decoder: any Decoder) throws {
            key = try? JSONWebKey(from: decoder)
        }
    }
}
