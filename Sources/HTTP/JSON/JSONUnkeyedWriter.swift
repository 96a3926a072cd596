import Foundation

/// Writes the elements of a JSON array, each as it is encoded.
struct JSONUnkeyedWriter: UnkeyedEncodingContainer {
    let state: JSONWriterState
    let position: JSONWriterState.Position

    var codingPath: [any CodingKey] { state.codingPath(depth: position.pathDepth) }
    var count: Int { state.count(position) }

    mutating func encodeNil() throws {
        try state.beginElement(position)
        JSONText.appendNull(to: &state.bytes)
    }

    mutating func encode(_ value: Bool) throws {
        try state.beginElement(position)
        JSONText.appendBool(value, to: &state.bytes)
    }

    mutating func encode(_ value: String) throws {
        try state.beginElement(position)
        JSONText.appendString(value, to: &state.bytes)
    }

    mutating func encode(_ value: Double) throws {
        let index = count
        try state.beginElement(position)
        guard JSONText.appendNumber(value, to: &state.bytes) else {
            throw state.nonFinite(value, key: JSONIndexKey(index))
        }
    }

    mutating func encode(_ value: Float) throws {
        let index = count
        try state.beginElement(position)
        guard JSONText.appendNumber(value, to: &state.bytes) else {
            throw state.nonFinite(value, key: JSONIndexKey(index))
        }
    }

    mutating func encode(_ value: Int) throws { try signed(Int64(value)) }
    mutating func encode(_ value: Int8) throws { try signed(Int64(value)) }
    mutating func encode(_ value: Int16) throws { try signed(Int64(value)) }
    mutating func encode(_ value: Int32) throws { try signed(Int64(value)) }
    mutating func encode(_ value: Int64) throws { try signed(value) }
    mutating func encode(_ value: UInt) throws { try unsigned(UInt64(value)) }
    mutating func encode(_ value: UInt8) throws { try unsigned(UInt64(value)) }
    mutating func encode(_ value: UInt16) throws { try unsigned(UInt64(value)) }
    mutating func encode(_ value: UInt32) throws { try unsigned(UInt64(value)) }
    mutating func encode(_ value: UInt64) throws { try unsigned(value) }

    mutating func encode(_ value: Int128) throws {
        try state.beginElement(position)
        JSONText.appendInteger(wide: value, to: &state.bytes)
    }

    mutating func encode(_ value: UInt128) throws {
        try state.beginElement(position)
        JSONText.appendInteger(wide: value, to: &state.bytes)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let index = count
        try state.beginElement(position)
        try state.encodeValue(value, key: JSONIndexKey(index))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey>
    {
        slot().container(keyedBy: NestedKey.self)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        slot().unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        slot()
    }

    /// The encoder for the next element, which the caller writes (a nested container or a superclass).
    private func slot() -> JSONSlotEncoder {
        let index = count
        do {
            try state.beginElement(position)
        } catch {
            // Not a throwing requirement: the refusal surfaces when the stale container is written to.
            return JSONSlotEncoder(state: state, frameDepth: 0, slotStart: -1, pathDepth: position.pathDepth)
        }
        return state.beginSlot(position, key: JSONIndexKey(index))
    }

    private func signed(_ value: Int64) throws {
        try state.beginElement(position)
        JSONText.appendInteger(value, to: &state.bytes)
    }

    private func unsigned(_ value: UInt64) throws {
        try state.beginElement(position)
        JSONText.appendInteger(value, to: &state.bytes)
    }
}
