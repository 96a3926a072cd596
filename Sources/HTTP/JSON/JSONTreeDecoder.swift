import Foundation

/// Decodes a `Decodable` type from a parsed `JSONValue`, recording every key the type asked for.
///
/// Synthesized `init(from:)` asks for each of its keys, present or not (`decodeIfPresent` asks too), so the
/// recorded keys are exactly the type's own at each path, and any other key in the input is unknown — whatever
/// its value, `null` included. Types are strict: a number is not a string, `1.5` is not an integer, an integer
/// out of range is refused rather than wrapped.
struct JSONTreeDecoder {
    /// Which keys each object was asked for, by path; objects read whole (dictionaries) by path.
    final class KeyLedger {
        var requested: Set<[String]> = []
        var readWhole: Set<[String]> = []
    }

    /// Decodes `type` from `value`; returns it with the ledger of the keys it read.
    static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> (T, KeyLedger) {
        let ledger = KeyLedger()
        let decoded = try TreeDecoder(value: value, codingPath: [], ledger: ledger).decodeValue(T.self)
        return (decoded, ledger)
    }

    /// The path of `codingPath` as strings (array indices as numbers).
    static func components(_ codingPath: [any CodingKey]) -> [String] {
        codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
    }
}

/// An array index as a coding key.
struct IndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { String(intValue ?? 0) }
    init(_ index: Int) { intValue = index }
    init?(intValue: Int) { self.intValue = intValue }
    init?(stringValue: String) { nil }
}

private struct TreeDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    let ledger: JSONTreeDecoder.KeyLedger
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else {
            throw DecodingError.typeMismatch(
                [String: Any].self, .init(codingPath: codingPath, debugDescription: "expected an object"))
        }
        var byKey: [String: JSONValue] = [:]
        for member in members { byKey[member.key] = member.value }
        return KeyedDecodingContainer(TreeKeyedContainer<Key>(members: byKey, decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else {
            throw DecodingError.typeMismatch(
                [Any].self, .init(codingPath: codingPath, debugDescription: "expected an array"))
        }
        return TreeUnkeyedContainer(elements: elements, decoder: self)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { TreeSingleValueContainer(decoder: self) }

    func child(_ value: JSONValue, _ key: any CodingKey) -> TreeDecoder {
        TreeDecoder(value: value, codingPath: codingPath + [key], ledger: ledger)
    }

    func mismatch(_ type: Any.Type) -> DecodingError {
        if case .null = value {
            return .valueNotFound(type, .init(codingPath: codingPath, debugDescription: "null"))
        }
        return .typeMismatch(type, .init(codingPath: codingPath, debugDescription: "wrong type"))
    }

    /// An integer: a number with no fractional part, as JSON Schema counts them (`3`, `3.0` and `3e0` alike), exact
    /// at every width; `3.5` is not one, and one beyond the type's range is refused rather than wrapped.
    func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        guard case .number(let text) = value else { throw mismatch(type) }
        guard let digits = Self.integralDigits(text) else { throw mismatch(type) }
        guard let number = T(digits) else {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "out of range"))
        }
        return number
    }

    /// The number `text` (valid JSON number grammar) as plain integer digits with its sign, or `nil` when it has a
    /// fractional part; an exponent too large for any integer gives digits no type holds.
    static func integralDigits(_ text: String) -> String? {
        var mantissa = Substring(text)
        var exponent = 0
        if let e = mantissa.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let value = Int(mantissa[mantissa.index(after: e)...].prefix(6)) else { return nil }
            exponent = value
            mantissa = mantissa[..<e]
        }
        let negative = mantissa.hasPrefix("-")
        if negative { mantissa = mantissa.dropFirst() }
        var digits = String(mantissa)
        if let point = mantissa.firstIndex(of: ".") {
            let fraction = mantissa[mantissa.index(after: point)...]
            digits = String(mantissa[..<point]) + fraction
            exponent -= fraction.count
        }
        if exponent < 0 {
            let dropped = digits.suffix(-exponent)
            guard dropped.count == -exponent, dropped.allSatisfy({ $0 == "0" }) else {
                return digits.allSatisfy({ $0 == "0" }) ? "0" : nil
            }
            digits = String(digits.dropLast(-exponent))
        } else if exponent > 0 {
            guard exponent <= 64 else { return digits.allSatisfy({ $0 == "0" }) ? "0" : String(repeating: "9", count: 80) }
            digits += String(repeating: "0", count: exponent)
        }
        let trimmed = digits.drop { $0 == "0" }
        if trimmed.isEmpty { return "0" }
        return (negative ? "-" : "") + trimmed
    }

    func floating() throws -> Double {
        guard case .number(let text) = value else { throw mismatch(Double.self) }
        guard let number = Double(text), number.isFinite else {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "out of range"))
        }
        return number
    }

    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        switch type {
        case is String.Type:
            guard case .string(let text) = value else { throw mismatch(type) }
            return text as! T
        case is Bool.Type:
            guard case .bool(let flag) = value else { throw mismatch(type) }
            return flag as! T
        case is Int.Type: return try integer(Int.self) as! T
        case is Int64.Type: return try integer(Int64.self) as! T
        case is Int32.Type: return try integer(Int32.self) as! T
        case is Int16.Type: return try integer(Int16.self) as! T
        case is Int8.Type: return try integer(Int8.self) as! T
        case is UInt.Type: return try integer(UInt.self) as! T
        case is UInt64.Type: return try integer(UInt64.self) as! T
        case is UInt32.Type: return try integer(UInt32.self) as! T
        case is UInt16.Type: return try integer(UInt16.self) as! T
        case is UInt8.Type: return try integer(UInt8.self) as! T
        case is Double.Type: return try floating() as! T
        case is Float.Type: return Float(try floating()) as! T
        case is Decimal.Type:
            guard case .number(let text) = value, let number = Decimal(string: text) else { throw mismatch(type) }
            return number as! T
        case is URL.Type:
            guard case .string(let text) = value else { throw mismatch(type) }
            guard let url = URL(string: text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "not a URL"))
            }
            return url as! T
        default:
            return try T(from: self)
        }
    }
}

private struct TreeKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [String: JSONValue]
    let decoder: TreeDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }
    private var path: [String] { JSONTreeDecoder.components(decoder.codingPath) }

    init(members: [String: JSONValue], decoder: TreeDecoder) {
        self.members = members
        self.decoder = decoder
    }

    var allKeys: [Key] {
        decoder.ledger.readWhole.insert(path)
        return members.keys.compactMap { Key(stringValue: $0) }
    }

    private func note(_ key: Key) { decoder.ledger.requested.insert(path + [key.stringValue]) }

    func contains(_ key: Key) -> Bool {
        note(key)
        return members[key.stringValue] != nil
    }

    private func member(_ key: Key) throws -> JSONValue {
        note(key)
        guard let value = members[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing"))
        }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool { try member(key) == .null }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decoder.child(try member(key), key).decodeValue(type)
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder.child(try member(key), key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder.child(try member(key), key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { decoder }

    func superDecoder(forKey key: Key) throws -> any Decoder { decoder.child(try member(key), key) }
}

private struct TreeUnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    let decoder: TreeDecoder
    var currentIndex = 0
    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    init(elements: [JSONValue], decoder: TreeDecoder) {
        self.elements = elements
        self.decoder = decoder
    }

    private mutating func next<T>(_ type: T.Type) throws -> TreeDecoder {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, .init(codingPath: codingPath, debugDescription: "at end"))
        }
        defer { currentIndex += 1 }
        return decoder.child(elements[currentIndex], IndexKey(currentIndex))
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, elements[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next(type).decodeValue(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try next(type).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next([Any].self).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder { try next(Any.self) }
}

private struct TreeSingleValueContainer: SingleValueDecodingContainer {
    let decoder: TreeDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { decoder.value == .null }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decodeValue(type) }
}
