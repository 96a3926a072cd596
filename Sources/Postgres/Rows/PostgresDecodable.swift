import Foundation

/// A Swift type that can be read from a result column (results arrive in binary format).
public protocol PostgresDecodable: Sendable {
    /// Decodes a non-NULL value of `type` from its binary bytes.
    static func decode(_ bytes: UnsafeRawBufferPointer, type: PostgresType) throws(DecodingFailure) -> Self
    /// The value for SQL NULL; throws unless the type is an `Optional`.
    static func decodeNull() throws(DecodingFailure) -> Self
}

/// Why a value could not be decoded; the row turns it into a `PostgresError` naming the column.
public struct DecodingFailure: Error, Sendable {
    /// What went wrong.
    public let reason: String
    /// Creates a failure with a reason.
    public init(_ reason: String) { self.reason = reason }

    static func typeMismatch(_ swiftType: Any.Type, _ type: PostgresType) -> DecodingFailure {
        DecodingFailure("cannot decode \(type) as \(swiftType)")
    }
    static let unexpectedNull = DecodingFailure("unexpected NULL")
    static func malformed(_ what: String) -> DecodingFailure { DecodingFailure("malformed \(what) value") }
}

extension PostgresDecodable {
    public static func decodeNull() throws(DecodingFailure) -> Self { throw .unexpectedNull }
}

/// Big-endian reads from a byte buffer, failing rather than reading past its end.
struct BinaryReader {
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var remaining: Int { bytes.count - offset }

    mutating func read<T: FixedWidthInteger>(_: T.Type, _ what: String) throws(DecodingFailure) -> T {
        let size = MemoryLayout<T>.size
        guard remaining >= size else { throw .malformed(what) }
        var value: T = 0
        for index in 0..<size {
            value = (value << 8) | T(truncatingIfNeeded: bytes[offset + index])
        }
        offset += size
        return value
    }

    mutating func slice(_ count: Int, _ what: String) throws(DecodingFailure) -> UnsafeRawBufferPointer {
        guard count >= 0, remaining >= count else { throw .malformed(what) }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count])
    }
}

extension Bool: PostgresDecodable {
    public static func decode(_ bytes: UnsafeRawBufferPointer, type: PostgresType) throws(DecodingFailure) -> Bool {
        guard type == .bool else { throw .typeMismatch(Bool.self, type) }
        guard bytes.count == 1 else { throw .malformed("bool") }
        return bytes[0] != 0
    }
}

/// Reads any integer column (int2, int4, int8) into `T`, checking the range.
private func decodeInteger<T: FixedWidthInteger>(
    _ bytes: UnsafeRawBufferPointer, type: PostgresType, as _: T.Type
) throws(DecodingFailure) -> T {
    var reader = BinaryReader(bytes)
    let wide: Int64
    switch type {
    case .int2 where bytes.count == 2: wide = Int64(try reader.read(Int16.self, "int2"))
    case .int4 where bytes.count == 4: wide = Int64(try reader.read(Int32.self, "int4"))
    case .int8 where bytes.count == 8: wide = try reader.read(Int64.self, "int8")
    case .oidType where bytes.count == 4: wide = Int64(try reader.read(UInt32.self, "oid"))
    default: throw .typeMismatch(T.self, type)
    }
    guard let value = T(exactly: wide) else { throw DecodingFailure("\(wide) is out of range for \(T.self)") }
    return value
}

extension Int16: PostgresDecodable {
    public static func decode(_ bytes: UnsafeRawBufferPointer, type: PostgresType) throws(DecodingFailure) -> Int16 {
        try decodeInteger(bytes, type: type, as: Int16.self)
    }
}

extension Int32: PostgresDecodable {
    public static func decode(_ bytes: UnsafeRawBufferPointer, type: PostgresType) throws(DecodingFailure) -> Int32 {
        try decodeInteger(bytes, type: type, as: Int32.self)
    }
}

extension Int64: PostgresDecodable {
    public static func decode(_ bytes: UnsafeRawBufferPointer, type: PostgresType) throws(DecodingFailure) -> Int64 {
        try decodeInteger(bytes, type: type, as: Int64.self)
    }
}

extension Int: PostgresDecodable {
    public static func decode(_ bytes: UnsafeRawBufferPointer, type: PostgresType) throws(DecodingFailure) -> Int {
        try decodeInteger(bytes, type: type, as: Int.self)
    }
}

extension Double: PostgresDecodable {
    public static func decode(_ bytes: UnsafeRawBufferPointer, type: PostgresType) throws(DecodingFailure) -> Double {
        var reader = BinaryReader(bytes)
        switch type {
        case .float8 where bytes.count == 8: return Double(bitPattern: try reader.read(UInt64.self, "float8"))
        case .float4 where bytes.count == 4: return Double(Float(bitPattern: try reader.read(UInt32.self, "float4")))
        case .int2, .int4, .int8: return Double(try decodeInteger(bytes, type: type, as: Int64.self))
        default: throw .typeMismatch(Double.self, type)
        }
    }
}

extension String: PostgresDecodable {
    public static func decode(_ bytes: UnsafeRawBufferPointer, type: PostgresType) throws(DecodingFailure) -> String {
        if type == .jsonb {
            guard bytes.first == 1 else { throw .malformed("jsonb") }
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[1...]), as: UTF8.self)
        }
        guard type.isTextual else { throw .typeMismatch(String.self, type) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension UUID: PostgresDecodable {
    public static func decode(_ bytes: UnsafeRawBufferPointer, type: PostgresType) throws(DecodingFailure) -> UUID {
        guard type == .uuid else { throw .typeMismatch(UUID.self, type) }
        guard bytes.count == 16 else { throw .malformed("uuid") }
        var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &uuid) { $0.copyMemory(from: bytes) }
        return UUID(uuid: uuid)
    }
}

extension Date: PostgresDecodable {
    public static func decode(_ bytes: UnsafeRawBufferPointer, type: PostgresType) throws(DecodingFailure) -> Date {
        var reader = BinaryReader(bytes)
        switch type {
        case .timestamptz, .timestamp:
            let micros = try reader.read(Int64.self, "timestamp")
            if micros == .max { return .distantFuture }
            if micros == .min { return .distantPast }
            return PostgresTime.date(microsecondsSince2000: micros)
        case .date:
            let days = try reader.read(Int32.self, "date")
            if days == .max { return .distantFuture }
            if days == .min { return .distantPast }
            return PostgresTime.date(daysSince2000: days)
        default:
            throw .typeMismatch(Date.self, type)
        }
    }
}

extension Data: PostgresDecodable {
    public static func decode(_ bytes: UnsafeRawBufferPointer, type: PostgresType) throws(DecodingFailure) -> Data {
        guard type == .bytea else { throw .typeMismatch(Data.self, type) }
        return Data(bytes)
    }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public static func decode(_ bytes: UnsafeRawBufferPointer, type: PostgresType) throws(DecodingFailure) -> Wrapped? {
        try Wrapped.decode(bytes, type: type)
    }
    public static func decodeNull() throws(DecodingFailure) -> Wrapped? { nil }
}

extension PostgresJSON: PostgresDecodable {
    public static func decode(
        _ bytes: UnsafeRawBufferPointer, type: PostgresType
    ) throws(DecodingFailure) -> PostgresJSON<Value> {
        var json = bytes
        switch type {
        case .jsonb:
            guard bytes.first == 1 else { throw .malformed("jsonb") }
            json = UnsafeRawBufferPointer(rebasing: bytes[1...])
        case .json, .text, .varchar:
            break
        default:
            throw .typeMismatch(Value.self, type)
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return PostgresJSON(try decoder.decode(Value.self, from: Data(json)))
        } catch {
            throw DecodingFailure("JSON does not match \(Value.self): \(error)")
        }
    }
}

extension Array: PostgresDecodable where Element: PostgresDecodable {
    /// Reads a one-dimensional array (an empty array has zero dimensions); NULL elements need `[T?]`.
    public static func decode(_ bytes: UnsafeRawBufferPointer, type: PostgresType) throws(DecodingFailure) -> [Element] {
        var reader = BinaryReader(bytes)
        let dimensions = try reader.read(Int32.self, "array")
        _ = try reader.read(Int32.self, "array")
        let elementType = PostgresType(oid: try reader.read(UInt32.self, "array"))
        if dimensions == 0 { return [] }
        guard dimensions == 1 else { throw DecodingFailure("only one-dimensional arrays are supported") }
        let count = try reader.read(Int32.self, "array")
        _ = try reader.read(Int32.self, "array")
        guard count >= 0, count <= reader.remaining / 4 else { throw .malformed("array") }
        var elements: [Element] = []
        elements.reserveCapacity(Int(count))
        for _ in 0..<count {
            let length = try reader.read(Int32.self, "array element")
            if length < 0 {
                elements.append(try Element.decodeNull())
            } else {
                elements.append(try Element.decode(try reader.slice(Int(length), "array element"), type: elementType))
            }
        }
        return elements
    }
}
