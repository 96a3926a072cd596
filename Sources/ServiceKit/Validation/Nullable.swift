/// A field of a PATCH body that can be cleared: absent keeps the value (`nil` as a whole), `null` clears it,
/// anything else sets it.
///
/// Declare the member as `Nullable<Value>?`; the synthesized `Decodable` then tells the three apart through the
/// `KeyedDecodingContainer.decodeIfPresent` overload below, and `patching(_:)` gives the field's new value.
/// `SchemaProbe` documents such a member as optional and nullable.
public enum Nullable<Value: Codable & Sendable>: Codable, Sendable {
    /// The field was sent as `null`: clear it.
    case null
    /// The field was sent with a value: set it.
    case value(Value)

    /// Decodes `null` as `.null`, anything else as a `Value`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self = container.decodeNil() ? .null : .value(try container.decode(Value.self))
    }

    /// Encodes `.null` as `null`, a value as itself.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .value(let value): try container.encode(value)
        }
    }

    /// The value set, or `nil` when cleared.
    public var value: Value? {
        if case .value(let value) = self { return value }
        return nil
    }
}

extension KeyedDecodingContainer {
    /// Decodes a present `null` as `.null` rather than as an absent field, which the standard `decodeIfPresent`
    /// would make of it (synthesized `Decodable` calls this overload for `Nullable` properties).
    public func decodeIfPresent<Value>(_ type: Nullable<Value>.Type, forKey key: Key) throws -> Nullable<Value>? {
        guard contains(key) else { return nil }
        return try decode(Nullable<Value>.self, forKey: key)
    }
}

extension Optional {
    /// The field's new value given its `current` one: kept when absent, cleared by `null`, else replaced.
    public func patching<Value>(_ current: Value?) -> Value? where Wrapped == Nullable<Value> {
        switch self {
        case .none: current
        case .some(.null): nil
        case .some(.value(let value)): value
        }
    }
}
