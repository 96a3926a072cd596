import Foundation

/// The `Encoder` handed to a value's `encode(to:)`: the place of one value in the output, which the value
/// fills with one container or one single value.
struct JSONSlotEncoder: Encoder {
    let state: JSONWriterState
    /// How many containers were open when the slot began; the value's own container opens at this depth.
    let frameDepth: Int
    /// The offset where the value starts.
    let slotStart: Int
    /// The length of the path to this value.
    let pathDepth: Int

    var codingPath: [any CodingKey] { state.codingPath(depth: pathDepth) }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let position = state.openContainer(isObject: true, frameDepth: frameDepth, slotStart: slotStart)
        return KeyedEncodingContainer(JSONKeyedWriter<Key>(state: state, position: position, pathDepth: pathDepth))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let position = state.openContainer(isObject: false, frameDepth: frameDepth, slotStart: slotStart)
        return JSONUnkeyedWriter(state: state, position: position, pathDepth: pathDepth)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        JSONSingleValueWriter(slot: self)
    }
}
