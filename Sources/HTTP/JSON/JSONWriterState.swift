import Foundation

/// The output and the open containers of one `JSONWriter.encode` call, shared by the encoder and containers
/// it hands out.
///
/// Values are written as they are encoded. A container stays writable until its parent writes again: then the
/// containers nested in it are closed (their bracket written) and writing to them throws. That is the order
/// every synthesized and hand-written `encode(to:)` follows.
final class JSONWriterState {
    /// An open object or array.
    struct Frame {
        var isObject: Bool
        /// The offset of its opening bracket, which also names it.
        var start: Int
        /// Members or elements written so far.
        var count = 0
        /// Each member's key and the offset where it starts, when keys are sorted at the close.
        var members: [(key: String, start: Int)] = []
        /// Where the value of a `superEncoder()` slot starts, until the container writes again.
        var pendingSlot: Int?
    }

    /// Where a container lives: its depth among the open frames and its opening offset, which name it, and the
    /// length of the path to it. Small enough that a container holding it and the state fits in an
    /// existential's inline buffer (no allocation per container or nested value).
    struct Position {
        private var frameDepth: Int32
        private var keyDepth: Int32
        var start: Int

        init(depth: Int, pathDepth: Int, start: Int) {
            frameDepth = Int32(truncatingIfNeeded: depth)
            keyDepth = Int32(truncatingIfNeeded: pathDepth)
            self.start = start
        }

        var depth: Int { Int(frameDepth) }
        var pathDepth: Int { Int(keyDepth) }

        /// A container that was refused (its use was recorded as `failure`); writing to it throws.
        static let refused = Position(depth: 0, pathDepth: 0, start: -1)
    }

    // Only the encoding call that owns the state touches it, one access at a time: the dynamic exclusivity checks
    // would cost more than the writes they guard.
    @exclusivity(unchecked) var bytes: [UInt8]
    @exclusivity(unchecked) private(set) var frames: [Frame] = []
    /// The keys from the top down to the value being written, for errors and `codingPath`.
    @exclusivity(unchecked) private(set) var path: [any CodingKey] = []
    /// The first misuse met where no error could be thrown (a container asked for twice in one slot).
    private(set) var failure: (any Error)?
    let sortsKeys: Bool
    let dateEncoding: JSONWriter.DateEncoding

    init(sortsKeys: Bool, dateEncoding: JSONWriter.DateEncoding, capacity: Int) {
        self.sortsKeys = sortsKeys
        self.dateEncoding = dateEncoding
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// The first `depth` keys of the path.
    func codingPath(depth: Int) -> [any CodingKey] { Array(path.prefix(depth)) }

    /// Writes `value` at the current offset, where its key and comma (if any) are already written.
    func encodeValue<T: Encodable>(_ value: T, key: (any CodingKey)?) throws {
        if try encodeKnown(value, key: key) { return }
        if let key { path.append(key) }
        defer { if key != nil { path.removeLast() } }
        let frameDepth = frames.count
        let slotStart = bytes.count
        try value.encode(
            to: JSONSlotEncoder(state: self, frameDepth: frameDepth, slotStart: slotStart, pathDepth: path.count))
        close(downTo: frameDepth)
        // A value that encoded nothing is an empty object, as with JSONEncoder (the top level throws instead).
        if bytes.count == slotStart, key != nil || frameDepth > 0 { JSONText.appendASCII("{}", to: &bytes) }
    }

    /// Writes the types JSON spells its own way, and the commonest elements of arrays (which reach here as a
    /// generic value) without a single-value container; `false` for every other type.
    private func encodeKnown<T: Encodable>(_ value: T, key: (any CodingKey)?) throws -> Bool {
        // Each branch has checked that T is the type it casts to, so the casts are free reinterpretations.
        if T.self == String.self {
            JSONText.appendString(unsafeBitCast(value, to: String.self), to: &bytes)
        } else if T.self == UUID.self {
            JSONText.appendUUID(unsafeBitCast(value, to: UUID.self), to: &bytes)
        } else if T.self == Int.self {
            JSONText.appendInteger(Int64(unsafeBitCast(value, to: Int.self)), to: &bytes)
        } else if T.self == Date.self, dateEncoding == .iso8601 {
            let date = unsafeBitCast(value, to: Date.self)
            JSONText.appendString(date.formatted(Date.ISO8601FormatStyle()), to: &bytes)
        } else if T.self == Data.self {
            JSONText.appendString((value as! Data).base64EncodedString(), to: &bytes)
        } else if T.self == URL.self {
            JSONText.appendString((value as! URL).absoluteString, to: &bytes)
        } else if T.self == Decimal.self {
            let decimal = value as! Decimal
            guard !decimal.isNaN else { throw nonFinite(decimal, key: key) }
            bytes.append(contentsOf: decimal.description.utf8)
        } else {
            return false
        }
        return true
    }

    /// The error for a number JSON cannot carry.
    func nonFinite(_ value: Any, key: (any CodingKey)?) -> EncodingError {
        EncodingError.invalidValue(
            value,
            EncodingError.Context(
                codingPath: path + (key.map { [$0] } ?? []), debugDescription: "\(value) is not a JSON number"))
    }

    /// Opens an object or array in the slot that starts at `slotStart`, or returns the one already open there
    /// (a subclass asking after its superclass did).
    func openContainer(isObject: Bool, frameDepth: Int, slotStart: Int, pathDepth: Int) -> Position {
        if frameDepth < frames.count, frames[frameDepth].start == slotStart {
            guard frames[frameDepth].isObject == isObject else {
                return refuse("an object and an array were both asked for in one value")
            }
            close(downTo: frameDepth + 1)
            settleSlot(at: frameDepth)
            return Position(depth: frameDepth, pathDepth: pathDepth, start: slotStart)
        }
        guard frames.count == frameDepth, bytes.count == slotStart else {
            return refuse("a container was asked for where a value is already written")
        }
        bytes.append(isObject ? UInt8(ascii: "{") : UInt8(ascii: "["))
        frames.append(Frame(isObject: isObject, start: slotStart))
        return Position(depth: frameDepth, pathDepth: pathDepth, start: slotStart)
    }

    /// Writes the comma and key of a member of the object at `position`.
    func beginMember(_ position: Position, key: String) throws {
        try focus(position)
        if frames[position.depth].count > 0 { bytes.append(UInt8(ascii: ",")) }
        frames[position.depth].count += 1
        if sortsKeys { frames[position.depth].members.append((key, bytes.count)) }
        JSONText.appendString(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }

    /// Writes the comma before an element of the array at `position`.
    func beginElement(_ position: Position) throws {
        try focus(position)
        if frames[position.depth].count > 0 { bytes.append(UInt8(ascii: ",")) }
        frames[position.depth].count += 1
    }

    /// Marks the value just begun in the container at `position` as a `superEncoder()` slot: it is written by
    /// whoever holds that encoder, and settled when the container writes again or closes.
    func beginSlot(_ position: Position, key: any CodingKey) -> JSONSlotEncoder {
        path.append(key)
        frames[position.depth].pendingSlot = bytes.count
        return JSONSlotEncoder(state: self, frameDepth: frames.count, slotStart: bytes.count, pathDepth: path.count)
    }

    /// Elements or members written in the container at `position`.
    func count(_ position: Position) -> Int { isOpen(position) ? frames[position.depth].count : 0 }

    /// Whether the container at `position` may still be written.
    func isOpen(_ position: Position) -> Bool {
        position.depth < frames.count && frames[position.depth].start == position.start
    }

    /// Makes the container at `position` the innermost open one, closing those nested in it.
    private func focus(_ position: Position) throws {
        guard isOpen(position) else {
            throw EncodingError.invalidValue(
                position,
                EncodingError.Context(
                    codingPath: path,
                    debugDescription: "a container was written after its parent went on to another value"))
        }
        close(downTo: position.depth + 1)
        settleSlot(at: position.depth)
    }

    /// Closes open containers until `count` remain, writing their brackets.
    func close(downTo count: Int) {
        while frames.count > count {
            settleSlot(at: frames.count - 1)
            let frame = frames.removeLast()
            if frame.isObject, sortsKeys, frame.members.count > 1 { sortMembers(of: frame) }
            bytes.append(frame.isObject ? UInt8(ascii: "}") : UInt8(ascii: "]"))
        }
    }

    /// Ends the `superEncoder()` slot of the frame at `depth`, if any: `{}` if nothing was written in it.
    private func settleSlot(at depth: Int) {
        guard let slot = frames[depth].pendingSlot else { return }
        if bytes.count == slot { JSONText.appendASCII("{}", to: &bytes) }
        frames[depth].pendingSlot = nil
        path.removeLast()
    }

    /// Reorders the members of `frame`, all written and the last one ending at the end of the output, by key.
    private func sortMembers(of frame: Frame) {
        let members = frame.members
        let order = members.indices.sorted { left, right in
            let (a, b) = (members[left].key.utf8, members[right].key.utf8)
            return a.lexicographicallyPrecedes(b) || (a.elementsEqual(b) && left < right)
        }
        if order == Array(members.indices) { return }
        let first = members[0].start
        let end = bytes.count
        var sorted: [UInt8] = []
        sorted.reserveCapacity(end - first)
        for (rank, index) in order.enumerated() {
            if rank > 0 { sorted.append(UInt8(ascii: ",")) }
            // Every member but the last ends just before the comma that precedes the next.
            let memberEnd = index + 1 < members.count ? members[index + 1].start - 1 : end
            sorted.append(contentsOf: bytes[members[index].start..<memberEnd])
        }
        bytes.replaceSubrange(first..<end, with: sorted)
    }

    /// Records `reason` as the encoding's failure and returns a position no write accepts.
    private func refuse(_ reason: String) -> Position {
        if failure == nil {
            failure = EncodingError.invalidValue(
                reason, EncodingError.Context(codingPath: path, debugDescription: reason))
        }
        return .refused
    }
}
