import Crypto
import Foundation
import HTTP

/// An opaque keyset cursor: the sort key of the last item of a page, as base64url JSON.
///
/// Clients pass it back unchanged as `?cursor=`; anything else is a 400 on the `cursor` field.
public struct Cursor<Key: Codable & Sendable>: Sendable {
    /// The sort key of the last item returned.
    public var key: Key

    /// Wraps a key.
    public init(_ key: Key) { self.key = key }

    /// The opaque text form.
    public var encoded: String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return Base64URL.encode(Array((try? encoder.encode(key)) ?? Data()))
    }

    /// Decodes a cursor; throws a validation error naming `cursor` if it is not one of ours.
    public init(decoding text: String) throws {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        guard text.utf8.count <= 512, let bytes = try? Base64URL.decode(text),
            let key = try? decoder.decode(Key.self, from: Data(bytes))
        else {
            throw RequestError.validation([FieldError(field: "cursor", message: "is not a valid cursor")])
        }
        self.key = key
    }
}
