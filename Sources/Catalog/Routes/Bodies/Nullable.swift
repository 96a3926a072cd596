/// A field of a PATCH body that can be cleared: absent keeps the value (`nil` as a whole), `null` clears it,
/// anything else sets it.
enum Nullable<Value: Codable & Sendable>: Codable, Sendable {
    case null
    case value(Value)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self = container.decodeNil() ? .null : .value(try container.decode(Value.self))
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .value(let value): try container.encode(value)
        }
    }

    /// The value set, or `nil` when cleared.
    var value: Value? {
        if case .value(let value) = self { return value }
        return nil
    }
}

extension KeyedDecodingContainer {
    /// Decodes a present `null` as `.null` rather than as an absent field, which the standard `decodeIfPresent`
    /// would make of it (synthesized `Decodable` calls this overload for `Nullable` properties).
    func decodeIfPresent<Value>(_ type: Nullable<Value>.Type, forKey key: Key) throws -> Nullable<Value>? {
        guard contains(key) else { return nil }
        return try decode(Nullable<Value>.self, forKey: key)
    }
}

extension Optional {
    /// The field's new value given its `current` one: kept when absent, cleared by `null`, else replaced.
    func patching<Value>(_ current: Value?) -> Value? where Wrapped == Nullable<Value> {
        switch self {
        case .none: current
        case .some(.null): nil
        case .some(.value(let value)): value
        }
    }
}
