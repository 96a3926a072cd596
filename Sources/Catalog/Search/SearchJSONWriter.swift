import Foundation
import HTTP

/// Writes JSON text straight into bytes, for the search responses: a page of twenty courses is hot and large,
/// and `JSONEncoder` cost more than the query behind it. Keys are written as given (plain ASCII); strings are
/// escaped as RFC 8259 requires.
struct SearchJSONWriter {
    private(set) var bytes: [UInt8] = []
    /// Whether the container being written already holds a value (so the next one needs a comma).
    private var hasValue: [Bool] = []

    init(capacity: Int = 4096) { bytes.reserveCapacity(capacity) }

    mutating func beginObject(_ key: StaticString? = nil) { open(key, UInt8(ascii: "{")) }
    mutating func endObject() { close(UInt8(ascii: "}")) }
    mutating func beginArray(_ key: StaticString? = nil) { open(key, UInt8(ascii: "[")) }
    mutating func endArray() { close(UInt8(ascii: "]")) }

    mutating func string(_ key: StaticString?, _ value: String?) {
        next(key)
        guard var value else { return appendNull() }
        bytes.append(UInt8(ascii: "\""))
        // Most text needs no escaping: copy it whole.
        let isPlain = value.withUTF8 { utf8 in !utf8.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C } }
        if isPlain {
            value.withUTF8 { bytes.append(contentsOf: $0) }
        } else {
            appendEscaped(value)
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendEscaped(_ value: String) {
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(byte)
            case 0x0A: append("\\n")
            case 0x0D: append("\\r")
            case 0x09: append("\\t")
            case 0..<0x20:
                append("\\u00")
                bytes.append(Self.hex[Int(byte >> 4)])
                bytes.append(Self.hex[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
        }
    }

    mutating func string(_ value: String) { string(nil, value) }

    mutating func int(_ key: StaticString?, _ value: Int64?) {
        next(key)
        guard let value else { return appendNull() }
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func bool(_ key: StaticString?, _ value: Bool) {
        next(key)
        append(value ? "true" : "false")
    }

    /// A number already in JSON form (e.g. PostgreSQL's text of a numeric).
    mutating func number(_ key: StaticString?, text: String) {
        next(key)
        bytes.append(contentsOf: text.utf8)
    }

    mutating func null(_ key: StaticString?) {
        next(key)
        appendNull()
    }

    /// A UUID as a lower-case string.
    mutating func uuid(_ key: StaticString?, _ value: UUID) {
        next(key)
        bytes.append(UInt8(ascii: "\""))
        withUnsafeBytes(of: value.uuid) { raw in
            for (index, byte) in raw.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 { bytes.append(UInt8(ascii: "-")) }
                bytes.append(Self.hex[Int(byte >> 4)])
                bytes.append(Self.hex[Int(byte & 0xF)])
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A 200 response with the bytes written as its `application/json` body.
    var response: Response {
        Response(status: .ok, headers: ["Content-Type": "application/json"], body: .bytes(bytes))
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func open(_ key: StaticString?, _ bracket: UInt8) {
        next(key)
        bytes.append(bracket)
        hasValue.append(false)
    }

    private mutating func close(_ bracket: UInt8) {
        hasValue.removeLast()
        bytes.append(bracket)
    }

    /// Writes the comma before a value when one is due, and the key inside an object.
    private mutating func next(_ key: StaticString?) {
        if let last = hasValue.indices.last {
            if hasValue[last] { bytes.append(UInt8(ascii: ",")) }
            hasValue[last] = true
        }
        guard let key else { return }
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    private mutating func appendNull() { append("null") }

    private mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }
}
