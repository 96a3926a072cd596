import Foundation

/// Writes the one value of a slot (`encoder.singleValueContainer()`).
struct JSONSingleValueWriter: SingleValueEncodingContainer {
    let slot: JSONSlotEncoder
    private var state: JSONWriterState { slot.state }

    var codingPath: [any CodingKey] { slot.codingPath }

    /// Checks that nothing is written in the slot yet.
    private func begin() throws {
        guard state.bytes.count == slot.slotStart, state.frames.count == slot.frameDepth else {
            throw EncodingError.invalidValue(
                slot.slotStart,
                EncodingError.Context(
                    codingPath: codingPath, debugDescription: "a second value was encoded in one place"))
        }
    }

    mutating func encodeNil() throws {
        try begin()
        JSONText.appendNull(to: &state.bytes)
    }

    mutating func encode(_ value: Bool) throws {
        try begin()
        JSONText.appendBool(value, to: &state.bytes)
    }

    mutating func encode(_ value: String) throws {
        try begin()
        JSONText.appendString(value, to: &state.bytes)
    }

    mutating func encode(_ value: Double) throws {
        try begin()
        guard JSONText.appendNumber(value, to: &state.bytes) else { throw state.nonFinite(value, key: nil) }
    }

    mutating func encode(_ value: Float) throws {
        try begin()
        guard JSONText.appendNumber(value, to: &state.bytes) else { throw state.nonFinite(value, key: nil) }
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
        try begin()
        JSONText.appendInteger(wide: value, to: &state.bytes)
    }

    mutating func encode(_ value: UInt128) throws {
        try begin()
        JSONText.appendInteger(wide: value, to: &state.bytes)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try begin()
        try state.encodeValue(value, key: nil)
    }

    private func signed(_ value: Int64) throws {
        try begin()
        JSONText.appendInteger(value, to: &state.bytes)
    }

    private func unsigned(_ value: UInt64) throws {
        try begin()
        JSONText.appendInteger(value, to: &state.bytes)
    }
}
