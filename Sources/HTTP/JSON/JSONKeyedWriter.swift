import Foundation

/// Writes the members of a JSON object, each as its key is encoded.
struct JSONKeyedWriter<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let state: JSONWriterState
    let position: JSONWriterState.Position

    var codingPath: [any CodingKey] { state.codingPath(depth: position.pathDepth) }

    mutating func encodeNil(forKey key: Key) throws {
        try state.beginMember(position, key: key.stringValue)
        JSONText.appendNull(to: &state.bytes)
    }

    mutating func encode(_ value: Bool, forKey key: Key) throws {
        try state.beginMember(position, key: key.stringValue)
        JSONText.appendBool(value, to: &state.bytes)
    }

    mutating func encode(_ value: String, forKey key: Key) throws {
        try state.beginMember(position, key: key.stringValue)
        JSONText.appendString(value, to: &state.bytes)
    }

    mutating func encode(_ value: Double, forKey key: Key) throws {
        try state.beginMember(position, key: key.stringValue)
        guard JSONText.appendNumber(value, to: &state.bytes) else { throw state.nonFinite(value, key: key) }
    }

    mutating func encode(_ value: Float, forKey key: Key) throws {
        try state.beginMember(position, key: key.stringValue)
        guard JSONText.appendNumber(value, to: &state.bytes) else { throw state.nonFinite(value, key: key) }
    }

    mutating func encode(_ value: Int, forKey key: Key) throws { try signed(Int64(value), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try signed(Int64(value), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try signed(Int64(value), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try signed(Int64(value), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try signed(value, key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try unsigned(UInt64(value), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try unsigned(UInt64(value), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try unsigned(UInt64(value), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try unsigned(UInt64(value), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try unsigned(value, key) }

    mutating func encode(_ value: Int128, forKey key: Key) throws {
        try state.beginMember(position, key: key.stringValue)
        JSONText.appendInteger(wide: value, to: &state.bytes)
    }

    mutating func encode(_ value: UInt128, forKey key: Key) throws {
        try state.beginMember(position, key: key.stringValue)
        JSONText.appendInteger(wide: value, to: &state.bytes)
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try state.beginMember(position, key: key.stringValue)
        try state.encodeValue(value, key: key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        slot(key).container(keyedBy: NestedKey.self)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        slot(key).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        slot(JSONSuperKey())
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        slot(key)
    }

    /// The encoder for the value of member `key`, which the caller writes (a nested container or a superclass).
    private func slot(_ key: any CodingKey) -> JSONSlotEncoder {
        do {
            try state.beginMember(position, key: key.stringValue)
        } catch {
            // Not a throwing requirement: the refusal surfaces when the stale container is written to.
            return JSONSlotEncoder(state: state, frameDepth: 0, slotStart: -1, pathDepth: position.pathDepth)
        }
        return state.beginSlot(position, key: key)
    }

    private func signed(_ value: Int64, _ key: Key) throws {
        try state.beginMember(position, key: key.stringValue)
        JSONText.appendInteger(value, to: &state.bytes)
    }

    private func unsigned(_ value: UInt64, _ key: Key) throws {
        try state.beginMember(position, key: key.stringValue)
        JSONText.appendInteger(value, to: &state.bytes)
    }
}

/// The key `super`, under which `superEncoder()` writes.
struct JSONSuperKey: CodingKey {
    var stringValue: String { "super" }
    var intValue: Int? { nil }
    init() {}
    init?(stringValue: String) { nil }
    init?(intValue: Int) { nil }
}

/// The key of an array element, for paths.
struct JSONIndexKey: CodingKey {
    let index: Int
    var stringValue: String { String(index) }
    var intValue: Int? { index }
    init(_ index: Int) { self.index = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { index = intValue }
}
