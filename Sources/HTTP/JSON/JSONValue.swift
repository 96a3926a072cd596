/// A parsed JSON value, as the strict request-body decoder reads it.
///
/// Numbers keep their text so that `1`, `1.0` and `1e400` stay distinguishable and an integer field can refuse a
/// fraction; objects keep their members in order (duplicates are refused by the parser, see `JSONParser`).
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([Member])

    /// One member of an object.
    public struct Member: Sendable, Equatable {
        /// The key, escapes decoded.
        public var key: String
        /// The value.
        public var value: JSONValue

        /// Creates a member.
        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The value of `key` when this is an object holding it.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }
}
