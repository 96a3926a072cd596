import Foundation

/// The `Encoder` handed to a value's `encode(to:)`: the place of one value in the output, which the value
/// fills with one container or one single value.
struct JSONSlotEncoder: Encoder {
    let state: JSONWriterState
    // Two 32-bit depths and an offset: with the state, three words, which an existential holds inline.
    private let depths: (frame: Int32, path: Int32)
    /// The offset where the value starts.
    let slotStart: Int

    init(state: JSONWriterState, frameDepth: Int, slotStart: Int, pathDepth: Int) {
        self.state = state
        depths = (Int32(truncatingIfNeeded: frameDepth), Int32(truncatingIfNeeded: pathDepth))
        self.slotStart = slotStart
    }

    /// How many containers were open when the slot began; the value's own container opens at this depth.
    var frameDepth: Int { Int(depths.frame) }
    /// The length of the path to this value.
    var pathDepth: Int { Int(depths.path) }

    var codingPath: [any CodingKey] { state.codingPath(depth: pathDepth) }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let position = state.openContainer(
            isObject: true, frameDepth: frameDepth, slotStart: slotStart, pathDepth: pathDepth)
        return KeyedEncodingContainer(JSONKeyedWriter<Key>(state: state, position: position))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let position = state.openContainer(
            isObject: false, frameDepth: frameDepth, slotStart: slotStart, pathDepth: pathDepth)
        return JSONUnkeyedWriter(state: state, position: position)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        JSONSingleValueWriter(slot: self)
    }
}
